import type { Finding, Notification } from '../findings/finding.js';
import { SEVERITY_RANK } from '../findings/finding.js';
import type { LlmStats } from '../report/types.js';
import { createBatchLane } from './batch-lane.js';
import { createDirectSender } from './direct-sender.js';
import type { Candidate } from './escalate-finding.js';
import { createFindingHandler, noteInternalError } from './escalate-finding.js';
import { enclosingFunctionStart } from './context.js';
import type { AnalysisSession } from './host.js';
import { createLanes, notePriceAge } from './lane.js';
import type { EscalationOptions } from './options.js';
import { emptyStats } from './pricing.js';
import { loadPromptsOrThrow } from './prompts.js';
import { ruleDocExplanation } from './rule-doc-explanation.js';
import { createStage, noteStageEnd } from './stage.js';

export type { AnalysisSession } from './host.js';
export type { EscalationOptions } from './options.js';
export { ASSUMED_OUTPUT_TOKENS, projectCost } from './cost.js';
export { formatLlmStats } from './format-stats.js';
export { ruleDocExplanation } from './rule-doc-explanation.js';

export interface EscalationResult {
  findings: Finding[];
  notifications: Notification[];
  stats: LlmStats;
}

/**
 * Escalates flagged regions to the model and returns every input finding, in order, each with an
 * explanation (the model's, or the rule doc's when the model was not asked or did not answer) and a
 * model fix when one survives verification. Never throws for an LLM problem: those become notifications.
 */
export async function escalate(
  findings: Finding[],
  host: AnalysisSession,
  options: EscalationOptions,
  /** Aborted on the first SIGINT/SIGTERM: the stage stops, requests in flight are aborted, answers so far are kept. */
  interrupt?: AbortSignal,
): Promise<EscalationResult> {
  const stats = emptyStats();
  const notifications: Notification[] = [];
  const out = findings.map((finding) => ({ ...finding }));
  try {
    await runEscalation(out, host, options, stats, notifications, interrupt);
  } catch (error) {
    notifications.push({
      level: 'error',
      kind: 'llm-internal-error',
      message: `Escalation stopped on an unexpected error; static findings are complete: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
  for (const finding of out) finding.explanation ??= ruleDocExplanation(finding.ruleId);
  stats.estimatedCostUsd = Math.round(stats.estimatedCostUsd * 1e6) / 1e6;
  return { findings: out, notifications, stats };
}

/** Explains `findings` in place: the candidates are handled by `--concurrency` workers, then a batch (if any) is sent and applied. */
async function runEscalation(
  findings: Finding[],
  host: AnalysisSession,
  options: EscalationOptions,
  stats: LlmStats,
  notifications: Notification[],
  interrupt: AbortSignal | undefined,
): Promise<void> {
  if (!willAsk(options, notifications)) return;
  const candidates = escalationCandidates(findings, options);
  if (candidates.length === 0) return;

  const prompts = loadPromptsOrThrow();
  const lanes = createLanes(prompts, options, notifications);
  notePriceAge(options, notifications, new Date());
  const stage = await createStage(host, options, stats, notifications, interrupt);
  const batch = options.batch && options.mode !== 'dry-run' ? createBatchLane(stage) : undefined;
  const handler = createFindingHandler(stage, lanes, findings, { direct: createDirectSender(stage), batch });
  try {
    await batch?.collectPending();
    await runWorkers(groupByFunction(candidates, host), options.concurrency, async (group) => {
      try {
        await handler.handle(group);
      } catch (error) {
        noteInternalError(stage, group[0]!.finding, error);
      }
    });
    await batch?.flush();
    await handler.settled();
  } finally {
    stage.dispose();
  }
  noteStageEnd(stage);
}

/** False when the stage is off, or on without a key (a warning for `--llm on`). */
function willAsk(options: EscalationOptions, notifications: Notification[]): boolean {
  if (options.mode === 'off') return false;
  if (options.mode === 'dry-run' || options.apiKey) return true;
  if (options.mode === 'on') {
    notifications.push({
      level: 'warning',
      kind: 'llm-no-key',
      message: '--llm on was given but ANTHROPIC_API_KEY is not set; explanations come from the rule docs.',
    });
  }
  return false;
}

/** Findings not suppressed, at or above `--llm-min-severity`, of the families asked for. */
function escalationCandidates(findings: Finding[], options: EscalationOptions): Candidate[] {
  return findings
    .map((finding, index) => ({ finding, index }))
    .filter(
      ({ finding }) =>
        !finding.suppression &&
        SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[options.minSeverity] &&
        (!options.families || options.families.includes(finding.family)),
    );
}

/** Findings of one group go in one request: at most this many, so that an answer list stays short. */
export const MAX_FINDINGS_PER_REQUEST = 8;

/**
 * The candidates in groups asked together: the findings of one rule in one function, in report order, at
 * most MAX_FINDINGS_PER_REQUEST each; a finding outside any function goes alone.
 */
function groupByFunction(candidates: readonly Candidate[], host: AnalysisSession): Candidate[][] {
  const groups: Candidate[][] = [];
  const open = new Map<string, Candidate[]>();
  for (const candidate of candidates) {
    const start = enclosingFunctionStart(host, candidate.finding);
    const key = start === undefined ? undefined : `${candidate.finding.file}\0${candidate.finding.ruleId}\0${start}`;
    const group = key === undefined ? undefined : open.get(key);
    if (group && group.length < MAX_FINDINGS_PER_REQUEST) {
      group.push(candidate);
      continue;
    }
    groups.push([candidate]);
    if (key !== undefined) open.set(key, groups.at(-1)!);
  }
  return groups;
}

/** Runs `work` on each item, at most `concurrency` at a time, in order of start. */
async function runWorkers<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next]!;
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
}
