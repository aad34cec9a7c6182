import path from 'node:path';

import ts from 'typescript';

import rule from '../../rules/no-unhandled-rejection.js';
import { createVirtualProgram } from '../helpers/lint-snippet.js';
import { createTypedRuleTester, createUntypedRuleTester, FIXTURE_DIR } from './rule-tester.js';

const asyncFn = 'async function load(): Promise<string> { return "value"; }\n';

const cases = {
  valid: [
    // callees whose own code cannot reject (point 3 of issue 12): a catch that only logs, a promise that only resolves
    `${asyncFn}async function refresh() {\n  try {\n    await load();\n  } catch (error) {\n    console.error(error);\n  }\n}\nrefresh();\nsetInterval(() => {\n  refresh();\n}, 1000);`,
    `${asyncFn}class Cache {\n  async refresh() {\n    try {\n      await load();\n    } catch (error) {\n      console.error(error);\n    }\n  }\n  start() {\n    this.refresh();\n  }\n}\nexport { Cache };`,
    'function pause(ms: number) {\n  return new Promise<void>((resolve) => setTimeout(resolve, ms));\n}\npause(10);',
    `${asyncFn}const safe = () => load().catch((error: unknown) => console.error(error));\nsafe();`,
    // typescript-eslint's documented correct cases
    'const promise = new Promise((resolve) => resolve("value"));\nexport async function f() { await promise; }',
    // a const whose promise only resolves cannot reject, named or not
    'const promise = new Promise((resolve) => resolve("value"));\npromise;',
    `${asyncFn}void load();`,
    `${asyncFn}load().then(() => {}, () => {});`,
    `${asyncFn}load().catch((error: unknown) => console.error(error));`,
    'export async function f() { await Promise.reject(new Error("x")).finally(() => {}); }',
    'export async function f() { await Promise.all([1, 2, 3].map(async (x) => x + 1)); }',
    // returned, assigned to state, passed on, referenced later
    `${asyncFn}export function f() { return load(); }`,
    `${asyncFn}export class C { ready = load(); }`,
    `${asyncFn}export async function f() { const p = load(); doOther(); await p; }\ndeclare function doOther(): void;`,
    `${asyncFn}export function f(jobs: Promise<string>[]) { jobs.push(load()); }`,
    `${asyncFn}export async function f() { const p = load(); return Promise.all([p]); }`,
    // the chain ends in a rejection handler, before or after finally
    `${asyncFn}load().then((v) => v.length).catch((error: unknown) => console.error(error));`,
    `${asyncFn}load().catch((error: unknown) => console.error(error)).finally(() => {});`,
    // combinations that cannot reject: every promise handled, or allSettled
    `${asyncFn}Promise.all([load().catch((error: unknown) => console.error(error)), load().then(String, () => '')]);`,
    `${asyncFn}Promise.allSettled([load(), load()]);`,
    // grpc-js's certificate watcher: a field assigned Promise.allSettled(...) right before, and a callback that cannot throw
    'declare function read(file: string): Promise<string>;\nexport class Watcher {\n  pending: Promise<PromiseSettledResult<string>[]> | null = null;\n  latest: string | null = null;\n  update(file: string) {\n    this.pending = Promise.allSettled([read(file)]);\n    this.pending.then(([result]) => {\n      this.pending = null;\n      this.latest = result.status === "fulfilled" ? result.value : null;\n    });\n  }\n}',
    // nodemailer's MailMessage: a dual API called callback style reports its failure to the callback
    'declare function resolveContent(data: object, key: string, callback?: (err: Error | null, value?: string) => void): Promise<string> | undefined;\nexport function f(data: object, done: (err: Error | null) => void) {\n  resolveContent(data, "html", (err, value) => {\n    if (err) return done(err);\n    done(value ? null : new Error("empty"));\n  });\n}',
    // node-red's API: the returned chain's own handler does what the catch does (audit, rethrow): the catch is for synchronous throws
    `${asyncFn}declare const audit: { log(event: object): void };\nexport async function remove() {\n  try {\n    return load().catch((err: Error) => {\n      audit.log({ error: err.message });\n      throw err;\n    });\n  } catch (error) {\n    audit.log({ error: String(error) });\n    throw error;\n  }\n}`,
    // stripe's StripeResource: Object.assign hands back its first argument, a promise returned on the next line
    `${asyncFn}export function request(paginate: boolean) {\n  const inner = load();\n  if (paginate) Object.assign(inner, { autoPagingEach() {} });\n  return inner;\n}`,
    // node-red's restore: a callback whose first parameter is a named error is error-first too
    'declare function copy(src: string, dest: string, callback?: (err: Error | null) => void): Promise<void> | undefined;\nexport function restore(log: (m: string) => void) {\n  copy("a.bak", "a", (backupCopyErr) => {\n    if (backupCopyErr) log(backupCopyErr.message);\n  });\n}',
    // minio's credentials: a catch that only wraps and rethrows recovers nothing, the rejection reaches the caller either way
    `${asyncFn}export async function f() {\n  try {\n    return load();\n  } catch (error) {\n    throw new Error(\`Failed to load: \${String(error)}\`, { cause: error });\n  }\n}`,
    // pg-boss's offWork: Promise.allSettled(...) kept in a const, then chained with finally
    'export function stop(workers: { stop(): Promise<void> }[]) {\n  const cleanup = Promise.allSettled(workers.map(async (worker) => {\n    await worker.stop();\n  }));\n  cleanup.finally(() => console.log("stopped"));\n}',
    // novu's MetricsService: each mapped promise has its handler
    `${asyncFn}export function record(ids: string[]) {\n  const proms = ids.map((id) => {\n    return load().catch((error: unknown) => console.error(id, error));\n  });\n  Promise.all(proms);\n}`,
    // an async IIFE that catches everything cannot reject
    `${asyncFn}(async () => { try { await load(); } catch (error) { console.error(error); } })();`,
    // an async logger is fire-and-forget by convention
    'export class Logger { static async error(message: string): Promise<void> { console.error(message); } }\nLogger.error("boom");',
    // not promises: sync calls and look-alikes
    'function sync() { return 1; }\nsync();',
    '[1, 2].forEach((x) => x);',
    '[1, 2].map((x) => x + 1);',
    'import fs from "node:fs";\nfs.unlinkSync("a");',
    'declare const emitter: { emit(name: string): boolean };\nemitter.emit("x");',
    // another `res` is awaited elsewhere in the file: evidence follows the declaration, not the name
    'export async function a(res: Response) { return await res.json(); }\nexport function b(req: unknown, res: { json(v: unknown): void }) { res.json({ ok: true }); }',
    // awaited inside try: the catch does see it
    `${asyncFn}export async function f() { try { await load(); } catch (error) { console.error(error); } }`,
    `${asyncFn}export async function f() { try { return await load(); } catch { return ""; } }`,
    // returned from try in a non-async function: no await is possible there
    `${asyncFn}export function f() { try { return load(); } catch { return undefined; } }`,
    // returned outside of try
    `${asyncFn}export async function f() { return load(); }`,
    // exported promise: someone else consumes it
    `${asyncFn}export const ready = load();`,
    // a handler that throws into a chain somebody holds: awaited, returned, kept
    `${asyncFn}export async function f() {\n  await load().catch((error: unknown) => {\n    throw new Error("load failed", { cause: error });\n  });\n}`,
    `${asyncFn}export function f() {\n  return load().catch((error: { code?: string }) => {\n    if (error.code === "ENOENT") return "";\n    throw error;\n  });\n}`,
    `${asyncFn}export const pending = load().then(String, (error: unknown) => Promise.reject(error));`,
    // the throw is caught inside the handler, or thrown by a nested callback on purpose (a crash, elsewhere)
    `${asyncFn}export function f() {\n  load().catch((error: unknown) => {\n    try {\n      throw error;\n    } catch {\n      console.error(error);\n    }\n  });\n}`,
    `${asyncFn}export function f() {\n  load().catch((error: unknown) => {\n    setImmediate(() => {\n      throw error;\n    });\n  });\n}`,
    // at the top level of a module the rethrow crashes the process on purpose
    `${asyncFn}load().catch((error: unknown) => {\n  console.error(error);\n  throw error;\n});`,
    // this[kFlush]() runs a method named by the constant, which returns nothing (undici's this[kOnDrain]())
    'const kFlush = Symbol("flush");\nexport class Queue {\n  items: string[] = [];\n  [kFlush]() {\n    if (this.items.length === 0) return;\n    this.items.length = 0;\n  }\n  async close() {\n    await this[kFlush]();\n  }\n  push(item: string) {\n    this.items.push(item);\n    this[kFlush]();\n  }\n}',
    // `void` states the promise is left alone on purpose
    `${asyncFn}export function f() {\n  void load().catch((error: unknown) => {\n    throw error;\n  });\n}`,
    // a callback handed through the file's own calls that returns no promise, or one that cannot reject, or awaited
    "type Handler = (msg: string) => void;\ndeclare function stats(): Promise<number>;\ndeclare function send(value: unknown): void;\nexport class Service {\n  start() {\n    const statsHandler = (msg: string) => send(msg);\n    this.addInternal('STATS', statsHandler);\n  }\n  addInternal(verb: string, handler: Handler) {\n    const endpoint: { name?: string; handler?: Handler } = {};\n    endpoint.name = verb;\n    endpoint.handler = handler;\n    return this.setup(endpoint);\n  }\n  setup(h: { handler?: Handler }) {\n    const { handler } = h;\n    return (msg: string) => {\n      if (!handler) return;\n      try {\n        handler(msg);\n      } catch (err) {\n        send(err);\n      }\n    };\n  }\n}",
    "type Handler = (msg: string) => void;\ndeclare function stats(): Promise<number>;\ndeclare function send(value: unknown): void;\nexport class Service {\n  start() {\n    const statsHandler = (msg: string) => {\n      send(msg);\n      return Promise.resolve();\n    };\n    this.addInternal('STATS', statsHandler);\n  }\n  addInternal(verb: string, handler: Handler) {\n    const endpoint: { name?: string; handler?: Handler } = {};\n    endpoint.name = verb;\n    endpoint.handler = handler;\n    return this.setup(endpoint);\n  }\n  setup(h: { handler?: Handler }) {\n    const { handler } = h;\n    return (msg: string) => {\n      if (!handler) return;\n      try {\n        handler(msg);\n      } catch (err) {\n        send(err);\n      }\n    };\n  }\n}",
    "type Handler = (msg: string) => void;\ndeclare function stats(): Promise<number>;\ndeclare function send(value: unknown): void;\nexport class Service {\n  start() {\n    const statsHandler = async (msg: string) => send(await stats());\n    this.addInternal('STATS', statsHandler);\n  }\n  addInternal(verb: string, handler: Handler) {\n    const endpoint: { name?: string; handler?: Handler } = {};\n    endpoint.name = verb;\n    endpoint.handler = handler;\n    return this.setup(endpoint);\n  }\n  setup(h: { handler?: Handler }) {\n    const { handler } = h;\n    return async (msg: string) => {\n      if (!handler) return;\n      try {\n        await handler(msg);\n      } catch (err) {\n        send(err);\n      }\n    };\n  }\n}",
    // a handler from outside the file (an exported method's caller): nothing says it is async
    'declare function send(value: unknown): void;\nexport function serve(handler: (msg: string) => void) {\n  return (msg: string) => {\n    try {\n      handler(msg);\n    } catch (err) {\n      send(err);\n    }\n  };\n}',
  ],
  invalid: [
    {
      // nats' service: the STATS handler, handed through addInternal and a field of the endpoint, returns a promise
      // the try drops; its catch sees only synchronous throws
      code: "type Handler = (msg: string) => void;\ndeclare function stats(): Promise<number>;\ndeclare function send(value: unknown): void;\nexport class Service {\n  start() {\n    const statsHandler = (msg: string) => stats().then((value) => send(value));\n    this.addInternal('STATS', statsHandler);\n  }\n  addInternal(verb: string, handler: Handler) {\n    const endpoint: { name?: string; handler?: Handler } = {};\n    endpoint.name = verb;\n    endpoint.handler = handler;\n    return this.setup(endpoint);\n  }\n  setup(h: { handler?: Handler }) {\n    const { handler } = h;\n    return (msg: string) => {\n      if (!handler) return;\n      try {\n        handler(msg);\n      } catch (err) {\n        send(err);\n      }\n    };\n  }\n}",
      errors: [{ messageId: 'floatingInTry' as const, line: 20, column: 9 }],
    },
    {
      // an async function declaration handed to a function of the file
      code: 'declare function save(msg: string): Promise<void>;\ndeclare function send(value: unknown): void;\nasync function onMessage(msg: string) {\n  await save(msg);\n}\nfunction dispatch(handler: (msg: string) => void, msg: string) {\n  try {\n    handler(msg);\n  } catch (err) {\n    send(err);\n  }\n}\nexport function run(msg: string) {\n  dispatch(onMessage, msg);\n}',
      errors: [{ messageId: 'floatingInTry' as const, line: 8, column: 5 }],
    },
    {
      // undici's abortFetch: the handler rethrows what it does not expect, into a promise nobody holds
      code: 'export function abort(stream: { cancel(reason: unknown): Promise<void> }, error: Error) {\n  stream.cancel(error).catch((err: { code?: string }) => {\n    if (err.code === "ERR_INVALID_STATE") {\n      return;\n    }\n    throw err;\n  });\n}',
      errors: [{ messageId: 'throwIntoNothing' as const, line: 6, column: 5, endColumn: 15 }],
    },
    {
      // the rejection handler of `then`, after a `finally`, returning a rejected promise
      code: `${asyncFn}export function f() {\n  load()\n    .then(String, (error: unknown) => {\n      return Promise.reject(error);\n    })\n    .finally(() => console.log("done"));\n}`,
      errors: [{ messageId: 'throwIntoNothing' as const, line: 5, column: 7 }],
    },
    {
      // a concise handler that rejects, and a throw in the catch block of the handler's own try
      code: `${asyncFn}export function f() {\n  load().catch((error: unknown) => Promise.reject(error));\n  load().catch((error: unknown) => {\n    try {\n      console.error(error);\n    } catch {\n      throw error;\n    }\n  });\n}`,
      errors: [
        { messageId: 'throwIntoNothing' as const, line: 3, column: 36 },
        { messageId: 'throwIntoNothing' as const, line: 8, column: 7 },
      ],
    },
    {
      // a callback whose first parameter names no error (`errors`, a list) is no error-first callback
      code: 'declare function collect(key: string, onValue: (errors: string[]) => void): Promise<string>;\nexport function f() {\n  collect("html", (errors) => console.log(errors));\n}',
      errors: [{ messageId: 'floating' as const, line: 3, column: 3 }],
    },
    {
      // a callback that is no error-first callback leaves the promise as the only error path
      code: 'declare function resolveContent(data: object, key: string, onValue: (value: string) => void): Promise<string>;\nexport function f(data: object) {\n  resolveContent(data, "html", (value) => console.log(value));\n}',
      errors: [{ messageId: 'floating' as const, line: 3, column: 3 }],
    },
    {
      // grpc-js's transport: the catch cleans up before it rethrows, and the missing await skips the cleanup
      code: `${asyncFn}export async function f(socket: { destroy(): void }) {\n  try {\n    return load();\n  } catch (error) {\n    socket.destroy();\n    throw error;\n  }\n}`,
      errors: [
        {
          messageId: 'returnInTry' as const,
          line: 4,
          column: 12,
          suggestions: [
            {
              messageId: 'addAwait' as const,
              output: `${asyncFn}export async function f(socket: { destroy(): void }) {\n  try {\n    return await load();\n  } catch (error) {\n    socket.destroy();\n    throw error;\n  }\n}`,
            },
          ],
        },
      ],
    },
    {
      // node-red's module enable: the chain's handler misses the catch's audit, which a rejection skips
      code: `${asyncFn}declare const audit: { log(event: object): void };\nexport async function enable() {\n  try {\n    return load().catch((err: Error & { status?: number }) => {\n      err.status = 400;\n      throw err;\n    });\n  } catch (error) {\n    audit.log({ error: String(error) });\n    throw error;\n  }\n}`,
      errors: [
        {
          messageId: 'returnInTry' as const,
          line: 5,
          column: 12,
          suggestions: [
            {
              messageId: 'addAwait' as const,
              output: `${asyncFn}declare const audit: { log(event: object): void };\nexport async function enable() {\n  try {\n    return await load().catch((err: Error & { status?: number }) => {\n      err.status = 400;\n      throw err;\n    });\n  } catch (error) {\n    audit.log({ error: String(error) });\n    throw error;\n  }\n}`,
            },
          ],
        },
      ],
    },
    {
      // a catch that rethrows only on one path recovers on the other
      code: `${asyncFn}export async function f() {\n  try {\n    return load();\n  } catch (error) {\n    if (error instanceof TypeError) return "";\n    throw error;\n  }\n}`,
      errors: [
        {
          messageId: 'returnInTry' as const,
          line: 4,
          column: 12,
          suggestions: [
            {
              messageId: 'addAwait' as const,
              output: `${asyncFn}export async function f() {\n  try {\n    return await load();\n  } catch (error) {\n    if (error instanceof TypeError) return "";\n    throw error;\n  }\n}`,
            },
          ],
        },
      ],
    },
    {
      // the callback can throw: the chain rejects although the field's promise cannot
      code: 'declare function read(file: string): Promise<string>;\nexport class Watcher {\n  pending: Promise<PromiseSettledResult<string>[]> | null = null;\n  update(file: string) {\n    this.pending = Promise.allSettled([read(file)]);\n    this.pending.then(([result]) => {\n      if (result.status === "rejected") throw new Error("unreadable");\n    });\n  }\n}',
      errors: [{ messageId: 'floating' as const, line: 6, column: 5 }],
    },
    {
      // a const that holds a promise which can reject stays reported
      code: 'export function stop(workers: { stop(): Promise<void> }[]) {\n  const cleanup = Promise.all(workers.map(async (worker) => {\n    await worker.stop();\n  }));\n  cleanup.finally(() => console.log("stopped"));\n}',
      errors: [{ messageId: 'floating' as const, line: 5, column: 3 }],
    },
    {
      // the callee's catch logs and rethrows
      code: `${asyncFn}async function sync() {\n  try {\n    await load();\n  } catch (error) {\n    console.error(error);\n    throw error;\n  }\n}\nsync();`,
      errors: [{ messageId: 'floating' as const, line: 10, column: 1 }],
    },
    {
      // the callee's catch awaits a call that nothing guards
      code: `${asyncFn}async function push() {\n  try {\n    await load();\n  } catch (error) {\n    await load();\n  }\n}\nsetTimeout(() => {\n  push();\n}, 10);`,
      errors: [{ messageId: 'floating' as const, line: 10, column: 3 }],
    },
    {
      // the executor calls reject
      code: 'function wait(ms: number) {\n  return new Promise<void>((resolve, reject) => setTimeout(() => reject(new Error("timeout")), ms));\n}\nwait(10);',
      errors: [{ messageId: 'floating' as const, line: 4, column: 1 }],
    },
    {
      // typescript-eslint's documented incorrect case, with an executor that can reject: a const is reported
      // by what its initializer can do (the executor that only resolves is valid, as `pause(10)` is)
      code: 'const promise = new Promise((resolve, reject) => reject(new Error("x")));\npromise;',
      errors: [{ messageId: 'floating' as const, line: 2, column: 1, endColumn: 8 }],
    },
    {
      code: `${asyncFn}load().then(() => {});`,
      errors: [{ messageId: 'floating' as const, line: 2, column: 1, endColumn: 22 }],
    },
    {
      // one promise of the combination has no handler
      code: `${asyncFn}Promise.all([load().catch((error: unknown) => console.error(error)), load()]);`,
      errors: [{ messageId: 'floating' as const, line: 2, column: 1 }],
    },
    {
      // one path of the mapper returns an unhandled promise
      code: `${asyncFn}export function record(ids: string[]) {\n  const proms = ids.map((id) => {\n    if (id) return load();\n    return load().catch(() => '');\n  });\n  Promise.all(proms);\n}`,
      errors: [{ messageId: 'floating' as const, line: 7, column: 3 }],
    },
    {
      code: 'Promise.reject(new Error("x")).catch();',
      errors: [{ messageId: 'floating' as const, line: 1, column: 1, endColumn: 39 }],
    },
    {
      code: 'Promise.reject(new Error("x")).finally(() => {});',
      errors: [{ messageId: 'floating' as const, line: 1, column: 1, endColumn: 49 }],
    },
    {
      code: '[1, 2, 3].map(async (x) => x + 1);',
      errors: [{ messageId: 'floatingArray' as const, line: 1, column: 1, endColumn: 34 }],
    },
    {
      // a rejection handler of `undefined` handles nothing
      code: `${asyncFn}load().then(() => {}, undefined);`,
      errors: [{ messageId: 'floating' as const, line: 2, column: 1 }],
    },
    {
      // the headline case: the catch is dead code
      code: `${asyncFn}export async function f() {\n  try {\n    load();\n  } catch (error) {\n    console.error(error);\n  }\n}`,
      errors: [
        {
          messageId: 'floatingInTry' as const,
          line: 4,
          column: 5,
          endColumn: 11,
          suggestions: [
            {
              messageId: 'addAwait' as const,
              output: `${asyncFn}export async function f() {\n  try {\n    await load();\n  } catch (error) {\n    console.error(error);\n  }\n}`,
            },
          ],
        },
      ],
    },
    {
      // in a non-async function there is no await to suggest
      code: `${asyncFn}export function f() {\n  try {\n    load();\n  } catch {\n    return;\n  }\n}`,
      errors: [{ messageId: 'floatingInTry' as const, line: 4, column: 5, suggestions: [] }],
    },
    {
      code: `${asyncFn}export async function f() {\n  try {\n    return load();\n  } catch {\n    return "";\n  }\n}`,
      errors: [
        {
          messageId: 'returnInTry' as const,
          line: 4,
          column: 12,
          endColumn: 18,
          suggestions: [
            {
              messageId: 'addAwait' as const,
              output: `${asyncFn}export async function f() {\n  try {\n    return await load();\n  } catch {\n    return "";\n  }\n}`,
            },
          ],
        },
      ],
    },
    {
      code: `${asyncFn}export async function f() {\n  load();\n}`,
      errors: [
        {
          messageId: 'floating' as const,
          line: 3,
          column: 3,
          suggestions: [{ messageId: 'addAwait' as const, output: `${asyncFn}export async function f() {\n  await load();\n}` }],
        },
      ],
    },
    {
      code: `${asyncFn}export function f() {\n  const pending = load();\n  return 1;\n}`,
      errors: [{ messageId: 'unusedPromise' as const, line: 3, column: 9, data: { name: 'pending' } }],
    },
    {
      // async IIFE without an error boundary (typescript-eslint's ignoreIIFE: false)
      code: `${asyncFn}(async () => { await load(); })();`,
      errors: [{ messageId: 'floating' as const, line: 2, column: 1, endColumn: 34 }],
    },
    {
      code: `${asyncFn}declare const ok: boolean;\nok ? load() : undefined;`,
      errors: [{ messageId: 'floating' as const, line: 3, column: 6, endColumn: 12 }],
    },
    {
      // methods declared async in the file
      code: 'export class Repo {\n  async save() {}\n  flush() {\n    this.save();\n  }\n}',
      errors: [{ messageId: 'floating' as const, line: 4, column: 5 }],
    },
    {
      // an interface method returning a promise
      code: 'interface Queue { publish(topic: string): Promise<void> }\nexport function f(queue: Queue) {\n  queue.publish("a");\n}',
      errors: [{ messageId: 'floating' as const, line: 3, column: 3 }],
    },
    {
      code: 'import { writeFile } from "node:fs/promises";\nwriteFile("a.txt", "x");',
      errors: [{ messageId: 'floating' as const, line: 2, column: 1 }],
    },
    {
      code: 'import fs from "node:fs";\nfs.promises.unlink("a.txt");',
      errors: [{ messageId: 'floating' as const, line: 2, column: 1 }],
    },
    {
      code: 'fetch("https://example.com/hook", { signal: AbortSignal.timeout(5000) });',
      errors: [{ messageId: 'floating' as const, line: 1, column: 1 }],
    },
  ],
};

// Unresolved imports (axios is not installed) give `any`: the syntactic evidence must still hold with types.
const partialTypes = {
  valid: [
    // no evidence that this call returns a promise
    'import { emit } from "unknown-bus";\nemit("x");',
    'import axios from "axios";\nexport const api = axios.create({ baseURL: "https://x" });',
    'import axios from "axios";\nexport async function f() { await axios.get("/x", { timeout: 1000 }); }',
    // the receiver's package has no promise-returning method of that name (rows of models/promise-methods.ts)
    'import WebSocket from "ws";\nconst socket = new WebSocket("wss://x");\nsocket.send("x");',
    'import { Pool } from "pg";\nconst pool = new Pool();\nexport async function f() {\n  const client = await pool.connect();\n  client.release();\n}',
    // a `then` handed a step, not a function: a workflow builder, not a promise
    'import { when } from "workflow-kit";\nwhen("paid").then({ notify: "ops" });',
    'import { flow } from "workflow-kit";\nflow.when("paid").then("ship-order");',
    // kafkajs: a consumer's pause returns nothing; bullmq: a worker's run() is its loop, left running on purpose
    'import { Kafka } from "kafkajs";\nconst consumer = new Kafka({ brokers: ["kafka:9092"] }).consumer({ groupId: "orders" });\nexport function hold() {\n  consumer.pause([{ topic: "orders" }]);\n}',
    'import { Worker } from "bullmq";\nconst worker = new Worker("mail", async () => {}, { autorun: false });\nworker.run();',
    // grammY's bot.catch registers the bot's error handler: its throw is no promise's rejection
    'import { Bot } from "grammy";\nconst bot = new Bot("token");\nexport function setup() {\n  bot.catch((err) => {\n    console.error(err);\n    throw err;\n  });\n}',
  ],
  invalid: [
    // queues, brokers and ORMs of the catalogue (docs/models.md, promise methods): their calls go to a server
    {
      code: 'import { Queue } from "bullmq";\nconst queue = new Queue("mail");\nexport function enqueue(to: string) {\n  queue.add("send", { to });\n}',
      errors: [{ messageId: 'floating' as const, line: 4, column: 3 }],
    },
    {
      code: 'import { Kafka } from "kafkajs";\nconst producer = new Kafka({ brokers: ["kafka:9092"] }).producer();\nexport function emit(value: string) {\n  producer.send({ topic: "orders", messages: [{ value }] });\n}',
      errors: [{ messageId: 'floating' as const, line: 4, column: 3 }],
    },
    {
      code: 'import { PrismaClient } from "@prisma/client";\nconst prisma = new PrismaClient();\nexport function stop() {\n  prisma.$disconnect();\n}',
      errors: [{ messageId: 'floating' as const, line: 4, column: 3 }],
    },
    {
      code: 'import { DataSource } from "typeorm";\nconst source = new DataSource({ type: "postgres" });\nsource.initialize();',
      errors: [{ messageId: 'floating' as const, line: 3, column: 1 }],
    },
    {
      code: 'import { Sequelize } from "sequelize";\nconst sequelize = new Sequelize("postgres://db/app");\nsequelize.authenticate();',
      errors: [{ messageId: 'floating' as const, line: 3, column: 1 }],
    },
    {
      code: 'import { drizzle } from "drizzle-orm/node-postgres";\nconst db = drizzle("postgres://db/app");\ndb.execute("select 1");',
      errors: [{ messageId: 'floating' as const, line: 3, column: 1 }],
    },
    {
      code: 'import knex from "knex";\nconst db = knex({ client: "pg" });\ndb.destroy();',
      errors: [{ messageId: 'floating' as const, line: 3, column: 1 }],
    },
    {
      code: 'import { Octokit } from "@octokit/rest";\nconst octokit = new Octokit();\nexport function close(issue: number) {\n  octokit.request("PATCH /repos/o/r/issues/{issue}", { issue, state: "closed" });\n}',
      errors: [{ messageId: 'floating' as const, line: 4, column: 3 }],
    },
    {
      code: 'import { Webhooks } from "@octokit/webhooks";\nconst webhooks = new Webhooks({ secret: "s" });\nexport function replay(event: Parameters<Webhooks["receive"]>[0]) {\n  webhooks.receive(event);\n}',
      errors: [{ messageId: 'floating' as const, line: 4, column: 3 }],
    },
    {
      code: 'import { createClient } from "redis";\nconst client = createClient();\nclient.connect();',
      errors: [{ messageId: 'floating' as const, line: 3, column: 1 }],
    },
    {
      // a handler's argument is an object of the package the handler was registered on
      code: 'import { Client } from "discord.js";\nconst client = new Client({ intents: [] });\nclient.on("messageCreate", async (message) => {\n  try {\n    message.reply("hi");\n  } catch (error) {\n    console.error(error);\n  }\n});',
      errors: [
        {
          messageId: 'floatingInTry' as const,
          line: 5,
          column: 5,
          suggestions: [
            {
              messageId: 'addAwait' as const,
              output:
                'import { Client } from "discord.js";\nconst client = new Client({ intents: [] });\nclient.on("messageCreate", async (message) => {\n  try {\n    await message.reply("hi");\n  } catch (error) {\n    console.error(error);\n  }\n});',
            },
          ],
        },
      ],
    },
    {
      // a document of a mongoose model
      code: 'import mongoose from "mongoose";\nconst User = mongoose.model("User", new mongoose.Schema({}));\nexport function touch() {\n  const user = new User({});\n  user.save();\n}',
      errors: [{ messageId: 'floating' as const, line: 5, column: 3 }],
    },
    {
      // a `then` with a fulfilment handler on a call of unknown origin is still a promise chain
      code: 'import { load } from "x-client";\nload().then((r: unknown) => console.log(r));',
      errors: [{ messageId: 'floating' as const, line: 2, column: 1 }],
    },
    {
      code: 'import axios from "axios";\naxios.post("/x", {}, { timeout: 1000 });',
      errors: [{ messageId: 'floating' as const, line: 2, column: 1 }],
    },
    {
      code: 'import axios from "axios";\nconst api = axios.create({ timeout: 1000 });\napi.delete("/x");',
      errors: [{ messageId: 'floating' as const, line: 3, column: 1 }],
    },
    {
      // the same callee is awaited elsewhere in the file
      code: 'import { Pool } from "pg";\nconst pool = new Pool();\nexport async function a() { await pool.query("select 1"); }\nexport function b() { pool.query("select 2"); }',
      errors: [{ messageId: 'floating' as const, line: 4, column: 23 }],
    },
    {
      code: 'const got = require("got");\ngot.post("https://x", { timeout: { request: 1000 } });',
      errors: [{ messageId: 'floating' as const, line: 2, column: 1 }],
    },
  ],
};

createTypedRuleTester().run('no-unhandled-rejection (typed)', rule, cases);
createUntypedRuleTester().run('no-unhandled-rejection (untyped)', rule, cases);
createTypedRuleTester().run('no-unhandled-rejection (typed, unresolved imports)', rule, partialTypes);
createUntypedRuleTester().run('no-unhandled-rejection (untyped, imports)', rule, partialTypes);

createTypedRuleTester().run('no-unhandled-rejection (typed only)', rule, {
  valid: [
    // types know this `save` is synchronous, even though another class in the file has an async `save`
    'class A { async save() {} }\nclass B { save() { return 1; } }\nexport function f(b: B) { b.save(); }',
    // settled from declarations without typing the receiver: `set` is declared `void`, `super()` is void
    'class Cache { set(key: string): void {} }\nexport class S { private readonly cache = new Cache(); run() { this.cache.set("a"); } }',
    'class Cache { clear() { this.size = 0; } size = 1; }\nexport function f(cache: Cache) { cache.clear(); }',
    'class A { constructor(readonly name: string) {} }\nexport class B extends A { constructor() { super("b"); } }',
    // a `Promise` that is not the global one: the declarations cannot settle it, the checker says no
    'type Promise<T> = { value: T };\nexport class C { load(): Promise<void> { return { value: undefined }; } run() { this.load(); } }',
    // settled from the lib's declarations: `new Map()` is a Map (MapConstructor), whose `delete` returns boolean, `set` this
    'export class C<T> {\n  private readonly entries = new Map<string, T>();\n  drop(key: string, value: T) { this.entries.delete(key); this.entries.set(key, value); }\n}',
    // the receiver is what the callee declares: `Router()` returns Router, `status()` returns `this`, `connect()` a Promise<Client>
    'interface Router { get(path: string): this }\ndeclare function Router(): Router;\nexport function f() {\n  const router = Router();\n  router.get("/");\n  return router;\n}',
    'interface Res { status(code: number): this; json(body: unknown): this }\nexport function f(response: Res) { response.status(404).json({}); }',
    'interface Client { release(): void }\ninterface Pool { connect(): Promise<Client> }\nexport async function f(pool: Pool, work: (client: Client) => Promise<void>) {\n  const client = await pool.connect();\n  await work(client);\n  client.release();\n}',
    // a method of a thenable class that returns `this` hands back its receiver: no new promise (knex's setIsolationLevel)
    'export class Transaction {\n  private level = "";\n  private readonly settled = Promise.resolve();\n  then(onResolve?: () => void, onReject?: (e: unknown) => void) {\n    return this.settled.then(onResolve, onReject);\n  }\n  setLevel(level: string) {\n    if (!level) throw new Error("no level");\n    this.level = level;\n    return this;\n  }\n  start(level: string) {\n    this.setLevel(level);\n    return this.level;\n  }\n}',
    // the same through a member named by a constant: this[kFlush]() runs `[kFlush]() {...}`
    'const kFlush = Symbol("flush");\nexport class Batch {\n  items: string[] = [];\n  private readonly settled = Promise.resolve();\n  then(onResolve?: () => void, onReject?: (e: unknown) => void) {\n    return this.settled.then(onResolve, onReject);\n  }\n  [kFlush]() {\n    this.items.length = 0;\n    return this;\n  }\n  push(item: string) {\n    this.items.push(item);\n    this[kFlush]();\n  }\n}',
    // a parameter typed by a function type alias
    'type Next = (error?: unknown) => void;\nexport function f(next: Next) { next(new Error("x")); }',
    // an awaited const is no promise: returned from `try` without `await` is fine
    'class Cache { set(key: string, value: number): void {} }\nexport async function f(load: () => Promise<number | undefined>, cache: Cache) {\n  try {\n    const value = await load();\n    if (value !== undefined) cache.set("k", value);\n    return value;\n  } catch {\n    return undefined;\n  }\n}',
  ],
  invalid: [
    {
      // the same thenable class, but the method returns a promise of its own (a field's chain): reported
      code: 'export class Transaction {\n  private readonly settled = Promise.resolve();\n  then(onResolve?: () => void, onReject?: (e: unknown) => void) {\n    return this.settled.then(onResolve, onReject);\n  }\n  commit() {\n    return this.settled.then(() => this);\n  }\n  end() {\n    this.commit();\n  }\n}',
      errors: [{ messageId: 'floating' as const, line: 10, column: 5 }],
    },
    {
      // a local `Map` that is not the global one: its `delete` is async (settled by the checker)
      code: 'class Store { async delete(key: string) { return key.length > 0; } }\nconst Map = Store;\nexport class C {\n  private readonly entries = new Map();\n  drop(key: string) {\n    this.entries.delete(key);\n  }\n}',
      errors: [{ messageId: 'floating' as const, line: 6, column: 5 }],
    },
    {
      code: 'interface Router { get(path: string): Promise<void> }\ndeclare function Router(): Router;\nexport function f() {\n  const router = Router();\n  router.get("/");\n  return router;\n}',
      errors: [{ messageId: 'floating' as const, line: 5, column: 3 }],
    },
    {
      code: 'interface Res { status(code: number): this; send(): Promise<void> }\nexport function f(response: Res) {\n  response.status(500).send();\n}',
      errors: [{ messageId: 'floating' as const, line: 3, column: 3 }],
    },
    {
      code: 'type Next = (error?: unknown) => Promise<void>;\nexport function f(next: Next) {\n  next();\n}',
      errors: [{ messageId: 'floating' as const, line: 3, column: 3 }],
    },
    {
      // a type guard narrows the awaited value to a promise: only the checker knows
      code: 'declare function isThenable(value: unknown): value is Promise<void>;\nexport async function f(load: () => Promise<unknown>) {\n  try {\n    const value = await load();\n    if (isThenable(value)) return value;\n    return undefined;\n  } catch {\n    return undefined;\n  }\n}',
      errors: [
        {
          messageId: 'returnInTry' as const,
          line: 5,
          column: 35,
          suggestions: [
            {
              messageId: 'addAwait' as const,
              output:
                'declare function isThenable(value: unknown): value is Promise<void>;\nexport async function f(load: () => Promise<unknown>) {\n  try {\n    const value = await load();\n    if (isThenable(value)) return await value;\n    return undefined;\n  } catch {\n    return undefined;\n  }\n}',
            },
          ],
        },
      ],
    },
    {
      // settled from declarations: the parameter property's class declares `save` async
      code: 'class Repo { async save() {} }\nexport class S {\n  constructor(private readonly repo: Repo) {}\n  run() {\n    this.repo.save();\n  }\n}',
      errors: [{ messageId: 'floating' as const, line: 5, column: 5 }],
    },
    {
      code: 'const save = async () => {};\nexport function f() {\n  save();\n}',
      errors: [{ messageId: 'floating' as const, line: 3, column: 3 }],
    },
    {
      // a return type naming a user type: only the checker knows it is thenable
      code: 'interface Job { then(onfulfilled: (value: void) => void): void }\nclass Queue { start(): Job { return { then() {} }; } }\nexport function f(queue: Queue) {\n  queue.start();\n}',
      errors: [{ messageId: 'floating' as const, line: 4, column: 3 }],
    },
    {
      // an interface merged across two declarations whose signatures disagree: the checker picks the overload
      code: 'interface Store { save(): void }\ninterface Store { save(id: string): Promise<void> }\nexport function f(store: Store) {\n  store.save("a");\n}',
      errors: [{ messageId: 'floating' as const, line: 4, column: 3 }],
    },
    {
      // `instanceof` narrows the receiver to a class whose `save` is async: the declared class would say void
      code: 'class Base { save(): void {} }\nclass Sub extends Base { override save(): Promise<void> { return Promise.resolve(); } }\nexport function f(item: Base) {\n  if (item instanceof Sub) item.save();\n}',
      errors: [{ messageId: 'floating' as const, line: 4, column: 28 }],
    },
    {
      code: 'export function f(job: () => Promise<void>) {\n  job();\n}',
      errors: [{ messageId: 'floating' as const, line: 2, column: 3 }],
    },
    {
      code: 'export function f(jobs: Promise<void>[]) {\n  jobs;\n}',
      errors: [{ messageId: 'floatingArray' as const, line: 2, column: 3 }],
    },
  ],
});

createUntypedRuleTester().run('no-unhandled-rejection (untyped only)', rule, {
  valid: [
    'export function f(job: () => Promise<void>) {\n  job();\n}',
    // `when` of this file returns a builder: its `then` is a DSL step (with types, a class with `then` is a thenable)
    'class Rule { then(fn: () => void) { fn(); return this; } }\nfunction when(c: boolean) { return new Rule(); }\nwhen(true).then(() => console.log(1));',
  ],
  invalid: [
    {
      // a function of this file that hands on a promise is no builder
      code: 'function load() { return fetch("https://x"); }\nload().then((r) => r.json());',
      errors: [{ messageId: 'floating' as const, line: 2, column: 1 }],
    },
    {
      // without types, a method name declared only async in the file is evidence enough
      code: 'class A { async save() {} }\nexport function f(b: { other(): void }) { new A().save(); b.other(); }',
      errors: [{ messageId: 'floating' as const, line: 2, column: 43 }],
    },
  ],
});

// kafkajs's waitFor: the callee is a CommonJS module of the project (`module.exports = ...`), reached through
// `require`; its code decides, as for a function of the same file.
const waitFor =
  "const sleep = require('./sleep.cjs');\nasync function check(fn, reject) {\n  await sleep(50);\n  try {\n    await fn();\n  } catch (error) {\n    reject(error);\n  }\n}\nmodule.exports = (fn) => new Promise((resolve, reject) => {\n  check(fn, reject);\n});\n";
function withSleep(sleep: string): { filename: string; languageOptions: { parserOptions: { programs: ts.Program[] } } } {
  // The tester puts a case's file name under the fixture folder.
  const filename = 'wait-for.cjs';
  const program = createVirtualProgram(
    { [path.join(FIXTURE_DIR, filename)]: waitFor, [path.join(FIXTURE_DIR, 'sleep.cjs')]: sleep },
    { allowJs: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext },
  );
  return { filename, languageOptions: { parserOptions: { programs: [program] } } };
}
createTypedRuleTester().run('no-unhandled-rejection (typed, CommonJS modules)', rule, {
  valid: [{ code: waitFor, ...withSleep('module.exports = (ms) => new Promise((resolve) => {\n  setTimeout(resolve, ms);\n});\n') }],
  invalid: [
    {
      code: waitFor,
      ...withSleep('module.exports = (ms) => new Promise((resolve, reject) => {\n  setTimeout(() => reject(new Error("late")), ms);\n});\n'),
      errors: [{ messageId: 'floating' as const, line: 11, column: 3 }],
    },
  ],
});

// fastify's Reply: a prototype-style class in plain JavaScript whose `then` makes every instance thenable. A method
// that returns `this` hands back the reply (no new promise); one that returns a promise of its own is reported.
const reply = (end: string): string =>
  `function Reply() {\n  this.sent = false;\n  this.headersMap = {};\n}\nReply.prototype.then = function (onResolve, onReject) {\n  return Promise.resolve(this.sent).then(onResolve, onReject);\n};\nReply.prototype.header = function (key, value) {\n  this.headersMap[key] = value;\n  return this;\n};\nReply.prototype.flush = function () {\n  return Promise.resolve(this.sent).then(() => {\n    if (!this.sent) throw new Error("not sent");\n  });\n};\nReply.prototype.end = function () {\n  ${end};\n  return this;\n};\nmodule.exports = Reply;\n`;
function inJavaScript(): { filename: string; languageOptions: { parserOptions: { programs: ts.Program[] } } } {
  const filename = 'reply.cjs';
  const program = createVirtualProgram(
    { [path.join(FIXTURE_DIR, filename)]: reply('this.header("a", "b")'), [path.join(FIXTURE_DIR, 'reply-flush.cjs')]: reply('this.flush()') },
    { allowJs: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext },
  );
  return { filename, languageOptions: { parserOptions: { programs: [program] } } };
}
createTypedRuleTester().run('no-unhandled-rejection (typed, prototype methods)', rule, {
  valid: [{ code: reply('this.header("a", "b")'), ...inJavaScript() }],
  invalid: [
    { code: reply('this.flush()'), ...{ ...inJavaScript(), filename: 'reply-flush.cjs' }, errors: [{ messageId: 'floating' as const, line: 18, column: 3 }] },
  ],
});

// nats' deferreds: a member the project only ever gives a fresh deferred (a promise whose executor hands `resolve`
// and `reject` out) and only ever resolves, waits for or returns cannot reject; one `.reject` anywhere, or a read
// that hands the deferred on, and it may. Across files, with the checker (JavaScript) and without (the file alone).
const deferredModule =
  'function deferred() {\n  let methods = {};\n  const promise = new Promise((resolve, reject) => {\n    methods = { resolve, reject };\n  });\n  return Object.assign(promise, methods);\n}\nmodule.exports = { deferred };\n';
const iteratorModule = (stop: string): string =>
  `const util_1 = require('./deferred.cjs');\nclass QueuedIterator {\n  constructor() {\n    this.iterClosed = (0, util_1.deferred)();\n  }\n  stop(err) {\n    ${stop};\n  }\n  close() {\n    this.stop();\n    return this.iterClosed;\n  }\n}\nmodule.exports = { QueuedIterator };\n`;
const watcher =
  "const { QueuedIterator } = require('./iterator.cjs');\nfunction watch(sub) {\n  const qi = new QueuedIterator();\n  qi.iterClosed.then(() => {\n    sub.unsubscribe();\n  });\n  qi.close().catch();\n  return qi;\n}\nmodule.exports = { watch };\n";
function withIterator(stop: string): { filename: string; languageOptions: { parserOptions: { programs: ts.Program[] } } } {
  const filename = 'watch.cjs';
  const program = createVirtualProgram(
    {
      [path.join(FIXTURE_DIR, filename)]: watcher,
      [path.join(FIXTURE_DIR, 'iterator.cjs')]: iteratorModule(stop),
      [path.join(FIXTURE_DIR, 'deferred.cjs')]: deferredModule,
    },
    { allowJs: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext },
  );
  return { filename, languageOptions: { parserOptions: { programs: [program] } } };
}
createTypedRuleTester().run('no-unhandled-rejection (typed, resolve-only deferreds)', rule, {
  valid: [{ code: watcher, ...withIterator('this.iterClosed.resolve(err)') }],
  invalid: [
    {
      // the iterator rejects its deferred when it stops with an error
      code: watcher,
      ...withIterator('err ? this.iterClosed.reject(err) : this.iterClosed.resolve()'),
      errors: [
        { messageId: 'floating' as const, line: 4, column: 3 },
        { messageId: 'floating' as const, line: 7, column: 3 },
      ],
    },
    {
      // the deferred is handed on: whoever holds it may reject it
      code: watcher,
      ...withIterator('const done = this.iterClosed; done.resolve(err)'),
      errors: [
        { messageId: 'floating' as const, line: 4, column: 3 },
        { messageId: 'floating' as const, line: 7, column: 3 },
      ],
    },
  ],
});
const inOneFile = (factory: string): string =>
  `function deferred() {\n  let methods = {};\n  const promise = new Promise((resolve, reject) => {\n    ${factory};\n  });\n  return Object.assign(promise, methods);\n}\nclass Service {\n  constructor() {\n    this._done = deferred();\n  }\n  close() {\n    Promise.allSettled([]).then(() => this._done.resolve(null));\n    return this._done;\n  }\n}\nfunction stopAll(services) {\n  for (const service of services) service.close().catch();\n}\nmodule.exports = { Service, stopAll };\n`;
createUntypedRuleTester().run('no-unhandled-rejection (untyped, resolve-only deferreds)', rule, {
  valid: [{ code: inOneFile('methods = { resolve, reject }'), filename: 'service.js' }],
  invalid: [
    {
      // a deferred that rejects itself on a timer is no resolve-only deferred
      code: inOneFile('methods = { resolve, reject };\n    setTimeout(() => reject(new Error("timeout")), 1000)'),
      filename: 'service.js',
      errors: [{ messageId: 'floating' as const, line: 19, column: 35 }],
    },
  ],
});

// supabase's RealtimeClient: `disconnect()` wraps its adapter's `disconnect()`, a promise that only resolves ('ok' or
// 'timeout'); without types, the adapter's method is found by name (the wrapper itself is not a candidate).
const adapter = (settle: string): string =>
  `class SocketAdapter {\n  disconnect(callback) {\n    return new Promise((resolve, reject) => {\n      setTimeout(() => ${settle}, 10000);\n      callback();\n    });\n  }\n}\nclass RealtimeClient {\n  constructor() {\n    this.socketAdapter = new SocketAdapter();\n  }\n  async disconnect() {\n    return await this.socketAdapter.disconnect(() => {});\n  }\n  schedule() {\n    setTimeout(() => {\n      this.disconnect();\n    }, 100);\n  }\n}\nmodule.exports = { RealtimeClient };\n`;
createUntypedRuleTester().run('no-unhandled-rejection (untyped, methods found by name)', rule, {
  valid: [{ code: adapter("resolve('timeout')"), filename: 'client.js' }],
  invalid: [{ code: adapter("reject(new Error('timeout'))"), filename: 'client.js', errors: [{ messageId: 'floating' as const, line: 18, column: 7 }] }],
});

// moleculer's broadcastLocal: the raw promise is returned only under an option (`if (opts.throwError) return p;`),
// the other return logs the rejection. A call that leaves the option unset reaches only the handled return.
const broadcaster = (call: string, body = ''): string =>
  `class Broker {\n  async emitLocal(name) {\n    await this.handlers[name]();\n  }\n  broadcastLocal(name, payload, opts) {\n    if (opts == null) opts = {};\n    ${body}const p = this.emitLocal(name);\n    if (opts.throwError) {\n      return p;\n    }\n    return p.catch((err) => this.logger.error(err));\n  }\n  start() {\n    ${call};\n  }\n}\nmodule.exports = { Broker };\n`;
function inBrokerProgram(code: string): { filename: string; languageOptions: { parserOptions: { programs: ts.Program[] } } } {
  const filename = 'broker.cjs';
  const program = createVirtualProgram(
    { [path.join(FIXTURE_DIR, filename)]: code },
    { allowJs: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext },
  );
  return { filename, languageOptions: { parserOptions: { programs: [program] } } };
}

/** One case: the broker with this call in `start()` (and `body` at the top of broadcastLocal), in its program. */
function brokerCase(call: string, body = ''): { code: string } & ReturnType<typeof inBrokerProgram> {
  const code = broadcaster(call, body);
  return { code, ...inBrokerProgram(code) };
}

createTypedRuleTester().run('no-unhandled-rejection (typed JavaScript, a raw promise returned only under an option)', rule, {
  valid: [
    brokerCase("this.broadcastLocal('$broker.started')"),
    brokerCase("this.broadcastLocal('$broker.error', { error: 1 }, null)"),
    brokerCase("this.broadcastLocal('$broker.error', { error: 1 }, { groups: ['a'] })"),
  ],
  invalid: [
    // the call asks for the raw promise
    {
      ...brokerCase("this.broadcastLocal('$broker.error', {}, { throwError: true })"),
      errors: [{ messageId: 'floating' as const, line: 14, column: 5 }],
    },
    {
      ...brokerCase("this.broadcastLocal('$broker.error', {}, { 'throwError': true })"),
      errors: [{ messageId: 'floating' as const, line: 14, column: 5 }],
    },
    // options handed on (they may set it), spread, or set in the function itself
    {
      ...brokerCase('this.broadcastLocal(name, {}, this.opts)'),
      errors: [{ messageId: 'floating' as const, line: 14, column: 5 }],
    },
    {
      ...brokerCase("this.broadcastLocal('$broker.error', {}, { ...this.opts })"),
      errors: [{ messageId: 'floating' as const, line: 14, column: 5 }],
    },
    {
      ...brokerCase("this.broadcastLocal('$broker.started')", 'opts.throwError = this.strict;\n    '),
      errors: [{ messageId: 'floating' as const, line: 15, column: 5 }],
    },
  ],
});

// node-red's runtime: plain JavaScript that wires its modules by hand. Each module keeps the object its exported `init`
// receives in a module variable (no type follows it); index.cjs builds that object from `require`d modules and hands it
// to api/index.cjs, which hands it on to api/flows.cjs. The function every `init` call wires there decides.
const wiredSettings =
  'let storage = null;\nconst values = {};\nconst settings = {\n  load: function (_storage) {\n    storage = _storage;\n  },\n  get: function (key) {\n    return values[key];\n  },\n  set: function (key, value) {\n    if (values[key] === value) return Promise.resolve();\n    values[key] = value;\n    return storage.saveSettings(values);\n  },\n  setLater: function (key, value, done) {\n    values[key] = value;\n    storage.saveSettings(values).then(() => done(), done);\n  },\n};\nmodule.exports = settings;\n';
const wiredApi =
  "let runtime;\nconst api = module.exports = {\n  init: function (_runtime) {\n    runtime = _runtime;\n    api.flows.init(runtime);\n  },\n  flows: require('./flows.cjs'),\n};\n";
const wiredIndex = (extra = ''): string =>
  `const settings = require('../settings.cjs');\nconst externalAPI = require('./index.cjs');\nconst runtime = { settings, flows: { start: async () => {} } };\nexternalAPI.init(runtime);\n${extra}`;
const wiredFlows = (write: string): string =>
  `let runtime;\nmodule.exports = {\n  init: function (_runtime) {\n    runtime = _runtime;\n  },\n  setState: async function (state) {\n    try {\n      ${write};\n    } catch (err) {}\n    await runtime.flows.start();\n  },\n};\n`;
function wired(write: string, extra = ''): { filename: string; languageOptions: { parserOptions: { programs: ts.Program[] } } } {
  const filename = path.join('wired', 'api', 'flows.cjs');
  const program = createVirtualProgram(
    {
      [path.join(FIXTURE_DIR, filename)]: wiredFlows(write),
      [path.join(FIXTURE_DIR, 'wired', 'api', 'index.cjs')]: wiredApi,
      [path.join(FIXTURE_DIR, 'wired', 'api', 'main.cjs')]: wiredIndex(extra),
      [path.join(FIXTURE_DIR, 'wired', 'settings.cjs')]: wiredSettings,
    },
    { allowJs: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext },
  );
  return { filename, languageOptions: { parserOptions: { programs: [program] } } };
}
createTypedRuleTester().run('no-unhandled-rejection (typed, a runtime object handed down by init)', rule, {
  valid: [
    { code: wiredFlows("await runtime.settings.set('flowState', state)"), ...wired("await runtime.settings.set('flowState', state)") },
    // a function that returns no promise, and one that handles its own
    { code: wiredFlows("runtime.settings.get('flowState')"), ...wired("runtime.settings.get('flowState')") },
    { code: wiredFlows("runtime.settings.setLater('flowState', state, () => {})"), ...wired("runtime.settings.setLater('flowState', state, () => {})") },
    // a second call of init hands another object: which `set` runs is not known
    {
      code: wiredFlows("runtime.settings.set('flowState', state)"),
      ...wired("runtime.settings.set('flowState', state)", "const again = require('./index.cjs');\nagain.init({ settings: { set() {} } });\n"),
    },
  ],
  invalid: [
    {
      code: wiredFlows("runtime.settings.set('flowState', state)"),
      ...wired("runtime.settings.set('flowState', state)"),
      errors: [
        {
          messageId: 'floatingInTry' as const,
          line: 8,
          column: 7,
          suggestions: [{ messageId: 'addAwait' as const, output: wiredFlows("await runtime.settings.set('flowState', state)") }],
        },
      ],
    },
  ],
});
createUntypedRuleTester().run('no-unhandled-rejection (untyped, a runtime object handed down by init)', rule, {
  // one file alone does not show what `init` receives
  valid: [wiredFlows("runtime.settings.set('flowState', state)")],
  invalid: [],
});
