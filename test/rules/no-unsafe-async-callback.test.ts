import rule from '../../rules/no-unsafe-async-callback.js';
import { createTypedRuleTester, createUntypedRuleTester } from './rule-tester.js';

const express4 = { resilint: { dependencies: { express: '^4.18.2' } } };
const express5 = { resilint: { dependencies: { express: '^5.1.0' } } };
const load = 'async function load(): Promise<number> { return 1; }\n';
const expressApp = 'import express from "express";\nconst app = express();\n';
const handler = 'app.get("/users", async (req: any, res: any) => {\n  res.json(await load());\n});';

const cases = {
  valid: [
    // typeorm's query runners: every await sits in a try whose catch hands the error to reject; bullmq's scheduler: no await
    `${load}export const p = new Promise(async (ok, fail) => {\n  try {\n    ok(await load());\n  } catch (err) {\n    fail(err);\n  }\n});`,
    'export const p = new Promise<number>(async (resolve) => {\n  resolve([1, 2].length);\n});',
    // an error boundary inside the callback
    `${load}process.on("SIGTERM", async () => {\n  try {\n    await load();\n  } catch (error) {\n    console.error(error);\n    process.exitCode = 1;\n  }\n});`,
    `${load}setTimeout(() => load().catch((error: unknown) => console.error(error)), 1000);`,
    `${load}declare const emitter: NodeJS.EventEmitter;\nemitter.on("job", async (job: { id: string }) => {\n  if (!job.id) return;\n  try {\n    await load();\n  } catch (error) {\n    console.error(job.id, error);\n  }\n});`,
    // an emitter that routes listener rejections to its 'error' event
    `${load}import { EventEmitter } from "node:events";\nconst bus = new EventEmitter({ captureRejections: true });\nbus.on("job", async () => {\n  await load();\n});`,
    // `consume` of something that is not amqplib (kafkajs-like consumers await their handlers)
    `${load}declare const consumer: { consume(topic: string, fn: () => Promise<void>): void };\nconsumer.consume("t", async () => {\n  await load();\n});`,
    `${load}import http from "node:http";\nconst server = http.createServer();\nserver.listen(8080, () => console.log("listening"));`,
    // an arrow forwarding to a method that has the error boundary
    `${load}declare const emitter: NodeJS.EventEmitter;\nexport class Bot {\n  start() {\n    emitter.on("message", (msg: string) => this.onMessage(msg));\n  }\n  private async onMessage(msg: string) {\n    try {\n      await load();\n    } catch (error) {\n      console.error(msg, error);\n    }\n  }\n}`,
    // an await of a function whose own code cannot reject
    `${load}async function refresh() {\n  try {\n    await load();\n  } catch (error) {\n    console.error(error);\n  }\n}\nsetInterval(async () => {\n  await refresh();\n}, 1000);`,
    // nothing in the body can reject; the try may sit inside an if
    'declare const emitter: NodeJS.EventEmitter;\nemitter.on("ready", async () => {\n  console.log("ready");\n});',
    `${load}declare const emitter: NodeJS.EventEmitter;\nemitter.on("cmd", async (cmd: { chat: boolean }) => {\n  if (cmd.chat) {\n    try {\n      await load();\n    } catch (error) {\n      console.error(error);\n    }\n  }\n});`,
    // a synchronous guard before the try
    `${load}declare const emitter: NodeJS.EventEmitter;\nemitter.on("cmd", async (cmd: { isChat(): boolean }) => {\n  if (!cmd.isChat()) return;\n  try {\n    await load();\n  } catch (error) {\n    console.error(error);\n  }\n});`,
    // explicitly voided, synchronous, or not a sink at all
    `${load}setInterval(() => void load(), 1000);`,
    'setTimeout(() => console.log("tick"), 1000);',
    '[1, 2].forEach((x) => console.log(x));',
    `${load}export async function f() { await Promise.all([1, 2].map(async () => load())); }`,
    `${load}export async function f(items: number[]) { for (const item of items) await load(); }`,
    // a synchronous executor is fine
    'export const p = new Promise<void>((resolve) => setTimeout(resolve, 10));',
    // Express route handlers: Express 5 awaits them; with no known version we stay quiet
    { code: `${load}${expressApp}${handler}`, settings: express5 },
    { code: `${load}${expressApp}${handler}` },
    // Express 4, but the file patches it, or the handler catches, or it is wrapped
    { code: `${load}import "express-async-errors";\n${expressApp}${handler}`, settings: express4 },
    {
      code: `${load}${expressApp}${handler}`,
      settings: { resilint: { dependencies: { express: '^4.18.2', 'express-async-errors': '^3.1.1' } } },
    },
    {
      code: `${load}${expressApp}app.get("/u", async (req: any, res: any, next: (e: unknown) => void) => {\n  try {\n    res.json(await load());\n  } catch (error) {\n    next(error);\n  }\n});`,
      settings: express4,
    },
    {
      code: `${load}${expressApp}declare function asyncHandler(fn: unknown): any;\napp.get("/u", asyncHandler(async (req: any, res: any) => res.json(await load())));`,
      settings: express4,
    },
    // the same shape on Fastify/Koa is awaited by the framework
    { code: `${load}import Fastify from "fastify";\nconst app = Fastify();\n${handler}`, settings: express4 },
    // telegraf awaits `.on` middleware and routes errors to bot.catch
    `${load}import { Telegraf } from "telegraf";\nconst bot = new Telegraf("token");\nbot.on("text", async (ctx: any) => {\n  await ctx.reply(await load());\n});`,
    // the receiver's import decides, however the receiver arrives: a typed parameter, a parameter property,
    // `this.x = new X()` in the constructor, a module-level instance
    `${load}import { Bot } from "grammy";\nexport function register(bot: Bot) {\n  bot.on("message", async (ctx: any) => {\n    await ctx.reply(await load());\n  });\n}`,
    `${load}import { Telegraf } from "telegraf";\nexport class Channel {\n  constructor(private readonly bot: Telegraf) {}\n  start() {\n    this.bot.on("text", async () => {\n      await load();\n    });\n  }\n}`,
    `${load}import * as grammy from "grammy";\nexport class Channel {\n  private bot: any;\n  constructor() {\n    this.bot = new grammy.Bot("t");\n  }\n  start() {\n    this.bot.on("message", async () => {\n      await load();\n    });\n  }\n}`,
    // @octokit/webhooks' receive() awaits `on` handlers and hands their rejections to `onError`; Probot registers on it
    `${load}import { Webhooks } from "@octokit/webhooks";\nconst webhooks = new Webhooks({ secret: "s" });\nwebhooks.on("issues.opened", async () => {\n  await load();\n});`,
    `${load}import type { Probot } from "probot";\nexport default (app: Probot) => {\n  app.on("issues.opened", async () => {\n    await load();\n  });\n};`,
    // Hono's `.on(method, path, handler)` is a route
    `${load}import { Hono } from "hono";\nconst app = new Hono();\napp.on("GET", "/x", async (c: any) => c.json(await load()));`,
    // a receiver of unknown origin in a file that imports a framework awaiting `.on` handlers
    `${load}import type { Context } from "telegraf";\nexport function register(bot: any) {\n  bot.on("text", async (ctx: Context) => {\n    await load();\n  });\n}`,
    // bull's child process: the handler's finally calls process.exit, so no rejection outlives it
    `${load}async function waitAndExit() {\n  try {\n    await load();\n  } finally {\n    process.exit(process.exitCode || 0);\n  }\n}\nprocess.on("SIGTERM", waitAndExit);`,
  ],
  invalid: [
    {
      // hocuspocus's Server: one handler for three signals is one defect, reported at its first registration
      code: `${load}const onSignal = async () => {\n  await load();\n  process.exit(0);\n};\nprocess.on("SIGINT", onSignal);\nprocess.on("SIGQUIT", onSignal);\nprocess.on("SIGTERM", onSignal);\nprocess.on("SIGHUP", async () => {\n  await load();\n});`,
      errors: [
        { messageId: 'droppedPromise' as const, line: 6, column: 22 },
        { messageId: 'droppedPromise' as const, line: 9, column: 22 },
      ],
    },
    {
      // a finally that exits only on one branch leaves the rejection to escape on the other
      code: `${load}async function waitAndExit() {\n  try {\n    await load();\n  } finally {\n    if (process.exitCode) process.exit(process.exitCode);\n  }\n}\nprocess.on("SIGTERM", waitAndExit);`,
      errors: [{ messageId: 'droppedPromise' as const, line: 9, column: 23 }],
    },
    {
      code: `${load}process.on("SIGTERM", async () => {\n  await load();\n});`,
      errors: [{ messageId: 'droppedPromise' as const, line: 2, column: 23, data: { api: 'The event listener registered with `.on()`' } }],
    },
    {
      // Koa's application is an EventEmitter: `use` is awaited, `on('error')` is a listener
      code: `${load}import Koa from "koa";\nconst app = new Koa();\napp.on("error", async () => {\n  await load();\n});`,
      errors: [{ messageId: 'droppedPromise' as const, line: 4, column: 17 }],
    },
    {
      // an EventEmitter subclass, in a file that also imports an awaiting framework
      code: `${load}import { EventEmitter } from "node:events";\nimport { Telegraf } from "telegraf";\nexport const bot = new Telegraf("t");\nclass Bus extends EventEmitter {}\nconst bus = new Bus();\nbus.on("job", async () => {\n  await load();\n});`,
      errors: [{ messageId: 'droppedPromise' as const, line: 7, column: 15 }],
    },
    {
      // process is the global, whatever the file imports
      code: `${load}import { Bot } from "grammy";\nexport const bot = new Bot("t");\nprocess.on("SIGTERM", async () => {\n  await bot.stop();\n});`,
      errors: [{ messageId: 'droppedPromise' as const, line: 4, column: 23 }],
    },
    {
      // discord.js client events are emitter listeners
      code: `${load}import { Client } from "discord.js";\nexport class Gateway {\n  private readonly client = new Client({ intents: [] });\n  start() {\n    this.client.on("messageCreate", async () => {\n      await load();\n    });\n  }\n}`,
      errors: [{ messageId: 'droppedPromise' as const, line: 6, column: 37 }],
    },
    {
      code: `${load}declare const emitter: NodeJS.EventEmitter;\nemitter.once("ready", async () => {\n  await load();\n});`,
      errors: [{ messageId: 'droppedPromise' as const, line: 3, column: 23 }],
    },
    {
      // a rethrowing catch is no boundary
      code: `${load}process.on("message", async () => {\n  try {\n    await load();\n  } catch (error) {\n    throw new Error("failed", { cause: error });\n  }\n});`,
      errors: [{ messageId: 'droppedPromise' as const, line: 2, column: 23 }],
    },
    {
      // work before the try can still reject
      code: `${load}process.on("message", async (raw: string) => {\n  const n = await load();\n  try {\n    console.log(n, raw);\n  } catch {\n    /* ignore */\n  }\n});`,
      errors: [{ messageId: 'droppedPromise' as const, line: 2, column: 23 }],
    },
    {
      code: `${load}setTimeout(async () => {\n  await load();\n}, 1000);`,
      errors: [{ messageId: 'droppedPromise' as const, line: 2, column: 12, data: { api: '`setTimeout`' } }],
    },
    {
      // not async, but returns a promise
      code: `${load}async function flush() {\n  await load();\n}\nsetInterval(() => flush(), 1000);`,
      errors: [{ messageId: 'droppedPromise' as const, line: 5, column: 13, endColumn: 26, data: { api: '`setInterval`' } }],
    },
    {
      code: `${load}[1, 2].forEach(async (x) => {\n  await load();\n});`,
      errors: [{ messageId: 'droppedPromise' as const, line: 2, column: 16, data: { api: '`forEach`' } }],
    },
    {
      code: `${load}import amqp from "amqplib";\nexport async function start() {\n  const channel = await (await amqp.connect("amqp://localhost")).createChannel();\n  await channel.consume("jobs", async (msg: unknown) => {\n    await load();\n  });\n}`,
      errors: [{ messageId: 'droppedPromise' as const, line: 5, column: 33, data: { api: '`channel.consume`' } }],
    },
    {
      // the same, without the boundary
      code: `${load}declare const emitter: NodeJS.EventEmitter;\nexport class Bot {\n  start() {\n    emitter.on("message", (msg: string) => this.onMessage(msg));\n  }\n  private async onMessage(msg: string) {\n    await load();\n    console.log(msg);\n  }\n}`,
      errors: [{ messageId: 'droppedPromise' as const, line: 5, column: 27 }],
    },
    {
      // an await outside the nested try
      code: `${load}declare const emitter: NodeJS.EventEmitter;\nemitter.on("cmd", async (cmd: { chat: boolean }) => {\n  if (cmd.chat) {\n    try {\n      await load();\n    } catch (error) {\n      console.error(error);\n    }\n  }\n  await load();\n});`,
      errors: [{ messageId: 'droppedPromise' as const, line: 3, column: 19 }],
    },
    {
      // an await of a function whose catch awaits something unguarded
      code: `${load}async function push() {\n  try {\n    await load();\n  } catch (error) {\n    await load();\n  }\n}\nsetInterval(async () => {\n  await push();\n}, 1000);`,
      errors: [{ messageId: 'droppedPromise' as const, line: 9, column: 13 }],
    },
    {
      // a returned promise rejects the callback's promise
      code: `${load}declare const emitter: NodeJS.EventEmitter;\nemitter.on("cmd", async () => {\n  return load();\n});`,
      errors: [{ messageId: 'droppedPromise' as const, line: 3, column: 19 }],
    },
    {
      // JSON.parse before the try throws inside the async listener
      code: `${load}process.on("message", async (raw: string) => {\n  const job = JSON.parse(raw);\n  try {\n    await load();\n  } catch (error) {\n    console.error(job, error);\n  }\n});`,
      errors: [{ messageId: 'droppedPromise' as const, line: 2, column: 23 }],
    },
    {
      // a named async function and an async method
      code: `${load}async function shutdown() {\n  await load();\n}\nprocess.on("SIGINT", shutdown);`,
      errors: [{ messageId: 'droppedPromise' as const, line: 5, column: 22, endColumn: 30 }],
    },
    {
      code: `${load}declare const emitter: NodeJS.EventEmitter;\nexport class Worker {\n  start() {\n    emitter.on("job", this.onJob.bind(this));\n  }\n  async onJob() {\n    await load();\n  }\n}`,
      errors: [{ messageId: 'droppedPromise' as const, line: 5, column: 23 }],
    },
    {
      code: `${load}import http from "node:http";\nhttp.createServer(async (req, res) => {\n  res.end(String(await load()));\n});`,
      errors: [{ messageId: 'droppedPromise' as const, line: 3, column: 19, data: { api: '`createServer`' } }],
    },
    {
      code: `${load}import http from "node:http";\nconst server = http.createServer();\nserver.listen(8080, async () => {\n  await load();\n});`,
      errors: [{ messageId: 'droppedPromise' as const, line: 4, column: 21, data: { api: '`listen`' } }],
    },
    {
      code: `${load}export const p = new Promise(async (resolve) => {\n  resolve(await load());\n});`,
      errors: [{ messageId: 'asyncExecutor' as const, line: 2, column: 30 }],
    },
    {
      // the catch does not hand the error to reject: the executor's promise rejects, the new one never settles
      code: `${load}export const p = new Promise(async (ok, fail) => {\n  try {\n    ok(await load());\n  } catch (err) {\n    console.error(err);\n  }\n});`,
      errors: [{ messageId: 'asyncExecutor' as const, line: 2, column: 30 }],
    },
    {
      // kafkajs' SASL request: work before the try (the authors' own TODO asks to remove the async executor)
      code: `${load}export const p = new Promise(async (ok, fail) => {\n  const handlers = { onError: () => fail(new Error("closed")) };\n  try {\n    ok([handlers, await load()]);\n  } catch (err) {\n    fail(err);\n  }\n});`,
      errors: [{ messageId: 'asyncExecutor' as const, line: 2, column: 30 }],
    },
    {
      // an await outside the try that hands errors to reject
      code: `${load}export const p = new Promise(async (ok, fail) => {\n  const first = await load();\n  try {\n    ok([first, await load()]);\n  } catch (err) {\n    fail(err);\n  }\n});`,
      errors: [{ messageId: 'asyncExecutor' as const, line: 2, column: 30 }],
    },
    {
      code: `${load}${expressApp}${handler}`,
      settings: express4,
      errors: [{ messageId: 'express4Handler' as const, line: 4, column: 19 }],
    },
    {
      code: `${load}import { Router } from "express";\nconst router = Router();\nrouter.use(async (req: any, res: any, next: () => void) => {\n  await load();\n  next();\n});`,
      settings: express4,
      errors: [{ messageId: 'express4Handler' as const, line: 4, column: 12 }],
    },
    {
      code: `${load}import express from "express";\nconst router = express.Router();\nrouter.route("/x").get(async (req: any, res: any) => {\n  res.json(await load());\n});`,
      settings: express4,
      errors: [{ messageId: 'express4Handler' as const, line: 4, column: 24 }],
    },
    {
      // routes mounted in another module: the app arrives as a typed parameter
      code: `${load}import type { Express } from "express";\nexport function mount(app: Express) {\n  app.post("/x", async (req: any, res: any) => {\n    res.json(await load());\n  });\n}`,
      settings: { resilint: { dependencies: { express: '4.21.2' } } },
      errors: [{ messageId: 'express4Handler' as const, line: 4, column: 18 }],
    },
  ],
};

createTypedRuleTester().run('no-unsafe-async-callback (typed)', rule, cases);
createUntypedRuleTester().run('no-unsafe-async-callback (untyped)', rule, cases);

const controller =
  'const controller = {\n  async save(req: unknown, res: { end(): void }) {\n    await Promise.resolve(req);\n    res.end();\n  },\n  async safe(req: unknown, res: { end(): void }) {\n    try {\n      await Promise.resolve(req);\n    } finally {\n      res.end();\n    }\n  },\n};\n';

createTypedRuleTester().run('no-unsafe-async-callback (typed only)', rule, {
  valid: [
    // the symbol leads to a body with an error boundary
    {
      code: `${expressApp}const controller = {\n  async save(req: unknown, res: { end(): void }, next: (e: unknown) => void) {\n    try {\n      await Promise.resolve(req);\n      res.end();\n    } catch (error) {\n      next(error);\n    }\n  },\n};\napp.post("/x", controller.save);`,
      settings: express4,
    },
    // a block body that returns no value is void, settled without asking the checker for its return type
    `${load}setTimeout(() => {\n  void load();\n}, 10);`,
  ],
  invalid: [
    {
      // a synchronous callback that returns a promise: the checker's return type says so
      code: `${load}setTimeout(() => {\n  return load();\n}, 10);`,
      errors: [{ messageId: 'droppedPromise' as const, line: 2, column: 12 }],
    },
    {
      // a handler defined elsewhere, found through its symbol
      code: `${expressApp}${controller}app.post("/x", controller.save);`,
      settings: express4,
      errors: [{ messageId: 'express4Handler' as const, line: 16, column: 16 }],
    },
    {
      // the receiver's type is declared by node's events module: a listener, though the file imports telegraf
      code: `${load}import { Telegraf } from "telegraf";\nexport const bot = new Telegraf("t");\ndeclare function makeBus(): NodeJS.EventEmitter;\nconst bus = makeBus();\nbus.on("job", async () => {\n  await load();\n});`,
      errors: [{ messageId: 'droppedPromise' as const, line: 6, column: 15 }],
    },
    {
      // a callback we cannot see into, whose type returns a promise
      code: 'export function f(job: () => Promise<void>) {\n  setTimeout(job, 10);\n}',
      errors: [{ messageId: 'droppedPromise' as const, line: 2, column: 14 }],
    },
  ],
});

createUntypedRuleTester().run('no-unsafe-async-callback (untyped only)', rule, {
  valid: [
    // without types the receiver's origin is unknown, and the file imports a framework that awaits `.on`
    `${load}import { Telegraf } from "telegraf";\nexport const bot = new Telegraf("t");\ndeclare function makeBus(): NodeJS.EventEmitter;\nconst bus = makeBus();\nbus.on("job", async () => {\n  await load();\n});`,
    'export function f(job: () => Promise<void>) {\n  setTimeout(job, 10);\n}',
    { code: `${expressApp}${controller}app.post("/x", controller.save);`, settings: express4 },
  ],
  invalid: [],
});
