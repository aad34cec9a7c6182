import { EventEmitter } from 'node:events';

interface Store {
  dueJobs(now: number): Promise<string[]>;
  enqueue(id: string): Promise<void>;
  heartbeat(name: string): Promise<void>;
}

// Moves delayed jobs to their queue when they are due. Each poll schedules the next one when it is done.
export class DelayedJobMover extends EventEmitter {
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(private readonly store: Store, private readonly intervalMs = 5_000) {
    super();
  }

  start(): void {
    this.running = true;
    this.scheduleNext();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
  }

  private async poll(): Promise<void> {
    const due = await this.store.dueJobs(Date.now());
    for (const id of due) await this.store.enqueue(id);
    this.scheduleNext();
  }

  // A failed poll (one Redis timeout) is reported and the mover never runs again: delayed jobs stay delayed.
  private scheduleNext(): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.poll().catch((error) => this.emit('error', error)); // expect: no-swallowed-error
    }, this.intervalMs);
  }
}

// The same loop, scheduling the next run whatever happened.
export class Heartbeat extends EventEmitter {
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(private readonly store: Store, private readonly name: string) {
    super();
  }

  private async beat(): Promise<void> {
    try {
      await this.store.heartbeat(this.name);
    } finally {
      this.schedule();
    }
  }

  schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.beat().catch((error) => this.emit('error', error)); // ok: no-swallowed-error
    }, 10_000);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}

// The failure handler schedules the next poll itself, after a longer pause.
export function watchDueJobs(store: Store, onError: (error: unknown) => void, signal: AbortSignal): void {
  const tick = async (): Promise<void> => {
    const due = await store.dueJobs(Date.now());
    await Promise.all(due.map((id) => store.enqueue(id)));
    schedule(1_000);
  };
  const schedule = (ms: number): void => {
    if (signal.aborted) return;
    setTimeout(() => {
      tick().catch((error) => { // ok: no-swallowed-error
        onError(error);
        schedule(30_000);
      });
    }, ms);
  };
  schedule(0);
}

// Uploads the mover's counters; the chain fulfils with nothing, so the logged failure is no value anyone reads.
export function flushCounters(url: string, counters: Record<string, number>): Promise<void> {
  return fetch(url, { method: 'POST', body: JSON.stringify(counters), signal: AbortSignal.timeout(5_000) })
    .then((res) => {
      if (!res.ok) throw new Error(`counters upload: ${res.status}`);
    })
    .catch((error) => console.warn('counters not uploaded', error)); // ok: no-swallowed-error
}

// The same upload returning the server's answer: a failure hands the caller `undefined` for it.
export function uploadCounters(url: string, counters: Record<string, number>): Promise<{ accepted: number } | void> {
  return fetch(url, { method: 'POST', body: JSON.stringify(counters), signal: AbortSignal.timeout(5_000) })
    .then((res) => res.json() as Promise<{ accepted: number }>)
    .catch((error) => console.warn('counters not uploaded', error)); // expect: no-swallowed-error
}

// Shutting down: the count of jobs left behind is logged when it can be read, and the shutdown goes on either way.
export function shutdownMover(mover: DelayedJobMover, store: Store): Promise<number | void> {
  mover.stop();
  return store
    .dueJobs(Date.now())
    .then((ids) => ids.length)
    .catch((error) => console.warn('could not count the jobs left behind', error)); // ok: no-swallowed-error
}

// Restarting: the next step takes no value from the chain.
export function restartMover(mover: DelayedJobMover, store: Store): Promise<void> {
  mover.stop();
  return store
    .enqueue('restart-marker')
    .catch((error) => console.warn('restart marker not written', error)) // ok: no-swallowed-error
    .then(() => mover.start());
}
