// The shape of resilint's library catalogue: what it knows about a package, as data. A rule asks the
// catalogue a question ("does this package's `reply()` return a promise?", "does this framework await the
// handler registered by `use()`?"); no rule names a package. The built-in rows are in built-in-models.ts;
// users add rows for their in-house clients (`models` in resilint.config.json, `settings.resilint.models`
// for the ESLint plugin), which hosts put before the built-in ones in `ProjectFacts.models`.
// docs/models.md is generated from the built-in rows (npm run generate:models).
//
// Sections read by rules today: promiseMethods, handlerRegistrations. The others are declared so that the
// knowledge the rules still hold as code (issue 12, point 4) has its place; they are not in the user schema
// (models-schema.ts) until a rule reads them, so a user row always has an effect.

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
  /** Calls that go over the network or to another process, and where their deadline goes. Not read yet. */
  outboundCalls?: readonly OutboundCallRow[];
  /** Error classes of the package whose constructor takes a cause. Not read yet. */
  errorClasses?: readonly ErrorClassRow[];
  /** APIs documented to reject or throw something that is not an Error, on purpose. Not read yet. */
  nonErrorRejections?: readonly NonErrorRejectionRow[];
  /** Options objects that configure the package's retries. Not read yet. */
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

/** Where a call's deadline option is written. */
export type OptionPlace =
  /** In the options object passed as the argument at `argument` (0-based) of the call. */
  | { kind: 'argument'; argument: number }
  /** In the options of the constructor or factory that made the client (`axios.create`, `new Pool`). */
  | { kind: 'client' }
  /** On the client after it is made (`socket.setTimeout(ms)`, `axios.defaults.timeout`). */
  | { kind: 'setter'; method: string };

/** One outbound call and its deadline: `axios.get(url, { timeout })`, `new pg.Pool({ connectionTimeoutMillis })`. */
export interface OutboundCallRow extends ExportScoped {
  /** Methods (or, with `constructs`, constructors or factories) that make the call or the client. */
  methods: readonly string[];
  /** The methods make a client whose later calls go out (`new Pool`, `axios.create`); false for a call that goes out itself. */
  constructs?: boolean;
  /** The options that bound the call, in the order the library reads them. */
  deadlines: readonly DeadlineOption[];
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

/** An options object that configures retries (`retry: { limit }` in got, `retries` in p-retry). */
export interface RetryOptionsRow extends ExportScoped {
  /** The calls that take the options. */
  methods: readonly string[];
  /** Where the options object goes: an argument of the call, or the client's options. */
  where: OptionPlace;
  /** Option names (dotted paths within the options object) of each part of a bounded policy. */
  cap?: readonly string[];
  backoff?: readonly string[];
  maxDelay?: readonly string[];
  jitter?: readonly string[];
  /** The number of attempts the library makes when the cap is not set; undefined when unbounded. */
  defaultCap?: number;
}
