import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import ts from 'typescript';

import { beforeAll, describe, expect, it } from 'vitest';

import { defaultSeverity } from '../../eslint-plugin/presets.js';
import type { AnyResilintRule } from '../../rules/engine/create-rule.js';
import { runChecks } from '../../rules/engine/run-check.js';
import { rules } from '../../rules/index.js';
import type { AnalysisResult } from '../../src/analyze/analyze.js';
import type { Finding, FindingEdit, Severity } from '../../src/findings/finding.js';
import { computeFingerprints } from '../../src/findings/fingerprint.js';
import { getRuleDoc } from '../../src/findings/rule-docs.js';
import { createSarifFormatter, sarifFormatter } from '../../src/report/formatters/sarif.js';
import { applyGitHubLimits, serializeSarifLog } from '../../src/report/sarif/build-run.js';
import type { SarifLog, SarifRun } from '../../src/report/sarif/types.js';
import type { AnalysisReport } from '../../src/report/types.js';
import { analyzeWithLineHashes, FIXTURES, parseValidSarif, referenceLineHashes } from './sarif-support.js';
import { NO_PROJECT_FACTS } from '../helpers/lint-snippet.js';

const SERVICE = path.join(FIXTURES, 'sarif-service');

function format(report: AnalysisReport, cwd: string, options: Parameters<typeof createSarifFormatter>[0] = {}): SarifLog {
  return parseValidSarif(createSarifFormatter(options)(report, { cwd, color: false }));
}

function onlyRun(log: SarifLog): SarifRun {
  expect(log.runs).toHaveLength(1);
  return log.runs[0]!;
}

function ruleOf(ruleId: string): AnyResilintRule {
  return (rules as Record<string, AnyResilintRule>)[ruleId.replace('resilint/', '')]!;
}

describe('SARIF of a fixture run', () => {
  let result: AnalysisResult;
  let run: SarifRun;

  beforeAll(async () => {
    result = await analyzeWithLineHashes(SERVICE);
    run = onlyRun(format(result.report, SERVICE, { category: 'backend/api' }));
  });

  it('finds something to report in the fixture', () => {
    expect(result.report.findings.length).toBeGreaterThan(4);
    expect(new Set(result.report.findings.map((finding) => finding.ruleId)).size).toBeGreaterThan(1);
  });

  it('describes the tool and every rule that ran, in order, from rule meta and docs', () => {
    const { driver } = run.tool;
    expect(driver).toMatchObject({ name: 'resilint', version: result.report.tool.version, semanticVersion: result.report.tool.version });
    expect(driver.informationUri).toMatch(/^https:\/\//u);
    expect(driver.rules.map((rule) => rule.id)).toEqual(result.report.rules);
    for (const descriptor of driver.rules) {
      const rule = ruleOf(descriptor.id);
      const { docs } = rule.meta;
      expect(descriptor.name).toMatch(/^[A-Z][A-Za-z]+$/u);
      expect(descriptor.shortDescription?.text).toBe(docs.description);
      expect(descriptor.fullDescription?.text.startsWith(docs.description.replace(/\.$/u, ''))).toBe(true);
      expect(descriptor.helpUri).toBe(docs.url);
      expect(descriptor.help?.text).toContain(docs.url);
      const doc = getRuleDoc(descriptor.id);
      if (doc) {
        expect(descriptor.help?.markdown).toBe(doc.markdown);
        if (doc.failureMode) expect(descriptor.fullDescription?.text.length).toBeGreaterThan(docs.description.length + 10);
      } else {
        expect(descriptor.help?.markdown).toContain(docs.description);
      }
      expect(descriptor.defaultConfiguration?.level).toBe(defaultSeverity(rule) === 'error' ? 'error' : 'warning');
      expect(descriptor.properties?.precision).toBe(docs.precision);
      const tags = descriptor.properties?.tags ?? [];
      expect(tags).toContain(docs.family);
      expect(tags).toContain('reliability');
      expect(tags).not.toContain('security');
      for (const cwe of docs.cwe) {
        const number = cwe.replace(/^CWE-/u, '');
        expect(tags).toContain(`external/cwe/cwe-${number.padStart(3, '0')}`);
        expect(tags).toContain(cwe);
      }
    }
  });

  it('sets the category, the source root and a successful invocation', () => {
    expect(run.automationDetails?.id).toBe('backend/api/');
    expect(run.originalUriBaseIds?.['%SRCROOT%']?.uri).toBe(pathToFileURL(SERVICE).href + '/');
    expect(run.invocations).toEqual([{ executionSuccessful: true, toolExecutionNotifications: [] }]);
  });

  it('gives each finding one result with rule, level, repo-relative location and both fingerprints', () => {
    const findings = result.report.findings as (Finding & { lineHash?: string })[];
    expect(run.results).toHaveLength(findings.length);
    for (const finding of findings) {
      const uri = finding.file.split('/').map(encodeURIComponent).join('/');
      const match = run.results.filter(
        (candidate) =>
          candidate.ruleId === finding.ruleId &&
          candidate.locations[0]!.physicalLocation.artifactLocation.uri === uri &&
          candidate.locations[0]!.physicalLocation.region?.startLine === finding.line &&
          candidate.locations[0]!.physicalLocation.region?.startColumn === finding.column,
      );
      expect(match, `${finding.file}:${finding.line}`).toHaveLength(1);
      const sarifResult = match[0]!;
      expect(run.tool.driver.rules[sarifResult.ruleIndex]!.id).toBe(finding.ruleId);
      expect(sarifResult.level).toBe(finding.severity);
      expect(sarifResult.message.text.startsWith(finding.message)).toBe(true);
      expect(sarifResult.locations).toHaveLength(1);
      const { artifactLocation, region } = sarifResult.locations[0]!.physicalLocation;
      expect(artifactLocation.uriBaseId).toBe('%SRCROOT%');
      expect(artifactLocation.uri).not.toMatch(/^(\/|[a-z]+:)/u);
      expect(decodeURIComponent(artifactLocation.uri)).toBe(finding.file);
      expect(region).toEqual({ startLine: finding.line, startColumn: finding.column, endLine: finding.endLine, endColumn: finding.endColumn });
      const text = fs.readFileSync(path.join(SERVICE, finding.file), 'utf8');
      expect(sarifResult.partialFingerprints?.primaryLocationLineHash).toBe(referenceLineHashes(text)[finding.line - 1]);
      expect(sarifResult.partialFingerprints?.['resilint/v1']).toBe(finding.fingerprint);
    }
  });

  it('percent-encodes paths with spaces and hashes the CRLF file with a byte-order mark as stored', () => {
    const uris = run.results.map((sarifResult) => sarifResult.locations[0]!.physicalLocation.artifactLocation.uri);
    expect(uris).toContain('src/jobs%20and%20tasks/nightly%20job.ts');
    const notify = run.results.find((sarifResult) => sarifResult.locations[0]!.physicalLocation.artifactLocation.uri === 'src/notify.ts');
    const raw = fs.readFileSync(path.join(SERVICE, 'src/notify.ts'), 'utf8');
    expect(raw.startsWith('\uFEFF') && raw.includes('\r\n')).toBe(true);
    const line = notify!.locations[0]!.physicalLocation.region!.startLine;
    expect(notify!.partialFingerprints?.primaryLocationLineHash).toBe(referenceLineHashes(raw)[line - 1]);
  });

  it('lists results in file and position order', () => {
    const keys = run.results.map((sarifResult) => {
      const { artifactLocation, region } = sarifResult.locations[0]!.physicalLocation;
      return [decodeURIComponent(artifactLocation.uri), region!.startLine, region!.startColumn ?? 0] as const;
    });
    const sorted = [...keys].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1] || a[2] - b[2]));
    expect(keys).toEqual(sorted);
  });

  it('defaults to the category resilint/ and leaves primaryLocationLineHash to the upload action when no hash was computed', () => {
    const plain = { ...result.report, findings: result.report.findings.map(({ lineHash: _lineHash, ...finding }: Finding & { lineHash?: string }) => finding) };
    const defaultRun = onlyRun(parseValidSarif(sarifFormatter(plain, { cwd: SERVICE, color: false })));
    expect(defaultRun.automationDetails?.id).toBe('resilint/');
    for (const sarifResult of defaultRun.results) {
      expect(sarifResult.partialFingerprints).not.toHaveProperty('primaryLocationLineHash');
      expect(sarifResult.partialFingerprints?.['resilint/v1']).toMatch(/^[0-9a-f]{32}$/u);
    }
  });

  it('leaves suppressed findings out by default and keeps them with suppressions on request', () => {
    expect(result.suppressed.length).toBeGreaterThan(0);
    const withSuppressed = { ...result.report, findings: [...result.report.findings, ...result.suppressed] };
    const excluded = onlyRun(format(withSuppressed, SERVICE));
    expect(excluded.results).toHaveLength(result.report.findings.length);
    const included = onlyRun(format(withSuppressed, SERVICE, { includeSuppressed: true }));
    expect(included.results).toHaveLength(result.report.findings.length + result.suppressed.length);
    const suppressedResults = included.results.filter((sarifResult) => sarifResult.suppressions);
    expect(suppressedResults).toHaveLength(result.suppressed.length);
    for (const sarifResult of suppressedResults) {
      expect(sarifResult.suppressions).toEqual([{ kind: 'inSource', status: 'accepted' }]);
      expect(decodeURIComponent(sarifResult.locations[0]!.physicalLocation.artifactLocation.uri)).toBe('src/util/cache.ts');
    }
    const baselined = result.report.findings.map((finding) => ({
      ...finding,
      suppression: { kind: 'baseline' as const, justification: 'known before the baseline' },
    }));
    const baselineRun = onlyRun(format({ ...result.report, findings: baselined }, SERVICE, { includeSuppressed: true }));
    expect(baselineRun.results.map((sarifResult) => sarifResult.suppressions)).toEqual(
      baselined.map(() => [{ kind: 'external', status: 'accepted', justification: 'known before the baseline' }]),
    );
    expect(onlyRun(format({ ...result.report, findings: baselined }, SERVICE)).results).toEqual([]);
  });

  it('puts a model explanation and a verified fix in message.text, and the fix in fixes', () => {
    const target = result.report.findings.find((finding) => finding.file === 'src/orders.ts' && finding.ruleId === 'resilint/no-swallowed-error')!;
    const file = path.join(SERVICE, target.file);
    const text = fs.readFileSync(file, 'utf8');
    const start = text.indexOf('catch {}');
    const replacement = 'catch (error) {\n    throw new Error(`Cannot save order ${order.id}`, { cause: error });\n  }';
    const fixed = text.slice(0, start) + replacement + text.slice(start + 'catch {}'.length);
    // Verified the way the pipeline verifies model fixes: the same rules on the edited text.
    const after = result.session.lintText(file, fixed);
    expect(after.some((finding) => finding.ruleId === target.ruleId && finding.line === target.line)).toBe(false);
    const edit: FindingEdit = {
      range: [start, start + 8],
      text: replacement,
      startLine: target.line,
      startColumn: target.column,
      endLine: target.line,
      endColumn: target.column + 8,
    };
    const explained: Finding = {
      ...target,
      explanation: { source: 'model', text: 'A failed save is reported as a placed order.', verdict: 'confirmed', confidence: 0.9, model: 'claude-test' },
      fix: { summary: 'Rethrow with the cause', edits: [edit], source: 'model', verified: true },
    };
    const unverified: Finding = { ...explained, fix: { ...explained.fix!, verified: false } };
    const docExplained: Finding = { ...target, explanation: { source: 'rule-doc', text: 'From the docs.' } };

    const fixedRun = onlyRun(format({ ...result.report, findings: [explained] }, SERVICE));
    const sarifResult = fixedRun.results[0]!;
    expect(sarifResult.message.text.split('\n\n')).toEqual([
      target.message,
      'Why (claude-test, confirmed): A failed save is reported as a placed order.',
      'Fix (proposed by the model, verified by re-running the rules): Rethrow with the cause',
    ]);
    expect(sarifResult.fixes).toEqual([
      {
        description: { text: 'Rethrow with the cause' },
        artifactChanges: [
          {
            artifactLocation: { uri: 'src/orders.ts', uriBaseId: '%SRCROOT%' },
            replacements: [
              {
                deletedRegion: { startLine: target.line, startColumn: target.column, endLine: target.line, endColumn: target.column + 8 },
                insertedContent: { text: replacement },
              },
            ],
          },
        ],
      },
    ]);
    expect(sarifResult.properties).toMatchObject({ explanationSource: 'model', verdict: 'confirmed', confidence: 0.9, model: 'claude-test' });

    const unverifiedResult = onlyRun(format({ ...result.report, findings: [unverified] }, SERVICE)).results[0]!;
    expect(unverifiedResult.fixes).toBeUndefined();
    expect(unverifiedResult.message.text).not.toContain('Fix (');
    const docResult = onlyRun(format({ ...result.report, findings: [docExplained] }, SERVICE)).results[0]!;
    expect(docResult.message.text).toBe(target.message);
  });

  it("carries the rule's own fixes as SARIF fixes", () => {
    const withFix = result.report.findings.filter((finding) => finding.fix?.verified);
    expect(withFix.length).toBeGreaterThan(0);
    for (const finding of withFix) {
      const sarifResult = run.results.find(
        (candidate) =>
          candidate.ruleId === finding.ruleId &&
          candidate.locations[0]!.physicalLocation.region?.startLine === finding.line &&
          decodeURIComponent(candidate.locations[0]!.physicalLocation.artifactLocation.uri) === finding.file,
      )!;
      const replacements = sarifResult.fixes?.[0]?.artifactChanges[0]?.replacements;
      expect(replacements?.map((replacement) => replacement.insertedContent?.text)).toEqual(finding.fix!.edits.map((edit) => edit.text));
    }
  });
});

describe('SARIF when nothing or not everything could be analyzed', () => {
  it('reports a file with only a parse error as an error notification and an unsuccessful execution', async () => {
    const cwd = path.join(FIXTURES, 'sarif-parse-error');
    const { report } = await analyzeWithLineHashes(cwd);
    expect(report.findings).toEqual([]);
    const run = onlyRun(format(report, cwd));
    expect(run.results).toEqual([]);
    expect(run.invocations).toHaveLength(1);
    const invocation = run.invocations[0]!;
    expect(invocation.executionSuccessful).toBe(false);
    expect(invocation.toolExecutionNotifications).toHaveLength(1);
    const notification = invocation.toolExecutionNotifications![0]!;
    expect(notification).toMatchObject({ level: 'error', descriptor: { id: 'parse-error' } });
    expect(notification.message.text).toContain('src/broken.ts');
    expect(notification.locations?.[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: 'src/broken.ts', uriBaseId: '%SRCROOT%' },
      region: { startLine: report.notifications[0]!.line, startColumn: report.notifications[0]!.column },
    });
  });

  it('keeps the run successful when only the model failed, with the failure as a warning notification', async () => {
    const { report } = await analyzeWithLineHashes(path.join(FIXTURES, 'sarif-service'));
    const withLlmFailure: AnalysisReport = {
      ...report,
      notifications: [
        ...report.notifications,
        { level: 'warning', kind: 'llm-timeout', message: 'The model did not answer within 60 s; findings keep the rule explanation.' },
      ],
    };
    const run = onlyRun(format(withLlmFailure, SERVICE));
    expect(run.invocations[0]!.executionSuccessful).toBe(true);
    expect(run.invocations[0]!.toolExecutionNotifications).toEqual([
      { level: 'warning', descriptor: { id: 'llm-timeout' }, message: { text: 'The model did not answer within 60 s; findings keep the rule explanation.' } },
    ]);
    expect(run.results).toHaveLength(report.findings.length);
  });

  it('writes results: [] for an empty project', async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'resilint-sarif-empty-'));
    try {
      fs.writeFileSync(path.join(cwd, 'README.md'), '# nothing to analyze\n');
      const { report } = await analyzeWithLineHashes(cwd);
      const text = sarifFormatter(report, { cwd, color: false });
      expect(text).toMatch(/"results": \[\]/u);
      const run = onlyRun(parseValidSarif(text));
      expect(run.results).toEqual([]);
      expect(run.tool.driver.rules.length).toBe(report.rules.length);
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  });
});

describe("GitHub's limits", () => {
  it('keeps the most severe 25,000 results and says how many were cut', () => {
    // 25,010 real findings from the rule engine: 25,000 empty catches as warnings, 10 string throws as errors.
    const swallowed = `declare function step(n: number): void;\n${Array.from({ length: 25_000 }, (_unused, index) => `try { step(${index}); } catch {}`).join('\n')}\n`;
    const throwing = Array.from({ length: 10 }, (_unused, index) => `export function fail${index}(): never {\n  throw 'failed ${index}';\n}`).join('\n');
    const findings = [
      ...lintWithRealRules('a.ts', swallowed, 'no-swallowed-error', 'warning'),
      ...lintWithRealRules('b.ts', throwing, 'no-throw-non-error', 'error'),
    ];
    expect(findings.filter((finding) => finding.severity === 'warning')).toHaveLength(25_000);
    expect(findings.filter((finding) => finding.severity === 'error')).toHaveLength(10);
    const report: AnalysisReport = {
      version: '1.0.0',
      tool: { name: 'resilint', version: '0.1.0' },
      rules: ['resilint/no-swallowed-error', 'resilint/no-throw-non-error'],
      findings,
      notifications: [],
      stats: { filesMatched: 2, filesAnalyzed: 2, findings: findings.length, durationMs: 0 },
    };
    const run = onlyRun(format(report, '/repo'));
    expect(run.results).toHaveLength(25_000);
    expect(run.results.filter((sarifResult) => sarifResult.level === 'error')).toHaveLength(10);
    const notifications = run.invocations[0]!.toolExecutionNotifications ?? [];
    const cut = notifications.find((notification) => notification.descriptor?.id === 'sarif-results-truncated');
    expect(cut?.level).toBe('warning');
    expect(cut?.message.text).toMatch(/^10 of 25010 results were left out/u);
    // The kept warnings are still in file and position order.
    const lines = run.results
      .filter((sarifResult) => sarifResult.level === 'warning')
      .map((sarifResult) => sarifResult.locations[0]!.physicalLocation.region!.startLine);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });

  it('warns in the log when the gzipped file would pass 10 MB', () => {
    const log: SarifLog = JSON.parse(
      sarifFormatter(
        {
          version: '1.0.0',
          tool: { name: 'resilint', version: '0.1.0' },
          rules: ['resilint/no-swallowed-error'],
          findings: [],
          notifications: [],
          stats: { filesMatched: 0, filesAnalyzed: 0, findings: 0, durationMs: 0 },
        },
        { cwd: '/repo', color: false },
      ),
    ) as SarifLog;
    expect(log.runs[0]!.invocations[0]!.toolExecutionNotifications).toEqual([]);
    // Incompressible message text: 16 MB of random base64 over 800 results.
    const template = {
      ruleId: 'resilint/no-swallowed-error',
      ruleIndex: 0,
      level: 'error' as const,
      locations: [{ physicalLocation: { artifactLocation: { uri: 'a.ts', uriBaseId: '%SRCROOT%' }, region: { startLine: 1 } } }],
    };
    log.runs[0]!.results = Array.from({ length: 800 }, () => ({ ...template, message: { text: cryptoRandomText(20_000) } }));
    const warned = parseValidSarif(serializeSarifLog(log));
    const notification = warned.runs[0]!.invocations[0]!.toolExecutionNotifications!.find((candidate) => candidate.descriptor?.id === 'sarif-too-large');
    expect(notification?.level).toBe('warning');
    expect(notification?.message.text).toMatch(/^This SARIF file is \d+\.\d MB gzipped/u);
    expect(applyGitHubLimits(structuredClone(warned)).runs[0]!.results).toHaveLength(800);
  });
});

function cryptoRandomText(length: number): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(Math.ceil((length * 3) / 4))))
    .toString('base64')
    .slice(0, length);
}

/** Findings of one rule on one text, from the real rule engine, shaped as the pipeline shapes them. */
function lintWithRealRules(file: string, text: string, name: keyof typeof rules, severity: Severity): Finding[] {
  const rule = ruleOf(name);
  const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const raw = runChecks({ sourceFile, program: undefined, project: NO_PROJECT_FACTS }, [
    { rule: { name, messages: rule.meta.messages, check: rule.check }, options: rule.meta.defaultOptions ?? [] },
  ]);
  const findings: Finding[] = raw.map((finding) => ({
    ruleId: `resilint/${name}`,
    messageId: finding.messageId,
    family: rule.meta.docs.family,
    severity,
    file,
    line: finding.loc.start.line,
    column: finding.loc.start.column + 1,
    endLine: finding.loc.end.line,
    endColumn: finding.loc.end.column + 1,
    message: finding.message,
    fingerprint: '',
  }));
  const fingerprints = computeFingerprints(findings, text);
  return findings.map((finding, index) => ({ ...finding, fingerprint: fingerprints[index]! }));
}
