// The JSON schema of user models: `models` in resilint.config.json (embedded in docs/config.schema.json by
// npm run generate:config-schema) and `settings.resilint.models` of the ESLint plugin (checked by
// getModelProblems, which reads this same object). Only the sections a rule reads are accepted, so a user
// row always has an effect; the other sections of LibraryModel join when a rule reads them.

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
    },
  },
} as const;
