// What packages' objects return from methods that read like promise methods, or that are promise-returning
// without types: data, one row per package and set of methods. A row names no rule; a later catalogue
// (issue 12, point 4) can take these rows as they are.
//
//   not-promise: the method is named like a promise's (`then`, `catch`, `finally`) but belongs to a builder
//                or registers a handler: `z.string().catch('x')`, grammY's `bot.catch(handler)`.

export interface PromiseMethodModel {
  /** The package the chain's root was made from: `zod`, or a scope prefix ending in `/`. */
  package: string;
  methods: readonly string[];
  returns: 'not-promise';
}

export const PROMISE_METHOD_MODELS: readonly PromiseMethodModel[] = [
  // schema builders: `.catch(fallback)` gives a schema with a fallback value
  { package: 'zod', methods: ['catch'], returns: 'not-promise' },
  // bot frameworks: `.catch(handler)` registers the error handler of the middleware chain
  { package: 'telegraf', methods: ['catch'], returns: 'not-promise' },
  { package: 'grammy', methods: ['catch'], returns: 'not-promise' },
  { package: '@grammyjs/', methods: ['catch'], returns: 'not-promise' },
];
