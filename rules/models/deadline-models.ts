// What resilint knows about the deadlines and retries of packages: the outbound calls, where their deadline
// options go and what the library does without them, and the options of retry libraries. Each default is the
// library's documented one (the doc line is quoted above the row). A row whose defaults are all finite is
// only a finding when a deadline is set to 0; a row with an unbounded default is one when no deadline is set.
// Part of the catalogue (built-in-models.ts); docs/models.md shows these rows.

import type { DeadlineOption, LibraryModel, OptionPlace, OutboundCallRow, RetryOptionsRow } from './library-model.js';

const FIRST: OptionPlace = { kind: 'argument', argument: 0 };
const SECOND: OptionPlace = { kind: 'argument', argument: 1 };
const THIRD: OptionPlace = { kind: 'argument', argument: 2 };
const URL_THEN_OPTIONS: OptionPlace = { kind: 'argument', argument: 1, or: 'url' };

const signal = (where: OptionPlace): DeadlineOption => ({ name: 'signal', unit: 'signal', where, defaultIsFinite: false });

// fetch: "signal: An AbortSignal to set request's signal" is the only deadline; the standard has no `timeout`.
const WHATWG_FETCH: OutboundCallRow = { methods: ['()'], kind: 'fetch', options: SECOND, deadlines: [signal(SECOND)], ignoredOptions: ['timeout'] };

// axios: "`timeout` specifies the number of milliseconds before the request times out ... default is `0` (no timeout)".
const AXIOS_REMEDY = 'Set `timeout` (ms) in the request config, in axios.create() or on axios.defaults.';
function axiosRequest(methods: readonly string[], options: OptionPlace): OutboundCallRow {
  return {
    export: 'default',
    methods,
    kind: 'request',
    options,
    deadlines: [
      { name: 'timeout', unit: 'ms', where: options, default: 0, defaultIsFinite: false, suggested: true },
      signal(options),
      { name: 'timeout', unit: 'ms', where: { kind: 'client' }, default: 0, defaultIsFinite: false },
      {
        name: 'timeout',
        unit: 'ms',
        where: { kind: 'defaults', object: 'defaults', interceptor: 'interceptors.request.use' },
        default: 0,
        defaultIsFinite: false,
      },
    ],
    opaqueOptions: ['cancelToken'],
    remedy: AXIOS_REMEDY,
  };
}

// got: "timeout ... By default, there's no timeout"; `timeout.lookup`, `connect` and `secureConnect` bound only the
// connection, not the response.
const GOT_TIMEOUT = (where: OptionPlace): DeadlineOption => ({
  name: 'timeout',
  unit: 'ms',
  where,
  defaultIsFinite: false,
  boundingKeys: ['request', 'response', 'socket', 'send', 'read'],
});
function gotCalls(exportName: string): OutboundCallRow[] {
  const request = (methods: readonly string[]): OutboundCallRow => ({
    export: exportName,
    methods,
    kind: 'request',
    options: { kind: 'argument', argument: 1, or: 'url' },
    deadlines: [GOT_TIMEOUT(URL_THEN_OPTIONS), signal(URL_THEN_OPTIONS), GOT_TIMEOUT({ kind: 'client' })],
    remedy: 'Set `timeout: { request: ms }` in the call or in got.extend().',
  });
  return [
    request(['()', 'get', 'post', 'put', 'patch', 'delete', 'head', 'stream']),
    { export: exportName, methods: ['extend'], kind: 'instance', options: FIRST, deadlines: [GOT_TIMEOUT(FIRST)] },
  ];
}

// superagent: "there is no timeout by default"; `.timeout({ response, deadline })` on the request sets one.
function superagentCalls(methods: readonly string[], minArguments: number): OutboundCallRow {
  return {
    export: 'default',
    methods,
    kind: 'request',
    deadlines: [{ name: 'timeout', unit: 'ms', where: { kind: 'setter', method: 'timeout' }, defaultIsFinite: false }],
    minArguments,
    remedy: 'Chain `.timeout({ response, deadline })`.',
  };
}

// node:http: "timeout <number>: A number specifying the socket timeout in milliseconds"; none by default.
const NODE_HTTP_OPTIONS: OptionPlace = { kind: 'argument', argument: 1, or: 'url' };
const NODE_HTTP: OutboundCallRow = {
  export: 'default',
  methods: ['request', 'get'],
  kind: 'request',
  options: NODE_HTTP_OPTIONS,
  deadlines: [
    { name: 'timeout', unit: 'ms', where: NODE_HTTP_OPTIONS, defaultIsFinite: false },
    signal(NODE_HTTP_OPTIONS),
    { name: 'setTimeout', unit: 'ms', where: { kind: 'setter', method: 'setTimeout' }, defaultIsFinite: false },
  ],
  opaqueOptions: ['agent'],
  label: 'node:http',
  remedy: 'Pass `timeout` or `signal`, or call `req.setTimeout(ms, () => req.destroy())`.',
};

// A socket: "By default net.Socket does not have a timeout"; `timeout` in the options calls socket.setTimeout().
function socket(label: string, methods: readonly string[], exportName: string, options: OptionPlace | undefined): OutboundCallRow {
  return {
    label,
    export: exportName,
    methods,
    kind: 'client',
    ...(options && { options }),
    deadlines: [
      ...(options ? [{ name: 'timeout', unit: 'ms', where: options, defaultIsFinite: false } as const] : []),
      { name: 'setTimeout', unit: 'ms', where: { kind: 'setter', method: 'setTimeout' }, defaultIsFinite: false },
    ],
    opaqueOptions: ['signal'],
    waits: 'socket',
  };
}
const NET_CONNECT: OptionPlace = { kind: 'argument', argument: 0, or: 'object-not-port' };
// net.connect(path) and tls.connect({ path }) open a Unix socket or a named pipe, not a connection to a host.
function pathSocket(label: string, methods: readonly string[]): OutboundCallRow {
  return { ...socket(label, methods, 'default', NET_CONNECT), localPathOption: 'path' };
}

// pg: "connectionTimeoutMillis: number of milliseconds to wait before timing out when connecting a new client; by
// default this is 0 which means no timeout", for Client.connect and Pool checkout alike. A statement or query timeout
// also counts: it frees stuck clients, so checkout cannot wait forever, and the OS bounds a TCP connect.
function pg(exportName: string, makes?: string): OutboundCallRow {
  return {
    export: exportName,
    methods: ['new'],
    kind: 'client',
    options: FIRST,
    connectionString: 0,
    deadlines: [
      { name: 'connectionTimeoutMillis', unit: 'ms', where: FIRST, default: 0, defaultIsFinite: false, uriParameter: 'connect_timeout', suggested: true },
      { name: 'statement_timeout', unit: 'ms', where: FIRST, default: 0, defaultIsFinite: false },
      { name: 'query_timeout', unit: 'ms', where: FIRST, default: 0, defaultIsFinite: false },
    ],
    waits: 'connect',
    label: 'pg',
    ...(makes && { makes }),
  };
}

// MongoDB: server selection and connect are bounded (serverSelectionTimeoutMS 30000, connectTimeoutMS 30000), but
// "socketTimeoutMS: ... The default value is 0, which means no timeout"; `timeoutMS` bounds whole operations.
function mongo(exportName: string, methods: readonly string[]): OutboundCallRow {
  return {
    export: exportName,
    methods,
    kind: 'client',
    options: SECOND,
    connectionString: 0,
    deadlines: [
      { name: 'socketTimeoutMS', unit: 'ms', where: SECOND, default: 0, defaultIsFinite: false, uriParameter: 'socketTimeoutMS' },
      { name: 'timeoutMS', unit: 'ms', where: SECOND, defaultIsFinite: false, uriParameter: 'timeoutMS' },
    ],
    waits: 'operation',
  };
}

const NODE_HTTP_MODULES = ['http', 'https', 'node:http', 'node:https'];
const NET_MODULES = ['net', 'node:net'];
const TLS_MODULES = ['tls', 'node:tls'];
const NODE_FETCH_MODULES = ['node-fetch', 'cross-fetch', 'isomorphic-fetch', 'isomorphic-unfetch'];

// SDK clients with a finite default deadline: what they make is bounded unless `timeout` is changed, so no call of
// theirs is a finding; `timeout: 0` is left alone too (openai's and Anthropic's abort at once), until a reviewed
// finding says otherwise. The rows put their defaults in docs/models.md.
function sdkClient(exports: readonly string[], timeout: number, option = 'timeout'): OutboundCallRow[] {
  return exports.map((exportName) => ({
    export: exportName,
    methods: ['new'],
    kind: 'client',
    options: FIRST,
    deadlines: [{ name: option, unit: 'ms', where: FIRST, default: timeout, defaultIsFinite: true, zeroDisables: false }],
  }));
}

// ky 2.1.0 readme: "timeout Type: `number | false` Default: `10000` Per-attempt timeout in milliseconds for getting a
// response ... If set to `false`, there will be no per-attempt timeout"; 0 times out at once (`setTimeout(..., 0)`), so
// only `timeout: false`, which no rule reads yet, would wait forever. Instances (`ky.create`, `ky.extend`) keep it.
const kyTimeout = (where: OptionPlace): DeadlineOption => ({ name: 'timeout', unit: 'ms', where, default: 10_000, defaultIsFinite: true, zeroDisables: false });
const KY_CALLS: readonly OutboundCallRow[] = [
  {
    export: 'default',
    methods: ['()', 'get', 'post', 'put', 'patch', 'delete', 'head'],
    kind: 'request',
    options: SECOND,
    deadlines: [kyTimeout(SECOND), { ...signal(SECOND), defaultIsFinite: true }, kyTimeout({ kind: 'client' })],
  },
  { export: 'default', methods: ['create', 'extend'], kind: 'instance', options: FIRST, deadlines: [kyTimeout(FIRST)] },
];

// node-redis (redis 4 and later, @redis/client): "connectTimeout?: number; Connection timeout (in milliseconds)" in the
// `socket` options, read as `options?.connectTimeout ?? 5000` (@redis/client 6.4.0, lib/client/socket.js).
const REDIS_CLIENT: OutboundCallRow = {
  methods: ['createClient'],
  kind: 'client',
  options: FIRST,
  deadlines: [{ name: 'socket.connectTimeout', unit: 'ms', where: FIRST, default: 5_000, defaultIsFinite: true }],
  makes: 'RedisClient',
};
// createCluster: "The connections to the discovered cluster nodes are created from these defaults" (`defaults`), as
// clients whose socket has the same 5 s default.
const REDIS_CLUSTER: OutboundCallRow = {
  methods: ['createCluster'],
  kind: 'client',
  options: FIRST,
  deadlines: [{ name: 'defaults.socket.connectTimeout', unit: 'ms', where: FIRST, default: 5_000, defaultIsFinite: true }],
  makes: 'RedisCluster',
};

// child_process (@types/node 20.19): "timeout?: number | undefined; In milliseconds the maximum amount of time the
// process is allowed to run", "@default 0"; `signal` kills it. None by default, and rightly so for most children (a
// build, a server it supervises): the rows say where the deadline goes, no rule reports a child without one.
const CHILD_OPTIONS_SECOND: OptionPlace = { kind: 'argument', argument: 1, or: 'any-object' };
const CHILD_OPTIONS_AFTER_ARGS: OptionPlace = { kind: 'argument', argument: 2, or: 'any-object' };
const childProcess = (methods: readonly string[], options: OptionPlace): OutboundCallRow => ({
  export: 'default',
  methods,
  kind: 'process',
  options,
  deadlines: [{ name: 'timeout', unit: 'ms', where: options, default: 0, defaultIsFinite: false }, signal(options)],
});
const CHILD_PROCESS_MODULES = ['child_process', 'node:child_process'];

export const DEADLINE_MODELS: readonly LibraryModel[] = [
  // openai: "static DEFAULT_TIMEOUT = 600000; // 10 minutes"; @anthropic-ai/sdk likewise ("default is 10 minutes").
  { package: 'openai', outboundCalls: sdkClient(['default', 'OpenAI', 'AzureOpenAI'], 600_000) },
  { package: '@anthropic-ai/sdk', outboundCalls: sdkClient(['default', 'Anthropic'], 600_000) },
  // stripe: "timeout?: number; // Request timeout in ms (default: 80000)", options second: new Stripe(key, { timeout }).
  {
    package: 'stripe',
    outboundCalls: sdkClient(['default', 'Stripe'], 80_000).map((row) => ({
      ...row,
      options: SECOND,
      deadlines: row.deadlines.map((option) => ({ ...option, where: SECOND })),
    })),
  },
  // The global fetch of Node, browsers and Deno, looked up as `globalThis.fetch`.
  { package: 'globalThis', outboundCalls: [{ ...WHATWG_FETCH, export: 'fetch' }] },
  // undici: its fetch is the standard's. "headersTimeout ... Default: 300e3 milliseconds (300s)", "bodyTimeout ...
  // Default: 300e3": request() is bounded unless a timeout is set to 0.
  {
    package: 'undici',
    outboundCalls: [
      { ...WHATWG_FETCH, export: 'fetch' },
      {
        export: 'request',
        methods: ['()'],
        kind: 'request',
        options: SECOND,
        deadlines: [
          { name: 'headersTimeout', unit: 'ms', where: SECOND, default: 300_000, defaultIsFinite: true },
          { name: 'bodyTimeout', unit: 'ms', where: SECOND, default: 300_000, defaultIsFinite: true },
          { ...signal(SECOND), defaultIsFinite: true },
        ],
      },
    ],
  },
  // node-fetch 2: "timeout: 0, // req/res timeout in ms, it resets on redirect. 0 to disable (OS limit applies)";
  // node-fetch 3 dropped `timeout` ("Use an AbortSignal instead"). cross-fetch and isomorphic-fetch wrap it.
  ...NODE_FETCH_MODULES.map((name): LibraryModel => ({
    package: name,
    outboundCalls: [
      {
        methods: ['()'],
        kind: 'fetch',
        options: SECOND,
        deadlines: [
          { name: 'timeout', unit: 'ms', where: SECOND, default: 0, defaultIsFinite: false, belowMajor: { package: 'node-fetch', major: 3 } },
          signal(SECOND),
        ],
      },
    ],
  })),
  {
    package: 'axios',
    outboundCalls: [
      axiosRequest(['get', 'delete', 'head', 'options'], SECOND),
      axiosRequest(['post', 'put', 'patch', 'postForm', 'putForm', 'patchForm'], THIRD),
      axiosRequest(['request'], FIRST),
      axiosRequest(['()'], URL_THEN_OPTIONS),
      {
        export: 'default',
        methods: ['create'],
        kind: 'instance',
        options: FIRST,
        deadlines: [{ name: 'timeout', unit: 'ms', where: FIRST, default: 0, defaultIsFinite: false }],
      },
    ],
  },
  { package: 'got', outboundCalls: [...gotCalls('default'), ...gotCalls('got')] },
  {
    package: 'superagent',
    outboundCalls: [superagentCalls(['get', 'post', 'put', 'patch', 'del', 'delete', 'head', 'options'], 1), superagentCalls(['()'], 2)],
  },
  ...NODE_HTTP_MODULES.map((name): LibraryModel => ({ package: name, outboundCalls: [NODE_HTTP] })),
  // graphql-request: "signal" in the request's options, the only deadline (it calls fetch, which has none); the
  // client's requests share its `fetch` and options.
  {
    package: 'graphql-request',
    outboundCalls: [
      {
        export: 'request',
        methods: ['()'],
        kind: 'request',
        options: { kind: 'argument', argument: 0, or: 'object-not-url' },
        deadlines: [signal(FIRST)],
        opaqueOptions: ['fetch'],
        remedy: 'Pass `signal: AbortSignal.timeout(ms)` with the object form of request().',
      },
      {
        export: 'rawRequest',
        methods: ['()'],
        kind: 'request',
        options: { kind: 'argument', argument: 0, or: 'object-not-url' },
        deadlines: [signal(FIRST)],
        opaqueOptions: ['fetch'],
        remedy: 'Pass `signal: AbortSignal.timeout(ms)` with the object form of request().',
      },
      {
        export: 'GraphQLClient',
        methods: ['new'],
        kind: 'request',
        options: SECOND,
        deadlines: [signal(SECOND)],
        opaqueOptions: ['fetch'],
        minArguments: 1,
        label: 'GraphQLClient',
        remedy: 'Pass a `fetch` with a deadline, or a `signal` to each request.',
        signalledMethods: ['request', 'rawRequest', 'batchRequests'],
      },
    ],
  },
  { package: 'pg', outboundCalls: [pg('Pool'), pg('Client')] },
  { package: 'pg-pool', outboundCalls: [pg('default', 'Pool')] },
  { package: 'mongodb', outboundCalls: [mongo('MongoClient', ['new', 'connect'])] },
  { package: 'mongoose', outboundCalls: [mongo('default', ['connect', 'createConnection'])] },
  ...NET_MODULES.map((name): LibraryModel => ({
    package: name,
    outboundCalls: [pathSocket('net', ['connect', 'createConnection']), socket('net', ['new'], 'Socket', FIRST)],
  })),
  ...TLS_MODULES.map((name): LibraryModel => ({ package: name, outboundCalls: [pathSocket('tls', ['connect'])] })),
  // mysql2: "connectTimeout: The milliseconds before a timeout occurs during the initial connection to the MySQL
  // server. (Default: 10000)".
  {
    package: 'mysql2',
    outboundCalls: [
      {
        export: 'default',
        methods: ['createConnection', 'createPool', 'createPoolCluster'],
        kind: 'client',
        options: FIRST,
        deadlines: [{ name: 'connectTimeout', unit: 'ms', where: FIRST, default: 10_000, defaultIsFinite: true }],
      },
    ],
  },
  // ioredis: "connectTimeout: The milliseconds before a timeout occurs during the initial connection to the Redis
  // server. Default: 10000".
  {
    package: 'ioredis',
    outboundCalls: ['default', 'Redis', 'Cluster'].map((exportName): OutboundCallRow => ({
      export: exportName,
      methods: ['new'],
      kind: 'client',
      options: { kind: 'argument', argument: 0, or: 'any-object' },
      deadlines: [{ name: 'connectTimeout', unit: 'ms', where: FIRST, default: 10_000, defaultIsFinite: true }],
      makes: 'Redis',
    })),
  },
  // ky: bounded by its default `timeout`; its retries are in RETRY_MODELS.
  { package: 'ky', outboundCalls: KY_CALLS },
  { package: 'redis', outboundCalls: [REDIS_CLIENT, REDIS_CLUSTER] },
  { package: '@redis/client', outboundCalls: [REDIS_CLIENT, REDIS_CLUSTER] },
  // kafkajs 2.2.4: "connectionTimeout = 1000" (src/index.js) and "requestTimeout = 30000" (src/cluster/index.js), both
  // in milliseconds; a request's timer runs while `enforceRequestTimeout` is true, its default. 0 times out at once.
  {
    package: 'kafkajs',
    outboundCalls: [
      {
        export: 'Kafka',
        methods: ['new'],
        kind: 'client',
        options: FIRST,
        deadlines: [
          { name: 'connectionTimeout', unit: 'ms', where: FIRST, default: 1_000, defaultIsFinite: true, zeroDisables: false },
          { name: 'requestTimeout', unit: 'ms', where: FIRST, default: 30_000, defaultIsFinite: true, zeroDisables: false },
        ],
      },
    ],
  },
  // knex 3.3.0: "const DEFAULT_ACQUIRE_TIMEOUT = 60000" (lib/client.js), used when neither `acquireConnectionTimeout` nor
  // the pool's `acquireTimeoutMillis` is set: getting a connection, new or pooled, is bounded.
  {
    package: 'knex',
    outboundCalls: [
      {
        methods: ['()'],
        kind: 'client',
        options: FIRST,
        deadlines: [{ name: 'acquireConnectionTimeout', unit: 'ms', where: FIRST, default: 60_000, defaultIsFinite: true, zeroDisables: false }],
      },
    ],
  },
  ...CHILD_PROCESS_MODULES.map((name): LibraryModel => ({
    package: name,
    outboundCalls: [
      childProcess(['exec', 'execSync'], CHILD_OPTIONS_SECOND),
      childProcess(['execFile', 'execFileSync', 'spawn', 'spawnSync', 'fork'], CHILD_OPTIONS_AFTER_ARGS),
    ],
  })),
];

// Retry libraries. node-retry (and p-retry, async-retry, promise-retry built on it): "retries: The maximum amount of
// times to retry the operation. Default is 10", "factor: The exponential factor to use. Default is 2", "minTimeout:
// The number of milliseconds before starting the first retry. Default is 1000", "randomize: Randomizes the timeouts
// by multiplying with a factor between 1 to 2. Default is false", "forever: Whether to retry forever, defaults to
// false", "maxRetryTime: The maximum time (in milliseconds) that the retried operation is allowed to run. Default is
// Infinity". async-retry: "randomize: Randomizes the timeouts ... (default: true)".
function nodeRetry(where: RetryOptionsRow['where'], methods: readonly string[], randomize: boolean, budget: readonly string[]): RetryOptionsRow {
  return {
    export: 'default',
    methods,
    where,
    cap: 'retries',
    defaultCap: 10,
    budget,
    forever: 'forever',
    backoff: {
      kind: 'factor',
      factor: 'factor',
      factorDefault: 2,
      minDelay: { option: 'minTimeout', default: 1000 },
      maxDelay: 'maxTimeout',
      jitter: { option: 'randomize', default: randomize, on: 'true', off: 'false' },
    },
  };
}

// got and ky: "retry ... limit: 2" by default, `retry: 3` a shorthand for the limit. ky's is likewise 2.
function httpRetry(exportName: string): RetryOptionsRow[] {
  const row = (methods: readonly string[], where: RetryOptionsRow['where']): RetryOptionsRow => ({
    export: exportName,
    methods,
    where,
    policy: 'retry',
    policyIsCap: true,
    cap: 'limit',
    defaultCap: 2,
  });
  return [
    row(['()'], { kind: 'argument', argument: 1, or: 'object' }),
    row(['extend', 'create'], { kind: 'argument', argument: 0 }),
    row(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'stream', 'paginate'], { kind: 'argument', argument: 1 }),
  ];
}

// cockatiel: "maxAttempts ... defaults to Infinity"; "backoff: ... Defaults to a ConstantBackoff of 0" (retries at once).
function cockatiel(exportName: string, methods: readonly string[]): RetryOptionsRow {
  return {
    export: exportName,
    methods,
    where: { kind: 'argument', argument: 1 },
    cap: 'maxAttempts',
    defaultCap: Infinity,
    backoff: { kind: 'strategy', option: 'backoff', constant: 'ConstantBackoff', hint: 'pass `backoff: new ExponentialBackoff()`' },
  };
}

// exponential-backoff: "numOfAttempts ... Default value is 10", "timeMultiple ... Default value is 2", "jitter ...
// Default value is `none`", "maxDelay ... Default value is Infinity".
function exponentialBackoff(exportName: string, methods: readonly string[]): RetryOptionsRow {
  return {
    export: exportName,
    methods,
    where: { kind: 'argument', argument: 1 },
    cap: 'numOfAttempts',
    defaultCap: 10,
    backoff: {
      kind: 'factor',
      factor: 'timeMultiple',
      factorDefault: 2,
      maxDelay: 'maxDelay',
      jitter: { option: 'jitter', default: false, on: "'full'", off: "'none'" },
    },
  };
}

export const RETRY_MODELS: readonly LibraryModel[] = [
  { package: 'p-retry', retryOptions: [nodeRetry({ kind: 'argument', argument: 1 }, ['()'], false, ['maxRetryTime', 'signal'])] },
  { package: 'async-retry', retryOptions: [nodeRetry({ kind: 'argument', argument: 1 }, ['()'], true, ['maxRetryTime'])] },
  { package: 'promise-retry', retryOptions: [nodeRetry({ kind: 'argument', argument: 1, or: 'function' }, ['()'], false, ['maxRetryTime'])] },
  { package: 'retry', retryOptions: [nodeRetry({ kind: 'argument', argument: 0 }, ['operation'], false, ['maxRetryTime'])] },
  // axios-retry: "retries: The number of times to retry before failing. Default 3", "retryDelay: A callback to
  // further control the delay in milliseconds between retried requests. By default there is no delay".
  {
    package: 'axios-retry',
    retryOptions: [
      {
        export: 'default',
        methods: ['()'],
        where: { kind: 'argument', argument: 1 },
        cap: 'retries',
        defaultCap: 3,
        backoff: { kind: 'delay-function', option: 'retryDelay', zeroDelays: ['noDelay'], hint: 'pass `retryDelay: axiosRetry.exponentialDelay`' },
      },
    ],
  },
  { package: 'got', retryOptions: [...httpRetry('default')] },
  { package: 'ky', retryOptions: [...httpRetry('default')] },
  { package: 'cockatiel', retryOptions: [cockatiel('retry', ['()']), cockatiel('default', ['retry'])] },
  { package: 'exponential-backoff', retryOptions: [exponentialBackoff('backOff', ['()']), exponentialBackoff('default', ['backOff'])] },
];
