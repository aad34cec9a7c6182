import rule from '../../rules/no-unbounded-retry.js';
import { NOT_A_RETRY, STILL_A_RETRY } from './not-a-retry-cases.js';
import { createTypedRuleTester, createUntypedRuleTester } from './rule-tester.js';

const cases = {
  valid: [
    // An attempt cap counted in a listener that runs for every failure, or in a `once` listener that registers the
    // next attempt itself, or with a cap of one: each is reached.
    `
declare const client: { on(event: string, listener: (error: Error) => void): void; close(): void };
let attempts = 0;
client.on('connectFailed', () => {
  if (++attempts >= 5) client.close();
});`,
    `
import { EventEmitter } from 'node:events';
export class Connector extends EventEmitter {
  private attempts = 0;
  connect(socket: EventEmitter): void {
    socket.once('error', () => {
      if (++this.attempts >= 5) this.emit('failed');
      else setTimeout(() => this.connect(socket), 1000 * 2 ** this.attempts);
    });
  }
}`,
    `
declare const server: { once(event: string, listener: () => void): void; close(): void };
let failures = 0;
server.once('connectFailed', () => {
  if (++failures >= 1) server.close();
});`,
    ...NOT_A_RETRY,
    // A catch that ends the process does not retry, however process.exit is spelled (is-process-exit-call).
    `
async function load() {
  while (true) {
    try { return await fetchIt(); } catch (error) { console.error(error); process['exit'](1); }
  }
}`,
    `
async function load() {
  while (true) {
    try { return await fetchIt(); } catch (error) { console.error(error); process?.exit(1); }
  }
}`,
    // A counted loop is bounded by its condition.
    `
async function load() {
  for (let attempt = 0; attempt < 3; attempt++) {
    try { return await fetchIt(); } catch (error) { await sleep(100 * 2 ** attempt); }
  }
  throw new Error('gave up');
}`,
    // An attempt cap checked in the catch.
    `
async function load() {
  let attempt = 0;
  while (true) {
    try { return await fetchIt(); } catch (error) {
      if (++attempt >= 5) throw error;
      await sleep(100 * 2 ** attempt);
    }
  }
}`,
    // A deadline in the condition, and one checked in the catch.
    `
async function load(deadline: number) {
  while (Date.now() < deadline) {
    try { return await fetchIt(); } catch { await sleep(100); }
  }
}`,
    `
async function load(budgetMs: number) {
  const start = performance.now();
  for (;;) {
    try { return await fetchIt(); } catch (error) {
      if (performance.now() - start > budgetMs) throw error;
    }
  }
}`,
    // Stoppable loops: an abort signal, a stop flag, a stop check in the catch.
    `
async function connect(signal: AbortSignal) {
  while (!signal.aborted) {
    try { await open(); return; } catch { await sleep(1000); }
  }
}`,
    `
async function connect(signal: AbortSignal) {
  while (true) {
    signal.throwIfAborted();
    try { await open(); return; } catch { await sleep(1000); }
  }
}`,
    `
class Consumer {
  running = true;
  async run() {
    while (this.running) {
      try { await this.connect(); return; } catch { await sleep(1000); }
    }
  }
}`,
    `
class Consumer {
  stopped = false;
  async run() {
    for (;;) {
      try { await this.connect(); return; } catch (error) {
        if (this.stopped) return;
        await sleep(1000);
      }
    }
  }
}`,
    // A flag a signal handler sets is a stop flag, not a success flag.
    `
let done = false;
process.on('SIGTERM', () => { done = true; });
async function run() {
  while (!done) {
    try { await work(); return; } catch { await sleep(1000); }
  }
}`,
    // Not retries: no try at all (a stream read, pagination), a worker loop, a catch that always leaves.
    `
async function readAll(reader: ReadableStreamDefaultReader<Uint8Array>) {
  const chunks: Uint8Array[] = [];
  while (true) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  return chunks;
}`,
    `
async function work(queue: { next(): Promise<string | undefined> }) {
  while (true) {
    const job = await queue.next();
    if (!job) break;
    try { await handle(job); } catch (error) { console.error(error); }
  }
}`,
    `
async function load() {
  while (true) {
    try { return await fetchIt(); } catch (error) { console.error(error); throw error; }
  }
}`,
    `
async function serve(listener: { accept(): Promise<unknown> }) {
  while (true) {
    try { handle(await listener.accept()); } catch (error) { break; }
  }
}`,
    // Recursion with a decreasing budget, a compared attempt, or outside any failure handler.
    `
async function fetchWithRetry(url: string, retriesLeft = 3): Promise<Response> {
  try { return await fetch(url); } catch (error) {
    if (!retriesLeft) throw error;
    return fetchWithRetry(url, retriesLeft - 1);
  }
}`,
    `
const load = (attempt = 0): Promise<string> =>
  fetchIt().catch((error) => (attempt < 3 ? load(attempt + 1) : Promise.reject(error)));`,
    `
async function walk(node: { children: unknown[] }): Promise<void> {
  for (const child of node.children) await walk(child as { children: unknown[] });
}`,
    `
async function read() {
  try { return await primary(); } catch { return secondary(); }
}`,
    `
class Client {
  closed = false;
  connect(): void {
    this.open().catch(() => {
      if (this.closed) return;
      setTimeout(() => this.connect(), 1000);
    });
  }
}`,
    // Attempts that differ iterate rather than retry: walking up a directory tree.
    `
async function findUp(dir: string): Promise<string> {
  for (;;) {
    try {
      await stat(dir + '/package.json');
      return dir;
    } catch {
      const parent = dirname(dir);
      if (parent === dir) throw new Error('not found');
      dir = parent;
    }
  }
}`,
    // The catch lets the object the attempt is built from decide: its recovery owns the limit.
    `
class Thread {
  async create(turn: string) {
    for (;;) {
      const { params } = this.state.buildArguments(turn);
      try { return await this.client.send(params); } catch (error) {
        if (!this.state.recoversFrom(error)) throw error;
      }
    }
  }
}`,
    `
class Feed {
  private closed = false;
  connect(): void {
    open().catch(() => this.retryLater());
  }
  private retryLater = (): void => {
    if (this.closed) return;
    setTimeout(() => this.connect(), 1000);
  };
}`,
    // A worker that stops when it runs out of work.
    `
async function work(queue: { next(): Promise<string | undefined> }) {
  while (true) {
    let job;
    try { job = await queue.next(); } catch (error) { console.warn(error); }
    if (!job) break;
    await handle(job);
  }
}`,
    // A recursive walk: the changed argument feeds the next attempt.
    `
function findPackageJson(dir: string): string {
  const candidate = resolve(dir, 'package.json');
  try { return readFileSync(candidate, 'utf8'); } catch { return findPackageJson(resolve(dir, '..')); }
}`,
    // A recursive call handed the caught error forwards it (an async iterator's state machine).
    `
function resume(kind: string, value: unknown): void {
  step(kind, value).then((result) => settle(result), (error) => resume('throw', error));
}`,
    // A branch on an attempt- or clock-named flag is a cap.
    `
async function poll(fn: () => Promise<unknown>, timeoutMs: number) {
  let timedOut = false;
  setTimeout(() => { timedOut = true; }, timeoutMs);
  while (true) {
    const isLastAttempt = timedOut;
    try { return await fn(); } catch (error) { if (isLastAttempt) throw error; }
  }
}`,
  ],
  invalid: [
    {
      // The cap is counted in a \`once\` listener: the first failure is the only one it sees (NestJS's RMQ server).
      code: `
declare const server: { once(event: string, listener: (error: Error) => void): void; close(): Promise<void> };
export class RmqServer {
  private connectionAttempts = 0;
  start(maxConnectionAttempts: number, callback: (error?: Error) => void): void {
    server.once('connectFailed', async (error) => {
      if (++this.connectionAttempts === maxConnectionAttempts) {
        await server.close();
        callback(error);
      }
    });
  }
}`,
      errors: [{ messageId: 'capInOnceListener' as const, line: 7, column: 11 }],
    },
    {
      // The iterator's end is never checked: past the last host the loop asks again at once, for ever.
      code: `
interface Host { address: string }
declare function borrowConnection(host: Host | undefined): object;
export function anyConnection(hosts: Iterator<Host>): object {
  let connection: object | null = null;
  while (!connection) {
    const item = hosts.next();
    try {
      connection = borrowConnection(item.value);
    } catch {}
  }
  return connection;
}`,
      errors: [{ messageId: 'unboundedLoop' as const, line: 6, column: 3 }],
    },
    {
      // The same loop whose recovery swallows its own failure: the old cursor stays, and the loop goes round at once.
      code: STILL_A_RETRY.resumeThatSwallows,
      errors: [{ messageId: 'unboundedLoop' as const, line: 8, column: 5 }],
    },
    {
      // The handler logs and calls again with the cache untouched: the same path, again and again.
      code: STILL_A_RETRY.recursionWithStateUntouched,
      errors: [{ messageId: 'unboundedRecursion' as const, data: { name: 'this.execute' }, line: 12, column: 22 }],
    },
    {
      // The failure is tried again at once while a success waits its minute: a retry, not the schedule.
      code: STILL_A_RETRY.failureRetriedAtOnce,
      errors: [{ messageId: 'unboundedRecursion' as const, data: { name: 'scheduleSync' }, line: 8, column: 11 }],
    },
    {
      code: `
async function load() {
  while (true) {
    try { return await fetchIt(); } catch (error) { console.error(error); }
  }
}`,
      errors: [{ messageId: 'unboundedLoop' as const, line: 3, column: 3, endLine: 5, endColumn: 4 }],
    },
    {
      // Another object's exit ends nothing.
      code: `
async function load() {
  while (true) {
    try { return await fetchIt(); } catch (error) { console.error(error); worker.exit(1); }
  }
}`,
      errors: [{ messageId: 'unboundedLoop' as const, line: 3, column: 3, endLine: 5, endColumn: 4 }],
    },
    {
      code: `
async function connect() {
  for (;;) {
    try { await open(); break; } catch { await sleep(1000); }
  }
}`,
      errors: [{ messageId: 'unboundedLoop' as const, line: 3, column: 3, endLine: 5, endColumn: 4 }],
    },
    {
      code: `
async function connect() {
  do {
    try { await open(); return; } catch { await sleep(1000); }
  } while (true);
}`,
      errors: [{ messageId: 'unboundedLoop' as const, line: 3, column: 3, endLine: 5, endColumn: 18 }],
    },
    {
      // A success flag is no bound: it only turns true when the dependency is back.
      code: `
async function connect() {
  let connected = false;
  while (!connected) {
    try { await open(); connected = true; } catch { await sleep(1000); }
  }
}`,
      errors: [{ messageId: 'unboundedLoop' as const, line: 4, column: 3, endLine: 6, endColumn: 4 }],
    },
    {
      // \`continue\` from the catch skips the success exit after the try.
      code: `
async function load() {
  while (true) {
    let result;
    try { result = await fetchIt(); } catch { await sleep(500); continue; }
    return result;
  }
}`,
      errors: [{ messageId: 'unboundedLoop' as const, line: 3, column: 3, endLine: 7, endColumn: 4 }],
    },
    {
      // Rethrowing fatal errors bounds nothing: transient ones still retry forever. A counter only logged is no cap.
      code: `
async function load() {
  let attempt = 0;
  while (true) {
    try { return await fetchIt(); } catch (error) {
      if (!isTransient(error)) throw error;
      attempt++;
      console.warn('retrying', attempt);
      await sleep(100 * attempt);
    }
  }
}`,
      errors: [{ messageId: 'unboundedLoop' as const, line: 4, column: 3, endLine: 11, endColumn: 4 }],
    },
    {
      code: `
async function fetchUntilUp(url: string): Promise<Response> {
  try { return await fetch(url); } catch { return fetchUntilUp(url); }
}`,
      errors: [{ messageId: 'unboundedRecursion' as const, data: { name: 'fetchUntilUp' }, line: 3, column: 51, endColumn: 68 }],
    },
    {
      code: `
const load = (id: string): Promise<string> => fetchIt(id).catch(() => load(id));`,
      errors: [{ messageId: 'unboundedRecursion' as const, line: 2, column: 71, endColumn: 79 }],
    },
    {
      code: `
class Client {
  connect(): void {
    this.open().then(onOpen, () => setTimeout(() => this.connect(), 5000));
  }
}`,
      errors: [{ messageId: 'unboundedRecursion' as const, data: { name: 'this.connect' }, line: 4, column: 53, endColumn: 67 }],
    },
    {
      code: `
function start(): void {
  try { listen(); } catch (error) { setTimeout(() => start(), 1000); }
}`,
      errors: [{ messageId: 'unboundedRecursion' as const, line: 3, column: 54, endColumn: 61 }],
    },
    {
      // A reference handed to setTimeout is a call too.
      code: `
class Socket {
  connect = async (): Promise<void> => {
    try { await open(); } catch { setTimeout(this.connect, 5000); }
  };
}`,
      errors: [{ messageId: 'unboundedRecursion' as const, data: { name: 'this.connect' }, line: 4, column: 35, endColumn: 65 }],
    },
    {
      code: `
class Socket {
  async connect(): Promise<void> {
    try { await open(); } catch { setTimeout(this.connect.bind(this), 5000); }
  }
}`,
      errors: [{ messageId: 'unboundedRecursion' as const, data: { name: 'this.connect' }, line: 4, column: 35, endColumn: 76 }],
    },
    {
      // Through a sibling method that schedules the reconnect.
      code: `
class Feed {
  async connect(): Promise<void> {
    try { await open(); } catch (error) { this.scheduleReconnect(); }
  }
  private scheduleReconnect(): void {
    setTimeout(() => void this.connect(), 5000);
  }
}`,
      errors: [{ messageId: 'unboundedRecursion' as const, data: { name: 'this.connect' }, line: 4, column: 43, endColumn: 67 }],
    },
    {
      // A success check after the try on what the attempt assigned.
      code: `
async function connect() {
  let connection;
  while (true) {
    try { connection = await open(); } catch (error) { console.warn(error); }
    if (connection) break;
  }
  return connection;
}`,
      errors: [{ messageId: 'unboundedLoop' as const, line: 4, column: 3, endLine: 7, endColumn: 4 }],
    },
  ],
};

createTypedRuleTester().run('no-unbounded-retry (typed)', rule, cases);
createUntypedRuleTester().run('no-unbounded-retry (untyped)', rule, cases);
