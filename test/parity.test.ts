import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

import { TEST_FILES } from '../eslint-plugin/presets.js';
import { analyze } from '../src/analyze/analyze.js';
import { loadPluginFromSource } from './helpers/plugin-source.js';

const CORPUS = path.resolve(import.meta.dirname, 'corpus');

/** The evaluation's own code lives beside the corpus; it is not part of it. */
const EVAL_CODE = ['eval.ts', 'eval.test.ts', 'labels.ts'];

/** One comparable line per finding: everything both hosts report about it. */
type Site = string;

async function eslintSites(): Promise<Site[]> {
  // The plugin built from source, so the rules ESLint runs are the very objects `analyze` runs.
  const plugin = await loadPluginFromSource();
  const preset = plugin.configs['strict-type-checked'];
  const eslint = new ESLint({
    cwd: CORPUS,
    overrideConfigFile: true,
    overrideConfig: [
      { ignores: EVAL_CODE },
      {
        ...preset,
        languageOptions: { ...preset.languageOptions, parserOptions: { project: './tsconfig.json', tsconfigRootDir: CORPUS } },
      },
    ] as ESLint.Options['overrideConfig'],
  });
  const results = await eslint.lintFiles(['.']);
  return results.flatMap((result) =>
    result.messages.map((message) => {
      expect(message.fatal, `${result.filePath}: ${message.message}`).toBeFalsy();
      const file = path.relative(CORPUS, result.filePath).split(path.sep).join('/');
      return `${file}:${message.line}:${message.column}-${message.endLine ?? '?'}:${message.endColumn ?? '?'} ${message.ruleId ?? ''} ${message.message}`;
    }),
  );
}

async function analyzeSites(): Promise<Site[]> {
  const { report } = await analyze({
    cwd: CORPUS,
    paths: ['.'],
    projects: ['tsconfig.json'],
    ignore: EVAL_CODE,
    config: { config: { preset: 'strict-type-checked' }, file: undefined, directory: CORPUS },
  });
  expect(report.notifications).toEqual([]);
  return report.findings.map(
    (finding) => `${finding.file}:${finding.line}:${finding.column}-${finding.endLine}:${finding.endColumn} ${finding.ruleId} ${finding.message}`,
  );
}

const SERVICE = path.resolve(import.meta.dirname, 'fixtures/cli/service');

/** Every rule, without type information: the `recommended` preset's setup with the strict preset's rules. */
function untypedAllRules(plugin: Awaited<ReturnType<typeof loadPluginFromSource>>) {
  return { ...plugin.configs.recommended, rules: plugin.configs['strict-type-checked'].rules };
}

describe('the ESLint plugin and `resilint analyze` agree', () => {
  it('on inline disable directives, eslint-disable and resilint-disable alike', async () => {
    const plugin = await loadPluginFromSource();
    const eslint = new ESLint({ cwd: SERVICE, overrideConfigFile: true, overrideConfig: [untypedAllRules(plugin)] as ESLint.Options['overrideConfig'] });
    const fromEslint = (await eslint.lintFiles(['.'])).flatMap((result) =>
      result.messages
        .filter((message) => message.ruleId?.startsWith('resilint/'))
        .map((message) => `${path.relative(SERVICE, result.filePath)}:${message.line}:${message.column} ${message.ruleId ?? ''}`),
    );
    const { report } = await analyze({
      cwd: SERVICE,
      paths: ['.'],
      config: { config: { preset: 'strict-type-checked' }, file: undefined, directory: SERVICE },
    });
    const fromAnalyze = report.findings.map((finding) => `${finding.file}:${finding.line}:${finding.column} ${finding.ruleId}`);
    expect(fromAnalyze.length).toBeGreaterThan(0);
    expect(fromAnalyze.sort()).toEqual(fromEslint.sort());
  });

  it('on test files: the presets ignore what a walk of analyze skips', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'resilint-parity-tests-'));
    try {
      const code = 'export function f(g: () => void) { try { g(); } catch {} }\n';
      for (const file of [
        'src/orders.ts',
        'src/orders.test.ts',
        'src/orders.spec.tsx',
        'src/app.e2e-spec.ts',
        'src/__tests__/a.ts',
        'test/b.ts',
        'tests/c.js',
        'e2e/d.ts',
        'src/latest.ts',
        'src/testing.ts',
      ]) {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), code);
      }
      const plugin = await loadPluginFromSource();
      const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: [untypedAllRules(plugin)] as ESLint.Options['overrideConfig'] });
      const fromEslint = (await eslint.lintFiles(['.'])).flatMap((result) =>
        result.messages.filter((message) => message.ruleId?.startsWith('resilint/')).map(() => path.relative(dir, result.filePath).split(path.sep).join('/')),
      );
      const { report } = await analyze({ cwd: dir, paths: ['.'], config: { config: { preset: 'strict-type-checked' }, file: undefined, directory: dir } });
      const fromAnalyze = report.findings.map((finding) => finding.file);
      expect(fromAnalyze.sort()).toEqual(['src/latest.ts', 'src/orders.ts', 'src/testing.ts']);
      expect(fromEslint.sort()).toEqual(fromAnalyze);

      // Opting in, as the README shows: a config object for TEST_FILES, and --include-tests.
      const withTests = new ESLint({
        cwd: dir,
        overrideConfigFile: true,
        overrideConfig: [
          untypedAllRules(plugin),
          { ...untypedAllRules(plugin), name: 'resilint/tests', files: TEST_FILES, ignores: [], settings: { resilint: { skipTestContent: false } } },
        ] as ESLint.Options['overrideConfig'],
      });
      const allFromEslint = (await withTests.lintFiles(['.'])).flatMap((result) =>
        result.messages.filter((message) => message.ruleId?.startsWith('resilint/')).map(() => path.relative(dir, result.filePath).split(path.sep).join('/')),
      );
      const all = await analyze({
        cwd: dir,
        paths: ['.'],
        includeTests: true,
        config: { config: { preset: 'strict-type-checked' }, file: undefined, directory: dir },
      });
      expect(all.report.findings).toHaveLength(10);
      expect(allFromEslint.sort()).toEqual(all.report.findings.map((finding) => finding.file).sort());
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('report identical findings on the whole corpus', async () => {
    const [fromEslint, fromAnalyze] = await Promise.all([eslintSites(), analyzeSites()]);
    expect(fromAnalyze.length).toBeGreaterThan(0);
    expect([...fromAnalyze].sort()).toEqual([...fromEslint].sort());
  });
});
