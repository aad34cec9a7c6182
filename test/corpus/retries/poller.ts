import { setTimeout as sleep } from 'node:timers/promises';

import { logger } from './logger.js';

interface ExportJob {
  id: string;
  state: 'queued' | 'running' | 'done' | 'failed';
  downloadUrl?: string;
}

const POLL_INTERVAL_MS = 2_000;
const EXPORT_TIMEOUT_MS = 10 * 60_000;
async function getExportJob(id: string): Promise<ExportJob> {
  const response = await fetch(`https://exports.internal/jobs/${id}`, { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`export status ${response.status}`);
  return (await response.json()) as ExportJob;
}

export async function waitForExport(id: string): Promise<string> {
  const deadline = Date.now() + EXPORT_TIMEOUT_MS;
  while (Date.now() < deadline) { // ok: no-unbounded-retry
    try {
      const job = await getExportJob(id);
      if (job.state === 'done' && job.downloadUrl) return job.downloadUrl;
      if (job.state === 'failed') throw new Error(`export ${id} failed`);
    } catch (error) {
      logger.warn({ error, id }, 'export status check failed');
    }
    await sleep(POLL_INTERVAL_MS); // ok: require-retry-backoff
  }
  throw new Error(`export ${id} did not finish in time`);
}

// No deadline: an export stuck in `running` keeps this request open forever.
export async function waitForExportForever(id: string): Promise<string> {
  while (true) { // expect: no-unbounded-retry
    try {
      const job = await getExportJob(id);
      if (job.state === 'done' && job.downloadUrl) return job.downloadUrl;
    } catch (error) {
      logger.warn({ error, id }, 'export status check failed');
    }
    await sleep(POLL_INTERVAL_MS); // ok: require-retry-backoff
  }
}

export class HealthPoller {
  private stopped = false;

  constructor(private readonly url: string, private readonly onChange: (healthy: boolean) => void) {}

  async run(): Promise<void> {
    let healthy = true;
    while (!this.stopped) { // ok: no-unbounded-retry
      let now = false;
      try {
        const response = await fetch(this.url, { signal: AbortSignal.timeout(2_000) });
        now = response.ok;
      } catch (error) {
        logger.debug({ error }, 'health check failed');
      }
      if (now !== healthy) this.onChange((healthy = now));
      await sleep(POLL_INTERVAL_MS); // ok: require-retry-backoff
    }
  }

  stop(): void {
    this.stopped = true;
  }
}

// Reads a paginated feed until the last page; no try/catch, so no retry.
export async function readAllEvents(url: string): Promise<unknown[]> {
  const events: unknown[] = [];
  let cursor: string | undefined;
  while (true) { // ok: no-unbounded-retry
    const page = await fetch(`${url}?cursor=${cursor ?? ''}`, { signal: AbortSignal.timeout(5_000) });
    if (!page.ok) throw new Error(`feed status ${page.status}`);
    const body = (await page.json()) as { events: unknown[]; next?: string };
    events.push(...body.events);
    if (!body.next) break;
    cursor = body.next;
  }
  return events;
}

export async function readStream(stream: ReadableStream<Uint8Array>): Promise<Uint8Array[]> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  for (;;) { // ok: no-unbounded-retry
    const { done, value } = await reader.read();
    if (done) return chunks;
    chunks.push(value);
  }
}

export async function waitForLeader(getLeader: () => Promise<string>, signal: AbortSignal): Promise<string> {
  let delayMs = 100;
  while (true) { // ok: no-unbounded-retry
    if (signal.aborted) throw new Error('gave up waiting for a leader', { cause: signal.reason });
    try {
      return await getLeader();
    } catch (error) {
      logger.debug({ error }, 'no leader yet');
      await sleep(delayMs); // ok: require-retry-backoff
      delayMs = Math.min(delayMs * 2, 5_000);
    }
  }
}

export async function claimLock(tryClaim: () => Promise<boolean>): Promise<void> {
  let claimed = false;
  do { // expect: no-unbounded-retry, require-retry-backoff
    try {
      claimed = await tryClaim();
    } catch (error) {
      logger.warn({ error }, 'lock claim failed');
      await sleep(250); // ok: require-retry-backoff
    }
  } while (!claimed);
}
