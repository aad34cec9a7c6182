import { describe, expect, it } from 'vitest';

import type { Triage } from '../../src/findings/finding.js';
import { applyGitHubLimits, buildSarifLog, type SarifInputFinding } from '../../src/report/sarif/build-run.js';

const triage: Triage = { verdict: 'likely-false-positive', confidence: 0.9, model: 'claude-test', action: 'mark' };

const finding = (line: number, severity: SarifInputFinding['severity'], triaged: boolean): SarifInputFinding => ({
  ruleId: 'resilint/no-swallowed-error',
  severity,
  file: 'src/a.ts',
  line,
  column: 1,
  endLine: line,
  endColumn: 2,
  message: `finding on line ${line}`,
  ...(triaged && { triage }),
});

const log = (findings: SarifInputFinding[]) =>
  buildSarifLog({
    tool: { name: 'resilint', version: '0.1.0', informationUri: 'https://example.invalid' },
    rules: [],
    findings,
    notifications: [],
    cwd: '/repo',
  });

describe('SARIF for findings the model triaged', () => {
  it('ranks a triaged finding below every untriaged one, whatever the severity', () => {
    const results = log([finding(1, 'error', true), finding(2, 'note', false), finding(3, 'warning', true), finding(4, 'error', false)]).runs[0]!.results;
    const rank = (line: number) => results.find((result) => result.locations[0]!.physicalLocation.region?.startLine === line)!.rank!;
    expect(rank(4)).toBeGreaterThan(rank(2));
    expect(rank(2)).toBeGreaterThan(rank(1));
    expect(rank(1)).toBeGreaterThan(rank(3));
    for (const result of results) expect(result.rank).toBeGreaterThanOrEqual(0);
    for (const result of results) expect(result.rank).toBeLessThanOrEqual(100);
  });

  it('leaves triaged findings out first when GitHub limits the results', () => {
    const limited = applyGitHubLimits(log([finding(1, 'error', true), finding(2, 'note', false), finding(3, 'error', false)]), 2).runs[0]!;
    expect(limited.results.map((result) => result.locations[0]!.physicalLocation.region?.startLine)).toEqual([2, 3]);
    expect(limited.invocations[0]!.toolExecutionNotifications?.[0]?.descriptor?.id).toBe('sarif-results-truncated');
  });
});
