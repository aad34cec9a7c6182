import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { AnyResilintRule } from '../rules/engine/create-rule.js';
import { FAMILIES } from '../rules/engine/types.js';
import { rules } from '../rules/index.js';
import { parseLabels } from './corpus/labels.js';
import { REPO_ROOT } from './helpers/lint-snippet.js';

// A project that uses resilint the way a consumer does: an eslint.config.mjs importing the plugin by
// package name, resolved through node_modules, linted by the real eslint binary. The fixture sources carry
// corpus-style labels (`// expect: <rule-id>`), and ESLint must report exactly those, no more.
// `typed-*` sources need type information, so only the type-checked project lints them.

const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'consumer', 'src');
const ESLINT_BIN = path.join(REPO_ROOT, 'node_modules', '.bin', 'eslint');
const BUILT_PLUGIN = path.join(REPO_ROOT, 'dist', 'eslint-plugin', 'index.js');
const ruleRecord = rules as Record<string, AnyResilintRule>;

interface EslintMessage {
  ruleId: string | null;
  line: number;
  column: number;
  fatal?: boolean;
  message: string;
}

interface EslintResult {
  filePath: string;
  messages: EslintMessage[];
}

interface Run {
  status: number | null;
  stderr: string;
  results: EslintResult[];
}

let temporary: string;

beforeAll(() => {
  buildIfStale();
  temporary = fs.mkdtempSync(path.join(os.tmpdir(), 'resilint-consumer-'));
}, 300_000);

afterAll(() => {
  if (temporary) fs.rmSync(temporary, { recursive: true, force: true });
});

/**
 * dist/ is what consumers import (the test suite's global setup builds it). Rebuild when a source is
 * newer than the built plugin, so this file also works alone against a tree edited since the last build.
 */
function buildIfStale(): void {
  const builtAt = fs.existsSync(BUILT_PLUGIN) ? fs.statSync(BUILT_PLUGIN).mtimeMs : 0;
  const newestSource = Math.max(
    ...['rules', 'eslint-plugin', 'src'].flatMap((folder) => listFiles(path.join(REPO_ROOT, folder), /\.ts$/u)).map((file) => fs.statSync(file).mtimeMs),
  );
  if (newestSource <= builtAt) return;
  const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(REPO_ROOT, 'tsconfig.build.json')], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  if (!fs.existsSync(BUILT_PLUGIN) || fs.statSync(BUILT_PLUGIN).mtimeMs <= builtAt) {
    throw new Error(`Building dist/ failed:\n${result.stdout}${result.stderr}`);
  }
}

function listFiles(directory: string, pattern: RegExp): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return listFiles(full, pattern);
    return pattern.test(entry.name) ? [full] : [];
  });
}

interface ProjectSetup {
  name: string;
  config: string;
  typed: boolean;
}

/** A consumer project in the temporary folder: sources, manifest, config, and node_modules links. */
function createProject({ name, config, typed }: ProjectSetup): string {
  const root = path.join(temporary, name);
  fs.mkdirSync(path.join(root, 'src'), { recursive: true });
  for (const file of fs.readdirSync(FIXTURE)) {
    if (!typed && file.startsWith('typed-')) continue;
    fs.copyFileSync(path.join(FIXTURE, file), path.join(root, 'src', file));
  }
  fs.writeFileSync(
    path.join(root, 'package.json'),
    JSON.stringify({ name, private: true, type: 'module', dependencies: { 'p-retry': '^6.2.0', pg: '^8.11.0' } }, null, 2),
  );
  fs.writeFileSync(path.join(root, 'eslint.config.mjs'), config);
  if (typed) {
    fs.writeFileSync(
      path.join(root, 'tsconfig.json'),
      JSON.stringify(
        {
          compilerOptions: {
            target: 'ES2022',
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            lib: ['ES2023', 'DOM'],
            types: ['node'],
            strict: true,
            allowJs: true,
            jsx: 'preserve',
            noEmit: true,
            skipLibCheck: true,
          },
          include: ['src'],
        },
        null,
        2,
      ),
    );
  }
  // What `npm install resilint eslint-plugin-resilint` would give: the packages by name in node_modules.
  const modules = path.join(root, 'node_modules');
  fs.mkdirSync(modules);
  fs.symlinkSync(path.join(REPO_ROOT, 'eslint-plugin'), path.join(modules, 'eslint-plugin-resilint'), 'dir');
  fs.symlinkSync(REPO_ROOT, path.join(modules, 'resilint'), 'dir');
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules', '@types'), path.join(modules, '@types'), 'dir');
  return root;
}

function runEslint(cwd: string): Run {
  const result = spawnSync(ESLINT_BIN, ['--format', 'json', 'src'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  let results: EslintResult[] = [];
  try {
    results = JSON.parse(result.stdout) as EslintResult[];
  } catch {
    // Left empty: the assertions below show stdout and stderr.
  }
  return { status: result.status, stderr: `${result.stderr}${results.length === 0 ? result.stdout : ''}`, results };
}

/** `file:line rule` for every label or finding, for exact comparison. */
function expectedSites(root: string): string[] {
  return listFiles(path.join(root, 'src'), /\.(?:[cm]?[jt]s|[jt]sx)$/u).flatMap((file) => {
    const relative = path.relative(root, file);
    const { labels, problems } = parseLabels(relative, fs.readFileSync(file, 'utf8'));
    expect(problems).toEqual([]);
    return labels.filter((label) => label.kind === 'expect').map((label) => `${relative}:${label.line} resilint/${label.ruleId}`);
  });
}

function reportedSites(root: string, run: Run): string[] {
  return run.results.flatMap((result) =>
    result.messages.map((message) => `${path.relative(root, result.filePath)}:${message.line} ${message.ruleId ?? 'fatal'}`),
  );
}

function familiesOf(run: Run): string[] {
  const families = new Set<string>();
  for (const result of run.results) {
    for (const message of result.messages) {
      const rule = message.ruleId?.startsWith('resilint/') ? ruleRecord[message.ruleId.slice('resilint/'.length)] : undefined;
      if (rule) families.add(rule.meta.docs.family);
    }
  }
  return [...families].sort();
}

const PROJECTS: readonly ProjectSetup[] = [
  {
    name: 'plugin-package',
    typed: false,
    config: [
      "import resilint from 'eslint-plugin-resilint';",
      '',
      'export default [resilint.configs.recommended];',
      '',
    ].join('\n'),
  },
  {
    name: 'subpath-export-typed',
    typed: true,
    config: [
      "import resilint from 'resilint/eslint-plugin';",
      '',
      'export default [',
      "  resilint.configs['recommended-type-checked'],",
      '  { languageOptions: { parserOptions: { tsconfigRootDir: import.meta.dirname } } },',
      '];',
      '',
    ].join('\n'),
  },
];

describe.each(PROJECTS)('eslint with $name', (setup) => {
  let root: string;
  let run: Run;

  beforeAll(() => {
    root = createProject(setup);
    run = runEslint(root);
  }, 300_000);

  it('lints every source without a crash or a parse error', () => {
    expect(run.results.length, run.stderr).toBe(fs.readdirSync(path.join(root, 'src')).length);
    const fatal = run.results.flatMap((result) => result.messages.filter((message) => message.fatal || message.ruleId === null));
    expect(fatal).toEqual([]);
    // 1: lint errors found; 2 would be a configuration or plugin failure.
    expect(run.status, run.stderr).toBe(1);
  });

  it('reports exactly the labelled defects, by rule id and line', () => {
    expect(reportedSites(root, run).sort()).toEqual(expectedSites(root).sort());
  });

  it('reports findings of all four families', () => {
    expect(familiesOf(run)).toEqual([...FAMILIES].sort());
  });
});
