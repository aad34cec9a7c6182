/**
 * Code that runs again after a failure and is no retry: a schedule, a worker's next round, a resume that rebuilds
 * what the attempt runs on, a second pass that takes another path, iteration over a queue. no-unbounded-retry
 * and require-retry-backoff share that judgement (rules/utils/get-retry-loop.ts, get-recursive-retry.ts), so
 * both test files accept every case here.
 */
export const NOT_A_RETRY: readonly string[] = [
  // The catch resumes: a method of the class that opens a new cursor on a newly selected server, or rethrows; the
  // next attempt runs on the new cursor (MongoDB's change stream).
  `
interface Cursor { next(): Promise<unknown>; resumeOptions: object }
declare function selectServer(): Promise<void>;
declare function openCursor(options: object): Cursor;
export class ChangeStream {
  constructor(private cursor: Cursor) {}
  async next(): Promise<unknown> {
    while (true) {
      try {
        return await this.cursor.next();
      } catch (error) {
        try {
          await this.processError(error);
        } catch (fatal) {
          await this.close();
          throw fatal;
        }
      }
    }
  }
  private async processError(error: unknown): Promise<void> {
    if (!(error instanceof Error) || error.name !== 'MongoNetworkError') throw error;
    await this.resume();
  }
  private async resume(): Promise<void> {
    await selectServer();
    this.cursor = openCursor(this.cursor.resumeOptions);
  }
  async close(): Promise<void> {}
}`,
  // The handler removes the cached token the attempt's test reads: the next call fetches a new one or fails, it
  // does not come back here (MongoDB's OIDC workflow).
  `
declare function authenticate(token: string): Promise<void>;
declare function fetchToken(): Promise<string>;
declare function isAuthFailure(error: unknown): boolean;
export class TokenWorkflow {
  constructor(private readonly cache: { hasToken: boolean; token: string; removeToken(): void; put(token: string): void }) {}
  async execute(): Promise<void> {
    if (this.cache.hasToken) {
      try {
        return await authenticate(this.cache.token);
      } catch (error) {
        if (isAuthFailure(error)) {
          this.cache.removeToken();
          return await this.execute();
        }
        throw error;
      }
    }
    const token = await fetchToken();
    this.cache.put(token);
    await authenticate(token);
  }
}`,
  // A periodic task that runs again after the same wait whether it failed or not: its schedule, not a retry
  // (graphile-worker's resetLocked).
  `
declare function sync(): Promise<void>;
export function scheduleSync(): void {
  sync().then(
    () => {
      setTimeout(scheduleSync, 60_000);
    },
    (error) => {
      console.error(error);
      setTimeout(scheduleSync, 60_000);
    },
  );
}`,
  // A worker's next round after a job, after no job and after a failure alike (node-resque's poll and pause).
  `
declare function nextJob(): Promise<{ id: string } | undefined>;
declare function perform(job: { id: string }): Promise<void>;
export class Worker {
  private timer?: ReturnType<typeof setTimeout>;
  async poll(): Promise<void> {
    try {
      const job = await nextJob();
      if (!job) {
        await this.pause();
        return;
      }
      await perform(job);
    } catch (error) {
      console.error(error);
      await this.pause();
    }
  }
  private async pause(): Promise<void> {
    await new Promise((resolve) => {
      this.timer = setTimeout(() => {
        this.poll().catch(() => undefined);
        resolve(null);
      }, 5000);
    });
  }
}`,
  // Prepared again only on a new session, after a success as after a failure; a failure on the same session is
  // rethrown (ioredis's ensurePrepared).
  `
declare function send(connection: object): Promise<void>;
export class Coordinator {
  private sessions = new Map<object, object>();
  ensurePrepared(connection: object): Promise<void> {
    const session = this.sessions.get(connection);
    return send(connection).then(
      () => {
        if (this.sessions.get(connection) !== session) return this.ensurePrepared(connection);
        return undefined;
      },
      (error) => {
        if (this.sessions.get(connection) !== session) return this.ensurePrepared(connection);
        throw error;
      },
    );
  }
}`,
  // Taking the next item off a queue after each failure iterates over data, it does not retry (outline's
  // prosemirror-recreate-transform: patches are applied until the document is valid).
  `
declare function applyPatch(doc: object, ops: unknown[]): void;
declare function parse(doc: object): object;
function collect(queue: unknown[], json: object) {
  let op = queue.shift();
  let doc;
  while (!doc) {
    applyPatch(json, [op]);
    try {
      doc = parse(json);
    } catch {
      if (queue.length > 0) op = queue.shift();
      else throw new Error('No valid document');
    }
  }
  return doc;
}`,
  // Failover over a host list: each pass takes the next host off an iterator, whose end ends the loop
  // (cassandra-driver's control connection).
  `
interface Host { address: string; isUp(): boolean }
declare function borrowConnection(host: Host): object;
export function firstConnection(hosts: Iterator<Host>, tried: Record<string, unknown>): object {
  let connection: object | null = null;
  while (!connection) {
    const item = hosts.next();
    if (item.done) throw new Error('no host available');
    if (!item.value.isUp()) continue;
    try {
      connection = borrowConnection(item.value);
    } catch (error) {
      tried[item.value.address] = error;
    }
  }
  return connection;
}`,
];

/**
 * The look-alikes of NOT_A_RETRY that are retries after all; each rule's test expects its own message at the same
 * site (no-unbounded-retry: no cap; require-retry-backoff: no delay or a fixed one).
 */
export const STILL_A_RETRY = {
  // MongoDB's change stream, with a recovery that swallows its own failure: the old cursor stays, and the loop goes
  // round at once.
  resumeThatSwallows: `
interface Cursor { next(): Promise<unknown>; resumeOptions: object }
declare function selectServer(): Promise<void>;
declare function openCursor(options: object): Cursor;
export class ChangeStream {
  constructor(private cursor: Cursor) {}
  async next(): Promise<unknown> {
    while (true) {
      try {
        return await this.cursor.next();
      } catch (error) {
        await this.resume();
      }
    }
  }
  private async resume(): Promise<void> {
    try {
      await selectServer();
      this.cursor = openCursor(this.cursor.resumeOptions);
    } catch (error) {
      console.error(error);
    }
  }
}`,
  // The handler logs and calls again with the cache untouched: the same path, again and again.
  recursionWithStateUntouched: `
declare function authenticate(token: string): Promise<void>;
declare const logger: { warn(message: string): void };
export class TokenWorkflow {
  constructor(private readonly cache: { hasToken: boolean; token: string }) {}
  async execute(): Promise<void> {
    if (this.cache.hasToken) {
      try {
        return await authenticate(this.cache.token);
      } catch {
        logger.warn('authentication failed');
        return await this.execute();
      }
    }
  }
}`,
  // The failure is tried again at once while a success waits its minute: a retry, not the schedule.
  failureRetriedAtOnce: `
declare function sync(): Promise<void>;
export function scheduleSync(): void {
  sync().then(
    () => {
      setTimeout(scheduleSync, 60_000);
    },
    () => scheduleSync(),
  );
}`,
} as const;
