import type { Family, TextEdit } from '../../rules/engine/types.js';

/** resilint's severities, named as SARIF levels. */
export type Severity = 'error' | 'warning' | 'note';

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { note: 1, warning: 2, error: 3 };

/** Where an explanation came from: the model, or the rule's own documentation (no key, LLM off or failed). */
export type ExplanationSource = 'model' | 'rule-doc';

export interface Explanation {
  source: ExplanationSource;
  text: string;
  /** Only from the model. */
  verdict?: 'confirmed' | 'likely-false-positive' | 'uncertain';
  confidence?: number;
  model?: string;
}

/**
 * The model judged the finding a false positive with high confidence (src/escalate/triage.ts). The finding
 * stays in every report; `action` says whether it still counts towards the exit code.
 */
export interface Triage {
  verdict: 'likely-false-positive';
  confidence: number;
  model: string;
  /** `mark` (the default): shown as triaged, still counted; `hide` (`--llm-triage hide`): left out of the exit code. */
  action: TriageAction;
}

export type TriageAction = 'mark' | 'hide';

/** An edit in line/column terms for reporters, alongside the offsets used to apply it. */
export interface FindingEdit extends TextEdit {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export interface FindingFix {
  summary: string;
  edits: readonly FindingEdit[];
  /** `rule`: the rule's own autofix or suggestion; `model`: proposed by the model and verified. */
  source: 'rule' | 'model';
  verified: boolean;
}

export interface Suppression {
  kind: 'inline' | 'baseline';
  justification?: string;
}

/**
 * The one flat record that flows from the rules to every reporter. Paths are relative to the working
 * directory with forward slashes; lines and columns are 1-based, end column exclusive (like ESLint).
 */
export interface Finding {
  /** With the plugin prefix: `resilint/no-swallowed-error`. */
  ruleId: string;
  messageId: string;
  family: Family;
  severity: Severity;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  /** Stable across line shifts: rule, file, the normalised text of the flagged lines and an occurrence index. */
  fingerprint: string;
  explanation?: Explanation;
  /** Set when the model judged the finding a false positive with high confidence. */
  triage?: Triage;
  fix?: FindingFix;
  suppression?: Suppression;
  /** GitHub's primaryLocationLineHash of the first line; set only on the way to SARIF. */
  lineHash?: string;
}

/**
 * Every notification kind a report can hold: a closed list, so a consumer of the JSON or SARIF can
 * switch on it. docs/report.schema.json lists the same kinds (a test keeps them equal).
 */
export const NOTIFICATION_KINDS = [
  // The analysis: files that could not be read or analyzed, configuration, the run itself.
  'parse-error',
  'file-too-large',
  'minified-file',
  'non-utf8-file',
  'unreadable-file',
  'unreadable-directory',
  'not-a-regular-file',
  'broken-symlink',
  'symlink-loop',
  'unsupported-file-name',
  'nesting-too-deep',
  'non-production-skipped',
  'no-type-information',
  'tsconfig-error',
  'unused-disable-directive',
  'internal-error',
  'interrupted',
  // `resilint/sarif`, the ESLint formatter: a message of ESLint itself, not of a resilint rule.
  'eslint-message',
  // The escalation stage.
  'llm-aborted',
  'llm-auth',
  'llm-batch-awaited',
  'llm-batch-canceled',
  'llm-batch-collected',
  'llm-batch-errored',
  'llm-batch-expired',
  'llm-batch-gone',
  'llm-batch-missing',
  'llm-batch-pending',
  'llm-batch-unread',
  'llm-budget-exhausted',
  'llm-cache-corrupt',
  'llm-cache-unused',
  'llm-cache-write',
  'llm-circuit-open',
  'llm-connection',
  'llm-context-failed',
  'llm-deadline',
  'llm-dry-run',
  'llm-fatal',
  'llm-fix-unverified',
  'llm-fix-verification',
  'llm-internal-error',
  'llm-invalid-answer',
  'llm-max-escalations',
  'llm-no-key',
  'llm-not-escalated',
  'llm-overloaded',
  'llm-prices-stale',
  'llm-prompt-missing',
  'llm-rate-limited',
  'llm-refusal',
  'llm-request-error',
  'llm-secret-blocked',
  'llm-server-error',
  'llm-timeout',
  'llm-unavailable',
  'llm-unknown-price',
] as const;

export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Something the run could not do: a file that did not parse, a config problem, an LLM failure. */
export interface Notification {
  level: 'error' | 'warning' | 'note';
  /** A stable machine-readable kind from NOTIFICATION_KINDS, e.g. `parse-error`, `llm-timeout`. */
  kind: NotificationKind;
  message: string;
  file?: string;
  line?: number;
  column?: number;
}
