import type { Finding } from '../findings/finding.js';
import type { ModelAnswer } from './answer-schema.js';
import type { AnsweredRegion } from './apply-answer.js';
import { applyAnswer, withFix } from './apply-answer.js';
import type { BatchLane } from './batch-lane.js';
import type { RegionContext } from './context.js';
import { gatherContext, RedactedSources } from './context.js';
import type { DirectSender } from './direct-sender.js';
import type { Lane } from './lane.js';
import { prepareRequest } from './prepare-request.js';
import type { Stage } from './stage.js';

/** An answer for one region, shared by every finding with the same dedupe key. */
interface Resolved {
  answer: ModelAnswer | undefined;
  /** The finding the answer's line numbers refer to. */
  line: number;
}

/** A region asked once: `prepared` settles once it is answered from the cache, skipped, or queued for the batch. */
interface Asked {
  prepared: Promise<void>;
  resolved: Promise<Resolved>;
}

export interface Candidate {
  finding: Finding;
  /** Its position in the report's findings, where its explained copy goes. */
  index: number;
}

/** How requests leave: one by one, or (with `--llm-batch`) queued for one batch. */
export interface Senders {
  direct: DirectSender;
  batch: BatchLane | undefined;
}

/**
 * Escalates one finding: gathers its context, asks its region once (copies share the answer), applies the
 * answer, and with a fix lane asks that model for the fix of a confirmed finding. With a batch, handling
 * ends once the region is queued; `settled()` waits for the answers to be applied.
 */
export function createFindingHandler(
  stage: Stage,
  lanes: { explain: Lane; fix: Lane | undefined },
  findings: Finding[],
  senders: Senders,
): { handle(candidate: Candidate): Promise<void>; settled(): Promise<void> } {
  const sources = new RedactedSources();
  const regions = new Map<string, Asked>();
  const applying: Promise<void>[] = [];

  const resolveRegion = (finding: Finding, context: RegionContext, lane: Lane, direct: boolean): Asked => {
    const request = lane.builder.build(finding.family, finding.ruleId, context.text);
    const prepared = prepareRequest(stage, finding, context, request, lane, direct);
    const answer = prepared.then((result) => {
      if ('answer' in result) return result.answer;
      return direct ? senders.direct(finding, request, result.send) : senders.batch!.enqueue(finding, request, result.send);
    });
    return { prepared: prepared.then(() => undefined), resolved: answer.then((value) => ({ answer: value, line: finding.line })) };
  };
  const ask = (finding: Finding, context: RegionContext, lane: Lane, key: string, direct: boolean): Asked => {
    let region = regions.get(key);
    if (!region) regions.set(key, (region = resolveRegion(finding, context, lane, direct)));
    return region;
  };

  const apply = async ({ finding, index }: Candidate, context: RegionContext, { answer, line }: Resolved): Promise<void> => {
    if (!answer) return;
    // With --llm-fix-model, a confirmed finding without a rule fix is asked once more, of the fix model,
    // for the fix only (always directly: its batch has been sent).
    const fixed =
      lanes.fix && answer.verdict === 'confirmed' && !findings[index]!.fix ? await ask(finding, context, lanes.fix, `fix\0${context.dedupeKey}`, true).resolved : undefined;
    const applyContext = { host: stage.host, notifications: stage.notifications, baseline: stage.baseline };
    const region: AnsweredRegion = { line, editable: context.editable };
    const explained = applyAnswer(findings[index]!, { ...answer, fix: null }, region, lanes.explain.model, stage.options.triage, applyContext);
    const fix = lanes.fix ? fixed?.answer?.fix : answer.fix;
    const fixRegion = { line: lanes.fix ? (fixed?.line ?? line) : line, editable: context.editable };
    findings[index] = fix ? withFix(explained, fix, fixRegion, applyContext) : explained;
  };

  return {
    async handle(candidate) {
      if (stage.counters.stopped) {
        stage.counters.notStarted += 1;
        return;
      }
      const context = await contextOf(stage, candidate.finding, sources);
      if (!context) return;
      const batched = senders.batch !== undefined;
      const explain = ask(candidate.finding, context, lanes.explain, context.dedupeKey, !batched);
      const applied = explain.resolved.then((resolved) => apply(candidate, context, resolved));
      if (!batched) return applied;
      await explain.prepared;
      applying.push(applied.catch((error: unknown) => noteInternalError(stage, candidate.finding, error)));
    },
    async settled() {
      await Promise.all(applying);
    },
  };
}

async function contextOf(stage: Stage, finding: Finding, sources: RedactedSources): Promise<RegionContext | undefined> {
  try {
    return await gatherContext(stage.host, finding, stage.options.maxContextChars, sources);
  } catch (error) {
    stage.notifications.push({
      level: 'warning',
      kind: 'llm-context-failed',
      message: `${finding.ruleId}: could not gather context (${error instanceof Error ? error.message : String(error)}); not escalated.`,
      file: finding.file,
      line: finding.line,
    });
    return undefined;
  }
}

export function noteInternalError(stage: Stage, finding: Finding, error: unknown): void {
  stage.notifications.push({
    level: 'warning',
    kind: 'llm-internal-error',
    message: `${finding.ruleId}: ${error instanceof Error ? error.message : String(error)}`,
    file: finding.file,
    line: finding.line,
  });
}
