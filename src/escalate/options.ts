import type { Family } from '../../rules/engine/types.js';
import type { Severity, TriageAction } from '../findings/finding.js';
import type { PromptLayout } from './request.js';
import { DEFAULT_PROMPT_LAYOUT } from './request.js';

/** `auto`: escalate when a key is configured; `dry-run`: write the requests to a folder, send nothing. */
export type LlmMode = 'off' | 'auto' | 'on' | 'dry-run';

export const LLM_MODES: readonly LlmMode[] = ['off', 'auto', 'on', 'dry-run'];

/** Everything the escalation stage needs, resolved from CLI options, the config file and the environment. */
export interface EscalationOptions {
  mode: LlmMode;
  /** From `ANTHROPIC_API_KEY` in the environment object; decided by us, never looked up by the SDK. */
  apiKey: string | undefined;
  /** `llm.baseURL` or `ANTHROPIC_BASE_URL`; undefined means the public API. */
  baseURL: string | undefined;
  /** Explains and triages every escalated finding (and fixes it, unless `fixModel` is set). @default DEFAULT_MODEL */
  model: string;
  /**
   * When set, fixes come only from this model: a finding the default model confirms, and that has no rule
   * fix, is asked once more, of this model, for the fix. @default undefined (the default model fixes too)
   */
  fixModel: string | undefined;
  /** Cap on requests sent per run (cache hits are free and do not count). @default 50 */
  maxEscalations: number;
  /** Stop escalating when the estimated spend would pass this many USD. @default undefined (no budget) */
  budgetUsd: number | undefined;
  /** Requests in flight at once. @default 4 */
  concurrency: number;
  /** Per-request timeout given to the SDK, in ms. @default 60000 */
  requestTimeoutMs: number;
  /** Retries the SDK makes per request (it honours `retry-after`). @default 2 */
  maxRetries: number;
  /** Deadline for the whole escalation stage, in ms. @default 300000 */
  deadlineMs: number;
  /** Consecutive failed requests after which escalation stops. @default 3 */
  circuitBreakerThreshold: number;
  /** Only findings at or above this severity are escalated. @default 'note' */
  minSeverity: Severity;
  /** Only findings of these families are escalated; undefined means all. */
  families: readonly Family[] | undefined;
  /** Upper bound of the code context sent per finding, in characters. @default 12000 */
  maxContextChars: number;
  /** `max_tokens` of each request. @default 2048 */
  maxOutputTokens: number;
  /** Answer cache folder (relative to the working directory), or undefined to disable. @default '.resilint-cache/llm' */
  cacheDir: string | undefined;
  /** Where the rule docs go in the prompt (src/escalate/request.ts); programmatic only, for `npm run bench:llm`. @default 'by-rule' */
  promptLayout: PromptLayout;
  /** Where `--llm dry-run` writes requests (relative to the working directory). @default '.resilint-dry-run' */
  dryRunDir: string;
  /**
   * What a high-confidence `likely-false-positive` verdict does: `mark` the finding (it still counts
   * towards the exit code) or `hide` it from the exit code; it stays in the report either way. @default 'mark'
   */
  triage: TriageAction;
  /** Send the run's requests as one Message Batch (half the price, answers within the deadline or not at all). @default false */
  batch: boolean;
  /** Wait between two polls of a batch, in ms. @default 10000 */
  batchPollMs: number;
}

/** The cheapest current model (src/escalate/pricing.ts, docs/llm.md): explanations and triage at about a tenth of a cent per finding. */
export const DEFAULT_MODEL = 'claude-haiku-5-5';

export const DEFAULT_ESCALATION_OPTIONS: Readonly<Omit<EscalationOptions, 'apiKey' | 'baseURL'>> = {
  mode: 'auto',
  model: DEFAULT_MODEL,
  fixModel: undefined,
  maxEscalations: 50,
  budgetUsd: undefined,
  concurrency: 4,
  requestTimeoutMs: 60_000,
  maxRetries: 2,
  deadlineMs: 300_000,
  circuitBreakerThreshold: 3,
  minSeverity: 'note',
  families: undefined,
  maxContextChars: 12_000,
  maxOutputTokens: 2048,
  cacheDir: '.resilint-cache/llm',
  dryRunDir: '.resilint-dry-run',
  triage: 'mark',
  batch: false,
  batchPollMs: 10_000,
  promptLayout: DEFAULT_PROMPT_LAYOUT,
};

/** Options with every default applied: for tests and programmatic callers. */
export function createEscalationOptions(overrides: Partial<EscalationOptions> = {}): EscalationOptions {
  return { apiKey: undefined, baseURL: undefined, ...DEFAULT_ESCALATION_OPTIONS, ...overrides };
}
