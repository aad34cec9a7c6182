// A queue producer that sends messages in batches of ten, one batch after another, and reports the messages the
// queue refused in an error of its own.
interface BatchResult {
  failed: string[];
  successful: string[];
}
declare const queue: { sendBatch(ids: string[]): Promise<BatchResult> };

export class FailedMessagesError extends Error {
  constructor(
    readonly failedIds: string[],
    options?: ErrorOptions,
  ) {
    super(`Failed to send messages: ${failedIds.join(', ')}`, options);
  }
}

// A later batch's failure escapes alone: the ids already sent, and those the queue refused, go with the accumulators.
export async function sendBatches(failed: string[], sent: string[], ids: string[], start: number): Promise<string[]> {
  const end = start + 10;
  const result = await queue.sendBatch(ids.slice(start, end)); // expect: no-swallowed-error
  const failedSoFar = failed.concat(result.failed);
  const sentSoFar = sent.concat(result.successful);
  if (end < ids.length) return sendBatches(failedSoFar, sentSoFar, ids, end);
  if (failedSoFar.length > 0) throw new FailedMessagesError(failedSoFar);
  return sentSoFar;
}

// The same sender that catches a batch's failure and reports everything not known to be sent.
export async function sendBatchesSafely(failed: string[], ids: string[], start: number): Promise<void> {
  const end = start + 10;
  let result: BatchResult;
  try {
    result = await queue.sendBatch(ids.slice(start, end)); // ok: no-swallowed-error
  } catch (error) {
    throw new FailedMessagesError(failed.concat(ids.slice(start)), { cause: error });
  }
  const failedSoFar = failed.concat(result.failed);
  if (end < ids.length) return sendBatchesSafely(failedSoFar, ids, end);
  if (failedSoFar.length > 0) throw new FailedMessagesError(failedSoFar);
}

// One batch per call: nothing was done before this await, so nothing is lost with it.
export async function sendOneBatch(ids: string[]): Promise<void> {
  const result = await queue.sendBatch(ids); // ok: no-swallowed-error
  const failed = [...result.failed];
  if (failed.length > 0) throw new FailedMessagesError(failed);
}
