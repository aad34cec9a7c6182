import path from 'node:path';

import type { LlmStats } from '../report/types.js';
import { acceptAnswers, answersOf } from './accept-message.js';
import type { BatchItem, BatchRun } from './batch.js';
import { collectBatch, runBatch } from './batch.js';
import { countUsage } from './cost.js';
import { escapeModelText } from './escape.js';
import { classifyFailure } from './failures.js';
import type { PendingBatch } from './pending-batches.js';
import { PendingBatches } from './pending-batches.js';
import type { Outgoing } from './prepare-request.js';
import { BATCH_DISCOUNT, FALLBACK_PRICE, getPrice } from './pricing.js';
import type { Stage } from './stage.js';

/** A request waiting for the batch. */
type Queued = Outgoing;

/** With `--llm-batch`: requests are queued while findings are prepared, then sent as one Message Batch. */
export interface BatchLane {
  /** Batches earlier runs left running: answers of those that ended go to the answer cache; the keys of the others are not sent again. */
  collectPending(): Promise<void>;
  enqueue(outgoing: Outgoing): void;
  /** Sends what is queued; every finding of a queued request is resolved, with or without an answer. */
  flush(): Promise<void>;
}

export function createBatchLane(stage: Stage): BatchLane {
  // Batches left running at a deadline are collected by a later run: only worth it when answers are cached.
  const pending = stage.cache ? new PendingBatches(stage.cache.directory) : undefined;
  const queue: Queued[] = [];
  return {
    async collectPending() {
      if (pending) stage.answeredElsewhere = await collectPending(stage, pending);
    },
    enqueue: (outgoing) => queue.push(outgoing),
    async flush() {
      if (queue.length === 0) return;
      const entries = queue.splice(0);
      try {
        await sendBatch(stage, entries, pending);
      } finally {
        // Whatever happened, no finding waits for an answer that will not come (resolving twice is a no-op).
        for (const entry of entries) for (const member of entry.members) member.resolve(undefined);
      }
    },
  };
}

async function collectPending(stage: Stage, pending: PendingBatches): Promise<Map<string, string>> {
  const running = new Map<string, string>();
  for (const record of await pending.list()) {
    const collected = stage.stopSignal.aborted
      ? ({ status: 'running' } as const)
      : await collectBatch(
          stage.client!,
          record.id,
          record.items.map((item) => item.customId),
          stage.stopSignal,
        );
    if (collected.status === 'running' || collected.status === 'failed') {
      for (const item of record.items) for (const { key } of membersOf(item)) running.set(key, record.id);
      if (collected.status === 'failed') {
        stage.notifications.push({
          level: 'warning',
          kind: 'llm-batch-unread',
          message: `Could not read batch ${record.id}, left running by an earlier run (${classifyFailure(collected.error).message}); its findings are not sent again, a later run reads it.`,
        });
      }
      continue;
    }
    await pending.remove(record.id);
    if (collected.status === 'gone') {
      stage.notifications.push({
        level: 'note',
        kind: 'llm-batch-gone',
        message: `Batch ${record.id}, left running by an earlier run, is no longer known to the API; its findings are asked again.`,
      });
      continue;
    }
    const answers = await cacheCollected(stage, record, collected.outcomes);
    const findings = record.items.reduce((sum, item) => sum + membersOf(item).length, 0);
    const unusable = findings - answers;
    stage.notifications.push({
      level: 'note',
      kind: 'llm-batch-collected',
      message: `Collected ${answers} answer(s) into the answer cache from batch ${record.id}, left running by an earlier run (its cost is in this run's stats)${unusable > 0 ? `; ${unusable} of its ${findings} finding(s) got no usable answer and are asked again` : ''}.`,
    });
  }
  return running;
}

/** Counts the cost of a collected batch's answers and writes the valid ones to the answer cache; returns how many were written. */
async function cacheCollected(stage: Stage, record: PendingBatch, outcomes: Extract<BatchRun, { status: 'ended' }>['outcomes']): Promise<number> {
  let answers = 0;
  for (const item of record.items) {
    const outcome = outcomes.get(item.customId);
    if (outcome?.type !== 'succeeded') continue;
    countUsage(stage.stats, outcome.message, getPrice(record.model) ?? FALLBACK_PRICE, BATCH_DISCOUNT);
    const found = answersOf(outcome.message);
    for (const { id, key } of membersOf(item)) {
      const answer = found.get(id);
      if (answer && (await stage.cache!.write(key, answer, record.model)).ok) answers += 1;
    }
  }
  return answers;
}

/** The findings an item of a recorded batch asks about (a record of one finding per item has no `members`). */
function membersOf(item: PendingBatch['items'][number]): { id: string; key: string }[] {
  return item.members ?? [{ id: 'F1', key: item.key }];
}

/** The queued requests as one Message Batch, at half the price. */
async function sendBatch(stage: Stage, entries: Queued[], pending: PendingBatches | undefined): Promise<void> {
  const items: BatchItem[] = entries.map((entry, position) => ({ customId: `r${position + 1}-${entry.members[0]!.key.slice(0, 16)}`, request: entry.request }));
  const run = await runBatch(stage.client!, items, {
    pollMs: stage.options.batchPollMs,
    signal: stage.stopSignal,
    keepOnStop: () => pending !== undefined && !stage.interrupt?.aborted,
  });
  for (const entry of entries) stage.counters.reservedUsd -= entry.projected;
  const record = (id: string): PendingBatch => ({
    id,
    model: stage.options.model,
    createdAt: new Date().toISOString(),
    items: items.map((item, position) => {
      const { members } = entries[position]!;
      return { customId: item.customId, key: members[0]!.key, members: members.map(({ id, key }) => ({ id, key })) };
    }),
  });
  if (run.status === 'not-created') {
    notCreated(stage, entries.length, run.error);
    return;
  }
  stage.stats.requests += entries.length;
  const batchStats: NonNullable<LlmStats['batch']> = {
    id: run.id,
    requests: entries.length,
    status: run.status === 'stopped' ? run.fate : run.status,
    succeeded: 0,
    errored: 0,
    expired: 0,
    canceled: 0,
    priceFactor: BATCH_DISCOUNT,
  };
  stage.stats.batch = batchStats;
  if (run.status === 'stopped') await leftUnfinished(stage, run, entries, pending, record);
  else if (run.status === 'failed') await unread(stage, run, pending, record);
  else await applyOutcomes(stage, run, entries, items, batchStats);
}

function notCreated(stage: Stage, count: number, error: unknown): void {
  const failure = classifyFailure(error);
  const aborted = failure.kind === 'llm-deadline';
  const why = aborted ? (stage.interrupt?.aborted ? 'interrupted' : 'the stage deadline passed') : failure.message;
  stage.notifications.push({
    level: 'warning',
    kind: aborted ? 'llm-aborted' : failure.kind,
    message: `The batch of ${count} request(s) was not created (${why}); those findings keep their rule-doc explanations.`,
  });
  if (failure.fatal) stage.stop('fatal', `Escalation stopped: ${failure.message}`);
}

/** The batch had not ended at the deadline or interrupt: recorded for a later run, or canceled. */
async function leftUnfinished(
  stage: Stage,
  run: Extract<BatchRun, { status: 'stopped' }>,
  entries: Queued[],
  pending: PendingBatches | undefined,
  record: (id: string) => PendingBatch,
): Promise<void> {
  const count = entries.length;
  const findings = entries.reduce((sum, entry) => sum + entry.members.length, 0);
  const processing = run.counts?.processing ?? count;
  const why = stage.counters.stopped === 'interrupted' ? 'the run was interrupted' : `the deadline of ${stage.options.deadlineMs} ms passed`;
  let fate: string;
  if (run.fate === 'left-running') {
    const recorded = await pending!.add(record(run.id));
    fate = recorded
      ? `it keeps running, and the next run with --llm-batch and this answer cache collects its answers instead of paying for them again`
      : `it could not be recorded in ${path.relative(stage.host.cwd, pending!.directory) || '.'} for a later run to collect, so ${await stage
          .client!.messages.batches.cancel(run.id, {}, { timeout: 10_000, maxRetries: 0 })
          .then(() => 'it was canceled')
          .catch(() => 'it was left to expire (the cancel request failed)')}`;
  } else {
    fate = run.fate === 'canceled' ? 'it was canceled' : 'it was left to expire (the cancel request failed)';
  }
  stage.notifications.push({
    level: 'warning',
    kind: 'llm-batch-pending',
    message: `Batch ${run.id} had not ended when ${why} (${processing} of ${count} request(s) still processing); ${fate}. Its ${findings} finding(s) keep their rule-doc explanations in this report; answers from the cache were used. Batches can take up to 24 hours: give --llm-deadline the time your CI job can wait.`,
  });
}

/** Polling or reading the results failed: a later run reads the batch again when there is an answer cache. */
async function unread(
  stage: Stage,
  run: Extract<BatchRun, { status: 'failed' }>,
  pending: PendingBatches | undefined,
  record: (id: string) => PendingBatch,
): Promise<void> {
  const failure = classifyFailure(run.error);
  const aborted = failure.kind === 'llm-deadline';
  const why = aborted ? `reading it was aborted (${stage.interrupt?.aborted ? 'interrupted' : 'the stage deadline passed'})` : failure.message;
  const later = pending ? await pending.add(record(run.id)) : false;
  stage.notifications.push({
    level: 'warning',
    kind: aborted ? 'llm-aborted' : failure.kind,
    message: `Batch ${run.id}: ${why}; its findings keep their rule-doc explanations${later ? ', and the next run with --llm-batch and this answer cache reads it again' : ''}.`,
  });
  if (failure.fatal) stage.stop('fatal', `Escalation stopped: ${failure.message}`);
}

/** Each item's result handed to its finding: answers checked as direct ones, errored items one warning each, the others counted. */
async function applyOutcomes(
  stage: Stage,
  run: Extract<BatchRun, { status: 'ended' }>,
  entries: Queued[],
  items: BatchItem[],
  batchStats: NonNullable<LlmStats['batch']>,
): Promise<void> {
  const byId = new Map(entries.map((entry, position) => [items[position]!.customId, entry]));
  const unusable = { expired: 0, canceled: 0, missing: 0 };
  await Promise.all(
    [...run.outcomes].map(async ([customId, outcome]) => {
      const entry = byId.get(customId)!;
      if (outcome.type === 'succeeded') {
        batchStats.succeeded += 1;
        await acceptAnswers(stage, entry, outcome.message, BATCH_DISCOUNT, () => undefined);
        return;
      }
      if (outcome.type === 'errored') {
        batchStats.errored += 1;
        for (const { finding } of entry.members) {
          stage.notifications.push({
            level: 'warning',
            kind: 'llm-batch-errored',
            message: `${finding.ruleId}: its request in batch ${run.id} failed (${escapeModelText(outcome.errorType, 60)}: ${escapeModelText(outcome.errorMessage, 300)}); the finding keeps its rule-doc explanation.`,
            file: finding.file,
            line: finding.line,
          });
        }
      } else {
        if (outcome.type !== 'missing') batchStats[outcome.type] += 1;
        unusable[outcome.type] += 1;
      }
    }),
  );
  const said = { expired: 'expired before the API processed them', canceled: 'were canceled', missing: 'had no result line' } as const;
  for (const type of ['expired', 'canceled', 'missing'] as const) {
    if (unusable[type] === 0) continue;
    stage.notifications.push({
      level: 'warning',
      kind: `llm-batch-${type}`,
      message: `${unusable[type]} of ${entries.length} request(s) in batch ${run.id} ${said[type]}; those findings keep their rule-doc explanations and are asked again next run.`,
    });
  }
}
