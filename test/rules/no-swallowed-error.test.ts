import ts from 'typescript';
import { describe, expect, it } from 'vitest';

import type { AnyResilintRule } from '../../rules/engine/create-rule.js';
import { runChecks } from '../../rules/engine/run-check.js';
import rule from '../../rules/no-swallowed-error.js';
import { createTypedRuleTester, createUntypedRuleTester } from './rule-tester.js';
import { NO_PROJECT_FACTS } from '../helpers/lint-snippet.js';

const head = 'declare function load(): Promise<{ name: string }>;\ndeclare const logger: { error(...args: unknown[]): void };\n';

// A polling loop that schedules its next run at the end of a successful poll (node-resque's scheduler); `failure` is
// what the timer does when the poll rejects, `poll` the poll's body.
const pollLoop = (failure: string, poll = 'const next = await redis.next();\n    if (next) await redis.move(next);\n    this.pollAgainLater();', extra = '') =>
  [
    'import { EventEmitter } from "node:events";',
    'declare const redis: { next(): Promise<string | undefined>; move(key: string): Promise<void> };',
    'export class Scheduler extends EventEmitter {',
    '  private timer?: NodeJS.Timeout;',
    '  running = true;',
    '  async poll(): Promise<void> {',
    `    ${poll}`,
    '  }',
    '  private pollAgainLater() {',
    '    this.timer = setTimeout(() => {',
    `      ${failure}`,
    '    }, 5000);',
    '  }',
    '  stop() {',
    '    this.running = false;',
    '    clearTimeout(this.timer);',
    `  }${extra}`,
    '}',
  ].join('\n');

const cases = {
  valid: [
    // a handler the code names a no-op states that ignoring the failure is deliberate, as `void` does (ioredis)
    `${head}declare function noop(): void;\nload().catch(noop);`,
    `${head}declare const utils_1: { noop(): void };\nexport function connect() {\n  load().catch(utils_1.noop);\n}`,
    'try { run(); } catch { /* optional: the cache may be cold */ }',
    // a comment giving the reason next to a log-only catch states the handling is deliberate (issue 12, point 6)
    `${head}export async function f() {\n  try {\n    await load();\n  } catch (error) {\n    // best effort: the profile is refreshed on the next login\n    logger.error(error);\n  }\n  return { ok: true };\n}`,
    `${head}export async function f() {\n  try {\n    await load();\n  } catch (error) { // optional warm-up, the cache fills itself\n    logger.error(error);\n  }\n  return { ok: true };\n}`,
    // a comment right above the try (or the chain's statement, or at the end of its line) that speaks of the failure
    // gives the reason too (issue 12, point 6: pg-boss's stop, hubot's audit log, bullmq's worker start-up)
    `${head}export async function stop() {\n  // Best effort and silent: a stop that cannot reach the database is harmless\n  try {\n    await load();\n  } catch {}\n}`,
    `${head}export function audit() {\n  // Fire and forget: write without blocking the command\n  load().catch(() => {});\n}`,
    `${head}export function start(emit: () => void) {\n  // Connection failures are surfaced via the 'error' event\n  load()\n    .then(() => emit())\n    .catch(() => {});\n}`,
    `${head}export function warm() {\n  load().catch(() => {}); // optional: a cold cache fills itself\n}`,
    // an optional module: the try only loads it and keeps it (undici's SIMD parser, typeorm's pg-native)
    'let parser: any;\ntry {\n  parser = require("../build/simd.js");\n} catch {}\nparser = parser || require("../build/plain.js");',
    'declare const PlatformTools: { load(name: string): any };\nexport class Driver {\n  pg: any = PlatformTools.load("pg");\n  loadNative() {\n    try {\n      const native = PlatformTools.load("pg-native");\n      if (native && this.pg.native) this.pg = this.pg.native;\n    } catch (e) {}\n  }\n}',
    'export async function f() { let sharp: unknown; try { sharp = await import("sharp"); } catch {} return sharp; }',
    // the try returns its result, the statement after the catch the failure (unleash's validateJsonString)
    'export function isJson(value: string): boolean { try { const parsed = JSON.parse(value); if (parsed && typeof parsed === "object") return true; } catch (_err) {} return false; }',
    'try { run(); } catch (error) { throw error; }',
    // handled: returns a fallback, records the failure, passes it on, or checks for the expected error
    `${head}export async function f() { try { return await load(); } catch (error) { logger.error(error); return undefined; } }`,
    `${head}export async function f(next: (e: unknown) => void) { try { await load(); } catch (error) { next(error); } }`,
    `${head}export async function f(res: any) { try { await load(); } catch (error) { logger.error(error); res.status(502).end(); } }`,
    `${head}export function f(state: { failed: boolean }) { try { run(); } catch { state.failed = true; } }`,
    'import fs from "node:fs";\nexport function f() { try { fs.unlinkSync("a"); } catch (error) { if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error; } }',
    `${head}export async function f() { try { await load(); } catch (error) { logger.error(error); process.exit(1); } }`,
    // logging at the boundary: nothing after the catch pretends it worked
    `${head}export async function handle() { try { await load(); } catch (error) { logger.error(error); } }`,
    `${head}export async function f(ids: string[]) { for (const id of ids) { try { await load(); } catch (error) { logger.error(id, error); } } }`,
    // the value is checked for the failure before use
    `${head}export async function f() { let user; try { user = await load(); } catch (error) { logger.error(error); } if (!user) return null; return user.name; }`,
    `${head}export async function f() { let user; try { user = await load(); } catch (error) { logger.error(error); } return user?.name; }`,
    // declared with a fallback that the catch keeps on purpose (outline's readManifestFile, its collaborator ids)
    'import fs from "node:fs";\ndeclare const logger: { warn(...args: unknown[]): void };\nexport function read(file: string) { let manifest = "{}"; try { manifest = fs.readFileSync(file, "utf8"); } catch (_err) { logger.warn(`Cannot find ${file}`); } return JSON.parse(manifest) as unknown; }',
    `${head}declare function members(): Promise<string[]>;\nexport async function f() { let ids: string[] = []; try { ids = await members(); } catch (error) { logger.error(error); } return ids.length; }`,
    // rejection handlers: fallback values where the result is used, comments stating intent, real handling
    `${head}export async function f() { const user = await load().catch(() => null); return user; }`,
    `${head}export function f() { return Promise.all([load().catch(() => undefined)]); }`,
    `${head}load().catch(() => { /* best effort: the cache is warmed again on the next request */ });`,
    `${head}load().catch((error: unknown) => logger.error(error));`,
    `${head}load().then(() => undefined, (error: unknown) => { logger.error(error); });`,
    `${head}load().catch((error: unknown) => { throw new Error("load failed", { cause: error }); });`,
    // logged failures inside Promise.all or a callback's result are not taken as values
    `${head}export async function f() { await Promise.all([load().catch((error: unknown) => logger.error(error)), load()]); }`,
    `${head}export async function f(ids: string[]) { await Promise.all(ids.map(() => load().catch((error: unknown) => logger.error(error)))); }`,
    // the same with a block body (novu's MetricsService.recordMetric)
    `${head}export function f(ids: string[]) { const all = ids.map(() => { return load().catch((error: unknown) => { logger.error(error); }); }); return Promise.all(all); }`,
    // best-effort cleanup, and cleanup on the error path that must not mask the original error
    'import fs from "node:fs";\nexport function f(tmp: string) { try { fs.unlinkSync(tmp); } catch {} }',
    'declare const handle: { close(): Promise<void> };\nexport async function f() { await handle.close().catch(() => {}); }',
    `${head}declare function rollback(): Promise<void>;\nexport async function f() { try { await load(); } catch (error) { try { await rollback(); } catch {} throw error; } }`,
    `${head}declare function rollback(): Promise<void>;\nexport async function f() { try { await load(); } finally { await rollback().catch(() => {}); } }`,
    // a stored promise marked as handled while it is awaited elsewhere
    `${head}export async function f() { const pending = load(); pending.catch(() => {}); await other(); return pending; }\ndeclare function other(): Promise<void>;`,
    `${head}export function f(run: Promise<void>) { run.finally(() => {}).catch(() => undefined); }`,
    // the handler of a promise that cannot reject never runs (temporal's worker: an unref'd timer)
    'async function sleep(ms: number): Promise<void> {\n  return new Promise((resolve) => setTimeout(resolve, ms));\n}\nlet script: string | undefined = "x";\nsleep(10).then(\n  () => {\n    script = undefined;\n  },\n  () => void 0,\n);',
    // the try only refines a name that already holds a fallback (realtime-js's httpSend error message)
    'export async function fail(response: Response): Promise<never> {\n  let message = response.statusText;\n  try {\n    const body = await response.json();\n    message = body.error || body.message || message;\n  } catch {}\n  return Promise.reject(new Error(message));\n}',
    // a fallback chain: each failed way falls through to the next, the last one always answers (castToError)
    'export function toError(err: object): Error {\n  if (err instanceof Error) return err;\n  if (typeof err === "object") {\n    try {\n      if ("message" in err) {\n        return new Error(String(err.message));\n      }\n    } catch {}\n    try {\n      return new Error(JSON.stringify(err));\n    } catch {}\n  }\n  return new Error(String(err));\n}',
    // a predicate: an unparsable URL is not a file URL (replicate's isFileStream)
    'export function isFileUrl(url: string): boolean {\n  try {\n    return new URL(url).pathname.startsWith("/v1/files/");\n  } catch {}\n  return false;\n}',
    // trying the next candidate, then a fallback that answers or fails on its own (kafkajs's findConnectedBroker)
    'declare function connect(id: string): Promise<string>;\nexport async function first(ids: string[], seed: string) {\n  for (const id of ids) {\n    try {\n      return await connect(id);\n    } catch {}\n  }\n  return await connect(seed);\n}',
    // a catch that handles the expected error and rethrows or reports the rest
    `${head}export async function f() {\n  try {\n    await load();\n  } catch (err) {\n    if ((err as { code?: string }).code === "ENOENT") return undefined;\n    throw err;\n  }\n  return 1;\n}`,
    `${head}export async function f() {\n  try {\n    await load();\n  } catch (err) {\n    if ((err as { code?: string }).code !== "ENOENT") throw err;\n  }\n}`,
    `${head}export async function f() {\n  try {\n    await load();\n  } catch (err) {\n    if (err instanceof TypeError) return undefined;\n    else logger.error(err);\n  }\n  return 1;\n}`,
    // in a loop the catch is the retry, and the loop decides (replicate's withAutomaticRetries)
    `${head}export async function f() {\n  for (let attempt = 0; attempt < 3; attempt++) {\n    try {\n      return await load();\n    } catch (err) {\n      if (err instanceof TypeError) {\n        logger.error(err);\n      }\n    }\n  }\n  return load();\n}`,
    // the comment gives the reason the others are dropped
    `${head}export async function f() {\n  try {\n    await load();\n  } catch (err) {\n    // best effort: a missing profile is created, anything else is retried on the next login\n    if ((err as Error).message === "not found") await load();\n  }\n}`,
    // errors returned as values on purpose: a factory, a validator that never throws, a declared error result
    'export function notFound(id: string) {\n  return new Error(`no order ${id}`);\n}',
    'export async function validate(path: string) {\n  if (!path.endsWith(".json")) return new TypeError("not a JSON file");\n  return undefined;\n}',
    'export async function check(path: string): Promise<Error | undefined> {\n  if (!path) throw new Error("no path");\n  if (!path.endsWith(".json")) return new Error("not a JSON file");\n  return undefined;\n}',
    // the error is returned by a callback of the async function, which throws on its own
    'export async function f(paths: string[]) {\n  if (paths.length === 0) throw new Error("no paths");\n  return paths.map((path) => (path ? path : new Error("empty")));\n}',
    // a synchronous function that throws elsewhere: its callers see the throw, and the returned error is its result
    'export function parse(raw: string) {\n  if (!raw) throw new Error("empty");\n  if (raw[0] !== "{") return new SyntaxError("not an object");\n  return JSON.parse(raw);\n}',
    // the chain fulfils with nothing: the handler's undefined is what success gives too (moleculer's log upload, disconnect)
    'declare function upload(body: string): Promise<{ status: number }>;\nexport function flush(body: string) {\n  return upload(body)\n    .then((res) => {\n      if (res.status >= 400) throw new Error(String(res.status));\n    })\n    .catch((err) => console.warn(err));\n}',
    // the next step takes no value (moleculer's restartBroker), or the function tears down (its stop, sendDisconnectPacket)
    `${head}declare function run(): Promise<void>;\nexport function restart() {\n  return load()\n    .catch((err: unknown) => logger.error(err))\n    .then(() => run());\n}`,
    `${head}export function stop() {\n  return load().catch((err: unknown) => logger.error(err));\n}\nexport class Transit {\n  sendDisconnectPacket() {\n    return load().catch((err: unknown) => logger.error(err));\n  }\n}`,
    // the failure handler schedules the next poll too, stops on purpose, records state or hands it on
    pollLoop('this.poll().catch((e) => { this.emit("error", e); this.pollAgainLater(); });'),
    pollLoop('this.poll().catch((e) => { this.emit("error", e); this.stop(); });'),
    pollLoop('this.poll().catch((e) => { this.running = false; this.emit("error", e); });'),
    pollLoop(
      'this.poll().catch((e) => this.onPollError(e));',
      undefined,
      '\n  private onPollError(e: unknown) {\n    this.emit("error", e);\n    this.pollAgainLater();\n  }',
    ),
    pollLoop(
      'this.poll().catch(this.onPollError);',
      undefined,
      '\n  private onPollError = (e: unknown) => {\n    this.emit("error", e);\n    this.pollAgainLater();\n  };',
    ),
    // the poll reschedules in a finally, before its first await, or only after awaits a try guards: a failure cannot stop it
    pollLoop(
      'this.poll().catch((e) => this.emit("error", e));',
      'try {\n      const next = await redis.next();\n      if (next) await redis.move(next);\n    } finally {\n      this.pollAgainLater();\n    }',
    ),
    pollLoop(
      'this.poll().catch((e) => this.emit("error", e));',
      'this.pollAgainLater();\n    const next = await redis.next();\n    if (next) await redis.move(next);',
    ),
    pollLoop(
      'this.poll().catch((e) => this.emit("error", e));',
      'try {\n      const next = await redis.next();\n      if (next) await redis.move(next);\n    } catch (e) {\n      this.emit("error", e);\n    }\n    this.pollAgainLater();',
    ),
    // a recheck that schedules the next one only while a result asks for it ends by design (pg-boss's crash recount)
    pollLoop(
      'this.poll().catch((e) => this.emit("error", e));',
      'const next = await redis.next();\n    if (next === undefined) return;\n    this.pollAgainLater();',
    ),
    // a poll that never reschedules itself is a one-shot timer, not a loop
    pollLoop('this.poll().catch((e) => this.emit("error", e));', 'const next = await redis.next();\n    if (next) await redis.move(next);'),
    // a poll whose code is elsewhere (an import, a callback handed in) may reschedule itself on failure
    'declare function poll(): Promise<void>;\nexport function schedule() {\n  setTimeout(() => {\n    poll().catch((e) => console.error(e));\n  }, 1000);\n}',
    // Progress that is not dropped: the await is guarded and the error rethrown with what was done, an error that
    // carries nothing gathered, an accumulator that is not handed on (each call starts afresh).
    `
declare function send(batch: string[]): Promise<{ failed: string[] }>;
class PartialSendError extends Error { constructor(readonly failed: string[]) { super('some messages failed'); } }
export async function sendAll(batches: string[][], failed: string[] = [], index = 0): Promise<void> {
  let result: { failed: string[] };
  try {
    result = await send(batches[index]!);
  } catch (error) {
    throw new PartialSendError(failed.concat(batches.slice(index).flat()));
  }
  const failedSoFar = failed.concat(result.failed);
  if (index + 1 < batches.length) return sendAll(batches, failedSoFar, index + 1);
  if (failedSoFar.length > 0) throw new PartialSendError(failedSoFar);
}`,
    `
declare function send(batch: string[]): Promise<{ failed: string[] }>;
export async function sendOne(batch: string[]): Promise<void> {
  const result = await send(batch);
  const failed = [...result.failed];
  if (failed.length > 0) throw new AggregateError(failed);
}`,
    `
declare function send(batch: string[]): Promise<{ failed: string[] }>;
class PartialSendError extends Error { constructor(readonly failed: string[]) { super('some messages failed'); } }
export async function sendAll(batches: string[][], failed: string[] = [], index = 0): Promise<void> {
  const result = await send(batches[index]!);
  const failedSoFar = failed.concat(result.failed);
  if (index + 1 < batches.length) return sendAll(batches, [], index + 1);
  if (failedSoFar.length > 0) throw new PartialSendError(failedSoFar);
}`,
    // a fail-open look-alike: the fallback is not the step's input (an empty digest, not the file)
    'declare function encryptCredentials(key: string, value: object): { $: string };\ndeclare const log: { warn(message: string): void; debug(message: string): void };\nexport function digestOf(file: string) {\n  let digest = "";\n  try {\n    digest = hashFile(file);\n  } catch (e) {\n    log.warn(String(e));\n  }\n  return digest;\n}\ndeclare function hashFile(file: string): string;',
    // the catch gives the name a failure value, or the code after the try never reads the fallback
    'declare function encryptCredentials(key: string, value: object): { $: string };\ndeclare const log: { warn(message: string): void; debug(message: string): void };\nexport function exportAll(key: string, cache: object) {\n  let result: object | undefined = cache;\n  try {\n    result = encryptCredentials(key, cache);\n  } catch (e) {\n    log.warn(String(e));\n    result = undefined;\n  }\n  return result;\n}',
    'declare function encryptCredentials(key: string, value: object): { $: string };\ndeclare const log: { warn(message: string): void; debug(message: string): void };\nexport function save(key: string, cache: object, write: (v: object) => void) {\n  let result: object = cache;\n  try {\n    result = encryptCredentials(key, cache);\n    write(result);\n  } catch (e) {\n    log.warn(String(e));\n  }\n}',
    // not a security step: a decoding that falls back to the raw text is a deliberate fallback
    'declare function encryptCredentials(key: string, value: object): { $: string };\ndeclare const log: { warn(message: string): void; debug(message: string): void };\ndeclare function decode(text: string): string;\nexport function read(raw: string) {\n  let text = raw;\n  try {\n    text = decode(raw);\n  } catch (e) {\n    log.warn(String(e));\n  }\n  return text;\n}',
    // the catch says why the plain value is kept
    'declare function encryptCredentials(key: string, value: object): { $: string };\ndeclare const log: { warn(message: string): void; debug(message: string): void };\nexport function exportDev(key: string, cache: object) {\n  let result: object = cache;\n  try {\n    result = encryptCredentials(key, cache);\n  } catch (e) {\n    // development builds have no key: keep the plain value on purpose\n    log.warn(String(e));\n  }\n  return result;\n}',
    // the other branch of the `if` around the try writes first; the read after the `if` is on the try's path only
    'declare function encryptCredentials(key: string, value: object): { $: string };\ndeclare const log: { warn(message: string): void; debug(message: string): void };\nexport function exportElse(key: string, cache: object, dirty: boolean, saved: object) {\n  let result: object = cache;\n  if (dirty) {\n    try {\n      result = encryptCredentials(key, cache);\n    } catch (e) {\n      log.warn(String(e));\n      throw e;\n    }\n  } else {\n    result = saved;\n  }\n  return result;\n}',
    // a close listener that reports the close, or reopens, or a class that reopens the field lazily on the next use
    'interface Channel { on(event: string, listener: () => void): void }\ndeclare const connection: { createChannel(): Promise<Channel> };\ndeclare const log: { warn(message: string): void };\nexport class ChannelWrapper {\n  channel?: Channel;\n  async onConnect() {\n    const channel = await connection.createChannel();\n    this.channel = channel;\n    channel.on("close", () => this.onChannelClose(channel));\n  }\n  onChannelClose(channel: Channel) {\n    this.channel = undefined;\n    log.warn("channel closed");\n  }\n}',
    'interface Channel { on(event: string, listener: () => void): void }\ndeclare const connection: { createChannel(): Promise<Channel> };\ndeclare const log: { warn(message: string): void };\nexport class ChannelWrapper {\n  channel?: Channel;\n  async onConnect() {\n    const channel = await connection.createChannel();\n    this.channel = channel;\n    channel.on("close", () => this.onChannelClose(channel));\n  }\n  onChannelClose(channel: Channel) {\n    this.channel = undefined;\n    void this.onConnect();\n  }\n}',
    'interface Channel { on(event: string, listener: () => void): void }\ndeclare const connection: { createChannel(): Promise<Channel> };\ndeclare const log: { warn(message: string): void };\nexport class ChannelWrapper {\n  channel?: Channel;\n  async onConnect() {\n    const channel = await connection.createChannel();\n    this.channel = channel;\n    channel.on("close", () => this.onChannelClose(channel));\n  }\n  onChannelClose(channel: Channel) {\n    if (this.channel === channel) {\n      this.channel = undefined;\n    }\n  }\n  async use() {\n    if (!this.channel) this.channel = await connection.createChannel();\n    return this.channel;\n  }\n}',
  ],
  invalid: [
    {
      // Batches sent one after another by recursion: a later batch's failure escapes alone, and the ids of the
      // batches already sent (and those SQS reported failed) go with the accumulators.
      code: `
declare const sqs: { send(batch: string[]): Promise<{ failed: string[] }> };
class FailedMessagesError extends Error { constructor(readonly failed: string[]) { super('some messages failed'); } }
export async function sendBatch(failed: string[], messages: string[], start: number): Promise<void> {
  const end = start + 10;
  const result = await sqs.send(messages.slice(start, end));
  const failedSoFar = failed.concat(result.failed);
  if (end < messages.length) return sendBatch(failedSoFar, messages, end);
  if (failedSoFar.length > 0) throw new FailedMessagesError(failedSoFar);
}`,
      errors: [{ messageId: 'progressDropped' as const, data: { progress: 'failedSoFar', error: 'FailedMessagesError' }, line: 6, column: 18 }],
    },
    {
      // The same with a loop: the ids already imported are pushed, and the error after the loop carries them.
      code: `
declare function save(row: string): Promise<boolean>;
class ImportError extends Error { constructor(readonly imported: string[]) { super('some rows were rejected'); } }
export async function importRows(rows: string[]): Promise<void> {
  const imported: string[] = [];
  for (const row of rows) {
    if (await save(row)) imported.push(row);
  }
  if (imported.length < rows.length) throw new ImportError(imported);
}`,
      errors: [{ messageId: 'progressDropped' as const, data: { progress: 'imported', error: 'ImportError' }, line: 7, column: 9 }],
    },
    {
      // amqp-connection-manager's channel wrapper: a channel the broker closes is forgotten, and only a reconnect of the
      // connection opens the next one
      code: 'interface Channel { on(event: string, listener: () => void): void }\ndeclare const connection: { createChannel(): Promise<Channel> };\ndeclare const log: { warn(message: string): void };\nexport class ChannelWrapper {\n  channel?: Channel;\n  async onConnect() {\n    const channel = await connection.createChannel();\n    this.channel = channel;\n    channel.on("close", () => this.onChannelClose(channel));\n  }\n  onChannelClose(channel: Channel) {\n    if (this.channel === channel) {\n      this.channel = undefined;\n    }\n  }\n}',
      errors: [{ messageId: 'closeForgotten' as const, line: 9, column: 25, data: { field: 'channel' } }],
    },
    {
      // the listener clears the field itself
      code: 'interface Channel { on(event: string, listener: () => void): void }\ndeclare const connection: { createChannel(): Promise<Channel> };\ndeclare const log: { warn(message: string): void };\nexport class ChannelWrapper {\n  channel?: Channel;\n  async onConnect() {\n    const channel = await connection.createChannel();\n    this.channel = channel;\n    channel.on("close", () => {\n      this.channel = undefined;\n    });\n  }\n  onChannelClose(channel: Channel) {\n    if (this.channel === channel) {\n      this.channel = undefined;\n    }\n  }\n}',
      errors: [{ messageId: 'closeForgotten' as const, line: 9, column: 25 }],
    },
    {
      // node-red's credential export: encryption fails, the catch warns, and the plaintext is returned for storage
      code: 'var credentialCache: object = {};\ndeclare function encryptCredentials(key: string, value: object): { $: string };\ndeclare const log: { warn(message: string): void; debug(message: string): void };\nexport const api = {\n  export: async function (key: string, enabled: boolean, dirty: boolean, saved: object) {\n    var result = credentialCache;\n    if (enabled) {\n      if (dirty) {\n        try {\n          log.debug("encrypting");\n          result = encryptCredentials(key, credentialCache);\n        } catch (err) {\n          log.warn(String(err));\n        }\n      } else {\n        result = saved;\n      }\n    }\n    return result;\n  },\n};',
      errors: [{ messageId: 'failOpen' as const, line: 12, column: 11, data: { name: 'result', step: 'encryptCredentials', fallback: 'credentialCache' } }],
    },
    {
      // an empty catch around an awaited signature, the unsigned payload sent after it
      code: 'declare function signPayload(body: string, key: string): Promise<string>;\ndeclare function send(body: string): Promise<void>;\nexport async function deliver(payload: string, key: string) {\n  let body = payload;\n  try {\n    body = await signPayload(payload, key);\n  } catch {}\n  await send(body);\n}',
      errors: [{ messageId: 'failOpen' as const, line: 7, column: 5, data: { name: 'body', step: 'signPayload', fallback: 'payload' } }],
    },
    {
      // node-resque's scheduler: a failed poll is emitted and never rescheduled, so the scheduler stops for good
      code: pollLoop('this.poll().catch((e) => this.emit("error", e));'),
      errors: [{ messageId: 'pollStopped' as const, line: 13, column: 25, data: { name: 'poll' } }],
    },
    {
      // a return on a stop flag is stopping on purpose, not a result that ends the loop
      code: pollLoop(
        'this.poll().catch((e) => this.emit("error", e));',
        'if (!this.running) return;\n    const next = await redis.next();\n    if (next) await redis.move(next);\n    this.pollAgainLater();',
      ),
      errors: [{ messageId: 'pollStopped' as const, line: 14, column: 25 }],
    },
    {
      // @azure/service-bus's token renewal: a failed renewal is logged and never scheduled again
      code: 'declare const cbs: { negotiate(): Promise<number> };\nexport class Link {\n  private timer?: NodeJS.Timeout;\n  private renewInMs = 0;\n  async negotiateClaim(renew: boolean): Promise<void> {\n    this.renewInMs = await cbs.negotiate();\n    if (renew) {\n      this.ensureTokenRenewal();\n    }\n  }\n  private ensureTokenRenewal() {\n    if (!this.renewInMs) return;\n    this.timer = setTimeout(async () => {\n      try {\n        await this.negotiateClaim(true);\n      } catch (err) {\n        console.error("an error occurred while renewing the token", err);\n      }\n    }, this.renewInMs);\n  }\n}',
      errors: [{ messageId: 'pollStopped' as const, line: 16, column: 9, data: { name: 'negotiateClaim' } }],
    },
    {
      // the same with a try in the timer, and a function that arms its own timer
      code: pollLoop('try {\n        await this.poll();\n      } catch (e) {\n        console.error(e);\n      }').replace(
        'setTimeout(() =>',
        'setTimeout(async () =>',
      ),
      errors: [{ messageId: 'pollStopped' as const, line: 15, column: 9 }],
    },
    {
      code: 'declare function fetchJobs(): Promise<string[]>;\nexport async function tick(): Promise<void> {\n  const jobs = await fetchJobs();\n  console.log(jobs.length);\n  setTimeout(() => {\n    tick().catch(console.error);\n  }, 1000);\n}',
      errors: [{ messageId: 'pollStopped' as const, line: 6, column: 18, data: { name: 'tick' } }],
    },
    {
      // nats' object store init: only "stream not found" is handled, a timeout or a permission error passes as success
      code: 'declare const streams: { info(name: string): Promise<unknown>; add(name: string): Promise<void> };\nexport async function init(name: string) {\n  try {\n    await streams.info(name);\n  } catch (err) {\n    if ((err as Error).message === "stream not found") {\n      await streams.add(name);\n    }\n  }\n}',
      errors: [{ messageId: 'othersDropped' as const, line: 5, column: 5, data: { test: '(err as Error).message === "stream not found"', name: 'err' } }],
    },
    {
      // two expected codes, and an instanceof
      code: `${head}export async function f() {\n  try {\n    await load();\n  } catch (e) {\n    if ((e as { code?: string }).code === "ENOENT" || (e as { code?: string }).code === "ENOTDIR") return null;\n  }\n  return 1;\n}\nexport async function g() {\n  try {\n    await load();\n  } catch (e) {\n    if (e instanceof SyntaxError) logger.error(e);\n  }\n}`,
      errors: [
        { messageId: 'othersDropped' as const, line: 6, column: 5 },
        { messageId: 'othersDropped' as const, line: 14, column: 5 },
      ],
    },
    {
      // node-red's Project.update: one invalid input is returned as an Error, the others thrown or rejected
      code: 'export class Project {\n  async update(data: { files?: { package?: string } }) {\n    if (!data.files) throw new Error("missing files");\n    if (!/package\\.json$/.test(data.files.package ?? "")) {\n      return new Error("Invalid package file");\n    }\n    return { ok: true };\n  }\n}',
      errors: [{ messageId: 'returnedError' as const, line: 5, column: 7 }],
    },
    {
      // not async, but its other failure is a rejected promise
      code: 'export function save(name: string) {\n  if (name.includes("..")) return Promise.reject(new Error("bad name"));\n  if (!name) return new errors.ValidationError("empty name");\n  return Promise.resolve(name);\n}\ndeclare const errors: { ValidationError: ErrorConstructor };',
      errors: [{ messageId: 'returnedError' as const, line: 3, column: 14 }],
    },
    {
      // null is no fallback: the failure leaves the result empty without a trace
      code: 'declare function query(): Promise<string[]>;\nexport async function rows() {\n  let found: string[] | null = null;\n  try {\n    found = await query();\n  } catch {}\n  return found;\n}',
      errors: [{ messageId: 'emptyCatch' as const, line: 6, column: 5 }],
    },
    {
      // every candidate failed and the caller gets null, with no trace of why (kafkajs's withBroker)
      code: 'declare function connect(id: string): Promise<string>;\nexport async function first(ids: string[]) {\n  for (const id of ids) {\n    try {\n      return await connect(id);\n    } catch {}\n  }\n  return null;\n}',
      errors: [{ messageId: 'emptyCatch' as const, line: 6, column: 7 }],
    },
    {
      // the handler of a timer that can reject runs
      code: 'function sleep(ms: number): Promise<void> {\n  return new Promise((resolve, reject) => setTimeout(() => reject(new Error("late")), ms));\n}\nsleep(10).then(() => {}, () => void 0);',
      errors: [{ messageId: 'discardingHandler' as const, line: 4, column: 26 }],
    },
    {
      // a success result after the swallowed failure (unleash's token deletion answering 200)
      code: 'declare function remove(): Promise<void>;\nexport async function del(res: { status(code: number): { end(): void } }) {\n  try {\n    await remove();\n  } catch (_err) {}\n  res.status(200).end();\n}',
      errors: [{ messageId: 'emptyCatch' as const, line: 5, column: 5 }],
    },
    {
      // a data result: the outage becomes a silent miss
      code: 'export function readCache(store: Map<string, string>, key: string) {\n  try {\n    return store.get(key);\n  } catch {}\n  return undefined;\n}',
      errors: [{ messageId: 'emptyCatch' as const, line: 4, column: 5 }],
    },
    {
      // the try returns nothing: the return after the catch cannot tell failure from success
      code: 'declare function save(): void;\nexport function f(): boolean {\n  try {\n    save();\n  } catch {}\n  return true;\n}',
      errors: [{ messageId: 'emptyCatch' as const, line: 5, column: 5 }],
    },
    {
      code: 'try { run(); } catch {}',
      errors: [{ messageId: 'emptyCatch' as const, line: 1, column: 16, endColumn: 24 }],
    },
    {
      code: 'try { run(); } catch (error) {\n}',
      errors: [{ messageId: 'emptyCatch' as const, line: 1, column: 16, endLine: 2, endColumn: 2 }],
    },
    {
      code: `${head}load().catch(() => {});`,
      errors: [{ messageId: 'discardingHandler' as const, line: 3, column: 14, endColumn: 22 }],
    },
    {
      code: `${head}export async function f() { await load().catch(() => undefined); }`,
      errors: [{ messageId: 'discardingHandler' as const, line: 3, column: 48, endColumn: 63 }],
    },
    {
      // an empty function is no statement of intent; a function named a no-op is (below, valid)
      code: `${head}load().catch(function () {});`,
      errors: [{ messageId: 'discardingHandler' as const, line: 3, column: 14, endColumn: 28 }],
    },
    {
      code: `${head}load().then(() => 1, () => {});`,
      errors: [{ messageId: 'discardingHandler' as const, line: 3, column: 22, endColumn: 30 }],
    },
    {
      code: `${head}load().catch(() => {}).finally(() => {});`,
      errors: [{ messageId: 'discardingHandler' as const, line: 3, column: 14 }],
    },
    {
      // a TODO admits nothing handles it; a directive or a one-word comment gives no reason for a log-only catch
      code: `${head}export async function f() {\n  try {\n    await load();\n  } catch (error) {\n    // TODO: surface this to the caller\n    logger.error(error);\n  }\n  return { ok: true };\n}`,
      errors: [{ messageId: 'logOnlyCatch' as const, line: 6, column: 5 }],
    },
    {
      code: `${head}export async function f() {\n  try {\n    await load();\n  } catch (error) {\n    // @ts-expect-error the logger is untyped\n    logger.error(error); // ignore\n  }\n  return { ok: true };\n}`,
      errors: [{ messageId: 'logOnlyCatch' as const, line: 6, column: 5 }],
    },
    {
      // a comment that names the handling a bug is an admission, not a reason
      code: `${head}export async function f() {\n  try {\n    await load();\n  } catch (error) {\n    // Bug: logged, then the caller is told it worked\n    logger.error(error);\n  }\n  return { ok: true };\n}`,
      errors: [{ messageId: 'logOnlyCatch' as const, line: 6, column: 5 }],
    },
    {
      // a comment above that only says what the try does gives no reason for dropping its failure
      code: `${head}export async function f() {\n  let user;\n  // load the current user's profile\n  try {\n    user = await load();\n  } catch {}\n  return user;\n}`,
      errors: [{ messageId: 'emptyCatch' as const, line: 8, column: 5 }],
    },
    {
      // nor one a blank line away, nor a TODO that admits the failure is dropped
      code: `${head}export function f() {\n  // failures are ignored: the cache is optional\n\n  load().catch(() => {});\n  // TODO: errors are ignored for now\n  load().catch(() => {});\n}`,
      errors: [
        { messageId: 'discardingHandler' as const, line: 6, column: 16 },
        { messageId: 'discardingHandler' as const, line: 8, column: 16 },
      ],
    },
    {
      // the try does more than load the module (init's failure is dropped too), loads data, or loads through an instance
      code: 'declare function init(m: unknown): void;\ndeclare const store: { load(key: string): unknown };\nlet sharp: unknown;\ntry {\n  sharp = require("sharp");\n  init(sharp);\n} catch {}\nlet config: unknown;\ntry {\n  config = require("./config.json");\n} catch {}\nlet user: unknown;\ntry {\n  user = store.load("current");\n} catch {}',
      errors: [
        { messageId: 'emptyCatch' as const, line: 7, column: 3 },
        { messageId: 'emptyCatch' as const, line: 11, column: 3 },
        { messageId: 'emptyCatch' as const, line: 15, column: 3 },
      ],
    },
    {
      // an empty catch holding only a TODO
      code: 'try { run(); } catch { /* TODO handle the failure */ }',
      errors: [{ messageId: 'emptyCatch' as const, line: 1, column: 16 }],
    },
    {
      // logs, then uses the never-assigned result
      code: `${head}export async function f() {\n  let user;\n  try {\n    user = await load();\n  } catch (error) {\n    logger.error(error);\n  }\n  return user.name;\n}`,
      errors: [{ messageId: 'logOnlyCatch' as const, line: 7, column: 5, data: { evidence: '`user` is used though it was never assigned' } }],
    },
    {
      // `null` and `undefined` are no fallback: the read after the catch still assumes the try succeeded
      code: `${head}export async function f() {\n  let user = null;\n  try {\n    user = await load();\n  } catch (error) {\n    logger.error(error);\n  }\n  return user.name;\n}`,
      errors: [{ messageId: 'logOnlyCatch' as const, line: 7, column: 5, data: { evidence: '`user` is used though it was never assigned' } }],
    },
    {
      code: `${head}export async function f() {\n  let user = undefined as { name: string } | undefined;\n  try {\n    user = await load();\n  } catch (error) {\n    logger.error(error);\n  }\n  return user!.name;\n}`,
      errors: [{ messageId: 'logOnlyCatch' as const, line: 7, column: 5, data: { evidence: '`user` is used though it was never assigned' } }],
    },
    {
      // logs, then reports success
      code: `${head}export async function f(res: any) {\n  try {\n    await load();\n  } catch (error) {\n    console.error(error);\n  }\n  res.status(201).json({ ok: true });\n}`,
      errors: [{ messageId: 'logOnlyCatch' as const, line: 6, column: 5, data: { evidence: 'a success result follows' } }],
    },
    {
      code: `${head}export async function f() {\n  try {\n    await load();\n  } catch (error) {\n    logger.error(error);\n  }\n  return true;\n}`,
      errors: [{ messageId: 'logOnlyCatch' as const, line: 6, column: 5 }],
    },
    {
      code: `${head}export async function handler() {\n  try {\n    await load();\n  } catch (error) {\n    logger.error(error);\n  }\n  return { statusCode: 200, body: "" };\n}`,
      errors: [{ messageId: 'logOnlyCatch' as const, line: 6, column: 5, data: { evidence: 'a success result follows' } }],
    },
    {
      code: `${head}export async function f() {\n  return (await load().catch((error: unknown) => logger.error(error)))!.name;\n}`,
      errors: [{ messageId: 'logOnlyHandler' as const, line: 4, column: 30 }],
    },
    {
      // returned from a function, not a callback: its callers take the undefined as the user
      code: `${head}export function f() {\n  return load().catch((error: unknown) => logger.error(error));\n}`,
      errors: [{ messageId: 'logOnlyHandler' as const, line: 4, column: 23 }],
    },
    {
      // the next step reads the handler's undefined as the user
      code: `${head}export function greet() {\n  return load()\n    .catch((error: unknown) => logger.error(error))\n    .then((user) => user!.name);\n}`,
      errors: [{ messageId: 'logOnlyHandler' as const, line: 5, column: 12 }],
    },
    {
      // the handler's undefined becomes the "user"
      code: `${head}export async function f() {\n  const user = await load().catch((error: unknown) => console.error(error));\n  return user;\n}`,
      errors: [{ messageId: 'logOnlyHandler' as const, line: 4, column: 35, endColumn: 75 }],
    },
  ],
};

createTypedRuleTester().run('no-swallowed-error (typed)', rule, cases);
// The checker knows the chain fulfils with nothing (`Promise<void>`): the handler's undefined is what success gives too.
createTypedRuleTester().run('no-swallowed-error (typed only)', rule, {
  valid: ['declare function flush(): Promise<void>;\nexport function stop() {\n  return flush().catch((err) => console.error(err));\n}'],
  invalid: [
    {
      code: 'declare function count(): Promise<number>;\nexport function total() {\n  return count().catch((err) => console.error(err));\n}',
      errors: [{ messageId: 'logOnlyHandler' as const, line: 3, column: 24 }],
    },
  ],
});
createUntypedRuleTester().run('no-swallowed-error (untyped)', rule, cases);

// RuleTester reports an eslint-disable directive for a rule it does not run, so these go through the engine.
describe('no-swallowed-error and no-empty directives', () => {
  const messages = (code: string): string[] =>
    runChecks({ sourceFile: ts.createSourceFile('file.ts', code, ts.ScriptTarget.Latest, true), program: undefined, project: NO_PROJECT_FACTS }, [
      { rule: { name: 'no-swallowed-error', messages: rule.meta.messages, check: (rule as AnyResilintRule).check }, options: [] },
    ]).map((finding) => finding.messageId);

  it("takes ESLint's no-empty silenced for the block as the intent (sentry-javascript's dedupe and misc utils)", () => {
    expect(messages('try { run(); } catch {} // eslint-disable-line no-empty')).toEqual([]);
    expect(messages('// eslint-disable-next-line no-empty -- the property may be read-only\ntry { run(); } catch {}')).toEqual([]);
    // bullmq's script-loader: the directive above the line where the block opens
    expect(messages('try {\n  run();\n  // eslint-disable-next-line no-empty\n} catch (e) {\n} finally {\n  done();\n}')).toEqual([]);
  });

  it('still reports the block when the directive names another rule or another line', () => {
    expect(messages('try { run(); } catch {} // eslint-disable-line no-console')).toEqual(['emptyCatch']);
    expect(messages('// eslint-disable-next-line no-empty\nrun();\ntry { run(); } catch {}')).toEqual(['emptyCatch']);
  });
});
