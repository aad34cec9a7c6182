import type { RunTests } from '@typescript-eslint/rule-tester';

import rule from '../../rules/require-error-cause.js';
import { createTypedRuleTester, createUntypedRuleTester } from './rule-tester.js';

type MessageIds = keyof (typeof rule)['meta']['messages'];
type Tests = RunTests<MessageIds, [{ requireCatchParameter?: boolean; allowedConstructors?: string[] }]>;

const moduleErrors =
  "declare module 'errors-lib' { export class NotFound extends Error { constructor(id: string); } export class ApiError extends Error { constructor(message: string, options?: ErrorOptions); } }\n";

const cases: Tests = {
  valid: [
    // ESLint preserve-caught-error's correct examples
    "try { run(); } catch (error) { throw new Error('Something went wrong', { cause: error }); }",
    "try { run(); } catch (error) { foo = { bar() { throw new Error('Something went wrong'); } }; }",
    'try { run(); } catch (e) { console.error(e); }',
    "try { run(); } catch { throw new TypeError('Something went wrong'); }",
    // rethrowing the original
    'try { run(); } catch (err) { throw err; }',
    // the cause is the caught error under another shape
    "declare function toError(e: unknown): Error; try { run(); } catch (err) { throw new Error('load failed', { cause: toError(err) }); }",
    "try { run(); } catch (err) { const cause = err instanceof Error ? err : new Error(String(err)); throw new Error('load failed', { cause }); }",
    "try { run(); } catch (err) { throw new Error('load failed', { cause: err as Error }); }",
    "try { run(); } catch (err) { throw new AggregateError([err], 'all mirrors failed'); }",
    // options built elsewhere may carry the cause
    "declare const options: ErrorOptions; try { run(); } catch (err) { throw new Error('load failed', options); }",
    // custom errors that take the caught error as an argument
    "class DbError extends Error { constructor(message: string, readonly inner: unknown) { super(message); } }\ntry { run(); } catch (err) { throw new DbError('query failed', err); }",
    "class DbError extends Error { constructor(message: string, options?: ErrorOptions) { super(message, options); } }\ntry { run(); } catch (err) { throw new DbError('query failed', { cause: err }); }",
    // a custom constructor that cannot take a cause: a deliberate translation (e.g. a 404)
    "class NotFoundError extends Error { constructor(id: string) { super(`${id} not found`); } }\ntry { run(); } catch (err) { throw new NotFoundError('42'); }",
    // an error class declared for another module whose constructor has nowhere to put a cause
    `${moduleErrors}import { NotFound } from 'errors-lib';\ntry { run(); } catch (err) { throw new NotFound('42'); }`,
    // an in-file declared class whose constructor has nowhere to put a cause
    "declare class NotFound extends Error { constructor(id: string); } try { run(); } catch (err) { throw new NotFound('42'); }",
    // an imported error class: without types its constructor is unknown
    "import { HttpError } from './errors'; try { run(); } catch (err) { throw new HttpError(500, 'internal'); }",
    // a factory, not a constructor
    'declare function createError(status: number): Error; try { run(); } catch (err) { throw createError(500); }',
    // thrown in a nested function: not the same flow
    "try { run(); } catch (err) { setTimeout(() => { throw new Error('later'); }, 0); }",
    'try { run(); } catch (err) { [1].map(function () { throw new Error(); }); }',
    // thrown in the try block, not the catch
    "try { throw new Error('first'); } catch (err) { console.error(err); }",
    // a `.then` value callback has no caught error
    "declare const p: Promise<number>; p.then((n) => { throw new Error('bad value ' + n); });",
    // a known case identified by a member compared with a literal, translated on purpose
    "try { run(); } catch (err: any) { if (err.code === 'ENOENT') { throw new Error('config file missing'); } throw err; }",
    "try { run(); } catch (err) { if ((err as { status?: number }).status === 404) throw new Error('no such user'); throw err; }",
    "try { run(); } catch (err: any) { switch (err?.code) { case 'EEXIST': throw new Error('already exists'); default: throw err; } }",
    "try { run(); } catch (err: any) { const code = err.response?.status; if (code === 409) throw new Error('conflict'); throw err; }",
    "async function f() { try { await run(); } catch (err) { return Promise.reject(new Error('x', { cause: err })); } }",
    // the binding named `cause`, passed by shorthand
    "try { run(); } catch (cause) { throw new Error('load failed', { cause }); }",
    // an error built by a helper around the caught error
    "try { run(); } catch (err) { throw Object.assign(new Error('load failed'), { cause: err }); }",
    // the rejection callback keeps it
    "declare const p: Promise<void>; p.catch((err) => { throw new Error('save failed', { cause: err }); });",
    // the try runs only the language's and Node's code, whose error text (code, path, position) the message keeps
    "import fs from 'node:fs';\nfunction readConfig(path: string): unknown {\n  try { return JSON.parse(fs.readFileSync(path, 'utf8')); } catch (err) { throw new Error(`cannot read ${path}: ${err}`); }\n}",
    'function parseUrl(text: string): URL { try { return new URL(text); } catch (err: any) { throw new TypeError(`invalid URL: ${err.message}`); } }',
    // an error built in the catch and given the caught one before it is thrown
    'try { run(); } catch (e: any) { const error: any = new Error(`sync failed: ${e.message}`); error.cause = e; throw error; }',
    'try { run(); } catch (e: any) { const error = new Error(`sync failed: ${e.message}`); Object.assign(error, { cause: e }); throw error; }',
    // an error built before the try is not the catch's replacement
    "const timeout = new Error('timed out');\ntry { run(); } catch (e) { throw timeout; }",
    // a binding named as unused: the new error says what was wrong with the input
    'declare const offset: string; try { run(); } catch (_) { throw new TypeError(`invalid offset ${offset}`); }',
    // a class that keeps what it wraps in a field, or hands it to super's options under another name
    'class DecodeError extends Error { originalError: unknown; constructor(message: string, original: unknown) { super(message); this.originalError = original; } }\ntry { run(); } catch (e: any) { throw new DecodeError(`decode failed: ${e.message}`, e); }',
    'class SendError extends Error { constructor(message: string, detail: unknown) { super(message, { cause: detail }); } }\ntry { run(); } catch (e) { throw new SendError(`send failed: ${e}`, e); }',
    // a known case identified by a member compared with a named constant
    "declare const JwtErrorCode: { INVALID_ARGUMENT: string };\ntry { run(); } catch (err: any) { if (err.code === JwtErrorCode.INVALID_ARGUMENT) throw new TypeError('pass the whole token'); throw err; }",
    // the platform's error text kept in an info object's message, where the class takes a cause
    'class ConfigError extends Error { constructor(info: { message: string; cause?: unknown }) { super(info.message, { cause: info.cause }); } }\nfunction parse(text: string): unknown { try { return JSON.parse(text); } catch (err) { throw new ConfigError({ message: `bad config: ${err}` }); } }',
    // a parameter named as an error takes one
    "class NatsError extends Error { constructor(message: string, readonly code: string, readonly chainedError?: Error) { super(message); } }\ntry { run(); } catch (e: any) { throw new NatsError(e.message, 'API_ERROR', e); }",
    // an info object whose `cause` the constructor hands on, built elsewhere
    'class AuthError extends Error { constructor(info: { message: string; cause?: unknown }) { super(info.message, { cause: info.cause }); } }\ndeclare const INTERNAL: { message: string };\ntry { run(); } catch (e) { throw new AuthError(INTERNAL); }',
  ],
  invalid: [
    {
      // fetch's TypeError says only "fetch failed": the reason is in its own cause, which the text drops
      code: 'async function get(url: string): Promise<Response> {\n  try { return await fetch(url); } catch (err) { throw new Error(`fetch ${url}: ${err}`); }\n}',
      errors: [
        {
          messageId: 'missingCause',
          line: 2,
          column: 56,
          suggestions: [
            {
              messageId: 'addCause',
              data: { name: 'err' },
              output:
                'async function get(url: string): Promise<Response> {\n  try { return await fetch(url); } catch (err) { throw new Error(`fetch ${url}: ${err}`, { cause: err }); }\n}',
            },
          ],
        },
      ],
    },
    {
      // a platform error whose text the new message does not keep
      code: "import fs from 'node:fs';\nfunction read(path: string): string {\n  try { return fs.readFileSync(path, 'utf8'); } catch (err) { throw new Error('cannot read the file'); }\n}",
      errors: [
        {
          messageId: 'missingCause',
          line: 3,
          column: 69,
          suggestions: [
            {
              messageId: 'addCause',
              data: { name: 'err' },
              output:
                "import fs from 'node:fs';\nfunction read(path: string): string {\n  try { return fs.readFileSync(path, 'utf8'); } catch (err) { throw new Error('cannot read the file', { cause: err }); }\n}",
            },
          ],
        },
      ],
    },
    {
      // a class with no place for a cause that copies the caught error's details is a lossy wrapper (issue 12, point 7)
      code: 'class NotFoundError extends Error { constructor(id: string) { super(`${id} not found`); } }\ntry { run(); } catch (err) { throw new NotFoundError(`42: ${String(err)}`); }',
      errors: [{ messageId: 'lossyWrapper' as const, line: 2, column: 36, data: { name: 'err', className: 'NotFoundError' } }],
    },
    {
      code: "class SyncError extends Error { constructor(readonly sku: string, detail: string) { super(detail); } }\ntry { run(); } catch (e: any) { throw new SyncError('sku-1', e.message); }",
      errors: [{ messageId: 'lossyWrapper' as const, line: 2, column: 39 }],
    },
    {
      // built in the catch, logged, then thrown: the same replacement as `throw new Error(...)`
      code: 'declare const log: (m: string) => void;\ntry { run(); } catch (e: any) {\n  const error = new Error(`sync failed: ${e.message}`);\n  log(error.message);\n  throw error;\n}',
      errors: [
        {
          messageId: 'missingCause',
          line: 3,
          column: 17,
          suggestions: [
            {
              messageId: 'addCause',
              data: { name: 'e' },
              output:
                'declare const log: (m: string) => void;\ntry { run(); } catch (e: any) {\n  const error = new Error(`sync failed: ${e.message}`, { cause: e });\n  log(error.message);\n  throw error;\n}',
            },
          ],
        },
      ],
    },
    {
      // a constructor that hands every argument to a base whose options parameter destructures `cause`
      code: 'class StreamError extends Error { constructor(e: any, { retriable = true, cause }: { retriable?: boolean; cause?: unknown } = {}) { super(e, { cause }); } }\nclass AuthError extends StreamError { constructor(...args: any[]) { super(...args); } }\ntry { run(); } catch (e: any) { throw new AuthError(`auth failed: ${e.message}`); }',
      errors: [
        {
          messageId: 'missingCause',
          line: 3,
          column: 39,
          suggestions: [
            {
              messageId: 'addCause',
              data: { name: 'e' },
              output:
                'class StreamError extends Error { constructor(e: any, { retriable = true, cause }: { retriable?: boolean; cause?: unknown } = {}) { super(e, { cause }); } }\nclass AuthError extends StreamError { constructor(...args: any[]) { super(...args); } }\ntry { run(); } catch (e: any) { throw new AuthError(`auth failed: ${e.message}`, { cause: e }); }',
            },
          ],
        },
      ],
    },
    {
      // an options bag with other fields gets `cause` added to it
      code: 'class StreamError extends Error { constructor(e: any, { retriable = true, cause }: { retriable?: boolean; cause?: unknown } = {}) { super(e, { cause }); } }\ntry { run(); } catch (e: any) { throw new StreamError(e.message, { retriable: false }); }',
      errors: [
        {
          messageId: 'missingCause',
          line: 2,
          column: 39,
          suggestions: [
            {
              messageId: 'addCause',
              data: { name: 'e' },
              output:
                'class StreamError extends Error { constructor(e: any, { retriable = true, cause }: { retriable?: boolean; cause?: unknown } = {}) { super(e, { cause }); } }\ntry { run(); } catch (e: any) { throw new StreamError(e.message, { retriable: false, cause: e }); }',
            },
          ],
        },
      ],
    },
    {
      // a parameter named as an error, not given the caught one
      code: "class NatsError extends Error { constructor(message: string, readonly code: string, readonly chainedError?: Error) { super(message); } }\ntry { run(); } catch (e: any) { throw new NatsError(e.message, 'API_ERROR'); }",
      errors: [{ messageId: 'missingCause', line: 2, column: 39, suggestions: [] }],
    },
    {
      // an info object whose `cause` the constructor hands on: the cause goes in it
      code: 'class AuthError extends Error { constructor(info: { message: string; cause?: unknown }) { super(info.message, { cause: info.cause }); } }\ntry { run(); } catch (e: any) { throw new AuthError({ message: e.message }); }',
      errors: [
        {
          messageId: 'missingCause',
          line: 2,
          column: 39,
          suggestions: [
            {
              messageId: 'addCause',
              data: { name: 'e' },
              output:
                'class AuthError extends Error { constructor(info: { message: string; cause?: unknown }) { super(info.message, { cause: info.cause }); } }\ntry { run(); } catch (e: any) { throw new AuthError({ message: e.message, cause: e }); }',
            },
          ],
        },
      ],
    },
    {
      // the rejection callback's caught value, and a class reached through a namespace object
      code: 'class RejectedError extends Error { constructor(message: string, readonly status: number) { super(message); } }\nconst errors = { RejectedError };\ndeclare const p: Promise<void>;\np.catch((e) => { throw new errors.RejectedError(`rejected: ${e}`, 503); });',
      errors: [{ messageId: 'lossyWrapper', line: 4, column: 24, data: { name: 'e', className: 'RejectedError' } }],
    },
    // ESLint preserve-caught-error's incorrect examples
    {
      code: "try {\n  run();\n} catch (error) {\n  throw new Error('Something went wrong: ' + error.message);\n}",
      errors: [
        {
          messageId: 'missingCause',
          line: 4,
          column: 9,
          endColumn: 60,
          suggestions: [
            {
              messageId: 'addCause',
              data: { name: 'error' },
              output: "try {\n  run();\n} catch (error) {\n  throw new Error('Something went wrong: ' + error.message, { cause: error });\n}",
            },
          ],
        },
      ],
    },
    {
      code: "try { doSomething(); } catch (err) { const unrelated = new Error('other'); throw new Error('Something failed', { cause: unrelated }); }",
      errors: [{ messageId: 'unrelatedCause', line: 1, column: 121 }],
    },
    {
      code: "try { loadConfig(); } catch (error) { throw new Error('Could not load the config', { cause: error.message }); }",
      errors: [
        {
          messageId: 'partialCause',
          line: 1,
          column: 93,
          suggestions: [
            {
              messageId: 'useCaughtError',
              data: { name: 'error' },
              output: "try { loadConfig(); } catch (error) { throw new Error('Could not load the config', { cause: error }); }",
            },
          ],
        },
      ],
    },
    {
      code: 'try { loadConfig(); } catch ({ message }) { throw new Error(`Could not load the config: ${message}`); }',
      errors: [{ messageId: 'destructuredCatch', line: 1, column: 51 }],
    },
    // other built-ins, calls without `new`, no message, an options bag without cause
    {
      code: "try { run(); } catch (e) { throw TypeError('bad input'); }",
      errors: [
        {
          messageId: 'missingCause',
          line: 1,
          column: 34,
          suggestions: [{ messageId: 'addCause', data: { name: 'e' }, output: "try { run(); } catch (e) { throw TypeError('bad input', { cause: e }); }" }],
        },
      ],
    },
    {
      code: 'try { run(); } catch (e) { throw new Error(); }',
      errors: [
        {
          messageId: 'missingCause',
          line: 1,
          column: 34,
          suggestions: [{ messageId: 'addCause', data: { name: 'e' }, output: 'try { run(); } catch (e) { throw new Error(undefined, { cause: e }); }' }],
        },
      ],
    },
    {
      code: "try { run(); } catch (e) { throw new RangeError('x', {}); }",
      errors: [
        {
          messageId: 'missingCause',
          line: 1,
          column: 34,
          suggestions: [{ messageId: 'addCause', data: { name: 'e' }, output: "try { run(); } catch (e) { throw new RangeError('x', { cause: e }); }" }],
        },
      ],
    },
    {
      // `new Error(msg, err)` reads `err.cause`, not `err`
      code: "try { run(); } catch (e) { throw new Error('x', e); }",
      errors: [
        {
          messageId: 'missingCause',
          line: 1,
          column: 34,
          suggestions: [{ messageId: 'addCause', data: { name: 'e' }, output: "try { run(); } catch (e) { throw new Error('x', { cause: e }); }" }],
        },
      ],
    },
    // a class declared for another module that takes options
    {
      code: `${moduleErrors}import { ApiError } from 'errors-lib';\ntry { run(); } catch (err) { throw new ApiError('upstream failed'); }`,
      errors: [{ messageId: 'missingCause', line: 3, column: 36, suggestions: [] }],
    },
    // a declared class that takes options
    {
      code: "declare class ApiError extends Error { constructor(message: string, options?: ErrorOptions); }\ntry { run(); } catch (err) { throw new ApiError('upstream failed'); }",
      errors: [{ messageId: 'missingCause', line: 2, column: 36, suggestions: [] }],
    },
    // a custom error that inherits Error's constructor
    {
      code: "class ConfigError extends Error {}\ntry { run(); } catch (err) { throw new ConfigError('bad config'); }",
      errors: [
        {
          messageId: 'missingCause',
          line: 2,
          column: 36,
          suggestions: [
            {
              messageId: 'addCause',
              data: { name: 'err' },
              output: "class ConfigError extends Error {}\ntry { run(); } catch (err) { throw new ConfigError('bad config', { cause: err }); }",
            },
          ],
        },
      ],
    },
    // a custom error that could wrap it but is not given it: no suggestion (its parameters are its own)
    {
      code: 'class DbError extends Error { constructor(message: string, readonly inner?: unknown) { super(message); } }\ntry { run(); } catch (err) { throw new DbError(`query failed: ${err}`); }',
      errors: [{ messageId: 'missingCause', line: 2, column: 36, suggestions: [] }],
    },
    // the rejection callbacks
    {
      code: "declare const p: Promise<void>;\np.catch((err) => { throw new Error('save failed'); });",
      errors: [
        {
          messageId: 'missingCause',
          line: 2,
          column: 26,
          suggestions: [
            {
              messageId: 'addCause',
              data: { name: 'err' },
              output: "declare const p: Promise<void>;\np.catch((err) => { throw new Error('save failed', { cause: err }); });",
            },
          ],
        },
      ],
    },
    {
      // instanceof classifies, but the caught error still holds the details
      code: "try { run(); } catch (err) { if (err instanceof TypeError) throw new Error('bad input'); throw err; }",
      errors: [
        {
          messageId: 'missingCause',
          line: 1,
          column: 66,
          suggestions: [
            {
              messageId: 'addCause',
              data: { name: 'err' },
              output: "try { run(); } catch (err) { if (err instanceof TypeError) throw new Error('bad input', { cause: err }); throw err; }",
            },
          ],
        },
      ],
    },
    {
      code: "declare const p: Promise<void>;\np.catch((err) => Promise.reject(new Error('save failed')));",
      errors: [
        {
          messageId: 'missingCause',
          line: 2,
          column: 33,
          suggestions: [
            {
              messageId: 'addCause',
              data: { name: 'err' },
              output: "declare const p: Promise<void>;\np.catch((err) => Promise.reject(new Error('save failed', { cause: err })));",
            },
          ],
        },
      ],
    },
    {
      // nested try inside the catch: still the outer catch's flow
      code: "try { run(); } catch (err) { try { cleanup(); } finally { throw new Error('failed'); } }",
      errors: [
        {
          messageId: 'missingCause',
          line: 1,
          column: 65,
          suggestions: [
            {
              messageId: 'addCause',
              data: { name: 'err' },
              output: "try { run(); } catch (err) { try { cleanup(); } finally { throw new Error('failed', { cause: err }); } }",
            },
          ],
        },
      ],
    },
  ],
};

const options: Tests = {
  valid: [
    { code: "try { run(); } catch (err) { throw new HttpError('boom'); } class HttpError extends Error {}", options: [{ allowedConstructors: ['HttpError'] }] },
    { code: "try { run(); } catch (error) { throw new Error('x', { cause: error }); }", options: [{ requireCatchParameter: true }] },
  ],
  invalid: [
    {
      code: "try { run(); } catch { throw new Error('Something went wrong'); }",
      options: [{ requireCatchParameter: true }],
      errors: [
        {
          messageId: 'missingCatchBinding',
          line: 1,
          column: 30,
          suggestions: [
            {
              messageId: 'addCause',
              data: { name: 'error' },
              output: "try { run(); } catch (error) { throw new Error('Something went wrong', { cause: error }); }",
            },
          ],
        },
      ],
    },
    {
      code: "declare const p: Promise<void>; p.catch(() => { throw new Error('save failed'); });",
      options: [{ requireCatchParameter: true }],
      errors: [
        {
          messageId: 'missingCatchBinding',
          line: 1,
          column: 55,
          suggestions: [
            {
              messageId: 'addCause',
              data: { name: 'error' },
              output: "declare const p: Promise<void>; p.catch((error) => { throw new Error('save failed', { cause: error }); });",
            },
          ],
        },
      ],
    },
  ],
};

// A constructor the file shows only as a type: its resolved signature says what it takes.
const upstreamError = 'declare const UpstreamError: new (message: string, options?: ErrorOptions) => Error;\n';
const typedOnly: Tests = {
  valid: [
    // given the caught error, it keeps it whatever the signature says: no need to resolve it
    `${upstreamError}try { run(); } catch (err) { throw new UpstreamError('failed', { cause: err }); }`,
    `${upstreamError}declare const rest: [string, ErrorOptions];\ntry { run(); } catch (err) { throw new UpstreamError(...rest); }`,
    // nowhere to put a cause
    "declare const NotFound: new (id: string) => Error;\ntry { run(); } catch (err) { throw new NotFound('42'); }",
    // overloads: the one a call resolves to decides, here the one without options
    "class Failure { name = 'Failure'; message = ''; constructor(message: string); constructor(message: string, options: { cause?: unknown }); constructor(message: string, options?: { cause?: unknown }) { this.message = message; } }\ntry { run(); } catch (err) { throw new Failure('failed'); }",
  ],
  invalid: [
    {
      code: `${upstreamError}try { run(); } catch (err) { throw new UpstreamError('failed'); }`,
      errors: [{ messageId: 'missingCause', line: 2, column: 36, suggestions: [] }],
    },
    {
      // a class (extending nothing, so only types show it is an Error) with one constructor that takes options
      code: "class Failure { name = 'Failure'; message: string; constructor(message: string, options?: { cause?: unknown }) { this.message = message; } }\ntry { run(); } catch (err) { throw new Failure('failed'); }",
      errors: [{ messageId: 'missingCause', line: 2, column: 36, suggestions: [] }],
    },
  ],
};

// Without types, a constructor the file does not declare as a class is not judged.
const untypedOnly: Tests = {
  valid: [
    `${upstreamError}try { run(); } catch (err) { throw new UpstreamError('failed'); }`,
    "class Failure { name = 'Failure'; message: string; constructor(message: string, options?: { cause?: unknown }) { this.message = message; } }\ntry { run(); } catch (err) { throw new Failure('failed'); }",
  ],
  invalid: [],
};

createTypedRuleTester().run('require-error-cause (typed)', rule, cases);
createTypedRuleTester().run('require-error-cause (typed only)', rule, typedOnly);
createUntypedRuleTester().run('require-error-cause (untyped only)', rule, untypedOnly);
createUntypedRuleTester().run('require-error-cause (untyped)', rule, cases);
createTypedRuleTester().run('require-error-cause (typed, options)', rule, options);
createUntypedRuleTester().run('require-error-cause (untyped, options)', rule, options);
