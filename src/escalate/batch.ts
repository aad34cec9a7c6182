import type Anthropic from '@anthropic-ai/sdk';

import type { MessageRequest } from './request.js';

/** One request of the batch: `customId` is unique in the batch (`^[a-zA-Z0-9_-]{1,64}$`). */
export interface BatchItem {
  customId: string;
  request: MessageRequest;
}

/** The result of one item, by its custom id. `missing`: the batch ended without a result line for it. */
export type BatchItemOutcome =
  | { type: 'succeeded'; message: Anthropic.Message }
  | { type: 'errored'; errorType: string; errorMessage: string }
  | { type: 'expired' }
  | { type: 'canceled' }
  | { type: 'missing' };

export type BatchRun =
  /** The batch was not created: the outcome is the SDK's error (after its retries). */
  | { status: 'not-created'; error: unknown }
  /**
   * Stopped (deadline, interrupt) before the batch ended: `left-running` when asked to keep it, else
   * `canceled`, or `cancel-failed` when the cancel request did not go through.
   */
  | { status: 'stopped'; id: string; counts: Anthropic.Messages.MessageBatchRequestCounts | undefined; fate: 'left-running' | 'canceled' | 'cancel-failed' }
  /** Polling or reading the results failed after the SDK's retries. */
  | { status: 'failed'; id: string; error: unknown }
  | { status: 'ended'; id: string; counts: Anthropic.Messages.MessageBatchRequestCounts; outcomes: Map<string, BatchItemOutcome> };

export interface BatchRunOptions {
  /** Wait between two polls of the batch, in ms. */
  pollMs: number;
  /** Deadline and interrupt: polling stops, the batch is canceled. */
  signal: AbortSignal;
  /** Called once the batch exists, with its id. */
  onCreated?(id: string): void;
  /** When `signal` aborts: true leaves the batch running (a later run collects it), false cancels it. */
  keepOnStop: () => boolean;
}

/**
 * Sends `items` as one Message Batch, polls it until it ends or `signal` aborts, and reads its results.
 * Every call goes through the SDK (its timeout and retries); nothing here retries. A batch still running
 * when `signal` aborts is canceled, so no one pays for answers nobody will read.
 */
export async function runBatch(client: Anthropic, items: readonly BatchItem[], options: BatchRunOptions): Promise<BatchRun> {
  let batch: Anthropic.Messages.MessageBatch;
  try {
    batch = await client.messages.batches.create(
      { requests: items.map((item) => ({ custom_id: item.customId, params: item.request })) },
      { signal: options.signal },
    );
  } catch (error) {
    return { status: 'not-created', error };
  }
  options.onCreated?.(batch.id);
  try {
    while (batch.processing_status !== 'ended') {
      if (!(await sleep(options.pollMs, options.signal))) break;
      batch = await client.messages.batches.retrieve(batch.id, {}, { signal: options.signal });
    }
  } catch (error) {
    if (!options.signal.aborted) return { status: 'failed', id: batch.id, error };
  }
  if (batch.processing_status !== 'ended') {
    if (options.keepOnStop()) return { status: 'stopped', id: batch.id, counts: batch.request_counts, fate: 'left-running' };
    const canceled = await client.messages.batches
      .cancel(batch.id, {}, { timeout: 10_000, maxRetries: 0 })
      .then(() => true)
      .catch(() => false);
    return { status: 'stopped', id: batch.id, counts: batch.request_counts, fate: canceled ? 'canceled' : 'cancel-failed' };
  }
  try {
    return {
      status: 'ended',
      id: batch.id,
      counts: batch.request_counts,
      outcomes: await readResults(
        client,
        batch.id,
        items.map((item) => item.customId),
        options.signal,
      ),
    };
  } catch (error) {
    return { status: 'failed', id: batch.id, error };
  }
}

export type CollectedBatch =
  | { status: 'running' }
  /** The API no longer knows the batch (deleted, or past the 29 days results are kept). */
  | { status: 'gone' }
  | { status: 'failed'; error: unknown }
  | { status: 'ended'; outcomes: Map<string, BatchItemOutcome> };

/** A batch an earlier run left running: its results when it has ended. */
export async function collectBatch(client: Anthropic, id: string, customIds: readonly string[], signal: AbortSignal): Promise<CollectedBatch> {
  try {
    const batch = await client.messages.batches.retrieve(id, {}, { signal });
    if (batch.processing_status !== 'ended') return { status: 'running' };
    return { status: 'ended', outcomes: await readResults(client, id, customIds, signal) };
  } catch (error) {
    if (error instanceof Error && 'status' in error && error.status === 404) return { status: 'gone' };
    return { status: 'failed', error };
  }
}

async function readResults(client: Anthropic, id: string, customIds: readonly string[], signal: AbortSignal): Promise<Map<string, BatchItemOutcome>> {
  const outcomes = new Map<string, BatchItemOutcome>(customIds.map((customId) => [customId, { type: 'missing' }]));
  for await (const line of await client.messages.batches.results(id, {}, { signal })) {
    if (outcomes.has(line.custom_id)) outcomes.set(line.custom_id, toOutcome(line.result));
  }
  return outcomes;
}

function toOutcome(result: Anthropic.Messages.MessageBatchResult): BatchItemOutcome {
  switch (result.type) {
    case 'succeeded':
      return { type: 'succeeded', message: result.message };
    case 'errored':
      return { type: 'errored', errorType: result.error?.error?.type ?? 'unknown', errorMessage: result.error?.error?.message ?? '' };
    case 'expired':
      return { type: 'expired' };
    case 'canceled':
      return { type: 'canceled' };
    default:
      return { type: 'missing' };
  }
}

/** False when `signal` aborted before `ms` passed. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
