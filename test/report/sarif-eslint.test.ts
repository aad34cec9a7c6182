import path from 'node:path';

import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

import plugin from '../../eslint-plugin/index.js';
import { createSarifFormatter } from '../../src/report/formatters/sarif.js';
import type { SarifLog, SarifResult, SarifRun } from '../../src/report/sarif/types.js';
import { analyzeWithLineHashes, FIXTURES, parseValidSarif, ROOT } from './sarif-support.js';

const SERVICE = path.join(FIXTURES, 'sarif-service');
// The compiled module, loaded by ESLint exactly as `eslint --format <path>` loads it.
const FORMATTER = path.join(ROOT, 'dist/src/report/eslint-sarif-formatter.js');

function createEslint(): ESLint {
  const preset = plugin.configs['strict-type-checked'];
  return new ESLint({
    cwd: SERVICE,
    overrideConfigFile: true,
    overrideConfig: [
      { ...preset, languageOptions: { ...preset.languageOptions, parserOptions: { projectService: true, tsconfigRootDir: SERVICE } } },
    ] as ESLint.Options['overrideConfig'],
  });
}

function key(result: SarifResult): string {
  const { artifactLocation, region } = result.locations[0]!.physicalLocation;
  return JSON.stringify([result.ruleId, artifactLocation.uri, region, result.partialFingerprints]);
}

describe('the ESLint SARIF formatter', () => {
  let eslintRun: SarifRun;
  let cliRun: SarifRun;

  beforeAll(async () => {
    const eslint = createEslint();
    const results = await eslint.lintFiles(['src']);
    const formatter = await eslint.loadFormatter(FORMATTER);
    eslintRun = parseValidSarif(await formatter.format(results)).runs[0]!;
    const { report } = await analyzeWithLineHashes(SERVICE);
    cliRun = (JSON.parse(createSarifFormatter()(report, { cwd: SERVICE, color: false })) as SarifLog).runs[0]!;
  });

  it('describes each rule that reported exactly as resilint analyze does', () => {
    expect(eslintRun.tool.driver.rules.length).toBeGreaterThan(1);
    for (const rule of eslintRun.tool.driver.rules) {
      expect(rule).toEqual(cliRun.tool.driver.rules.find((candidate) => candidate.id === rule.id));
    }
    expect(eslintRun.tool.driver).toMatchObject({ name: cliRun.tool.driver.name, version: cliRun.tool.driver.version });
  });

  it('gives the same locations, line hashes and resilint fingerprints as resilint analyze', () => {
    const eslintKeys = new Set(eslintRun.results.map(key));
    for (const result of cliRun.results) expect(eslintKeys, key(result)).toContain(key(result));
    // The plugin applies `resilint-disable` comments as analyze does (the fixture has one in src/util/cache.ts).
    const extra = eslintRun.results.filter((result) => !cliRun.results.some((candidate) => key(candidate) === key(result)));
    expect(extra).toEqual([]);
    expect(eslintRun.results).toHaveLength(cliRun.results.length);
    for (const result of eslintRun.results) {
      expect(eslintRun.tool.driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
      expect(result.partialFingerprints?.primaryLocationLineHash).toMatch(/^[0-9a-f]+:\d+$/u);
    }
  });

  it("carries the rules' fixes and suggestions as the same SARIF fixes", () => {
    const cliFixed = cliRun.results.filter((result) => result.fixes);
    expect(cliFixed.length).toBeGreaterThan(0);
    for (const result of cliFixed) {
      const twin = eslintRun.results.find((candidate) => key(candidate) === key(result));
      expect(twin?.fixes).toEqual(result.fixes);
    }
  });

  it('turns a file ESLint cannot parse into a parse-error notification', async () => {
    const eslint = createEslint();
    const results = await eslint.lintText('export function broken(input: string {\n  return input;\n}\n', { filePath: path.join(SERVICE, 'src/orders.ts') });
    const formatter = await eslint.loadFormatter(FORMATTER);
    const run = parseValidSarif(await formatter.format(results)).runs[0]!;
    expect(run.results).toEqual([]);
    expect(run.invocations[0]!.executionSuccessful).toBe(false);
    expect(run.invocations[0]!.toolExecutionNotifications).toHaveLength(1);
    expect(run.invocations[0]!.toolExecutionNotifications![0]).toMatchObject({
      level: 'error',
      descriptor: { id: 'parse-error' },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'src/orders.ts', uriBaseId: '%SRCROOT%' }, region: { startLine: 1 } } }],
    });
  });
});
