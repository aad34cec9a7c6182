import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import ts from 'typescript';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { AnyResilintRule } from '../../rules/engine/create-rule.js';
import { main, registerRule } from '../../scripts/create-rule.js';
import { REPO_ROOT } from '../helpers/lint-snippet.js';
import { getSubheadings, readRuleDoc } from '../helpers/rule-doc.js';

// The scaffold runs on a temporary copy of the parts of the tree it touches, never on the real one.

let root: string;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'resilint-create-rule-'));
  fs.cpSync(path.join(REPO_ROOT, 'rules'), path.join(root, 'rules'), { recursive: true });
  fs.cpSync(path.join(REPO_ROOT, 'docs', 'rules'), path.join(root, 'docs', 'rules'), { recursive: true });
  fs.mkdirSync(path.join(root, 'test', 'rules'), { recursive: true });
  fs.copyFileSync(path.join(REPO_ROOT, 'test', 'rules', 'rule-tester.ts'), path.join(root, 'test', 'rules', 'rule-tester.ts'));
  // The rule tester builds its programs with the snippet helper.
  fs.cpSync(path.join(REPO_ROOT, 'test', 'helpers'), path.join(root, 'test', 'helpers'), { recursive: true });
  fs.copyFileSync(path.join(REPO_ROOT, 'package.json'), path.join(root, 'package.json'));
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
});

afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

function run(...argv: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = main([...argv, '--root', root], { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

function snapshot(): Record<string, string> {
  const files: Record<string, string> = {};
  const visit = (directory: string): void => {
    for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
      const full = path.join(directory, entry.name);
      if (entry.name === 'node_modules') continue;
      if (entry.isDirectory()) visit(full);
      else files[path.relative(root, full)] = fs.readFileSync(full, 'utf8');
    }
  };
  visit(root);
  return files;
}

describe('create-rule', () => {
  it('scaffolds the rule, its test and its doc, and registers it in sorted position', async () => {
    const result = run('no-lost-deadline', '--family', 'timeouts', '--description', "Disallow deadlines that don't reach the call");
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);

    const index = fs.readFileSync(path.join(root, 'rules', 'index.ts'), 'utf8');
    const importLines = index.split('\n').filter((line) => line.startsWith('import ') && line.includes("from './"));
    expect(importLines).toContain("import noLostDeadline from './no-lost-deadline.js';");
    const ruleImports = importLines.filter((line) => !line.includes('./engine/'));
    const paths = ruleImports.map((line) => line.split("'")[1]!.slice('./'.length, -'.js'.length));
    expect(paths).toEqual([...paths].sort());
    const keys = [...index.matchAll(/^ {2}'([a-z0-9-]+)': \w+,$/gmu)].map((match) => match[1]!);
    expect(keys).toContain('no-lost-deadline');
    expect(keys).toEqual([...keys].sort());

    const { rules } = (await import(pathToFileURL(path.join(root, 'rules', 'index.ts')).href)) as {
      rules: Record<string, AnyResilintRule>;
    };
    const rule = rules['no-lost-deadline']!;
    expect(rule.name).toBe('no-lost-deadline');
    expect(rule.meta.docs).toMatchObject({
      description: "Disallow deadlines that don't reach the call",
      family: 'timeouts',
      typeInformation: 'none',
      url: expect.stringMatching(/\/docs\/rules\/no-lost-deadline\.md$/u) as unknown,
    });

    const doc = readRuleDoc('no-lost-deadline', path.join(root, 'docs', 'rules'));
    expect(doc.headings[0]?.text).toBe('resilint/no-lost-deadline');
    expect(doc.intro).toBe("Disallow deadlines that don't reach the call");
    expect(getSubheadings(doc, 2, 'Examples').map((heading) => heading.text)).toEqual(['Incorrect', 'Correct']);
  });

  it('writes TypeScript that type-checks', () => {
    expect(run('prefer-bounded-queue', '--family', 'retries', '--type-information', 'optional').code).toBe(0);
    const config = ts.getParsedCommandLineOfConfigFile(
      path.join(REPO_ROOT, 'tsconfig.json'),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: () => undefined,
      },
    )!;
    const files = [path.join(root, 'rules', 'index.ts'), path.join(root, 'test', 'rules', 'prefer-bounded-queue.test.ts')];
    const program = ts.createProgram(files, { ...config.options, rootDir: root, typeRoots: [path.join(REPO_ROOT, 'node_modules', '@types')] });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .filter((diagnostic) => diagnostic.file?.fileName.startsWith(root))
      .map((diagnostic) => `${diagnostic.file!.fileName}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`);
    expect(diagnostics).toEqual([]);
  });

  it('works from the command line, as npm run create-rule runs it', () => {
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(REPO_ROOT, 'scripts', 'create-rule.ts'), 'require-idempotency-key', '--family', 'retries', '--root', root],
      { cwd: REPO_ROOT, encoding: 'utf8' },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(fs.existsSync(path.join(root, 'rules', 'require-idempotency-key.ts'))).toBe(true);
    expect(fs.existsSync(path.join(root, 'test', 'rules', 'require-idempotency-key.test.ts'))).toBe(true);
    expect(fs.existsSync(path.join(root, 'docs', 'rules', 'require-idempotency-key.md'))).toBe(true);
  });

  it.each([
    [['no-swallowed-error', '--family', 'error-handling'], 'rules/no-swallowed-error.ts already exists'],
    [['swallow-errors', '--family', 'error-handling'], 'not a rule id'],
    [['no-thing', '--family', 'timeout'], '--family must be one of'],
    [['no-thing'], '--family must be one of'],
    [['no-thing', '--family', 'retries', '--type-information', 'maybe'], '--type-information must be one of'],
    [['--family', 'retries'], 'give exactly one rule id'],
    [['no-thing', '--family', 'retries', '--colour'], "Unknown option '--colour'"],
  ])('refuses %j with a message and exit code 2, changing nothing', (argv, message) => {
    const before = snapshot();
    const result = run(...argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(snapshot()).toEqual(before);
  });

  it('adds to an index in the first, middle and last position', () => {
    const index = [
      "import type { AnyResilintRule } from './engine/create-rule.js';",
      "import noB from './no-b.js';",
      "import noD from './no-d.js';",
      '',
      'export const rules = {',
      "  'no-b': noB,",
      "  'no-d': noD,",
      '} satisfies Record<string, AnyResilintRule>;',
    ].join('\n');
    const added = ['no-a', 'no-c', 'no-e'].reduce(registerRule, index);
    expect(added.split('\n')).toEqual([
      "import type { AnyResilintRule } from './engine/create-rule.js';",
      "import noA from './no-a.js';",
      "import noB from './no-b.js';",
      "import noC from './no-c.js';",
      "import noD from './no-d.js';",
      "import noE from './no-e.js';",
      '',
      'export const rules = {',
      "  'no-a': noA,",
      "  'no-b': noB,",
      "  'no-c': noC,",
      "  'no-d': noD,",
      "  'no-e': noE,",
      '} satisfies Record<string, AnyResilintRule>;',
    ]);
  });
});
