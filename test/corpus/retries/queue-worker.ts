import { setTimeout as sleep } from 'node:timers/promises';

import { logger } from './logger.js';

interface Job {
  id: string;
  payload: unknown;
  attempts: number;
}

interface Queue {
  receive(max: number): Promise<Job[]>;
  ack(id: string): Promise<void>;
  nack(id: string, delayMs: number): Promise<void>;
  moveToDeadLetter(id: string): Promise<void>;
}

type Handler = (job: Job) => Promise<void>;

const MAX_JOB_ATTEMPTS = 5;
const BASE_DELAY_MS = 200;
const IDLE_POLL_MS = 1_000;

export class QueueWorker {
  private running = false;

  constructor(
    private readonly queue: Queue,
    private readonly handle: Handler,
  ) {}

  async start(): Promise<void> {
    this.running = true;
    while (this.running) { // ok: no-unbounded-retry
      const jobs = await this.receiveBatch();
      if (jobs.length === 0) {
        await sleep(IDLE_POLL_MS); // ok: require-retry-backoff
        continue;
      }
      for (const job of jobs) {
        await this.process(job);
      }
    }
  }

  stop(): void {
    this.running = false;
  }

  // Receiving is retried while the worker runs: a broker restart must not kill the worker.
  private async receiveBatch(): Promise<Job[]> {
    let attempt = 0;
    while (this.running) { // ok: no-unbounded-retry
      try {
        return await this.queue.receive(10);
      } catch (error) {
        attempt++;
        logger.warn({ error, attempt }, 'receive failed');
        await sleep(Math.min(30_000, BASE_DELAY_MS * 2 ** attempt) * (0.5 + Math.random())); // ok: require-retry-backoff
      }
    }
    return [];
  }

  private async process(job: Job): Promise<void> {
    try {
      await this.handle(job);
      await this.queue.ack(job.id);
    } catch (error) {
      logger.error({ error, jobId: job.id }, 'job failed');
      if (job.attempts + 1 >= MAX_JOB_ATTEMPTS) {
        await this.queue.moveToDeadLetter(job.id);
      } else {
        await this.queue.nack(job.id, BASE_DELAY_MS * 2 ** job.attempts);
      }
    }
  }

  // Acks must not be lost, so the worker tries until the broker takes it.
  async ackHard(id: string): Promise<void> {
    while (true) { // expect: no-unbounded-retry, require-retry-backoff
      try {
        await this.queue.ack(id);
        return;
      } catch (error) {
        logger.warn({ error, id }, 'ack failed, trying again');
      }
    }
  }

  async nackWithRetry(id: string, delayMs: number): Promise<void> {
    for (let attempt = 1; attempt <= 3; attempt++) { // ok: no-unbounded-retry; expect: require-retry-backoff
      try {
        await this.queue.nack(id, delayMs);
        return;
      } catch (error) {
        if (attempt === 3) throw error;
        await sleep(500); // ok: require-retry-backoff
      }
    }
  }
}

export async function drainDeadLetters(queue: Queue, replay: Handler): Promise<number> {
  let replayed = 0;
  for (;;) { // ok: no-unbounded-retry
    const jobs = await queue.receive(50);
    if (jobs.length === 0) return replayed;
    for (const job of jobs) {
      try {
        await replay(job);
        await queue.ack(job.id);
        replayed++;
      } catch (error) {
        logger.error({ error, jobId: job.id }, 'replay failed, leaving it in the dead-letter queue');
      }
    }
  }
}
