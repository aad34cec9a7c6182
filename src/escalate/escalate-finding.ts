import type { Finding } from '../findings/finding.js';
import type { ModelAnswer } from './answer-schema.js';
import type { AnsweredRegion } from './apply-answer.js';
import { applyAnswer, withFix } from './apply-answer.js';
import type { BatchLane } from './batch-lane.js';
import type { RegionContext } from './context.js';
import { gatherContext, groupBlock, RedactedSources } from './context.js';
import type { DirectSender } from './direct-sender.js';
import type { Lane } from './lane.js';
import type { Member, Outgoing, RequestMember } from './prepare-request.js';
import { prepareRequest } from './prepare-request.js';
import type { MessageRequest } from './request.js';
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

interface Gathered extends Candidate {
  context: RegionContext;
}

/**
 * Escalates a group of findings of one rule in one function (`handle`): gathers each one's context, asks
 * the regions not asked yet in one request (copies of a region elsewhere share its answer), applies each
 * answer to its finding, and with a fix lane asks that model for the fix of each confirmed finding, one by
 * one. With a batch, handling ends once the request is queued; `settled()` waits for the answers.
 */
export function createFindingHandler(
  stage: Stage,
  lanes: { explain: Lane; fix: Lane | undefined },
  findings: Finding[],
  senders: Senders,
): { handle(group: readonly Candidate[]): Promise<void>; settled(): Promise<void> } {
  const sources = new RedactedSources();
  const regions = new Map<string, Asked>();
  const applying: Promise<void>[] = [];

  /** Asks about `members` in one request (or none, when the cache answers): each member's region is registered under its key. */
  const askTogether = (members: readonly Gathered[], lane: Lane, keyOf: (context: RegionContext) => string, direct: boolean): Asked[] => {
    const resolvers: Member[] = [];
    const asked = members.map(({ finding, context }) => {
      let resolve!: (answer: ModelAnswer | undefined) => void;
      const answer = new Promise<ModelAnswer | undefined>((settle) => (resolve = settle));
      resolvers.push({ finding, context, resolve });
      return { resolved: answer.then((value) => ({ answer: value, line: finding.line })) };
    });
    const unanswered = () => {
      for (const member of resolvers) member.resolve(undefined);
    };
    const prepared = prepareRequest(stage, lane, resolvers, direct, (open) => buildRequest(lane, open))
      .then((outgoing) => {
        if (!outgoing) return unanswered();
        if (!direct) return senders.batch!.enqueue(outgoing);
        void send(outgoing).finally(unanswered);
      })
      .catch((error: unknown) => {
        noteInternalError(stage, members[0]!.finding, error);
        unanswered();
      });
    return asked.map(({ resolved }, position) => {
      const region = { prepared, resolved };
      regions.set(keyOf(members[position]!.context), region);
      return region;
    });
  };
  const send = (outgoing: Outgoing): Promise<void> =>
    senders.direct(outgoing).catch((error: unknown) => noteInternalError(stage, outgoing.members[0]!.finding, error));

  /** The regions of `group`: one request for those not asked yet, the earlier request for the others. */
  const ask = (group: readonly Gathered[], lane: Lane, keyOf: (context: RegionContext) => string, direct: boolean): Asked[] => {
    const fresh = new Map<string, Gathered>();
    for (const member of group) if (!regions.has(keyOf(member.context))) fresh.set(keyOf(member.context), member);
    if (fresh.size > 0) askTogether([...fresh.values()], lane, keyOf, direct);
    return group.map((member) => regions.get(keyOf(member.context))!);
  };

  const apply = async ({ finding, index, context }: Gathered, { answer, line }: Resolved): Promise<void> => {
    if (!answer) return;
    // With --llm-fix-model, a confirmed finding without a rule fix is asked once more, of the fix model,
    // for the fix only (alone, and always directly: its batch has been sent).
    const fixed =
      lanes.fix && answer.verdict === 'confirmed' && !findings[index]!.fix
        ? await ask([{ finding, index, context }], lanes.fix, (fixContext) => `fix\0${fixContext.dedupeKey}`, true)[0]!.resolved
        : undefined;
    const applyContext = { host: stage.host, notifications: stage.notifications, baseline: stage.baseline };
    const region: AnsweredRegion = { line, editable: context.editable };
    const explained = applyAnswer(findings[index]!, { ...answer, fix: null }, region, lanes.explain.model, stage.options.triage, applyContext);
    const fix = lanes.fix ? fixed?.answer?.fix : answer.fix;
    const fixRegion = { line: lanes.fix ? (fixed?.line ?? line) : line, editable: context.editable };
    findings[index] = fix ? withFix(explained, fix, fixRegion, applyContext) : explained;
  };

  return {
    async handle(group) {
      if (stage.counters.stopped) {
        stage.counters.notStarted += group.length;
        return;
      }
      const gathered: Gathered[] = [];
      for (const candidate of group) {
        const context = await contextOf(stage, candidate.finding, sources);
        if (context) gathered.push({ ...candidate, context });
      }
      const batched = senders.batch !== undefined;
      const applied: Promise<void>[] = [];
      for (const members of bySharedContext(gathered)) {
        const asked = ask(members, lanes.explain, (context) => context.dedupeKey, !batched);
        members.forEach((member, position) => {
          const applying = asked[position]!.resolved.then((resolved) => apply(member, resolved));
          applied.push(batched ? applying.catch((error: unknown) => noteInternalError(stage, member.finding, error)) : applying);
        });
        if (batched) await Promise.all(asked.map((region) => region.prepared));
      }
      if (batched) applying.push(...applied);
      else await Promise.all(applied);
    },
    async settled() {
      await Promise.all(applying);
    },
  };
}

/** The request about `members`: one finding with its own context, or several with their shared sections once. */
async function buildRequest(lane: Lane, members: readonly RequestMember[]): Promise<MessageRequest> {
  const { finding, context } = members[0]!;
  const block = members.length === 1 ? context.text : (await groupBlock(members)).text;
  return lane.builder.build(
    finding.family,
    finding.ruleId,
    block,
    members.map((member) => member.id),
  );
}

/** Findings whose shared sections (function, imports, declarations, callers) are the same text: one request each. */
function bySharedContext(gathered: readonly Gathered[]): Gathered[][] {
  const groups = new Map<string, Gathered[]>();
  for (const member of gathered) {
    const group = groups.get(member.context.groupKey);
    if (group) group.push(member);
    else groups.set(member.context.groupKey, [member]);
  }
  return [...groups.values()];
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
