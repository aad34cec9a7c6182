import fs from 'node:fs';
import path from 'node:path';

import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

import type { AnyResilintRule } from '../../rules/engine/create-rule.js';
import { readProjectFacts } from '../../rules/engine/read-project-facts.js';
import { rules } from '../../rules/index.js';
import { createVirtualProgram, parseUntyped, REPO_ROOT, runRules, virtualPath } from '../helpers/lint-snippet.js';
import { loadPluginFromSource } from '../helpers/plugin-source.js';

// Rules never throw on any input the parser accepts: every rule, alone, over every corpus and fixture
// file, with a real program and without one; then over cut-off files (the parser recovers, so the rules
// see half-built nodes and missing children) and a few odd shapes.

const allRules = Object.values(rules as Record<string, AnyResilintRule>);
const SOURCE = /\.(?:[cm]?[jt]s|[jt]sx)$/u;
const ROOTS = ['test/corpus', 'test/fixtures'].map((folder) => path.join(REPO_ROOT, folder));

function listSources(directory: string): string[] {
  if (!fs.existsSync(directory)) return [];
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : listSources(full);
    return SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** The nearest tsconfig.json from the file's folder up to (and including) the root it was found under. */
function nearestTsconfig(file: string): string | undefined {
  const root = ROOTS.find((candidate) => file.startsWith(candidate + path.sep))!;
  for (let directory = path.dirname(file); directory.startsWith(root); directory = path.dirname(directory)) {
    const candidate = path.join(directory, 'tsconfig.json');
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

const FALLBACK_TSCONFIG = path.join(REPO_ROOT, 'test', 'corpus', 'tsconfig.json');

const programs = new Map<string, ts.Program>();

/**
 * One real program per tsconfig, its own files plus every listed file it governs (a file its
 * `include` misses is still analysed with its settings). Files under no tsconfig use the corpus's.
 */
function programFor(file: string, files: readonly string[]): ts.Program {
  const tsconfig = nearestTsconfig(file) ?? FALLBACK_TSCONFIG;
  const cached = programs.get(tsconfig);
  if (cached) return cached;
  const parsed = ts.getParsedCommandLineOfConfigFile(
    tsconfig,
    { allowJs: true },
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  );
  if (!parsed) throw new Error(`Cannot read ${tsconfig}`);
  const governed = files.filter((candidate) => (nearestTsconfig(candidate) ?? FALLBACK_TSCONFIG) === tsconfig);
  const program = ts.createProgram({
    rootNames: [...new Set([...parsed.fileNames.map((name) => path.resolve(name)), ...governed])],
    options: { ...parsed.options, allowJs: true },
  });
  programs.set(tsconfig, program);
  return program;
}

interface Failure {
  rule: string;
  error: string;
}

function runEachRule(sourceFile: ts.SourceFile, program: ts.Program | undefined, fileName: string): Failure[] {
  const project = readProjectFacts(fileName);
  const failures: Failure[] = [];
  for (const rule of allRules) {
    try {
      runRules([rule], sourceFile, program, project);
    } catch (error) {
      failures.push({ rule: rule.name, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  }
  return failures;
}

const files = ROOTS.flatMap(listSources).sort();

const plugin = await loadPluginFromSource();
const linter = new Linter({ configType: 'flat', cwd: REPO_ROOT });

/** The ESLint host over the same file: the adapter (locations, fixes, suggestions) must not throw either. */
function lintWithEslint(file: string, text: string, program: ts.Program | undefined): Linter.LintMessage[] {
  const config: Linter.Config[] = [
    {
      files: ['**/*'],
      plugins: { resilint: plugin as unknown as NonNullable<Linter.Config['plugins']>[string] },
      languageOptions: {
        parser: tsParser as unknown as Linter.Parser,
        ...(program && { parserOptions: { programs: [program] } }),
      },
      rules: Object.fromEntries(allRules.map((rule) => [`resilint/${rule.name}`, 'error'] as const)),
    },
  ];
  // verifyAndFix also applies every autofix, so a fix with overlapping or out-of-range edits surfaces here.
  const { messages } = linter.verifyAndFix(text, config, { filename: file });
  return messages.filter((message) => message.fatal && !/^Parsing error/u.test(message.message));
}

it('finds corpus and fixture files', () => {
  expect(files.some((file) => file.includes(`${path.sep}corpus${path.sep}`))).toBe(true);
  expect(files.some((file) => file.includes(`${path.sep}fixtures${path.sep}`))).toBe(true);
});

describe.each(files.map((file) => [path.relative(REPO_ROOT, file), file] as const))('%s', (_relative, file) => {
  it('without type information', () => {
    const sourceFile = parseUntyped(file, fs.readFileSync(file, 'utf8'));
    expect(runEachRule(sourceFile, undefined, file)).toEqual([]);
  });

  it('with type information', () => {
    const program = programFor(file, files);
    const sourceFile = program.getSourceFile(file);
    expect(sourceFile, `${file} is not in its program`).toBeDefined();
    expect(runEachRule(sourceFile!, program, file)).toEqual([]);
  });

  it('through ESLint, without and with type information, fixes applied', () => {
    const text = fs.readFileSync(file, 'utf8');
    expect(lintWithEslint(file, text, undefined)).toEqual([]);
    const program = programFor(file, files);
    expect(lintWithEslint(file, program.getSourceFile(file)!.text, program)).toEqual([]);
  });

  it('cut off at ten points, without type information', () => {
    const text = fs.readFileSync(file, 'utf8');
    const failures: (Failure & { at: number })[] = [];
    for (let step = 1; step <= 10; step += 1) {
      const at = Math.floor((text.length * step) / 11);
      const sourceFile = parseUntyped(file, text.slice(0, at));
      failures.push(...runEachRule(sourceFile, undefined, file).map((failure) => ({ ...failure, at })));
    }
    expect(failures).toEqual([]);
  });
});

const ODD_INPUTS: Readonly<Record<string, string>> = {
  empty: '',
  'only comments': '// nothing\n/* at all */\n',
  'bare keywords': 'try\ncatch\nthrow\nawait\nwhile\nnew\n',
  'half a try': 'async function f() { try { await g(',
  'catch without try': '} catch (e) { e.message; throw e; }',
  'throw nothing': 'function f() { throw; }',
  'retry without body': 'while (true)',
  'fetch without arguments': 'fetch(); fetch(...[]); new AbortController().abort(); setTimeout();',
  'computed everything': 'const k = "then"; const o: any = {}; o[k](); o?.[k]?.(); new (o as any)[k]();',
  'deep nesting': `${'(async () => { try { '.repeat(150)}await x();${' } catch (e) { throw e; } })();'.repeat(150)}`,
  'long chain': `p${'.then(() => 1)'.repeat(500)};`,
  'decorators and jsx-like': '@dec class A { @m() async run() { try { this.x(); } catch ({ message }) {} } }',
  'js with require': 'const axios = require("axios"); const { Pool } = require("pg"); axios.get(u); new Pool();',
  'labels and empties': 'a: for (;;) { b: while (1) { continue a; } }; ;;; if (x) ; else ;',
  'unicode and bom': '\uFEFFconst ü = "🙂"; throw ü;',
};

describe('odd inputs', () => {
  const program = createVirtualProgram(Object.fromEntries(Object.values(ODD_INPUTS).map((text, index) => [virtualPath(`odd/${index}.ts`), text])));
  describe.each(Object.entries(ODD_INPUTS).map(([name, text], index) => [name, text, index] as const))('%s', (_name, text, index) => {
    const fileName = virtualPath(`odd/${index}.ts`);

    it('without type information', () => {
      expect(runEachRule(parseUntyped(fileName, text), undefined, fileName)).toEqual([]);
    });

    it('with type information', () => {
      expect(runEachRule(program.getSourceFile(fileName)!, program, fileName)).toEqual([]);
    });
  });
});
