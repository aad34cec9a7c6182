import rule from '../../rules/require-retry-backoff.js';
import { NOT_A_RETRY, STILL_A_RETRY } from './not-a-retry-cases.js';
import { createTypedRuleTester, createUntypedRuleTester } from './rule-tester.js';

// A callback-style request in JavaScript (superagent's shape): the retry decision in `callback`, the re-send in a
// prototype method. `retry` is the body of `_retry` (lines from 9), `branch` what `callback` does when `_shouldRetry`
// says yes (lines after the `if`).
function prototypeRequest({ retry, branch }: { retry: string; branch: string }): string {
  const indent = (text: string, by: string): string =>
    text
      .split('\n')
      .map((line) => by + line)
      .join('\n');
  return `
function Request() {
  this._retries = 0;
}
Request.prototype._shouldRetry = function (error) {
  return this._retries++ < 3 && error.code === 'ECONNRESET';
};
Request.prototype._retry = function () {
${indent(retry, '  ')}
};
Request.prototype.callback = function (error, res) {
  if (this._shouldRetry(error, res)) {
${indent(branch, '    ')}
  }
  this._callback(error, res);
};
`;
}

const cases = {
  valid: [
    ...NOT_A_RETRY,
    // Exponential growth, jitter, a delay variable that doubles, a linear one.
    `
async function load() {
  for (let attempt = 0; attempt < 5; attempt++) {
    try { return await fetchIt(); } catch { await sleep(100 * 2 ** attempt); }
  }
}`,
    `
async function load() {
  for (let attempt = 0; attempt < 5; attempt++) {
    try { return await fetchIt(); } catch { await sleep(1000 + Math.random() * 1000); }
  }
}`,
    `
async function load() {
  let wait = 200;
  for (let attempt = 0; attempt < 5; attempt++) {
    try { return await fetchIt(); } catch {
      await new Promise((resolve) => setTimeout(resolve, wait));
      wait = Math.min(wait * 2, 10_000);
    }
  }
}`,
    `
async function load() {
  let attempt = 0;
  while (attempt < 5) {
    try { return await fetchIt(); } catch { attempt++; await sleep(attempt * 500); }
  }
}`,
    // A delay computed by a helper is the helper's business.
    `
async function load() {
  for (let attempt = 0; attempt < 5; attempt++) {
    try { return await fetchIt(); } catch { await sleep(computeBackoff(attempt)); }
  }
}`,
    `
class Client {
  private async pause(attempt: number) { await sleep(2 ** attempt * 100); }
  async load() {
    for (let attempt = 0; attempt < 5; attempt++) {
      try { return await this.fetchIt(); } catch { await this.pause(attempt); }
    }
  }
}`,
    // Polling at a fixed interval is not a retry; neither is a worker loop.
    `
async function waitForJob(id: string, deadline: number) {
  while (Date.now() < deadline) {
    try {
      const job = await getJob(id);
      if (job.done) return job;
    } catch (error) { console.warn(error); }
    await sleep(2000);
  }
}`,
    `
async function work(queue: { next(): Promise<string> }) {
  while (true) {
    const job = await queue.next();
    try { await handle(job); } catch (error) { console.error(error); }
    await sleep(1000);
  }
}`,
    // A recursive retry passing a growing delay on.
    `
function connect(delayMs = 100): void {
  open().catch(() => setTimeout(() => connect(Math.min(delayMs * 2, 30_000)), delayMs));
}`,
    // Libraries with backoff: defaults, exponentialDelay, a growing custom delay, ExponentialBackoff, jitter.
    `import pRetry from 'p-retry';
await pRetry(run, { retries: 5 });`,
    `import retry from 'async-retry';
await retry(run, { retries: 5, factor: 1 });`,
    `import pRetry from 'p-retry';
await pRetry(run, { retries: 5, factor: 1, randomize: true });`,
    `import pRetry from 'p-retry';
await pRetry(run, { retries: 0, factor: 1 });`,
    `import axiosRetry from 'axios-retry';
axiosRetry(client, { retries: 3, retryDelay: axiosRetry.exponentialDelay });`,
    `import axiosRetry from 'axios-retry';
axiosRetry(client, { retries: 3, retryDelay: (retryCount) => retryCount * 1000 });`,
    `import axiosRetry from 'axios-retry';
axiosRetry(client, { retries: 0 });`,
    `import { retry, handleAll, ExponentialBackoff } from 'cockatiel';
export const policy = retry(handleAll, { maxAttempts: 3, backoff: new ExponentialBackoff() });`,
    `import { backOff } from 'exponential-backoff';
await backOff(send, { numOfAttempts: 4, timeMultiple: 1, jitter: 'full' });`,
    // Failover over alternatives is not a retry of the same call.
    `
async function parseAny(text: string, parsers: ((t: string) => unknown)[]) {
  for (const parse of parsers) {
    try { return parse(text); } catch { /* next parser */ }
  }
}`,
    `
function runWith(parsers: ((t: string) => Promise<unknown>)[], text: string, index = 0): Promise<unknown> {
  return parsers[index]!(text).catch((error) => {
    index++;
    if (index === parsers.length) throw error;
    return runWith(parsers, text, index);
  });
}`,
    // Compiled CommonJS calls the helper as \`(0, sleep_1.sleep)(ms)\`.
    `
async function send(attempt = 0) {
  for (;;) {
    try { return await post(); } catch (error) {
      if (++attempt > 5) throw error;
      await (0, sleep_1.sleep)(backoff(attempt));
    }
  }
}`,
    // Failover across nodes read through a declaration.
    `
async function checkNodes(urls: string[]) {
  for (let i = 0; i < urls.length; i++) {
    const url = urls[i];
    try { await ping(url); return; } catch (error) { console.warn(error); }
  }
  throw new Error('all nodes down');
}`,
    // A monitor restarted after a crash keeps its schedule; a single extra attempt after a token refresh is no series.
    `
class Monitor {
  interval = 60;
  isStop = false;
  start(): void {
    const safeBeat = async () => {
      try { await beat(); } catch (error) {
        if (!this.isStop) setTimeout(safeBeat, this.interval * 1000);
      }
    };
  }
}`,
    `
async function request(options: object, finalCall = false): Promise<unknown> {
  try { return await send(options); } catch (error) {
    if (finalCall) throw error;
    await refreshToken();
    return request(options, true);
  }
}`,
    // One immediate second try is no retry series.
    `
async function query(sql: string) {
  for (let attempt = 0; attempt < 2; attempt++) {
    try { return await pool.query(sql); } catch (error) {
      if (attempt === 1 || !isStaleSocket(error)) throw error;
    }
  }
}`,
    // A wait the server asked for (Retry-After) is honoured, not fixed.
    `
async function upload(retries = 0): Promise<void> {
  try { await send(); } catch (error) {
    if (retries > 3) throw error;
    if (error instanceof RateLimitError) {
      await sleep(error.retryAfter * 1000);
      return upload(retries + 1);
    }
    throw error;
  }
}`,
    // Retrying only a unique-key violation is the find-or-create race, settled at once (outline's
    // retryOnUniqueConstraintError).
    `
declare class UniqueConstraintError extends Error {}
export async function retryOnUniqueConstraintError<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!(err instanceof UniqueConstraintError) || attempt >= attempts) {
        throw err;
      }
    }
  }
}`,
    `
declare function upsertUser(email: string): Promise<void>;
export async function ensureUser(email: string) {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await upsertUser(email);
    } catch (error) {
      if ((error as { code?: string }).code !== '23505') throw error;
    }
  }
}`,
    // Calling again on a unique-key violation (hoppscotch's mock servers and published docs).
    `
declare const prisma: { create(slug: string): Promise<string> };
declare function randomSlug(): string;
export async function createDoc(retryCount = 0): Promise<string> {
  try {
    return await prisma.create(randomSlug());
  } catch (error: any) {
    if (error.code === 'P2002' && retryCount < 2) {
      return createDoc(retryCount + 1);
    }
    throw error;
  }
}`,
    // A fresh value per attempt is not a retry of the same call.
    `
async function createShortLink(url: string) {
  for (let attempt = 0; attempt < 5; attempt++) {
    try { return await insertLink({ id: nanoid(7), url }); } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
}`,
    // An integer test of a delay rounded after its jitter: the sleep runs.
    `
declare const request: () => Promise<Response>;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function withRetries() {
  for (let attempt = 0; attempt < 5; attempt++) {
    const delay = Math.floor(500 * 2 ** attempt + Math.random() * 100);
    try { return await request(); } catch { if (Number.isInteger(delay) && delay > 0) await sleep(delay); }
  }
  return request();
}`,
    // pg-boss's upsert under SERIALIZABLE: a serialization failure is the same race as a duplicate key.
    `
const SERIALIZATION_FAILURE = '40001';
declare const attempt: () => Promise<{ id: string }>;
export async function upsert() {
  for (let attempts = 1; ; attempts++) {
    try {
      return await attempt();
    } catch (err: any) {
      if (err?.code !== SERIALIZATION_FAILURE || attempts === 3) throw err;
    }
  }
}`,
    // A retry function that waits before the next attempt, a predicate whose name only asks, a guard that is
    // no decision about retrying, a retry scheduled on a timer.
    `
class Request {
  callback(error: Error | undefined): unknown {
    if (this.shouldRetry(error)) return this.retry();
    return this.finish(error);
  }
  retry(): void {
    setTimeout(() => this.send(), this.backoffMs());
  }
  shouldRetry(error: Error | undefined): boolean { return error !== undefined; }
  send(): void {}
  finish(error: Error | undefined): unknown { return error; }
  backoffMs(): number { return 100; }
}`,
    `
class Request {
  callback(error: Error | undefined): unknown {
    if (error) return this.retry();
    return undefined;
  }
  retry(): unknown { return this.send(); }
  send(): unknown { return 1; }
}`,
    `
class Request {
  callback(error: Error | undefined): unknown {
    if (this.shouldRetry(error)) return setTimeout(() => this.retry(), 1000);
    return undefined;
  }
  retry(): unknown { return this.send(); }
  send(): unknown { return 1; }
  shouldRetry(error: Error | undefined): boolean { return error !== undefined; }
}`,
    `
class Job {
  fail(error: Error): void {
    if (this.canRetry(error)) this.onRetry(error);
  }
  onRetry(error: Error): void { this.log(error); }
  canRetry(error: Error): boolean { return error.name !== 'Fatal'; }
  log(error: Error): void { console.error(error); }
}`,
    // A retry method that waits (a timer with backoff, a sleep in the branch) or schedules the next attempt.
    prototypeRequest({ retry: 'setTimeout(() => this._end(), 100 * 2 ** this._retries * Math.random());', branch: 'return this._retry();' }),
    prototypeRequest({ retry: 'return this._end();', branch: 'return sleep(100 * this._retries).then(() => this._retry());' }),
    prototypeRequest({ retry: 'this.scheduleRetry();', branch: 'return this._retry();' }),
  ],
  invalid: [
    {
      // The decision to retry reads the failure, and the retry function re-sends with nothing waiting: back to back.
      code: `
class Request {
  callback(error: Error | undefined, res?: { status: number }): unknown {
    if (this.shouldRetry(error, res)) {
      return this.retry();
    }
    return this.finish(error);
  }
  retry(): unknown {
    this.clearTimeout();
    return this.send();
  }
  shouldRetry(error: Error | undefined, res?: { status: number }): boolean { return error !== undefined || res?.status === 503; }
  clearTimeout(): void {}
  send(): unknown { return 1; }
  finish(error: Error | undefined): unknown { return error; }
}`,
      errors: [{ messageId: 'noDelay' as const, line: 5, column: 14 }],
    },
    {
      // superagent: a retryable failure re-sends the request at once, through a method that starts it again.
      code: prototypeRequest({ retry: 'this.req = null;\nreturn this._end();', branch: 'return this._retry();' }),
      errors: [{ messageId: 'noDelay' as const, line: 14, column: 12 }],
    },
    {
      // The same re-send made as a statement.
      code: prototypeRequest({ retry: 'return this._end();', branch: 'this._retry();\nreturn;' }),
      errors: [{ messageId: 'noDelay' as const, line: 13, column: 5 }],
    },
    {
      // The same loop whose recovery swallows its own failure: the old cursor stays, and the loop goes round at once.
      code: STILL_A_RETRY.resumeThatSwallows,
      errors: [{ messageId: 'noDelay' as const, line: 8, column: 5 }],
    },
    {
      // The handler logs and calls again with the cache untouched: the same path, again and again.
      code: STILL_A_RETRY.recursionWithStateUntouched,
      errors: [{ messageId: 'noDelay' as const, line: 12, column: 22 }],
    },
    {
      // The failure is tried again at once while a success waits its minute: a retry, not the schedule.
      code: STILL_A_RETRY.failureRetriedAtOnce,
      errors: [{ messageId: 'fixedDelay' as const, line: 8, column: 11 }],
    },
    {
      // A connection error named by a constant is no race: it needs time.
      code: `
const CONNECTION_FAILURE = '08006';
declare const attempt: () => Promise<{ id: string }>;
export async function upsert() {
  for (let attempts = 1; ; attempts++) {
    try {
      return await attempt();
    } catch (err: any) {
      if (err?.code !== CONNECTION_FAILURE || attempts === 3) throw err;
    }
  }
}`,
      errors: [{ messageId: 'noDelay' as const, line: 5, column: 3 }],
    },
    {
      // replicate's withAutomaticRetries: the sleep waits for an integer delay, which a random jitter almost never is.
      code: `
declare const request: () => Promise<Response>;
declare const shouldRetry: (response: Response) => boolean;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function withRetries(interval = 500, jitter = 100) {
  let attempts = 0;
  do {
    const delay = interval * 2 ** attempts + Math.random() * jitter;
    try {
      const response = await request();
      if (response.ok || !shouldRetry(response)) return response;
    } catch {}
    if (Number.isInteger(delay) && delay > 0) await sleep(delay);
    attempts += 1;
  } while (attempts < 5);
  return request();
}`,
      errors: [{ messageId: 'noDelay' as const, line: 7, column: 3 }],
    },
    {
      // Calling again on a connection error: the dependency needs time.
      code: `
declare const db: { insert(): Promise<void> };
async function save(retries = 0): Promise<void> {
  try {
    await db.insert();
  } catch (error: any) {
    if (error.code === 'ECONNRESET' && retries < 3) return save(retries + 1);
    throw error;
  }
}`,
      errors: [{ messageId: 'noDelay' as const, line: 7 }],
    },
    {
      // Retrying only timeouts: the dependency is slow and needs time, unlike a duplicate key.
      code: `
declare class TimeoutError extends Error {}
async function load() {
  for (let attempt = 0; attempt < 3; attempt++) {
    try { return await fetchIt(); } catch (error) { if (!(error instanceof TimeoutError)) throw error; }
  }
}`,
      errors: [{ messageId: 'noDelay' as const, line: 4, column: 3 }],
    },
    {
      code: `
async function load() {
  for (let attempt = 0; attempt < 3; attempt++) {
    try { return await fetchIt(); } catch (error) { console.warn(error); }
  }
}`,
      errors: [{ messageId: 'noDelay' as const, line: 3, column: 3, endLine: 5, endColumn: 4 }],
    },
    {
      code: `
const RETRY_DELAY_MS = 1000;
async function load() {
  for (let attempt = 0; attempt < 3; attempt++) {
    try { return await fetchIt(); } catch { await sleep(RETRY_DELAY_MS); }
  }
}`,
      // reported at the loop that retries, not at the wait inside it (issue 12, point 8)
      errors: [{ messageId: 'fixedDelay' as const, data: { delay: '`RETRY_DELAY_MS` ms' }, line: 4, column: 3, endLine: 6, endColumn: 4 }],
    },
    {
      code: `
async function load(retryDelayMs: number) {
  let attempt = 0;
  while (true) {
    try { return await fetchIt(); } catch (error) {
      if (++attempt > 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, retryDelayMs));
    }
  }
}`,
      errors: [{ messageId: 'fixedDelay' as const, data: { delay: '`retryDelayMs` ms' }, line: 4, column: 3, endLine: 9, endColumn: 4 }],
    },
    {
      code: `
async function connect(): Promise<void> {
  try { await open(); } catch { await sleep(5 * 1000); return connect(); }
}`,
      // reported at the call that retries
      errors: [{ messageId: 'fixedDelay' as const, data: { delay: '`5 * 1000` ms' }, line: 3, column: 63, endColumn: 72 }],
    },
    {
      code: `
class Feed {
  start(): void {
    this.open().catch(() => setTimeout(() => this.start(), 5000));
  }
}`,
      errors: [{ messageId: 'fixedDelay' as const, data: { delay: '`5000` ms' }, line: 4, column: 46, endColumn: 58 }],
    },
    {
      code: `
const load = (id: string): Promise<string> => fetchIt(id).catch(() => load(id));`,
      errors: [{ messageId: 'noDelay' as const, line: 2, column: 71, endColumn: 79 }],
    },
    {
      code: `import pRetry from 'p-retry';
await pRetry(run, { retries: 5, factor: 1 });`,
      errors: [
        {
          messageId: 'libraryFixedDelay' as const,
          data: { library: 'p-retry', hint: 'use a `factor` above 1 (the default is 2) or `randomize: true`' },
          line: 2,
          column: 33,
          endColumn: 42,
        },
      ],
    },
    {
      code: `import retry from 'async-retry';
await retry(run, { retries: 5, factor: 1, randomize: false });`,
      errors: [{ messageId: 'libraryFixedDelay' as const, line: 2, column: 32 }],
    },
    {
      code: `import promiseRetry from 'promise-retry';
await promiseRetry(run, { retries: 5, minTimeout: 2000, maxTimeout: 2000 });`,
      errors: [{ messageId: 'libraryFixedDelay' as const, line: 2, column: 57 }],
    },
    {
      // axios-retry waits nothing between attempts unless told to.
      code: `import axiosRetry from 'axios-retry';
axiosRetry(client, { retries: 3 });`,
      errors: [
        {
          messageId: 'libraryNoDelay' as const,
          data: { library: 'axios-retry', hint: 'pass `retryDelay: axiosRetry.exponentialDelay`' },
          line: 2,
          column: 1,
          endColumn: 35,
        },
      ],
    },
    {
      code: `import axiosRetry from 'axios-retry';
axiosRetry(client, { retries: 3, retryDelay: () => 1000 });`,
      errors: [{ messageId: 'libraryFixedDelay' as const, line: 2, column: 34, endColumn: 56 }],
    },
    {
      code: `import axiosRetry from 'axios-retry';
axiosRetry(client, { retryDelay: axiosRetry.noDelay });`,
      errors: [{ messageId: 'libraryNoDelay' as const, line: 2, column: 22 }],
    },
    {
      code: `import { retry, handleAll } from 'cockatiel';
export const policy = retry(handleAll, { maxAttempts: 3 });`,
      errors: [{ messageId: 'libraryNoDelay' as const, data: { library: 'cockatiel', hint: 'pass `backoff: new ExponentialBackoff()`' }, line: 2, column: 23 }],
    },
    {
      code: `import { retry, handleAll, ConstantBackoff } from 'cockatiel';
export const policy = retry(handleAll, { maxAttempts: 3, backoff: new ConstantBackoff(50) });`,
      errors: [{ messageId: 'libraryFixedDelay' as const, line: 2, column: 58 }],
    },
    {
      code: `import { backOff } from 'exponential-backoff';
await backOff(send, { numOfAttempts: 4, timeMultiple: 1 });`,
      errors: [{ messageId: 'libraryFixedDelay' as const, line: 2, column: 41 }],
    },
    {
      code: `
function start(): void {
  open().catch(() => setTimeout(start, 2000));
}`,
      errors: [{ messageId: 'fixedDelay' as const, data: { delay: '\`2000\` ms' }, line: 3, column: 22, endColumn: 45 }],
    },
    {
      code: `
class Feed {
  async connect(): Promise<void> {
    try { await open(); } catch (error) { this.scheduleReconnect(); }
  }
  private scheduleReconnect(): void {
    setTimeout(() => void this.connect(), 5000);
  }
}`,
      errors: [{ messageId: 'fixedDelay' as const, data: { delay: '`5000` ms' }, line: 4, column: 43, endColumn: 67 }],
    },
  ],
};

createTypedRuleTester().run('require-retry-backoff (typed)', rule, cases);
createUntypedRuleTester().run('require-retry-backoff (untyped)', rule, cases);
