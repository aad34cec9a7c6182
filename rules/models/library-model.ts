// The shape of resilint's library catalogue: what it knows about a package, as data. A rule asks the
// catalogue a question ("does this package's `reply()` return a promise?", "does this framework await the
// handler registered by `use()`?"); no rule names a package. The built-in rows are in built-in-models.ts;
// users add rows for their in-house clients (`models` in resilint.config.json, `settings.resilint.models`
// for the ESLint plugin), which hosts put before the built-in ones in `ProjectFacts.models`.
// docs/models.md is generated from the built-in rows (npm run generate:models).
//
// Sections read by rules today: promiseMethods, handlerRegistrations, outboundCalls (require-request-timeout,
// require-client-timeout), retryOptions (no-unbounded-retry-options, require-retry-backoff). The others are
// declared so that the knowledge the rules still hold as code (issue 12, point 4) has its place; they are not in
// the user schema (models-schema.ts) until a rule reads them, so a user row always has an effect.

/** Everything the catalogue knows about one package. */
export interface LibraryModel {
  /**
   * The package the rows are about, as its import specifier starts: `pg` (also matches `pg/lib/client`),
   * `node:events`, or a scope prefix ending in `/` (`@grammyjs/`) for every package of the scope.
   */
  package: string;
  /** Methods of the package's objects that return a promise, or look like a promise's and do not. */
  promiseMethods?: readonly PromiseMethodRow[];
  /** Methods of the package's objects that register a handler, and what happens to the handler's promise. */
  handlerRegistrations?: readonly HandlerRegistrationRow[];
  /** Calls that go over the network or to another process, and where their deadline goes. */
  outboundCalls?: readonly OutboundCallRow[];
  /** Error classes of the package whose constructor takes a cause. Not read yet. */
  errorClasses?: readonly ErrorClassRow[];
  /** APIs documented to reject or throw something that is not an Error, on purpose. Not read yet. */
  nonErrorRejections?: readonly NonErrorRejectionRow[];
  /** Calls that run or configure the package's retries, and their options. */
  retryOptions?: readonly RetryOptionsRow[];
}

/** Rows are about every object the package makes, or, with `export`, only those made from one export. */
interface ExportScoped {
  /** The export the receiver was made from (`Client`, `default`); every export when absent. */
  export?: string;
}

/**
 * Used without types (dependencies not installed), decided by the receiver's package:
 * - `promise`: `message.reply()` on a discord.js message, `doc.save()` on a mongoose document;
 * - `not-promise`: named like a promise's method (`then`, `catch`, `finally`) but a builder's or a
 *   registration: zod's `z.string().catch('x')`, grammY's `bot.catch(handler)`.
 */
export interface PromiseMethodRow extends ExportScoped {
  methods: readonly string[];
  returns: 'promise' | 'not-promise';
}

/**
 * - `awaited`: the framework awaits the handler and routes a rejection to its error handler (telegraf and
 *   grammY middleware to `bot.catch`, Koa to `app.on('error')`, Fastify and Hono to their error handlers,
 *   Slack Bolt to `app.error`);
 * - `dropped`: the handler is called and its promise thrown away (EventEmitter listeners: a rejection
 *   becomes an unhandled rejection).
 */
export interface HandlerRegistrationRow extends ExportScoped {
  methods: readonly string[];
  handlers: 'awaited' | 'dropped';
}

/** Where a call's options object (or one deadline option) is written. */
export type OptionPlace =
  /**
   * In the options object passed as the argument at `argument` (0-based) of the call. With `or`, the call has a
   * second form and the first argument decides which one is written:
   * - `url`: `got(url, options)` or `got(options)`: the options follow a URL at `argument`, or come first;
   * - `object-not-url`: `request({ url, signal })`, or `request(url, document)` with no options at all;
   * - `object-not-port`: `net.connect({ port })`, or `net.connect(port, host)` with no options at all;
   * - `any-object`: the first object literal among the arguments (`new Redis(port, host, { ... })`).
   */
  | { kind: 'argument'; argument: number; or?: 'url' | 'object-not-url' | 'object-not-port' | 'any-object' }
  /** In the options of the constructor or factory that made the client (`axios.create`, `new Pool`). */
  | { kind: 'client' }
  /** On what the call returns, afterwards (`req.setTimeout(ms)`, superagent's `.timeout({ response })`). */
  | { kind: 'setter'; method: string }
  /**
   * On the package's defaults object, for every call: `axios.defaults.timeout = ms`, or an instance's; `interceptor`
   * the method that registers a request interceptor, which may set the option on each request.
   */
  | { kind: 'defaults'; object: string; interceptor?: string };

/**
 * What a call is:
 * - `request`: it goes out itself (`axios.get(url)`, `http.request(options)`): require-request-timeout;
 * - `fetch`: a WHATWG fetch (or one compatible with it): require-request-timeout, with fetch's own messages;
 * - `instance`: it makes an instance of the client whose requests inherit its options (`axios.create`,
 *   `got.extend`); the instance's calls are those of the rows of the same package;
 * - `client`: it makes a connection or a pool whose later calls go out (`new Pool`, `net.connect`):
 *   require-client-timeout reports where it is made;
 * - `process`: it runs another program (`exec`, `spawn`): catalogued, judged by no rule, since a child process may
 *   rightly run as long as its work takes (a build, a server it supervises).
 */
export type OutboundCallKind = 'request' | 'fetch' | 'instance' | 'client' | 'process';

/** One outbound call and its deadline: `axios.get(url, { timeout })`, `new pg.Pool({ connectionTimeoutMillis })`. */
export interface OutboundCallRow extends ExportScoped {
  /**
   * How the call is written on the export (or on an instance an `instance` row made): `()` calls it
   * (`axios(config)`, `request(url)`), `new` constructs it (`new Pool()`), another name is a method of it
   * (`axios.get(url)`, `mongoose.connect(uri)`, `MongoClient.connect(uri)` for `connect` of the export `MongoClient`).
   */
  methods: readonly string[];
  kind: OutboundCallKind;
  /** Where the call's own options object goes; absent when it takes none (superagent's `get(url)`). */
  options?: OptionPlace;
  /** The options that bound the call, in the order the library reads them. */
  deadlines: readonly DeadlineOption[];
  /** Options through which anything may bound the call (axios `cancelToken`, an `agent`, a custom `fetch`): the call is not judged. */
  opaqueOptions?: readonly string[];
  /** Options that look like a deadline and that the library ignores (`timeout` on WHATWG fetch). */
  ignoredOptions?: readonly string[];
  /** A connection string that may stand where the options go (`new Pool(url)`) or at this argument (`new MongoClient(uri, options)`). */
  connectionString?: number;
  /** The fewest arguments of a call that is a request (`superagent(method, url)`: 2); 1 when absent. */
  minArguments?: number;
  /**
   * What a missing deadline leaves waiting forever, for require-client-timeout's message: `connect` (a
   * connection or a pooled client, pg), `operation` (an operation on an open connection, MongoDB), `socket` (a
   * socket whose peer stops answering).
   */
  waits?: 'connect' | 'operation' | 'socket';
  /** How messages name the library (`node:http` for http and https); the package when absent. */
  label?: string;
  /** How messages name what the call makes, when not the export's name (`Pool` for pg-pool's default export). */
  makes?: string;
  /** How to add a deadline with this library, for the message. */
  remedy?: string;
  /**
   * Methods of what the call makes that take their own `signal` (GraphQLClient's `request`): a file that passes
   * one to any of them bounds its requests itself, and the construction is not judged.
   */
  signalledMethods?: readonly string[];
  /**
   * The option that names a local socket path instead of a host (net's `path`); a lone string destination with no
   * host after it is such a path too. A connection to a local path (a Unix socket, a named pipe) is not judged.
   */
  localPathOption?: string;
}

export interface DeadlineOption {
  /** The option's name, or a dotted path in the options object (`timeout.request` in got). */
  name: string;
  /** `signal` for an AbortSignal; otherwise the number's unit. */
  unit: 'ms' | 's' | 'signal';
  where: OptionPlace;
  /** The library's default, in `unit`; undefined when it has none. */
  default?: number;
  /** Whether that default bounds the call (a finite number), as opposed to 0 or Infinity meaning "wait forever". */
  defaultIsFinite: boolean;
  /** For an object value, the keys that bound the whole call (got's `timeout.request`; `timeout.connect` does not). */
  boundingKeys?: readonly string[];
  /** The connection-string parameter that sets the same deadline (`connect_timeout` in a postgres:// URL). */
  uriParameter?: string;
  /** Suggestions insert this option with the rule's deadline. */
  suggested?: boolean;
  /** false when 0 does not mean "wait forever" (the library times out at once): `timeout: 0` is then no finding. Default true. */
  zeroDisables?: boolean;
  /** The library reads the option only below this major version of the package (node-fetch 3 dropped `timeout`). */
  belowMajor?: { package: string; major: number };
}

/** `new ApiError(message, { cause })`: the library's class keeps what caused it. */
export interface ErrorClassRow extends ExportScoped {
  /** The class, by its exported name. */
  class: string;
  /** Where the cause goes: the options object at `argument` (0-based) with a `cause` property. */
  causeArgument: number;
}

/** An API that rejects or throws a non-Error on purpose: a documented signal, not a mistake. */
export interface NonErrorRejectionRow extends ExportScoped {
  methods: readonly string[];
  /** One line from the library's documentation: what is thrown and why. */
  reason: string;
}

/**
 * A call that runs or configures retries, and its options (`retry: { limit }` in got, `retries` in p-retry).
 * no-unbounded-retry-options reads the cap, require-retry-backoff the delays.
 */
export interface RetryOptionsRow extends ExportScoped {
  /** How the call is written on the export, as in OutboundCallRow (`()`, or a method: `retry.operation(options)`). */
  methods: readonly string[];
  /**
   * Where the options object goes. `or: 'function'`: either side of a function (`promiseRetry(fn, options)` or
   * `promiseRetry(options, fn)`); `or: 'object'`: first when the first argument is an object literal (`got(options)`), at
   * `argument` otherwise (`got(url, options)`).
   */
  where: { kind: 'argument'; argument: number; or?: 'function' | 'object' };
  /** The option, inside the options, holding the policy (`retry` in got and ky); the options themselves when absent. */
  policy?: string;
  /** The policy may be the cap itself, a number (`retry: 2` in got). */
  policyIsCap?: boolean;
  /** The option that caps the retries (`retries`, `limit`, `maxAttempts`). */
  cap: string;
  /** The number of retries made when the cap is not set; Infinity when unbounded. */
  defaultCap?: number;
  /** Options that end the retries however many are allowed: a time budget (`maxRetryTime`), an abort `signal`. */
  budget?: readonly string[];
  /** The option that retries forever when true (node-retry's `forever`). */
  forever?: string;
  /** How the wait between attempts grows. */
  backoff?: BackoffModel;
}

/**
 * - `factor`: the wait grows by `factor` per attempt (default `factorDefault`) from `minDelay`, capped at `maxDelay`,
 *   spread by `jitter` (on by default when `jitterDefault`; off when set to `jitterOff`);
 * - `delay-function`: `option` computes each wait; `none` when absent (the library retries at once), and
 *   the named helpers of the package that wait nothing (`noDelay`);
 * - `strategy`: `option` holds a backoff object; retries at once when absent; `constant` the class that
 *   waits the same every time.
 */
export type BackoffModel =
  | {
      kind: 'factor';
      factor: string;
      factorDefault: number;
      minDelay?: { option: string; default: number };
      maxDelay?: string;
      /** `on` and `off`: the option's values as written, `true` / `false` or a string (`'full'` / `'none'`). */
      jitter: { option: string; default: boolean; on: string; off: string };
    }
  | { kind: 'delay-function'; option: string; zeroDelays: readonly string[]; hint: string }
  | { kind: 'strategy'; option: string; constant: string; hint: string };
