import { gzipSync } from 'node:zlib';

import type { Finding, Notification, Severity } from '../../findings/finding.js';
import { type LooseRuleMeta, buildRuleDescriptor } from './rule-descriptor.js';
import {
  SARIF_SCHEMA_URI,
  SRCROOT,
  type SarifFix,
  type SarifLevel,
  type SarifLocation,
  type SarifLog,
  type SarifNotification,
  type SarifReportingDescriptor,
  type SarifResult,
  type SarifRun,
} from './types.js';

/** GitHub code scanning rejects runs with more results than this. */
export const MAX_RESULTS_PER_RUN = 25_000;
/** GitHub code scanning rejects uploads whose gzipped SARIF is larger than this. */
export const MAX_GZIPPED_BYTES = 10 * 1024 * 1024;

/** resilint's own fingerprint key in `partialFingerprints`: stable across line shifts. */
export const RESILINT_FINGERPRINT_KEY = 'resilint/v1';
/** GitHub's fingerprint key, computed as its upload action does (see line-hash.ts). */
export const LINE_HASH_KEY = 'primaryLocationLineHash';

export interface SarifOptions {
  /**
   * The analysis category: `automationDetails.id` becomes `<category>/`. Distinguishes several
   * resilint runs on one commit (e.g. per package of a monorepo), as upload-sarif's `category` does.
   * @default 'resilint'
   */
  category?: string;
  /**
   * Keep findings suppressed inline or by the baseline, with SARIF `suppressions`. GitHub ignores
   * `suppressions` and would open alerts for them, so they are left out by default.
   * @default false
   */
  includeSuppressed?: boolean;
}

/** The fields of a finding SARIF needs; ESLint messages provide these too. */
export type SarifInputFinding = Pick<Finding, 'ruleId' | 'severity' | 'file' | 'line' | 'column' | 'endLine' | 'endColumn' | 'message'> &
  Partial<Pick<Finding, 'fingerprint' | 'explanation' | 'triage' | 'fix' | 'suppression' | 'family'>> & { lineHash?: string };

export interface SarifRunInput {
  tool: { name: string; version: string; informationUri: string };
  /** Every rule that ran, in order; `meta` describes rules that are not resilint's. */
  rules: readonly { id: string; meta?: LooseRuleMeta }[];
  findings: readonly SarifInputFinding[];
  notifications: readonly Notification[];
  /** Absolute folder the finding paths are relative to. */
  cwd: string;
}

/** One SARIF log with one run, within GitHub's limits (results cut with a notification, size warned). */
export function buildSarifLog(input: SarifRunInput, options: SarifOptions = {}): SarifLog {
  const descriptors: SarifReportingDescriptor[] = [];
  const ruleIndex = new Map<string, number>();
  const addRule = (id: string, meta?: LooseRuleMeta): number => {
    let index = ruleIndex.get(id);
    if (index === undefined) {
      index = descriptors.push(buildRuleDescriptor(id, meta)) - 1;
      ruleIndex.set(id, index);
    }
    return index;
  };
  for (const rule of input.rules) addRule(rule.id, rule.meta);

  const kept = input.findings.filter((finding) => options.includeSuppressed === true || !finding.suppression);
  const results = kept.map((finding) => toResult(finding, addRule(finding.ruleId))).sort(compareResults);
  const run: SarifRun = {
    tool: {
      driver: {
        name: input.tool.name,
        version: input.tool.version,
        semanticVersion: input.tool.version,
        informationUri: input.tool.informationUri,
        rules: descriptors,
      },
    },
    automationDetails: { id: automationId(options.category) },
    originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(input.cwd) } },
    invocations: [
      {
        executionSuccessful: isExecutionSuccessful(input.notifications),
        toolExecutionNotifications: input.notifications.map(toNotification),
      },
    ],
    results,
    columnKind: 'utf16CodeUnits',
  };
  return applyGitHubLimits({ $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] });
}

/** The log as text, with a warning notification added when GitHub would refuse it for its size. */
export function serializeSarifLog(log: SarifLog): string {
  const text = `${JSON.stringify(log, null, 2)}\n`;
  // JSON always compresses: a log within the limit as plain text is within it gzipped.
  if (Buffer.byteLength(text) <= MAX_GZIPPED_BYTES) return text;
  const gzipped = gzipSync(text).byteLength;
  if (gzipped <= MAX_GZIPPED_BYTES) return text;
  const warned = structuredClone(log);
  for (const run of warned.runs) {
    addNotification(run, {
      level: 'warning',
      descriptor: { id: 'sarif-too-large' },
      message: {
        text: `This SARIF file is ${(gzipped / 1024 / 1024).toFixed(1)} MB gzipped; GitHub code scanning accepts at most 10 MB. Analyze fewer paths per run (--shard), or upload per category.`,
      },
    });
  }
  return `${JSON.stringify(warned, null, 2)}\n`;
}

/**
 * Keeps at most 25,000 results per run: the highest ranked (the most severe, untriaged first), in their original order, with a
 * warning notification saying how many were left out. Mutates and returns `log`.
 */
export function applyGitHubLimits(log: SarifLog, maxResults = MAX_RESULTS_PER_RUN): SarifLog {
  for (const run of log.runs) {
    if (run.results.length <= maxResults) continue;
    const ranked = run.results.map((result, index) => ({ result, index }));
    // By rank, so findings the model triaged as false positives are the first left out; then by level.
    ranked.sort((a, b) => (b.result.rank ?? -1) - (a.result.rank ?? -1) || LEVEL_RANK[b.result.level] - LEVEL_RANK[a.result.level] || a.index - b.index);
    const keep = new Set(ranked.slice(0, maxResults).map(({ index }) => index));
    const dropped = run.results.length - maxResults;
    run.results = run.results.filter((_result, index) => keep.has(index));
    addNotification(run, {
      level: 'warning',
      descriptor: { id: 'sarif-results-truncated' },
      message: {
        text: `${dropped} of ${dropped + maxResults} results were left out: GitHub code scanning accepts at most ${maxResults} results per run. The most severe were kept; see the JSON report for all of them.`,
      },
    });
  }
  return log;
}

const LEVEL_RANK: Readonly<Record<SarifLevel, number>> = { none: 0, note: 1, warning: 2, error: 3 };

function addNotification(run: SarifRun, notification: SarifNotification): void {
  const invocation = run.invocations[0] ?? { executionSuccessful: true };
  if (run.invocations.length === 0) run.invocations.push(invocation);
  invocation.toolExecutionNotifications = [...(invocation.toolExecutionNotifications ?? []), notification];
}

/**
 * The run succeeded when every file it was given was analyzed: an `error` notification (a file that
 * did not parse, a rule that crashed) means part of the code went unchecked. Warnings, such as an LLM
 * failure that left findings without a model explanation, do not.
 */
export function isExecutionSuccessful(notifications: readonly Notification[]): boolean {
  return notifications.every((notification) => notification.level !== 'error');
}

/** One order for every run, from the results themselves, so sharded and unsharded runs list results identically. */
export function compareResults(a: SarifResult, b: SarifResult): number {
  const ka = sortKey(a);
  const kb = sortKey(b);
  for (let index = 0; index < ka.length; index += 1) {
    const x = ka[index]!;
    const y = kb[index]!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

function sortKey(result: SarifResult): (string | number)[] {
  const location = result.locations[0]?.physicalLocation;
  const region = location?.region;
  return [
    decodeURIComponentSafe(location?.artifactLocation.uri ?? ''),
    region?.startLine ?? 0,
    region?.startColumn ?? 0,
    region?.endLine ?? 0,
    region?.endColumn ?? 0,
    result.ruleId,
    result.message.text,
  ];
}

function decodeURIComponentSafe(uri: string): string {
  try {
    return decodeURIComponent(uri);
  } catch {
    // Not percent-encoded by us: order by the text as it is.
    return uri;
  }
}

function toResult(finding: SarifInputFinding, ruleIndex: number): SarifResult {
  const fingerprints: Record<string, string> = {};
  if (finding.lineHash) fingerprints[LINE_HASH_KEY] = finding.lineHash;
  if (finding.fingerprint) fingerprints[RESILINT_FINGERPRINT_KEY] = finding.fingerprint;
  const fix = finding.fix?.verified ? toFix(finding) : undefined;
  const explanation = finding.explanation;
  const properties: Record<string, unknown> = {
    ...(finding.family && { family: finding.family }),
    ...(explanation?.source === 'model' && {
      explanationSource: 'model',
      ...(explanation.model && { model: explanation.model }),
      ...(explanation.verdict && { verdict: explanation.verdict }),
      ...(explanation.confidence !== undefined && { confidence: explanation.confidence }),
    }),
  };
  if (finding.triage) properties.triage = finding.triage;
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: toLevel(finding.severity),
    rank: resultRank(finding),
    message: { text: messageText(finding) },
    locations: [location(finding.file, { startLine: finding.line, startColumn: finding.column, endLine: finding.endLine, endColumn: finding.endColumn })],
    ...(Object.keys(fingerprints).length > 0 && { partialFingerprints: fingerprints }),
    ...(fix && { fixes: [fix] }),
    ...(finding.suppression && {
      suppressions: [
        {
          kind: finding.suppression.kind === 'inline' ? ('inSource' as const) : ('external' as const),
          status: 'accepted' as const,
          ...(finding.suppression.justification && { justification: finding.suppression.justification }),
        },
      ],
    }),
    ...(Object.keys(properties).length > 0 && { properties }),
  };
}

const SEVERITY_SARIF_RANK: Readonly<Record<Severity, number>> = { error: 90, warning: 60, note: 30 };

/**
 * SARIF `rank` (0 to 100, higher first) from the severity; a finding the model triaged as a likely false
 * positive ranks a tenth of that, below every untriaged finding, so viewers that sort by rank put it last.
 */
export function resultRank(finding: Pick<SarifInputFinding, 'severity' | 'triage'>): number {
  const rank = SEVERITY_SARIF_RANK[finding.severity];
  return finding.triage ? rank / 10 : rank;
}

/**
 * GitHub shows only `message.text` on an alert, so it carries everything the reader needs: the
 * finding, the model's explanation when there is one (the rule's own explanation is the rule help),
 * and the verified fix.
 */
function messageText(finding: SarifInputFinding): string {
  const parts = [finding.message];
  const { explanation, fix } = finding;
  if (explanation?.source === 'model') {
    const verdict = explanation.verdict ? `, ${explanation.verdict}` : '';
    parts.push(`Why (${explanation.model ?? 'model'}${verdict}): ${explanation.text}`);
  }
  if (finding.triage) {
    const { triage } = finding;
    const effect = triage.action === 'hide' ? 'left out of the exit code' : 'still counted in the exit code';
    parts.push(`Triaged (${triage.model}, confidence ${triage.confidence.toFixed(2)}): likely false positive; ${effect}.`);
  }
  if (fix?.verified) {
    const origin = fix.source === 'model' ? 'proposed by the model, verified by re-running the rules' : "the rule's own fix";
    parts.push(`Fix (${origin}): ${fix.summary}`);
  }
  return parts.join('\n\n');
}

function toFix(finding: SarifInputFinding): SarifFix {
  const fix = finding.fix!;
  return {
    description: { text: fix.summary },
    artifactChanges: [
      {
        artifactLocation: { uri: encodePath(finding.file), uriBaseId: SRCROOT },
        replacements: fix.edits.map((edit) => ({
          deletedRegion: { startLine: edit.startLine, startColumn: edit.startColumn, endLine: edit.endLine, endColumn: edit.endColumn },
          insertedContent: { text: edit.text },
        })),
      },
    ],
  };
}

function toNotification(notification: Notification): SarifNotification {
  return {
    level: notification.level,
    message: { text: notification.message },
    descriptor: { id: notification.kind },
    ...(notification.file && {
      locations: [
        location(
          notification.file,
          notification.line === undefined
            ? undefined
            : { startLine: notification.line, ...(notification.column !== undefined && { startColumn: notification.column }) },
        ),
      ],
    }),
  };
}

function location(file: string, region: SarifLocation['physicalLocation']['region']): SarifLocation {
  return {
    physicalLocation: {
      artifactLocation: { uri: encodePath(file), uriBaseId: SRCROOT },
      ...(region && { region }),
    },
  };
}

export function toLevel(severity: Severity): SarifLevel {
  return severity;
}

/** A relative path as a URI reference: each segment percent-encoded, slashes kept. */
export function encodePath(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

/** `file:///abs/dir/` for `originalUriBaseIds`: SARIF requires the trailing slash. */
export function directoryUri(directory: string): string {
  const posix = directory.replace(/\\/gu, '/');
  const absolute = posix.startsWith('/') ? posix : `/${posix}`;
  const encoded = absolute.split('/').map(encodeURIComponent).join('/');
  return `file://${encoded.endsWith('/') ? encoded : `${encoded}/`}`;
}

export function automationId(category: string | undefined): string {
  const id = category?.trim() || 'resilint';
  return id.endsWith('/') ? id : `${id}/`;
}
