import rule from '../../rules/require-client-timeout.js';
import type { RequireClientTimeoutOptions } from '../../rules/require-client-timeout.js';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { createVirtualProgram, runRules, summarize } from '../helpers/lint-snippet.js';
import { createTypedRuleTester, createUntypedRuleTester } from './rule-tester.js';

const cases = {
  valid: [
    // SDK clients whose default deadline is finite (docs/models.md): bounded without options, and a 0 is the SDK's.
    "import OpenAI from 'openai';\nexport const openai = new OpenAI();",
    "import OpenAI from 'openai';\nexport const openai = new OpenAI({ timeout: 0 });",
    "import Anthropic from '@anthropic-ai/sdk';\nexport const anthropic = new Anthropic({ maxRetries: 3 });",
    "import Stripe from 'stripe';\ndeclare const key: string;\nexport const stripe = new Stripe(key, { timeout: 0 });",
    // A user row whose 0 is no "wait forever" (zeroDisables: false).
    {
      code: "import { Db } from '@acme/db';\nexport const db = new Db({ connectMs: 0 });",
      settings: {
        resilint: {
          models: [
            {
              package: '@acme/db',
              outboundCalls: [
                {
                  methods: ['new'],
                  kind: 'client',
                  options: { kind: 'argument', argument: 0 },
                  deadlines: [
                    { name: 'connectMs', unit: 'ms', where: { kind: 'argument', argument: 0 }, default: 5000, defaultIsFinite: true, zeroDisables: false },
                  ],
                },
              ],
            },
          ],
        },
      },
    },
    "import { Pool } from 'pg';\nexport const pool = new Pool({ connectionString: process.env.DATABASE_URL, connectionTimeoutMillis: 5000 });",
    // A statement timeout frees stuck clients: checkout cannot hang forever.
    "import { Pool } from 'pg';\nexport const pool = new Pool({ connectionString: process.env.DATABASE_URL, statement_timeout: 5000 });",
    // Config assembled elsewhere: it may carry the timeout.
    "import pg from 'pg';\nexport function connect(config: pg.PoolConfig) { return new pg.Pool(config); }",
    "import { Pool } from 'pg';\nconst base = { connectionTimeoutMillis: 5000, statement_timeout: 10000 };\nexport const pool = new Pool({ ...base, max: 20 });",
    // A pg Pool from a Sequelize/Knex-like library is not pg's.
    "import { Pool } from 'generic-pool';\nexport const pool = new Pool({ max: 10 });",
    "import { MongoClient } from 'mongodb';\nexport const client = new MongoClient(process.env.MONGO_URL!, { timeoutMS: 15000 });",
    "import { MongoClient } from 'mongodb';\nexport const client = new MongoClient('mongodb://db:27017/app?socketTimeoutMS=30000');",
    "import mongoose from 'mongoose';\nawait mongoose.connect(process.env.MONGO_URL!, { socketTimeoutMS: 45000 });",
    // Finite documented defaults: mysql2 and ioredis connectTimeout (10 s), node-redis socket.connectTimeout (5 s).
    "import mysql from 'mysql2/promise';\nexport const pool = mysql.createPool({ host: 'db', user: 'app' });",
    "import Redis from 'ioredis';\nexport const redis = new Redis({ host: 'cache' });",
    "import { createClient } from 'redis';\nexport const redis = createClient({ url: process.env.REDIS_URL });",
    "import { createClient } from '@redis/client';\nexport const redis = createClient({ socket: { host: 'cache' } });",
    "import { createCluster } from 'redis';\nexport const cluster = createCluster({ rootNodes: [{ url: 'redis://cache-1:6379' }] });",
    // kafkajs (connectionTimeout 1 s, requestTimeout 30 s; 0 times out at once) and knex (acquireConnectionTimeout 60 s).
    "import { Kafka } from 'kafkajs';\nexport const kafka = new Kafka({ clientId: 'orders', brokers: ['kafka:9092'] });",
    "import { Kafka } from 'kafkajs';\nexport const kafka = new Kafka({ brokers: ['kafka:9092'], requestTimeout: 0 });",
    "import knex from 'knex';\nexport const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });",
    "import { knex } from 'knex';\nexport const db = knex({ client: 'mysql2', connection: { host: 'db' }, acquireConnectionTimeout: 0 });",
    // Sockets with a timeout option or setTimeout.
    "import net from 'node:net';\nexport const socket = net.createConnection({ host: 'db', port: 5432, timeout: 5000 });",
    "import net from 'node:net';\nconst socket = net.connect(6379, 'cache');\nsocket.setTimeout(10_000, () => socket.destroy());",
    "import net from 'node:net';\nclass Conn {\n  private socket?: net.Socket;\n  open() {\n    this.socket = net.connect(25, 'smtp');\n    this.socket.setTimeout(30_000);\n  }\n}",
    // Inside a function body.
    "import net from 'node:net';\nexport function ping(host: string) {\n  const socket = net.connect(6379, host);\n  socket.setTimeout(2000, () => socket.destroy());\n  socket.write('PING');\n}",
    // A socket handed to the caller: the caller decides.
    "import net from 'node:net';\nexport function open(port: number) { return net.connect(port); }",
    // A socket timeout under `if (timeout)`, where the option has a default: a deadline by default.
    "import net from 'node:net';\nexport function connect(host: string, options: { timeout?: number } = {}) {\n  const timeout = options.timeout ?? 30_000;\n  const socket = net.connect({ ...options, host });\n  if (timeout) socket.setTimeout(timeout, () => socket.destroy());\n  socket.on('data', (chunk) => chunk);\n}",
    // ... or where the caller must pass it.
    "import net from 'node:net';\nexport function connect(host: string, options: { timeout: number }) {\n  const timeout = options.timeout;\n  const socket = net.connect({ ...options, host });\n  if (timeout) socket.setTimeout(timeout, () => socket.destroy());\n  socket.on('data', (chunk) => chunk);\n}",
    // A connect deadline armed when an option is positive, and the option defaults to 30 s: a deadline.
    "declare class Connection { stream: { destroy(error: Error): void }; connect(port: number, host: string): void }\nexport class Client {\n  private timeoutMillis: number;\n  private connection = new Connection();\n  constructor(config: { timeoutMillis?: number }) {\n    this.timeoutMillis = config.timeoutMillis || 30_000;\n  }\n  open(port: number, host: string) {\n    const con = this.connection;\n    if (this.timeoutMillis > 0) setTimeout(() => con.stream.destroy(new Error('timeout expired')), this.timeoutMillis);\n    con.connect(port, host);\n  }\n}",
    // mysql2's connection: a timer armed in the constructor calls a method that destroys the stream.
    "import net from 'node:net';\nexport class Connection {\n  stream: net.Socket;\n  connectTimeout?: NodeJS.Timeout;\n  constructor(readonly config: { port: number; host: string; connectTimeout: number }) {\n    this.stream = net.connect(config.port, config.host);\n    if (this.config.connectTimeout) {\n      const onTimeout = this.handleTimeout.bind(this);\n      this.connectTimeout = setTimeout(onTimeout, this.config.connectTimeout);\n    }\n  }\n  handleTimeout() {\n    this.stream.destroy(new Error('connect ETIMEDOUT'));\n  }\n}",
    // A Unix socket or a named pipe: a process of this machine, not a host (node-red's git askpass helper).
    "import net from 'node:net';\nconst socket = net.connect(process.argv[2], () => socket.write('ok\\n'));\nsocket.setEncoding('utf8');",
    "import net from 'node:net';\nimport path from 'node:path';\nexport const socket = net.createConnection(path.join('/run', 'app.sock'));",
    "import net from 'node:net';\ndeclare const socketPath: string;\nexport const socket = net.connect({ path: socketPath });",
    "import net from 'node:net';\nexport const socket = net.connect('/var/run/docker.sock');",
    // Look-alikes: a worker pool, a local Client class.
    "class Client { constructor(readonly name: string) {} }\nexport const c = new Client('x');",
    // An acknowledgement with a timeout of its own by default, or a promise that arms its own timer (issue 12, point 9).
    "export class Socket {\n  flags: { timeout?: number } = { timeout: 10_000 };\n  private acks = new Map<number, (...args: unknown[]) => void>();\n  private ids = 0;\n  timeout(ms: number) {\n    this.flags.timeout = ms;\n    return this;\n  }\n  emit(event: string, ...args: unknown[]) {\n    const ack = args.pop() as (...a: unknown[]) => void;\n    const timeout = this.flags.timeout;\n    this.flags = {};\n    if (timeout !== undefined) setTimeout(() => ack(new Error('timed out')), timeout);\n    this.acks.set(this.ids++, ack);\n    return event;\n  }\n  emitWithAck(event: string, ...args: unknown[]) {\n    const withErr = this.flags.timeout !== undefined;\n    return new Promise((resolve, reject) => {\n      args.push((err: unknown, res: unknown) => (withErr && err ? reject(err) : resolve(withErr ? res : err)));\n      this.emit(event, ...args);\n    });\n  }\n}",
    "export class Socket {\n  flags: { timeout?: number } = {};\n  timeout(ms: number) {\n    this.flags.timeout = ms;\n    return this;\n  }\n  emit(event: string, ack: (err?: Error) => void) {\n    return [event, ack];\n  }\n  emitWithAck(event: string) {\n    const ms = this.flags.timeout ?? 5000;\n    return new Promise((resolve, reject) => {\n      const timer = setTimeout(() => reject(new Error('timed out')), ms);\n      this.emit(event, (err) => (clearTimeout(timer), err ? reject(err) : resolve(undefined)));\n    });\n  }\n}",
    // Socket options spread from a function of the project that gives a timeout, or from a package's function.
    "import tls from 'node:tls';\nfunction familyOptions(base: { autoSelectFamily?: boolean }) {\n  const options: { autoSelectFamily?: boolean; timeout?: number } = { timeout: 30_000 };\n  if ('autoSelectFamily' in base) options.autoSelectFamily = base.autoSelectFamily;\n  return options;\n}\nexport function kmsRequest(host: string, base: { autoSelectFamily?: boolean }) {\n  const socketOptions = { host, servername: host, port: 443, ...familyOptions(base) };\n  const socket = tls.connect(socketOptions, () => socket.write('hello'));\n  return new Promise((resolve) => socket.once('data', resolve));\n}",
    "import { familyOptions } from 'socket-defaults';\nimport tls from 'node:tls';\nexport function kmsRequest(host: string, base: { autoSelectFamily?: boolean }) {\n  const socketOptions = { host, servername: host, port: 443, ...familyOptions(base) };\n  const socket = tls.connect(socketOptions, () => socket.write('hello'));\n  return new Promise((resolve) => socket.once('data', resolve));\n}",
  ],
  invalid: [
    {
      // mongodb's KMS request: the options spread in come from a function of the project that returns none.
      code: "import tls from 'node:tls';\nfunction familyOptions(base: { autoSelectFamily?: boolean }) {\n  const options: { autoSelectFamily?: boolean; timeout?: number } = {};\n  if ('autoSelectFamily' in base) options.autoSelectFamily = base.autoSelectFamily;\n  return options;\n}\nexport function kmsRequest(host: string, base: { autoSelectFamily?: boolean }) {\n  const socketOptions = { host, servername: host, port: 443, ...familyOptions(base) };\n  const socket = tls.connect(socketOptions, () => socket.write('hello'));\n  return new Promise((resolve) => socket.once('data', resolve));\n}",
      errors: [{ messageId: 'socketWithoutTimeout' as const, line: 9, column: 18 }],
    },
    {
      // socket.io's emitWithAck: the acknowledgement's timer is armed only when `this.flags.timeout` is set, which only
      // the opt-in `.timeout(ms)` does (issue 12, point 9).
      code: "export class Socket {\n  flags: { timeout?: number } = {};\n  private acks = new Map<number, (...args: unknown[]) => void>();\n  private ids = 0;\n  timeout(ms: number) {\n    this.flags.timeout = ms;\n    return this;\n  }\n  emit(event: string, ...args: unknown[]) {\n    const ack = args.pop() as (...a: unknown[]) => void;\n    const timeout = this.flags.timeout;\n    this.flags = {};\n    if (timeout !== undefined) setTimeout(() => ack(new Error('timed out')), timeout);\n    this.acks.set(this.ids++, ack);\n    return event;\n  }\n  emitWithAck(event: string, ...args: unknown[]) {\n    const withErr = this.flags.timeout !== undefined;\n    return new Promise((resolve, reject) => {\n      args.push((err: unknown, res: unknown) => (withErr && err ? reject(err) : resolve(withErr ? res : err)));\n      this.emit(event, ...args);\n    });\n  }\n}",
      errors: [{ messageId: 'answerDeadlineOptIn' as const, line: 19, column: 12 }],
    },
    // A user row with a finite default: only a 0, which disables it, is reported.
    {
      code: "import { Db } from '@acme/db';\nexport const db = new Db({ connectMs: 0 });",
      settings: {
        resilint: {
          models: [
            {
              package: '@acme/db',
              outboundCalls: [
                {
                  methods: ['new'],
                  kind: 'client',
                  options: { kind: 'argument', argument: 0 },
                  deadlines: [{ name: 'connectMs', unit: 'ms', where: { kind: 'argument', argument: 0 }, default: 5000, defaultIsFinite: true }],
                },
              ],
            },
          ],
        },
      },
      errors: [{ messageId: 'timeoutDisabled' as const, data: { option: 'connectMs', client: '@acme/db' }, line: 2, column: 19 }],
    },
    {
      code: "import { Pool } from 'pg';\nexport const pool = new Pool();",
      errors: [
        {
          messageId: 'pgWithoutConnectionTimeout' as const,
          line: 2,
          column: 21,
          endColumn: 31,
          suggestions: [
            {
              messageId: 'addConnectionTimeout' as const,
              output: "import { Pool } from 'pg';\nexport const pool = new Pool({ connectionTimeoutMillis: 10_000 });",
            },
          ],
        },
      ],
    },
    {
      code: "import { Pool } from 'pg';\nexport const pool = new Pool({\n  connectionString: process.env.DATABASE_URL,\n  max: 20,\n});",
      errors: [
        {
          messageId: 'pgWithoutConnectionTimeout' as const,
          line: 2,
          column: 21,
          suggestions: [
            {
              messageId: 'addConnectionTimeout' as const,
              output:
                "import { Pool } from 'pg';\nexport const pool = new Pool({\n  connectionString: process.env.DATABASE_URL,\n  max: 20,\n  connectionTimeoutMillis: 10_000,\n});",
            },
          ],
        },
      ],
    },
    {
      code: "import { Pool } from 'pg';\nexport const pool = new Pool({ max: 5 });",
      options: [{ connectionTimeoutMillis: 3000 }] as [RequireClientTimeoutOptions],
      errors: [
        {
          messageId: 'pgWithoutConnectionTimeout' as const,
          line: 2,
          column: 21,
          suggestions: [
            {
              messageId: 'addConnectionTimeout' as const,
              output: "import { Pool } from 'pg';\nexport const pool = new Pool({ max: 5, connectionTimeoutMillis: 3000 });",
            },
          ],
        },
      ],
    },
    {
      code: "import pg from 'pg';\nexport const client = new pg.Client(process.env.DATABASE_URL);",
      errors: [{ messageId: 'pgWithoutConnectionTimeout' as const, line: 2, column: 23 }],
    },
    {
      code: "import pg from 'pg';\nconst { Pool } = pg;\nconst config = { host: 'db', database: 'app' };\nexport const pool = new Pool(config);",
      errors: [{ messageId: 'pgWithoutConnectionTimeout' as const, line: 4, column: 21 }],
    },
    {
      code: "const { Pool } = require('pg');\nmodule.exports = new Pool({ connectionTimeoutMillis: 0 });",
      errors: [{ messageId: 'timeoutDisabled' as const, line: 2, column: 18 }],
    },
    {
      code: "import { MongoClient } from 'mongodb';\nexport const client = new MongoClient(process.env.MONGO_URL!);",
      errors: [{ messageId: 'mongoWithoutSocketTimeout' as const, line: 2, column: 23 }],
    },
    {
      code: "import mongoose from 'mongoose';\nawait mongoose.connect(process.env.MONGO_URL!, { serverSelectionTimeoutMS: 5000 });",
      errors: [{ messageId: 'mongoWithoutSocketTimeout' as const, line: 2, column: 7 }],
    },
    {
      code: "import net from 'node:net';\nconst socket = net.connect(6379, 'cache');\nsocket.write('PING\\r\\n');",
      errors: [{ messageId: 'socketWithoutTimeout' as const, line: 2, column: 16 }],
    },
    {
      code: "import { Socket } from 'node:net';\nconst socket = new Socket();\nsocket.connect(25, 'smtp');",
      errors: [{ messageId: 'socketWithoutTimeout' as const, line: 2, column: 16 }],
    },
    {
      code: "import tls from 'node:tls';\nconst socket = tls.connect({ host: 'smtp', port: 465 });\nsocket.on('data', (chunk) => chunk);",
      errors: [{ messageId: 'socketWithoutTimeout' as const, line: 2, column: 16 }],
    },
    {
      // amqplib's connect: the socket's only timeout waits for an option the caller may leave out (issue 12, point 9).
      code: "import net from 'node:net';\nexport function connect(host: string, options: { timeout?: number } = {}) {\n  const timeout = options.timeout;\n  const socket = net.connect({ ...options, host });\n  if (timeout) socket.setTimeout(timeout, () => socket.destroy());\n  socket.on('data', (chunk) => chunk);\n}",
      errors: [{ messageId: 'socketTimeoutOffByDefault' as const, line: 4, column: 18 }],
    },
    {
      // pg's Client: the connect deadline exists only when connectionTimeoutMillis > 0, and it defaults to 0.
      code: "declare class Connection { stream: { destroy(error: Error): void }; connect(port: number, host: string): void }\nexport class Client {\n  private timeoutMillis: number;\n  private connection = new Connection();\n  constructor(config: { timeoutMillis?: number }) {\n    this.timeoutMillis = config.timeoutMillis || 0;\n  }\n  open(port: number, host: string) {\n    const con = this.connection;\n    if (this.timeoutMillis > 0) setTimeout(() => con.stream.destroy(new Error('timeout expired')), this.timeoutMillis);\n    con.connect(port, host);\n  }\n}",
      errors: [{ messageId: 'connectDeadlineOffByDefault' as const, line: 11, column: 5 }],
    },
    {
      // The same timer, whose handler only reports: the stream stays open.
      code: "import net from 'node:net';\nexport class Connection {\n  stream: net.Socket;\n  connectTimeout?: NodeJS.Timeout;\n  constructor(readonly config: { port: number; host: string; connectTimeout: number }) {\n    this.stream = net.connect(config.port, config.host);\n    if (this.config.connectTimeout) {\n      const onTimeout = this.handleTimeout.bind(this);\n      this.connectTimeout = setTimeout(onTimeout, this.config.connectTimeout);\n    }\n  }\n  emit(error: Error) {\n    return error;\n  }\n  handleTimeout() {\n    this.emit(new Error('connect ETIMEDOUT'));\n  }\n}",
      errors: [{ messageId: 'socketWithoutTimeout' as const, line: 6, column: 19 }],
    },
    {
      // A string destination followed by a host is a port on that host, and a port number with no host a port:
      // neither is a local path.
      code: "import net from 'node:net';\ndeclare const host: string;\nexport const a = net.connect(process.argv[2], host);\nexport const b = net.connect('6379');",
      errors: [
        { messageId: 'socketWithoutTimeout' as const, line: 3, column: 18 },
        { messageId: 'socketWithoutTimeout' as const, line: 4, column: 18 },
      ],
    },
    {
      // `setTimeout(0)` removes a timeout: it is none.
      code: "import net from 'node:net';\nconst socket = net.connect(6379, 'cache');\nsocket.setTimeout(0);",
      errors: [{ messageId: 'socketWithoutTimeout' as const, line: 2, column: 16 }],
    },
    {
      code: "import mysql from 'mysql2';\nexport const pool = mysql.createPool({ host: 'db', connectTimeout: 0 });",
      errors: [{ messageId: 'timeoutDisabled' as const, line: 2, column: 21 }],
    },
  ],
};

createTypedRuleTester().run('require-client-timeout (typed)', rule, cases);
createUntypedRuleTester().run('require-client-timeout (untyped)', rule, cases);

describe('require-client-timeout across a program', () => {
  // mongodb 7.9.1's KMS request: the socket options spread in a function imported from another module of the project.
  const helpers = path.join(import.meta.dirname, 'require-client-timeout.helpers.ts');
  const kms = path.join(import.meta.dirname, 'require-client-timeout.kms.ts');
  const kmsCode = [
    "import tls from 'node:tls';",
    "import { familyOptions } from './require-client-timeout.helpers.js';",
    'export function kmsRequest(host: string, base: { autoSelectFamily?: boolean }) {',
    '  const socketOptions = { host, port: 443, ...familyOptions(base) };',
    "  const socket = tls.connect(socketOptions, () => socket.write('hello'));",
    "  return new Promise((resolve) => socket.once('data', resolve));",
    '}',
  ].join('\n');
  const helpersCode = (initial: string): string =>
    [
      'export function familyOptions(base: { autoSelectFamily?: boolean }) {',
      `  const options: { autoSelectFamily?: boolean; timeout?: number } = ${initial};`,
      "  if ('autoSelectFamily' in base) options.autoSelectFamily = base.autoSelectFamily;",
      '  return options;',
      '}',
    ].join('\n');

  it('judges what an imported function of the project returns', () => {
    const program = createVirtualProgram({ [helpers]: helpersCode('{}'), [kms]: kmsCode });
    expect(runRules([rule], program.getSourceFile(kms)!, program).map(summarize)).toEqual(['5:17 socketWithoutTimeout']);
  });

  it('leaves alone options whose imported function gives a timeout', () => {
    const program = createVirtualProgram({ [helpers]: helpersCode('{ timeout: 30_000 }'), [kms]: kmsCode });
    expect(runRules([rule], program.getSourceFile(kms)!, program).map(summarize)).toEqual([]);
  });
});
