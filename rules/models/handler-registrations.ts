// What packages do with the promise of a handler registered on their objects: data, one row per package
// and set of registration methods, read by `getHandlerRegistration`. A row names no rule; a later
// catalogue (issue 12, point 4) can take these rows as they are.
//
//   awaited: the framework awaits the handler and routes a rejection to its error handler
//            (telegraf and grammY middleware to `bot.catch`, Koa to `app.on('error')`, Fastify and Hono
//            to their error handlers, Slack Bolt to `app.error`).
//   dropped: the handler is called and its promise thrown away (EventEmitter listeners: a rejection
//            becomes an unhandled rejection).

export interface HandlerRegistrationModel {
  /** The package the receiver was made from: `telegraf`, or a scope prefix ending in `/` (`@grammyjs/`). */
  package: string;
  /** Methods of the package's objects that register a handler. */
  methods: readonly string[];
  handlers: 'awaited' | 'dropped';
}

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

export const HANDLER_REGISTRATIONS: readonly HandlerRegistrationModel[] = [
  { package: 'telegraf', methods: BOT_MIDDLEWARE, handlers: 'awaited' },
  { package: 'grammy', methods: BOT_MIDDLEWARE, handlers: 'awaited' },
  { package: '@grammyjs/', methods: BOT_MIDDLEWARE, handlers: 'awaited' },
  // Koa's application is an EventEmitter too: `app.on('error', async ...)` is a plain listener.
  { package: 'koa', methods: ['use'], handlers: 'awaited' },
  { package: 'koa', methods: EMITTER_METHODS, handlers: 'dropped' },
  { package: '@koa/router', methods: ROUTE_METHODS, handlers: 'awaited' },
  { package: 'koa-router', methods: ROUTE_METHODS, handlers: 'awaited' },
  { package: 'fastify', methods: [...ROUTE_METHODS, 'addHook', 'register', 'setErrorHandler', 'setNotFoundHandler', 'after', 'ready'], handlers: 'awaited' },
  // Hono's `app.on(method, path, handler)` is a route, not an event listener.
  { package: 'hono', methods: [...ROUTE_METHODS, 'on', 'onError', 'notFound', 'mount'], handlers: 'awaited' },
  {
    package: '@slack/bolt',
    methods: ['message', 'event', 'action', 'command', 'shortcut', 'view', 'options', 'use', 'error', 'function', 'assistant'],
    handlers: 'awaited',
  },
  // NestJS: an HTTP adapter's `use` goes through to Fastify (awaited) or Express (the express row's version decides).
  { package: '@nestjs/platform-fastify', methods: ROUTE_METHODS, handlers: 'awaited' },
  // EventEmitter and what is built on it.
  { package: 'events', methods: EMITTER_METHODS, handlers: 'dropped' },
  { package: 'node:events', methods: EMITTER_METHODS, handlers: 'dropped' },
  { package: 'process', methods: EMITTER_METHODS, handlers: 'dropped' },
  { package: 'discord.js', methods: EMITTER_METHODS, handlers: 'dropped' },
  { package: 'ws', methods: EMITTER_METHODS, handlers: 'dropped' },
  { package: 'socket.io', methods: EMITTER_METHODS, handlers: 'dropped' },
  { package: 'socket.io-client', methods: EMITTER_METHODS, handlers: 'dropped' },
  { package: 'amqplib', methods: EMITTER_METHODS, handlers: 'dropped' },
  { package: 'ioredis', methods: EMITTER_METHODS, handlers: 'dropped' },
  { package: 'redis', methods: EMITTER_METHODS, handlers: 'dropped' },
  { package: 'eventemitter2', methods: EMITTER_METHODS, handlers: 'dropped' },
  { package: 'eventemitter3', methods: EMITTER_METHODS, handlers: 'dropped' },
  { package: '@nestjs/event-emitter', methods: EMITTER_METHODS, handlers: 'dropped' },
  ...['http', 'https', 'http2', 'net', 'tls', 'dgram', 'child_process', 'readline', 'stream', 'cluster', 'worker_threads'].flatMap(
    (name): HandlerRegistrationModel[] => [
      { package: name, methods: EMITTER_METHODS, handlers: 'dropped' },
      { package: `node:${name}`, methods: EMITTER_METHODS, handlers: 'dropped' },
    ],
  ),
];
