import path from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { createSarifFormatter } from '../../src/report/formatters/sarif.js';
import { mergeSarif } from '../../src/report/sarif/merge.js';
import type { SarifLog } from '../../src/report/sarif/types.js';
import { analyzeWithLineHashes, FIXTURES, parseValidSarif } from './sarif-support.js';

const SERVICE = path.join(FIXTURES, 'sarif-service');

async function sarifOf(shard?: { index: number; count: number }, category?: string): Promise<SarifLog> {
  const { report } = await analyzeWithLineHashes(SERVICE, shard ? { shard } : {});
  return parseValidSarif(createSarifFormatter({ category })(report, { cwd: SERVICE, color: false }));
}

describe('mergeSarif', () => {
  let whole: SarifLog;
  let shards: SarifLog[];

  beforeAll(async () => {
    whole = await sarifOf();
    shards = [await sarifOf({ index: 1, count: 2 }), await sarifOf({ index: 2, count: 2 })];
  });

  it('splits the fixture into two shards that both have results', () => {
    for (const shard of shards) expect(shard.runs[0]!.results.length).toBeGreaterThan(0);
    expect(shards[0]!.runs[0]!.results.length + shards[1]!.runs[0]!.results.length).toBe(whole.runs[0]!.results.length);
  });

  it('gives one valid run with the results of the unsharded run, in the same order', () => {
    for (const order of [shards, [...shards].reverse()]) {
      const merged = parseValidSarif(JSON.stringify(mergeSarif(order)));
      expect(merged.runs).toHaveLength(1);
      expect(merged.runs[0]!.results).toEqual(whole.runs[0]!.results);
      expect(merged.runs[0]!.tool).toEqual(whole.runs[0]!.tool);
      expect(merged.runs[0]!.automationDetails).toEqual(whole.runs[0]!.automationDetails);
      expect(merged.runs[0]!.invocations).toEqual(whole.runs[0]!.invocations);
    }
  });

  it('keeps a result present in two inputs once', () => {
    const merged = mergeSarif([shards[0]!, shards[0]!, shards[1]!]);
    expect(merged.runs[0]!.results).toEqual(whole.runs[0]!.results);
  });

  it('re-indexes rules when shards describe them in different orders', () => {
    const reordered = structuredClone(shards[1]!);
    const run = reordered.runs[0]!;
    const ids = run.tool.driver.rules.map((rule) => rule.id);
    run.tool.driver.rules.reverse();
    for (const result of run.results) result.ruleIndex = run.tool.driver.rules.findIndex((rule) => rule.id === ids[result.ruleIndex]);
    const merged = parseValidSarif(JSON.stringify(mergeSarif([shards[0]!, reordered])));
    for (const result of merged.runs[0]!.results) {
      expect(merged.runs[0]!.tool.driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
    }
    expect(merged.runs[0]!.results.map(({ ruleIndex: _ruleIndex, ...result }) => result)).toEqual(
      whole.runs[0]!.results.map(({ ruleIndex: _ruleIndex, ...result }) => result),
    );
  });

  it('fails the merged execution when a shard failed, keeping its notifications', () => {
    const failed = structuredClone(shards[1]!);
    failed.runs[0]!.invocations = [
      {
        executionSuccessful: false,
        toolExecutionNotifications: [{ level: 'error', descriptor: { id: 'parse-error' }, message: { text: 'Cannot parse src/x.ts' } }],
      },
    ];
    const merged = mergeSarif([shards[0]!, failed]);
    expect(merged.runs[0]!.invocations).toEqual([failed.runs[0]!.invocations[0]]);
  });

  it('refuses runs of another category or tool, and input that is not SARIF', async () => {
    const other = await sarifOf({ index: 2, count: 2 }, 'frontend');
    expect(() => mergeSarif([shards[0]!, other])).toThrow(/category "frontend\/" into "resilint\/"/u);
    const otherTool = structuredClone(shards[1]!);
    otherTool.runs[0]!.tool.driver.name = 'eslint';
    expect(() => mergeSarif([shards[0]!, otherTool])).toThrow(/Cannot merge runs of "eslint"/u);
    expect(() => mergeSarif([{ version: '2.0.0' } as unknown as SarifLog])).toThrow(/not a SARIF 2.1.0 log/u);
    expect(() => mergeSarif([])).toThrow(/no runs/u);
  });
});
