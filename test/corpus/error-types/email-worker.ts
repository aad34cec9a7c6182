import { Queue, Worker, type Job } from 'bullmq';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';

import { sendEmail, type EmailPayload } from './mailer';

// Email queue worker: permanent failures are not retried, transient ones go back to the queue.
const logger = pino({ name: 'email-worker' });
const connection = { host: process.env.REDIS_HOST ?? 'localhost', port: 6379, connectTimeout: 5_000 };

class JobFailedError extends Error {}

class PermanentJobError extends Error {
  constructor(message: string, readonly jobId?: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}

const QUOTA_EXCEEDED = { code: 'E_QUOTA', retryable: false };

function assertPayload(data: unknown): asserts data is EmailPayload {
  if (typeof data !== 'object' || data === null || !('to' in data)) {
    throw new PermanentJobError('payload without recipient'); // ok: no-throw-non-error
  }
}

function checkQuota(sentToday: number, limit: number): void {
  if (sentToday >= limit) throw QUOTA_EXCEEDED; // expect: no-throw-non-error
}

async function withRetries<T>(operation: () => Promise<T>, attempts = 3): Promise<T> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    try {
      return await operation();
    } catch (error) {
      lastError = error;
      logger.warn({ err: error, attempt }, 'send attempt failed'); // ok: no-unsafe-error-access
      await sleep(2 ** attempt * 100);
    }
  }
  throw new JobFailedError(`gave up after ${attempts} attempts`, { cause: lastError }); // ok: require-error-cause
}

async function processEmail(job: Job<unknown>): Promise<void> {
  assertPayload(job.data);
  checkQuota(await sentToday(), 10_000);
  const payload = job.data;
  try {
    await withRetries(() => sendEmail(payload));
  } catch (error) {
    if (error instanceof Error && error.message.includes('mailbox full')) { // ok: no-unsafe-error-access
      throw new PermanentJobError(`mailbox full for ${payload.to}`, job.id); // ok: require-error-cause
    }
    throw new JobFailedError(`email job ${job.id} failed`); // expect: require-error-cause
  }
}

async function sentToday(): Promise<number> {
  try {
    return await counters.count();
  } catch (e: any) {
    logger.error({ code: e?.code }, `quota counter unavailable: ${e}`); // ok: no-unsafe-error-access
    return 0;
  }
}

function waitForDrain(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject('drain timed out'), 5_000); // expect: no-throw-non-error
    stream.once('drain', () => {
      clearTimeout(timer);
      resolve();
    });
    stream.once('error', (err) => {
      clearTimeout(timer);
      reject(err); // ok: no-throw-non-error
    });
  });
}

const counters = new Queue('email-counters', { connection });
const worker = new Worker('emails', processEmail, { connection, concurrency: 4 });

worker.on('failed', (job, error) => {
  logger.error({ jobId: job?.id, reason: error.message }, 'email job failed'); // ok: no-unsafe-error-access
});

export function scheduleCleanup(queue: Queue): Promise<void> {
  return queue.clean(60_000, 100, 'completed').then(
    () => undefined,
    (err) => { // expect: no-unsafe-error-access
      throw new JobFailedError(`cleanup failed: ${err.message}`, { cause: err }); // ok: no-unsafe-error-access
    },
  );
}

export async function flushLogs(stream: NodeJS.WritableStream): Promise<void> {
  await waitForDrain(stream).catch((error) => {
    throw new JobFailedError('log stream did not drain', { cause: error }); // ok: require-error-cause
  });
}

worker.run().catch((error: unknown) => {
  logger.fatal({ err: error }, 'worker crashed'); // ok: no-unsafe-error-access
  process.exitCode = 1;
});
