import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { ESLint } from 'eslint';
import { minimatch } from 'minimatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { classifyPath, isTestContent, nonProductionGlobs } from '../rules/engine/classify-file.js';
import { analyze } from '../src/analyze/analyze.js';
import { loadPluginFromSource } from './helpers/plugin-source.js';

const SWALLOWS = 'export function f(g: () => void) { try { g(); } catch {} }\n';

/** Path, kind: what a reader of the tree would call each file. */
const BY_PATH: [string, string | undefined][] = [
  ['src/orders.ts', undefined],
  ['src/latest.ts', undefined],
  ['src/testing.ts', undefined],
  ['src/examples-parser.ts', undefined],
  ['src/scripting/engine.ts', undefined],
  ['src/benchmark-results.ts', undefined],
  ['src/orders.test.ts', 'tests'],
  ['src/app.e2e-spec.ts', 'tests'],
  ['src/button.stories.tsx', 'tests'],
  ['src/spec-utils.ts', 'tests'],
  ['lib/test-setup.js', 'tests'],
  ['src/test-utils/db.ts', 'tests'],
  ['ecosystem-tests/node/index.js', 'tests'],
  ['packages/api/test/helpers.ts', 'tests'],
  ['examples/bot.ts', 'examples'],
  ['packages/sdk/samples/upload.mjs', 'examples'],
  ['scripts/release.ts', 'scripts'],
  ['benchmarks/queue.js', 'benchmarks'],
  ['src/queue.bench.ts', 'benchmarks'],
  ['src/__fixtures__/payload.ts', 'fixtures'],
  ['fixtures/app/index.ts', 'fixtures'],
];

describe('which code is production code', () => {
  it.each(BY_PATH)('%s by its path: %s', (file, kind) => {
    expect(classifyPath(file)).toBe(kind);
  });

  it("the presets' globs match exactly the paths the classifier puts in a kind", () => {
    const globs = nonProductionGlobs();
    for (const [file, kind] of BY_PATH) {
      expect(
        globs.some((glob) => minimatch(file, glob)),
        file,
      ).toBe(kind !== undefined);
    }
  });

  it.each([
    ["import { describe, it, expect } from 'vitest';\n"],
    ["import test from 'node:test';\n"],
    ["const { expect } = require('@playwright/test');\n"],
    ["import { jest } from '@jest/globals';\n"],
    ["import type { Meta } from '@storybook/react';\n"],
    ["const test = require('ava');\n"],
    ["Deno.test('orders', async () => {});\n"],
    ["jest.mock('./db');\n"],
    ["describe('orders', () => {\n  it('pays', () => {\n    expect(pay()).toBe(true);\n  });\n});\n"],
  ])('content that imports or calls a test framework is test code: %s', (text) => {
    expect(isTestContent(text)).toBe(true);
  });

  it.each([
    // A method named test, a regular expression's test, a framework's name inside a string or a longer name.
    ['if (/^\\d+$/.test(id)) return;\nconst pattern = { test: (value: string) => value.length > 0 };\n'],
    ["log('run the tests with vitest');\nimport { createTapParser } from 'tap-parser';\nimport tapable from 'tapable';\n"],
    // A suite-like call without any assertion: a DSL of the code's own.
    ["describe('orders', schema);\nit('reads', handler);\n"],
    ["import { assert } from './assert';\nexport const check = (value: unknown) => assert(value);\n"],
  ])('production code that only looks like it is not: %s', (text) => {
    expect(isTestContent(text)).toBe(false);
  });
});

describe('analyze and the plugin leave non-production code alone alike', () => {
  let dir: string;
  const files = [
    ...BY_PATH.map(([file]) => file),
    // Test code that no name gives away.
    'src/helpers/setup.ts',
    'src/db/harness.js',
  ];
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'resilint-non-production-'));
    fs.mkdirSync(path.join(dir, '.git'));
    for (const file of files) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), SWALLOWS);
    }
    fs.writeFileSync(path.join(dir, 'src/helpers/setup.ts'), `import { beforeAll } from 'vitest';\n${SWALLOWS}`);
    fs.writeFileSync(
      path.join(dir, 'src/db/harness.js'),
      `const test = require('node:test');\n${SWALLOWS.replace('export ', '').replace('g: () => void', 'g')}`,
    );
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const production = BY_PATH.filter(([, kind]) => kind === undefined)
    .map(([file]) => file)
    .sort();
  const config = (include?: string[]) => ({
    config: { preset: 'strict-type-checked' as const, ...(include && { include: include as never }) },
    file: undefined,
    directory: dir,
  });

  it('a walk skips every kind, with one notice that counts each and names its switch', async () => {
    const { report } = await analyze({ cwd: dir, paths: ['.'], config: config() });
    expect(report.findings.map((finding) => finding.file).sort()).toEqual(production);
    const notices = report.notifications.filter((notification) => notification.kind === 'non-production-skipped');
    expect(notices).toHaveLength(1);
    // Tests: 5 files by name, 3 folders (test-utils, ecosystem-tests, test), 2 files by content.
    expect(notices[0]!.message).toContain(': 10 tests, 2 examples, 1 scripts, 2 benchmarks, 2 fixtures (');
    expect(notices[0]!.message).toContain(
      'pass --include tests, --include examples, --include scripts, --include benchmarks, --include fixtures, or list the kinds in "include"',
    );
  });

  it('each kind comes back on its own, from the options or the config; a file named on the command line always counts', async () => {
    const examples = await analyze({ cwd: dir, paths: ['.'], include: ['examples'], config: config() });
    expect(examples.report.findings.map((finding) => finding.file).sort()).toEqual(
      [...production, 'examples/bot.ts', 'packages/sdk/samples/upload.mjs'].sort(),
    );
    const tests = await analyze({ cwd: dir, paths: ['.'], config: config(['tests']) });
    expect(tests.report.findings.map((finding) => finding.file)).toEqual(
      expect.arrayContaining(['src/helpers/setup.ts', 'src/db/harness.js', 'src/spec-utils.ts', 'ecosystem-tests/node/index.js']),
    );
    expect(tests.report.findings.map((finding) => finding.file)).not.toContain('scripts/release.ts');
    const named = await analyze({ cwd: dir, paths: ['scripts', 'src/helpers/setup.ts'], config: config() });
    expect(named.report.findings.map((finding) => finding.file).sort()).toEqual(['scripts/release.ts', 'src/helpers/setup.ts']);
  });

  it("the plugin's preset, ignoring the kinds' globs and skipping test content, lints exactly the files analyze analyzes", async () => {
    const plugin = await loadPluginFromSource();
    expect(plugin.configs.recommended.ignores).toEqual(nonProductionGlobs());
    expect(plugin.configs.recommended.settings).toEqual({ resilint: { skipTestContent: true } });
    const eslint = new ESLint({
      cwd: dir,
      overrideConfigFile: true,
      overrideConfig: [{ ...plugin.configs.recommended, rules: plugin.configs['strict-type-checked'].rules }] as ESLint.Options['overrideConfig'],
    });
    const fromEslint = (await eslint.lintFiles(['.'])).flatMap((result) =>
      result.messages.filter((message) => message.ruleId?.startsWith('resilint/')).map(() => path.relative(dir, result.filePath).split(path.sep).join('/')),
    );
    const { report } = await analyze({ cwd: dir, paths: ['.'], config: config() });
    expect(fromEslint.sort()).toEqual(report.findings.map((finding) => finding.file).sort());
    expect(fromEslint.sort()).toEqual(production);
  });
});
