import { describe, expect, it } from 'vitest';

import { mergeJsonReports } from '../../src/cli/merge-command.js';
import type { Finding, Notification } from '../../src/findings/finding.js';
import { markdownFormatter } from '../../src/report/formatters/markdown.js';
import { textFormatter } from '../../src/report/formatters/text.js';
import { type AnalysisReport, REPORT_SCHEMA_VERSION } from '../../src/report/types.js';

function finding(file: string, line: number, message = 'This fetch has no deadline. Pass `signal: AbortSignal.timeout(ms)`.'): Finding {
  return {
    ruleId: 'resilint/require-request-timeout',
    family: 'timeouts',
    severity: 'error',
    file,
    line,
    column: 3,
    endLine: line,
    endColumn: 20,
    message,
    fingerprint: `${file}:${line}`,
  } as Finding;
}

function report(findings: Finding[], notifications: Notification[] = [], filesAnalyzed = 15): AnalysisReport {
  return {
    version: REPORT_SCHEMA_VERSION,
    tool: { name: 'resilint', version: '0.1.0' },
    rules: ['resilint/require-request-timeout'],
    findings,
    notifications,
    stats: { filesMatched: filesAnalyzed, filesAnalyzed, findings: findings.length, durationMs: 5 },
  } as AnalysisReport;
}

describe('text summary', () => {
  it('counts the files with findings among the files analyzed', () => {
    const text = textFormatter(report([finding('a.ts', 1), finding('a.ts', 9), finding('b.ts', 2)]), { cwd: '', color: false });
    expect(text).toContain('3 findings (3 errors, 0 warnings, 0 notes) in 2 of 15 analyzed files.');
  });
});

describe('markdown', () => {
  it('keeps the code spans of a message as code and escapes the markup around them', () => {
    const markdown = markdownFormatter(report([finding('a.ts', 1, 'Pass `signal: AbortSignal.timeout(ms)` <img src=x> *now*')]), { cwd: '', color: false });
    expect(markdown).toContain('Pass `signal: AbortSignal.timeout(ms)` \\<img src=x\\> \\*now\\*');
  });

  it('escapes an unpaired backtick instead of opening a code span', () => {
    const markdown = markdownFormatter(report([finding('a.ts', 1, 'a ` alone [link](http://x)')]), { cwd: '', color: false });
    expect(markdown).toContain('a \\` alone \\[link\\]\\(http://x\\)');
  });
});

describe('merge of JSON shard reports', () => {
  it('keeps a notice every shard gave once, and distinct notices all', () => {
    const skipped: Notification = { level: 'note', kind: 'non-production-skipped', message: '12 test files skipped.' };
    const parseError: Notification = { level: 'warning', kind: 'parse-error', message: 'Unexpected token.', file: 'b.ts', line: 3 };
    const merged = JSON.parse(
      mergeJsonReports([report([finding('a.ts', 1)], [skipped]), report([finding('b.ts', 2)], [skipped, parseError])]),
    ) as AnalysisReport;
    expect(merged.notifications).toEqual([skipped, parseError]);
    expect(merged.findings.map((entry) => entry.file)).toEqual(['a.ts', 'b.ts']);
  });
});
