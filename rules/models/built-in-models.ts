// What resilint knows about packages, one entry per package (see library-model.ts for what each section
// means). A false positive or a missed finding on a library becomes a row here, with a test, never a helper
// named after the library. docs/models.md is generated from this list: npm run generate:models.

import { DEADLINE_MODELS, RETRY_MODELS } from './deadline-models.js';
import type { HandlerRegistrationRow, LibraryModel } from './library-model.js';

const EMITTER_METHODS = ['on', 'once', 'addListener', 'prependListener', 'prependOnceListener'] as const;
const BOT_MIDDLEWARE = [
  'on',
  'use',
  'command',
  'hears',
  'action',
  'start',
  'help',
  'settings',
  'mention',
  'hashtag',
  'cashtag',
  'email',
  'url',
  'phone',
  'textLink',
  'textMention',
  'inlineQuery',
  'gameQuery',
  'callbackQuery',
  'chatType',
  'filter',
  'drop',
  'fork',
  'lazy',
  'route',
  'branch',
  'errorBoundary',
  'reaction',
] as const;
const ROUTE_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options', 'all', 'use', 'route', 'param'] as const;
const CHAT_REPLIES = [
  'reply',
  'replyWithPhoto',
  'replyWithDocument',
  'replyWithMarkdown',
  'replyWithMarkdownV2',
  'replyWithHTML',
  'replyWithSticker',
  'replyWithAnimation',
  'replyWithVideo',
  'replyWithAudio',
  'replyWithVoice',
  'replyWithChatAction',
  'answerCbQuery',
  'answerCallbackQuery',
  'answerInlineQuery',
  'editMessageText',
  'editMessageReplyMarkup',
  'deleteMessage',
  'sendMessage',
  'sendPhoto',
  'sendDocument',
  'pinChatMessage',
  'banChatMember',
  'leaveChat',
] as const;

/** An EventEmitter's listeners: called, their promise thrown away. */
const EMITTER: HandlerRegistrationRow = { methods: EMITTER_METHODS, handlers: 'dropped' };

/** Node's modules whose objects are EventEmitters, under both of their names. */
const NODE_EMITTER_MODULES = ['http', 'https', 'http2', 'net', 'tls', 'dgram', 'child_process', 'readline', 'stream', 'cluster', 'worker_threads'];

const BEHAVIOUR_MODELS: readonly LibraryModel[] = [
  // Bot frameworks: middleware is awaited and a rejection goes to `bot.catch`, which registers the error
  // handler and is no promise's catch; every reply of a context is an API call.
  {
    package: 'telegraf',
    promiseMethods: [
      { methods: ['catch'], returns: 'not-promise' },
      { methods: CHAT_REPLIES, returns: 'promise' },
    ],
    handlerRegistrations: [{ methods: BOT_MIDDLEWARE, handlers: 'awaited' }],
  },
  {
    package: 'grammy',
    promiseMethods: [
      { methods: ['catch'], returns: 'not-promise' },
      { methods: CHAT_REPLIES, returns: 'promise' },
    ],
    handlerRegistrations: [{ methods: BOT_MIDDLEWARE, handlers: 'awaited' }],
  },
  {
    package: '@grammyjs/',
    promiseMethods: [{ methods: ['catch'], returns: 'not-promise' }],
    handlerRegistrations: [{ methods: BOT_MIDDLEWARE, handlers: 'awaited' }],
  },
  // discord.js: messages, channels and interactions talk to the Discord API; the client is an EventEmitter.
  {
    package: 'discord.js',
    promiseMethods: [
      {
        methods: [
          'reply',
          'send',
          'edit',
          'delete',
          'react',
          'pin',
          'unpin',
          'crosspost',
          'deferReply',
          'editReply',
          'deleteReply',
          'followUp',
          'deferUpdate',
          'update',
          'showModal',
          'awaitMessages',
          'awaitMessageComponent',
          'awaitModalSubmit',
          'login',
          'bulkDelete',
          'setNickname',
          'kick',
          'ban',
          'timeout',
        ],
        returns: 'promise',
      },
    ],
    handlerRegistrations: [EMITTER],
  },
  {
    package: '@slack/bolt',
    handlerRegistrations: [
      {
        methods: ['message', 'event', 'action', 'command', 'shortcut', 'view', 'options', 'use', 'error', 'function', 'assistant'],
        handlers: 'awaited',
      },
    ],
  },
  // @octokit/webhooks 14.2.0 (dist-src/event-handler/receive.js): `receive()` runs the handlers of `on` and `onAny` in a
  // Promise.all, collects their rejections and hands them to the `onError` handlers and to receive's own rejection;
  // an `onError` handler's rejection is caught and logged. Probot's `on`, `onAny` and `onError` (14.3.2, lib/probot.js)
  // register on its Webhooks. Octokit clients' `request`, `graphql` and `paginate` call the GitHub API.
  {
    package: '@octokit/webhooks',
    promiseMethods: [{ export: 'Webhooks', methods: ['receive', 'verifyAndReceive', 'verify'], returns: 'promise' }],
    handlerRegistrations: [{ export: 'Webhooks', methods: ['on', 'onAny', 'onError'], handlers: 'awaited' }],
  },
  { package: 'probot', handlerRegistrations: [{ export: 'Probot', methods: ['on', 'onAny', 'onError'], handlers: 'awaited' }] },
  ...['@octokit/core', '@octokit/rest', 'octokit'].map((name): LibraryModel => ({
    package: name,
    promiseMethods: [{ export: 'Octokit', methods: ['request', 'graphql', 'paginate'], returns: 'promise' }],
  })),
  // HTTP frameworks that await their handlers. Koa's application is an EventEmitter too: `app.on('error',
  // async ...)` is a plain listener. Hono's `app.on(method, path, handler)` is a route, not a listener.
  {
    package: 'koa',
    handlerRegistrations: [{ methods: ['use'], handlers: 'awaited' }, EMITTER],
  },
  { package: '@koa/router', handlerRegistrations: [{ methods: ROUTE_METHODS, handlers: 'awaited' }] },
  { package: 'koa-router', handlerRegistrations: [{ methods: ROUTE_METHODS, handlers: 'awaited' }] },
  {
    package: 'fastify',
    handlerRegistrations: [
      { methods: [...ROUTE_METHODS, 'addHook', 'register', 'setErrorHandler', 'setNotFoundHandler', 'after', 'ready'], handlers: 'awaited' },
    ],
  },
  { package: 'hono', handlerRegistrations: [{ methods: [...ROUTE_METHODS, 'on', 'onError', 'notFound', 'mount'], handlers: 'awaited' }] },
  // NestJS: an HTTP adapter's `use` goes through to Fastify (awaited) or Express (the express version decides).
  { package: '@nestjs/platform-fastify', handlerRegistrations: [{ methods: ROUTE_METHODS, handlers: 'awaited' }] },
  // Schema builders: `.catch(fallback)` gives a schema with a fallback value.
  { package: 'zod', promiseMethods: [{ methods: ['catch'], returns: 'not-promise' }] },
  // Databases and queues.
  {
    package: 'mongoose',
    promiseMethods: [{ methods: ['save', 'validate', 'create', 'insertMany', 'bulkWrite', 'connect', 'disconnect'], returns: 'promise' }],
  },
  // pg pools and clients, called without a callback.
  { package: 'pg', promiseMethods: [{ methods: ['query', 'connect', 'end'], returns: 'promise' }] },
  // knex 3.3.0 (types/index.d.ts): an instance's `destroy()` and `transaction()` return promises; its query builders are
  // thenables, which the types, not this table, describe.
  { package: 'knex', promiseMethods: [{ methods: ['destroy', 'transaction'], returns: 'promise' }] },
  // ORMs, by the object their methods are called on: Prisma's client ($-methods; @prisma/client 7.10.0, whose promises
  // run only when awaited), TypeORM's DataSource (1.1.2) and Sequelize's instance (6.37.8); drizzle's database
  // (0.45.4, from `drizzle()` of any driver entry).
  {
    package: '@prisma/client',
    promiseMethods: [
      {
        export: 'PrismaClient',
        methods: ['$connect', '$disconnect', '$transaction', '$executeRaw', '$executeRawUnsafe', '$queryRaw', '$queryRawUnsafe', '$runCommandRaw'],
        returns: 'promise',
      },
    ],
  },
  {
    package: 'typeorm',
    promiseMethods: [
      {
        export: 'DataSource',
        methods: ['initialize', 'destroy', 'query', 'transaction', 'synchronize', 'dropDatabase', 'runMigrations', 'undoLastMigration', 'showMigrations'],
        returns: 'promise',
      },
    ],
  },
  {
    package: 'sequelize',
    promiseMethods: [{ export: 'Sequelize', methods: ['authenticate', 'sync', 'close', 'query', 'transaction', 'drop', 'truncate'], returns: 'promise' }],
  },
  { package: 'drizzle-orm', promiseMethods: [{ export: 'drizzle', methods: ['transaction', 'execute', 'batch'], returns: 'promise' }] },
  // kafkajs 2.2.4 (types/index.d.ts): the producers, consumers and admins a Kafka makes talk to the brokers. `seek`,
  // `pause` and `resume` of a consumer return nothing.
  {
    package: 'kafkajs',
    promiseMethods: [
      {
        export: 'Kafka',
        methods: [
          'connect',
          'disconnect',
          'send',
          'sendBatch',
          'subscribe',
          'run',
          'stop',
          'commitOffsets',
          'transaction',
          'sendOffsets',
          'commit',
          'abort',
          'createTopics',
          'deleteTopics',
          'createPartitions',
          'fetchTopicMetadata',
          'fetchOffsets',
          'fetchTopicOffsets',
          'resetOffsets',
          'setOffsets',
          'listTopics',
          'describeGroups',
          'deleteGroups',
        ],
        returns: 'promise',
      },
    ],
  },
  // bullmq 6.7.6 (dist/esm/classes/*.d.ts): queues, workers, flow producers and queue events are EventEmitters, and
  // their methods that talk to Redis return promises. A worker's `run()` is its processing loop, left running on
  // purpose, and not listed.
  {
    package: 'bullmq',
    promiseMethods: [
      {
        export: 'Queue',
        methods: [
          'add',
          'addBulk',
          'pause',
          'resume',
          'close',
          'drain',
          'clean',
          'obliterate',
          'getJob',
          'getJobs',
          'getJobCounts',
          'removeJobScheduler',
          'upsertJobScheduler',
          'waitUntilReady',
        ],
        returns: 'promise',
      },
      { export: 'Worker', methods: ['close', 'pause', 'resume', 'waitUntilReady'], returns: 'promise' },
      { export: 'FlowProducer', methods: ['add', 'addBulk', 'close', 'waitUntilReady'], returns: 'promise' },
      { export: 'QueueEvents', methods: ['close', 'waitUntilReady'], returns: 'promise' },
    ],
    handlerRegistrations: [EMITTER],
  },
  // node-redis (redis 4 and later): the client `createClient()` makes connects and closes with promises. Not `quit`:
  // redis 3, still common, has a `quit(callback)` that returns a boolean (and neither `connect` nor `close`).
  { package: 'redis', promiseMethods: [{ export: 'createClient', methods: ['connect', 'disconnect', 'close'], returns: 'promise' }] },
  { package: 'amqplib', handlerRegistrations: [EMITTER] },
  { package: 'ioredis', handlerRegistrations: [EMITTER] },
  { package: 'redis', handlerRegistrations: [EMITTER] },
  // EventEmitter and what is built on it.
  { package: 'events', handlerRegistrations: [EMITTER] },
  { package: 'node:events', handlerRegistrations: [EMITTER] },
  { package: 'process', handlerRegistrations: [EMITTER] },
  { package: 'ws', handlerRegistrations: [EMITTER] },
  { package: 'socket.io', handlerRegistrations: [EMITTER] },
  { package: 'socket.io-client', handlerRegistrations: [EMITTER] },
  { package: 'eventemitter2', handlerRegistrations: [EMITTER] },
  { package: 'eventemitter3', handlerRegistrations: [EMITTER] },
  { package: '@nestjs/event-emitter', handlerRegistrations: [EMITTER] },
  ...NODE_EMITTER_MODULES.flatMap((name): LibraryModel[] => [
    { package: name, handlerRegistrations: [EMITTER] },
    { package: `node:${name}`, handlerRegistrations: [EMITTER] },
  ]),
];

const SECTIONS = ['promiseMethods', 'handlerRegistrations', 'outboundCalls', 'errorClasses', 'nonErrorRejections', 'retryOptions'] as const;

export const BUILT_IN_MODELS: readonly LibraryModel[] = mergeByPackage([...BEHAVIOUR_MODELS, ...DEADLINE_MODELS, ...RETRY_MODELS]);

// One entry per package, where the package first appears, with the rows of every list that knows it.
function mergeByPackage(models: readonly LibraryModel[]): LibraryModel[] {
  const merged = new Map<string, LibraryModel>();
  for (const model of models) {
    const known = merged.get(model.package);
    if (!known) {
      merged.set(model.package, model);
      continue;
    }
    const combined: LibraryModel = { ...known };
    for (const section of SECTIONS) {
      const rows = [...(known[section] ?? []), ...(model[section] ?? [])];
      if (rows.length > 0) (combined as unknown as Record<string, unknown>)[section] = rows;
    }
    merged.set(model.package, combined);
  }
  return [...merged.values()];
}
