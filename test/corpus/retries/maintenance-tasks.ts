import { logger } from './logger.js';

// Background work of a job queue: tasks that run on a schedule, a worker's rounds, and what it does after a failure.

interface Job {
  id: string;
  payload: unknown;
}

declare function releaseStaleLocks(): Promise<number>;
declare function fetchNextJob(queue: string): Promise<Job | undefined>;
declare function performJob(job: Job): Promise<void>;
declare function refreshStats(): Promise<void>;

const RELEASE_EVERY_MS = 8 * 60_000;

// Every eight minutes, or a little later, whether the last run failed or not.
export function scheduleLockRelease(isRunning: () => boolean): void {
  const nextDelay = (): number => Math.ceil(RELEASE_EVERY_MS + Math.random() * 60_000);
  const run = (): void => {
    releaseStaleLocks().then(
      (released) => {
        logger.info({ released }, 'released stale locks');
        if (isRunning()) setTimeout(run, nextDelay());
      },
      (error: unknown) => {
        logger.error({ error }, 'releasing stale locks failed; trying again at the next round');
        if (isRunning()) setTimeout(run, nextDelay()); // ok: no-unbounded-retry, require-retry-backoff
      },
    );
  };
  run();
}

// A stats refresh every minute; a failure waits for the next minute like a success.
export function scheduleStatsRefresh(): void {
  refreshStats().then(
    () => {
      setTimeout(scheduleStatsRefresh, 60_000);
    },
    (error: unknown) => {
      logger.warn({ error }, 'stats refresh failed');
      setTimeout(scheduleStatsRefresh, 60_000); // ok: no-unbounded-retry, require-retry-backoff
    },
  );
}

// The same refresh, tried again at once after a failure: a retry with no cap and no wait.
export function scheduleStatsRefreshEagerly(): void {
  refreshStats().then(
    () => {
      setTimeout(scheduleStatsRefreshEagerly, 60_000);
    },
    () => scheduleStatsRefreshEagerly(), // expect: no-unbounded-retry, require-retry-backoff
  );
}

// A worker polls its queue at its ordinary pace: after a job, after finding none, and after a failure.
export class QueueWorker {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly queue: string,
    private readonly intervalMs = 5_000,
  ) {}

  async poll(): Promise<void> {
    try {
      const job = await fetchNextJob(this.queue);
      if (!job) {
        await this.pause();
        return;
      }
      await performJob(job);
      await this.pause();
    } catch (error) {
      logger.error({ error, queue: this.queue }, 'polling failed');
      await this.pause(); // ok: require-retry-backoff, no-unbounded-retry
    }
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  private async pause(): Promise<void> {
    await new Promise((resolve) => {
      this.timer = setTimeout(() => {
        this.poll().catch((error: unknown) => logger.error({ error }, 'poll crashed'));
        resolve(undefined);
      }, this.intervalMs);
    });
  }
}
