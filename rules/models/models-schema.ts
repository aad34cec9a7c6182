// The JSON schema of user models: `models` in resilint.config.json (embedded in docs/config.schema.json by
// npm run generate:config-schema) and `settings.resilint.models` of the ESLint plugin (checked by
// getModelProblems, which reads this same object). Only the sections a rule reads are accepted, so a user
// row always has an effect; the other sections of LibraryModel join when a rule reads them. Every built-in row is
// a valid user row.

const METHODS = {
  description: 'Method names of the objects the package (or the export) makes.',
  type: 'array',
  minItems: 1,
  items: { type: 'string', minLength: 1 },
} as const;

const EXPORT = {
  description: 'Only objects made from this export of the package (`Client`, `default`); every export when absent.',
  type: 'string',
  minLength: 1,
} as const;

const NAMES = { type: 'array', items: { type: 'string', minLength: 1 } } as const;

const PLACE = {
  description:
    'Where an options object or option goes: `argument` (0-based `argument`; `or`: `url` when a URL may come first, `object-not-url` / `object-not-port` when only an object in first place is the options, `any-object`), `client` (the options of the factory that made the instance), `setter` (`method` called on the result: `req.setTimeout(ms)`), `defaults` (`object` of the package: `axios.defaults`, and its `interceptor`).',
  type: 'object',
  additionalProperties: false,
  required: ['kind'],
  properties: {
    kind: { enum: ['argument', 'client', 'setter', 'defaults'] },
    argument: { type: 'integer', minimum: 0 },
    or: { enum: ['url', 'object-not-url', 'object-not-port', 'any-object'] },
    method: { type: 'string', minLength: 1 },
    object: { type: 'string', minLength: 1 },
    interceptor: { type: 'string', minLength: 1 },
  },
} as const;

const DEADLINE = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'unit', 'where', 'defaultIsFinite'],
  properties: {
    name: { description: 'The option (`timeout`, `connectTimeoutMs`, `signal`).', type: 'string', minLength: 1 },
    unit: { enum: ['ms', 's', 'signal'] },
    where: PLACE,
    default: { description: "The library's default, in `unit`; absent when it has none.", type: 'number' },
    defaultIsFinite: { description: 'Whether that default bounds the call (false: 0 or no default waits forever).', type: 'boolean' },
    boundingKeys: { description: "For an object value, the keys that bound the whole call (got's `timeout.request`).", ...NAMES },
    uriParameter: { description: 'The connection-string parameter that sets the same deadline (`connect_timeout`).', type: 'string', minLength: 1 },
    suggested: { description: "Suggestions insert this option with the rule's deadline.", type: 'boolean' },
    zeroDisables: { description: 'false when 0 does not mean "wait forever" for this option (default true).', type: 'boolean' },
    belowMajor: {
      description: 'The library reads the option only below this major version of `package` (node-fetch 3 dropped `timeout`).',
      type: 'object',
      additionalProperties: false,
      required: ['package', 'major'],
      properties: { package: { type: 'string', minLength: 1 }, major: { type: 'integer', minimum: 1 } },
    },
  },
} as const;

export const MODELS_SCHEMA = {
  description:
    'Library models for in-house clients and packages resilint does not know, one entry per package; they are read before the built-in ones (docs/models.md). Example: { "package": "@acme/bus", "promiseMethods": [{ "methods": ["publish"], "returns": "promise" }] }.',
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['package'],
    properties: {
      package: {
        description: 'The import specifier the rows are about: `@acme/bus` (also matches `@acme/bus/sub`), or a scope prefix ending in `/` (`@acme/`).',
        type: 'string',
        minLength: 1,
      },
      promiseMethods: {
        description:
          "Methods that return a promise (`promise`), or are named like a promise's `then` / `catch` / `finally` and are not (`not-promise`); used where types are missing.",
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['methods', 'returns'],
          properties: { export: EXPORT, methods: METHODS, returns: { enum: ['promise', 'not-promise'] } },
        },
      },
      handlerRegistrations: {
        description:
          'Methods that register a handler: `awaited` when the framework awaits it and routes a rejection to its error handler, `dropped` when the promise is thrown away (an EventEmitter listener).',
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['methods', 'handlers'],
          properties: { export: EXPORT, methods: METHODS, handlers: { enum: ['awaited', 'dropped'] } },
        },
      },
      outboundCalls: {
        description:
          'Calls that go over the network and the options that bound them: `request` (require-request-timeout at the call), `fetch` (a WHATWG fetch), `client` (require-client-timeout where a pool, connection or socket is made), `instance` (makes an instance whose requests inherit its options), `process` (runs another program: catalogued, judged by no rule). `methods`: `()` for a call of the export, `new` for a construction, or method names. A call whose deadlines all have a finite default is only reported when one is set to 0.',
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['methods', 'kind', 'deadlines'],
          properties: {
            export: EXPORT,
            methods: METHODS,
            kind: { enum: ['request', 'fetch', 'instance', 'client', 'process'] },
            options: PLACE,
            deadlines: { type: 'array', minItems: 1, items: DEADLINE },
            opaqueOptions: { description: 'Options through which anything may bound the call (an `agent`, a custom `fetch`).', ...NAMES },
            ignoredOptions: { description: 'Options that look like a deadline and that the library ignores.', ...NAMES },
            connectionString: { description: 'The argument a connection string may take.', type: 'integer', minimum: 0 },
            minArguments: { description: 'The fewest arguments of a call that is a request (1 when absent).', type: 'integer', minimum: 0 },
            waits: { enum: ['connect', 'operation', 'socket'] },
            label: { description: 'How messages name the library.', type: 'string', minLength: 1 },
            makes: { description: 'How messages name what the call makes.', type: 'string', minLength: 1 },
            remedy: { description: 'How to add a deadline with this library, for the message.', type: 'string', minLength: 1 },
            signalledMethods: { description: 'Methods of what the call makes that take their own `signal`.', ...NAMES },
            localPathOption: {
              description: 'The option that names a local socket path instead of a host (`path`): a connection to a local path is not judged.',
              type: 'string',
              minLength: 1,
            },
          },
        },
      },
      retryOptions: {
        description:
          'Calls that run or configure retries: where their options go, the option that caps the retries and its default (Infinity: retries forever unless set), the options that end the retries anyway (`maxRetryTime`, `signal`).',
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['methods', 'where', 'cap'],
          properties: {
            export: EXPORT,
            methods: METHODS,
            where: {
              type: 'object',
              additionalProperties: false,
              required: ['kind', 'argument'],
              properties: { kind: { enum: ['argument'] }, argument: { type: 'integer', minimum: 0 }, or: { enum: ['function', 'object'] } },
            },
            policy: { description: 'The option holding the policy (`retry` in got); the options themselves when absent.', type: 'string', minLength: 1 },
            policyIsCap: { description: 'The policy may be the cap itself, a number.', type: 'boolean' },
            cap: { description: 'The option that caps the retries.', type: 'string', minLength: 1 },
            defaultCap: {
              description: 'The retries made when the cap is not set; write 1e309 for Infinity (JSON has no Infinity), which makes a missing cap a finding.',
              type: 'number',
            },
            budget: { description: 'Options that end the retries however many are allowed.', ...NAMES },
            forever: { description: 'The option that retries forever when true.', type: 'string', minLength: 1 },
            backoff: {
              description:
                'How the wait grows: `factor` (`factor`, `factorDefault`, `jitter`, optionally `minDelay` and `maxDelay`), `delay-function` (`option`, `zeroDelays`, `hint`) or `strategy` (`option`, `constant`, `hint`); a backoff missing the parts of its kind is not judged.',
              type: 'object',
              additionalProperties: false,
              required: ['kind'],
              properties: {
                kind: { enum: ['factor', 'delay-function', 'strategy'] },
                factor: { type: 'string', minLength: 1 },
                factorDefault: { type: 'number' },
                minDelay: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['option', 'default'],
                  properties: { option: { type: 'string', minLength: 1 }, default: { type: 'number' } },
                },
                maxDelay: { type: 'string', minLength: 1 },
                jitter: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['option', 'default', 'on', 'off'],
                  properties: {
                    option: { type: 'string', minLength: 1 },
                    default: { type: 'boolean' },
                    on: { type: 'string', minLength: 1 },
                    off: { type: 'string', minLength: 1 },
                  },
                },
                option: { type: 'string', minLength: 1 },
                zeroDelays: NAMES,
                constant: { type: 'string', minLength: 1 },
                hint: { type: 'string', minLength: 1 },
              },
            },
          },
        },
      },
    },
  },
} as const;
