import rule from '../../rules/no-unsafe-error-access.js';
import { createTypedRuleTester, createUntypedRuleTester } from './rule-tester.js';

const cases = {
  valid: [
    // a member compared with a literal classifies the value: a non-Error has no such member and takes the other path
    'try { run(); } catch (e) { if ((e as any).code === "ENOENT") return; throw e; }',
    'try { run(); } catch (err) { const e = err as NodeJS.ErrnoException; if (e.code === "ENOENT") return; throw e; }',
    'try { run(); } catch (e: any) { switch (e.status) { case 404: return; case 409: return; default: throw e; } }',
    "try { run(); } catch (e: any) { if (['EEXIST', 'EPERM'].includes(e.code)) return; throw e; }",
    // require() fails with Errors (resolution, or the module's own evaluation)
    "let native: unknown;\ntry { native = require('pg-native'); } catch (e: any) { log(`pg-native unavailable: ${e.message}`); }",
    "const RETRIABLE = ['LEADER_NOT_AVAILABLE', 'NOT_CONTROLLER'];\ntry { run(); } catch (e: any) { if (RETRIABLE.includes(e.type)) return; throw e; }",
    // toString renders any value but null and undefined, as String() does
    'try { run(); } catch (e: any) { log(`failed: ${e.toString()}`); }',
    'declare const JwtErrorCode: { INVALID_ARGUMENT: string };\ntry { run(); } catch (e: any) { if (e.code === JwtErrorCode.INVALID_ARGUMENT) return; throw e; }',
    // a member tested for truth classifies too, and a truthy member means an object
    'try { run(); } catch (e: any) { if (!e.retriable) throw e; }',
    'try { run(); } catch (e: any) { if (e.retriable) { log(e.message); } throw e; }',
    'try { run(); } catch (e: any) { return e.retriable && e.message.length > 0; }',
    // ... and once it matched, the value is an object: its other members can be read
    "try { run(); } catch (e: any) { if (e.type === 'NOT_CONTROLLER') { log(e.message); } throw e; }",
    "try { run(); } catch (e: any) { if (e.type !== 'LEADER_NOT_AVAILABLE') throw e; log(e.message); }",
    "try { run(); } catch (e: any) { if (['NOT_CONTROLLER', 'UNKNOWN_TOPIC'].includes(e.type)) { log(e.message); throw e; } }",
    "const RETRIABLE = ['LEADER_NOT_AVAILABLE'];\ntry { run(); } catch (e: any) { if (!RETRIABLE.includes(e.type)) throw e; log(e.message); }",
    "try { run(); } catch (e: any) { switch (e.code) { case 'ENOENT': log(e.message); return; default: throw e; } }",
    // instanceof narrows, in both branches' right places
    'try { run(); } catch (e) { if (e instanceof Error) console.log(e.message); }',
    'try { run(); } catch (e) { console.log(e instanceof Error ? e.message : String(e)); }',
    'try { run(); } catch (e) { const text = e instanceof Error && e.message; }',
    'try { run(); } catch (e) { if (!(e instanceof Error)) { throw e; } console.log(e.message); }',
    'try { run(); } catch (e) { if (!(e instanceof Error)) return; log(e.stack); }',
    // process.exit ends the branch, however it is spelled (is-process-exit-call)
    "try { run(); } catch (e: any) { if (!(e instanceof Error)) process['exit'](1); log(e.message); }",
    'try { run(); } catch (e: any) { if (!(e instanceof Error)) (process).exit(1); log(e.message); }',
    'try { run(); } catch (e) { if (!(e instanceof Error)) { throw e; } else { log(e.message); } }',
    // structural narrowing
    "try { run(); } catch (e) { if (typeof e === 'object' && e !== null && 'code' in e) log(e.code); }",
    "try { run(); } catch (e) { if ('message' in (e as object)) log((e as { message: string }).message); }",
    "try { run(); } catch (e) { if (typeof e !== 'object' || e === null) throw e; log((e as { code?: string }).code); }",
    // user-defined and library type guards
    'declare function isHttpError(e: unknown): e is { status: number }; try { run(); } catch (e) { if (isHttpError(e)) log(e.status); }',
    "import axios from 'axios'; async function f() { try { await axios.get('/'); } catch (e) { if (axios.isAxiosError(e)) log(e.response?.status); } }",
    "import assert from 'node:assert'; try { run(); } catch (e) { assert(e instanceof Error); log(e.message); }",
    'declare function assertIsError(e: unknown): asserts e is Error; try { run(); } catch (e) { assertIsError(e); log(e.message); }',
    // normalisation and passing the value on
    'declare function toError(e: unknown): Error; try { run(); } catch (e) { const err = toError(e); log(err.message); }',
    'try { run(); } catch (e) { const err = e instanceof Error ? e : new Error(String(e)); log(err.message); }',
    'try { run(); } catch (e) { log(String(e)); log(`failed: ${e}`); console.error(e); }',
    'try { run(); } catch (e) { throw e; }',
    // a reassigned binding is someone else's business
    'declare function toError(e: unknown): Error; try { run(); } catch (e) { e = toError(e); log((e as Error).message); }',
    // shadowed name in a nested function
    'try { run(); } catch (e) { [new Error()].forEach((e) => log(e.message)); }',
    // the raw value is the fallback when the read gives nothing (issue 12, point 7)
    'try { run(); } catch (err) { log((err as Error).message || err); }',
    'try { run(); } catch (err) { log(`failed: ${(err as Error).message ?? String(err)}`); }',
    // grammY's `bot.catch` registers an error handler (it gets a BotError): not a promise's catch
    'import { Bot } from "grammy";\nconst bot = new Bot("t");\nbot.catch((err: any) => log(err.error.message));',
    // promise rejection callbacks: narrowed, not accessed, or typed by annotation
    'declare const p: Promise<void>; p.catch((e: unknown) => { if (e instanceof Error) log(e.message); });',
    'declare const p: Promise<void>; p.catch((e) => log(e));',
    'declare const p: Promise<void>; p.then(() => undefined, (e) => console.error(String(e)));',
    // annotated with a specific class: a lie, but use-unknown-in-catch-callback-variable's finding
    'class HttpError extends Error { status = 500; } declare const p: Promise<void>; p.catch((e: HttpError) => log(e.status));',
    // `.then`'s first argument gets the value, not the reason
    'declare const p: Promise<{ message: string }>; p.then((r) => log(r.message));',
    // optional chaining copes with non-objects; a typeof check on a member proves an object
    "try { run(); } catch (e: any) { log(e?.code, e?.message?.trim(), e?.['status']); }",
    "try { run(); } catch (cause: any) { if (typeof cause?.message === 'string' && cause.message.includes('x')) log(cause.message); }",
    // zod's `.catch` gets a context, not a rejection reason
    "import { z } from 'zod'; const Port = z.number().catch((ctx) => { log(ctx.error.message); return 3000; });",
    // not a caught value at all
    'function handle(e: Error) { log(e.message); }',
    // a callee of the project that throws only Errors (issue 12): the catch gets an Error
    "class DbError extends Error {}\nfunction load(id: string): string { if (!id) throw new DbError('no id'); return id; }\ntry { load('a'); } catch (e: any) { log(e.message); }",
    // a rethrow passes on what its try threw: here JSON.parse's SyntaxError
    "function parse(text: string): unknown { try { return JSON.parse(text); } catch (e) { throw e; } }\ntry { parse('x'); } catch (e: any) { log(e.message); }",
    // a function given in the call is walked with it
    "function each(items: string[], fn: (item: string) => void): void { items.forEach((item) => fn(item)); }\ntry { each(['a'], (item) => { if (!item) throw new RangeError('empty'); }); } catch (e: any) { log(e.message); }",
    // a promise chain whose receiver's code throws only Errors
    "async function load(): Promise<void> { throw new TypeError('x'); }\nload().catch((e) => log(e.message));",
    // Node's fs reached through a const: Node's code throws Errors
    "import fs from 'node:fs';\nconst fsp = fs.promises;\nasync function read(p: string): Promise<unknown> { try { return await fsp.readFile(p); } catch (e: any) { log(e.message); } }",
  ],
  invalid: [
    {
      // a list that is not all literals proves nothing about the value's shape
      code: 'declare const expected: unknown;\ntry { run(); } catch (e: any) { if ([expected].includes(e.type)) { log(e.message); } }',
      errors: [{ messageId: 'unsafeAccess' as const, line: 2, column: 57 }],
    },
    {
      // a const made from the caller's object, not from Node's module: any code may run there
      code: 'function make(io: { readFile(p: string): Promise<string> }) {\n  const files = io;\n  return async (p: string) => { try { return await files.readFile(p); } catch (e: any) { log(e.message); } };\n}',
      errors: [{ messageId: 'unsafeAccess' as const, line: 3, column: 94 }],
    },
    {
      // a package's client: the project's own `send` of another class is not the one called
      code: "import { Client } from 'queue-client';\nclass Outbox { send(): void { throw new Error('full'); } }\nconst client = new Client();\ntry { client.send(); } catch (e: any) { log(e.message); }",
      errors: [{ messageId: 'unsafeAccess' as const, line: 4, column: 45 }],
    },
    {
      // the callee throws a status object on purpose, not an Error
      code: "function load(): void { throw { code: 14, details: 'unavailable' }; }\ntry { load(); } catch (e: any) { log(e.message); }",
      errors: [{ messageId: 'unsafeAccess' as const, line: 2, column: 38 }],
    },
    {
      // a parameter is the caller's function: it may throw anything
      code: 'function runHook(hook: () => void): void { try { hook(); } catch (e: any) { log(e.message); } }',
      errors: [{ messageId: 'unsafeAccess' as const, line: 1, column: 81 }],
    },
    {
      // a project function that calls the function it is given, given one by name from a parameter
      code: 'function each(fn: () => void): void { fn(); }\nfunction go(cb: () => void): void { try { each(cb); } catch (e: any) { log(e.message); } }',
      errors: [{ messageId: 'unsafeAccess' as const, line: 2, column: 76 }],
    },
    {
      // a listener's value handed to reject: whatever the emitter passes
      code: "declare const emitter: { on(name: string, cb: (err: unknown) => void): void };\nasync function wait(): Promise<void> {\n  try { await new Promise((resolve, reject) => { emitter.on('error', (err) => reject(err)); }); } catch (e: any) { log(e.message); }\n}",
      errors: [{ messageId: 'unsafeAccess' as const, line: 3, column: 120 }],
    },
    {
      code: 'try { run(); } catch (e: any) { log(e.message); }',
      errors: [{ messageId: 'unsafeAccess' as const, line: 1, column: 37, endColumn: 46 }],
    },
    {
      // Another object's exit does not end the branch.
      code: 'try { run(); } catch (e: any) { if (!(e instanceof Error)) worker.exit(1); log(e.message); }',
      errors: [{ messageId: 'unsafeAccess' as const, line: 1, column: 80, endColumn: 89 }],
    },
    {
      code: 'try { run(); } catch (e) { log((e as Error).message); }',
      errors: [{ messageId: 'unsafeCastAccess' as const, line: 1, column: 32, endColumn: 52 }],
    },
    {
      // a method of the member throws when the value has none
      code: 'try { run(); } catch (e) { if ((e as any).code.startsWith("E")) return; }',
      errors: [{ messageId: 'unsafeCastAccess' as const, line: 1, column: 32, endColumn: 47 }],
    },
    {
      // `if (e as X)` only tests truthiness: it narrows nothing
      code: 'try { run(); } catch (e: any) { if (e as Error) { log(e.message); } }',
      errors: [{ messageId: 'unsafeAccess' as const, line: 1, column: 55, endColumn: 64 }],
    },
    {
      // compared with something that is not a literal, or read further than the compared member
      code: 'declare const expected: string;\ntry { run(); } catch (e: any) { if (e.code === expected) return; throw e; }',
      errors: [{ messageId: 'unsafeAccess' as const, line: 2, column: 37, endColumn: 43 }],
    },
    {
      // the caller's `decode`, not the file's function of that name, runs in the try
      code: 'function decode(text: string): unknown { return JSON.parse(text); }\nasync function read(token: string, { decode }: { decode: (t: string) => Promise<unknown> }) { try { return await decode(token); } catch (e: any) { log(e.message); } }',
      errors: [{ messageId: 'unsafeAccess' as const, line: 2, column: 152, endColumn: 161 }],
    },
    {
      // a list that is not a const of literals may hold anything
      code: 'declare const codes: string[];\ntry { run(); } catch (e: any) { if (codes.includes(e.type)) return; throw e; }',
      errors: [{ messageId: 'unsafeAccess' as const, line: 2, column: 52, endColumn: 58 }],
    },
    {
      code: 'try { run(); } catch (e: any) { if (e.response.status === 404) return; throw e; }',
      errors: [{ messageId: 'unsafeAccess' as const, line: 1, column: 37, endColumn: 47 }],
    },
    {
      // the else branch of a positive guard is not narrowed
      code: 'try { run(); } catch (e: any) { if (e instanceof TypeError) { log(1); } else { log(e.message); } }',
      errors: [{ messageId: 'unsafeAccess' as const, line: 1, column: 84, endColumn: 93 }],
    },
    {
      code: 'try { run(); } catch (err: any) { const status = err.response.status; }',
      errors: [{ messageId: 'unsafeAccess' as const, line: 1, column: 50, endColumn: 62 }],
    },
    {
      code: 'try { run(); } catch (err) { const e = err as NodeJS.ErrnoException; if (e.code.startsWith("E")) return; }',
      errors: [{ messageId: 'unsafeCastAccess' as const, line: 1, column: 74, endColumn: 80 }],
    },
    {
      code: 'try { run(); } catch ({ message }) { log(message); }',
      errors: [{ messageId: 'unsafeDestructuring' as const, line: 1, column: 23, endColumn: 34 }],
    },
    {
      code: 'try { run(); } catch (e: any) { const { code } = e; log(code); }',
      errors: [{ messageId: 'unsafeDestructuring' as const, line: 1, column: 39, endColumn: 47 }],
    },
    {
      code: "try { run(); } catch (e: any) { log(e['code']); }",
      errors: [{ messageId: 'unsafeAccess' as const, line: 1, column: 37, endColumn: 46 }],
    },
    {
      code: 'declare const p: Promise<void>;\np.catch((e) => log(e.message));',
      errors: [
        {
          messageId: 'rejectionParamNotUnknown' as const,
          line: 2,
          column: 10,
          endColumn: 11,
          suggestions: [
            {
              messageId: 'annotateUnknown' as const,
              data: { name: 'e' },
              output: 'declare const p: Promise<void>;\np.catch((e: unknown) => log(e.message));',
            },
          ],
        },
      ],
    },
    {
      // a copy of the reason is followed: its reads count for the parameter
      code: 'declare const p: Promise<void>;\np.catch((e) => { const err = e; log(err.message); });',
      errors: [
        {
          messageId: 'rejectionParamNotUnknown' as const,
          line: 2,
          column: 10,
          suggestions: [
            {
              messageId: 'annotateUnknown' as const,
              data: { name: 'e' },
              output: 'declare const p: Promise<void>;\np.catch((e: unknown) => { const err = e; log(err.message); });',
            },
          ],
        },
      ],
    },
    {
      code: 'declare const p: Promise<void>;\np.catch(e => log(e.message));',
      errors: [
        {
          messageId: 'rejectionParamNotUnknown' as const,
          line: 2,
          column: 9,
          suggestions: [
            {
              messageId: 'annotateUnknown' as const,
              data: { name: 'e' },
              output: 'declare const p: Promise<void>;\np.catch((e: unknown) => log(e.message));',
            },
          ],
        },
      ],
    },
    {
      code: 'declare const p: Promise<void>;\np.then(() => 1, function (err: any) { return err.code; });',
      errors: [
        {
          messageId: 'rejectionParamNotUnknown' as const,
          line: 2,
          column: 27,
          suggestions: [
            {
              messageId: 'annotateUnknown' as const,
              data: { name: 'err' },
              output: 'declare const p: Promise<void>;\np.then(() => 1, function (err: unknown) { return err.code; });',
            },
          ],
        },
      ],
    },
    {
      // annotated unknown already: the access is still reported, without the annotation finding
      code: 'declare const p: Promise<void>;\np.catch((e: unknown) => log((e as Error).message));',
      errors: [{ messageId: 'unsafeCastAccess' as const, line: 2, column: 29 }],
    },
    {
      code: 'declare const p: Promise<void>;\np.catch(({ response }) => log(response));',
      errors: [{ messageId: 'unsafeDestructuring' as const, line: 2, column: 10, endColumn: 22 }],
    },
    {
      // optional on the first step only: `.status` of a missing `response` throws
      code: 'try { run(); } catch (e: any) { log(e?.response.status); }',
      errors: [{ messageId: 'unsafeAccess' as const, line: 1, column: 37, endColumn: 48 }],
    },
    {
      // a fallback to something else than the raw value does not make the read safe
      code: "try { run(); } catch (err) { log((err as Error).message || 'unknown'); }",
      errors: [{ messageId: 'unsafeCastAccess' as const, line: 1, column: 34 }],
    },
    {
      // several unsafe reads of one caught value are one finding, at the first (issue 12, point 11)
      code: 'try { run(); } catch (e: any) {\n  log(e.message);\n  log(e.message, e.stack);\n}',
      errors: [{ messageId: 'unsafeAccess' as const, line: 2, column: 7, endColumn: 16 }],
    },
    {
      // an alias's read and the original's are one finding too
      code: 'try { run(); } catch (e: any) {\n  const err = e;\n  log(err.code, e.message);\n}',
      errors: [{ messageId: 'unsafeAccess' as const, line: 3, column: 7, data: { name: 'err', property: 'code' } }],
    },
    {
      // a nested callback still reads the same caught value
      code: 'try { run(); } catch (e: any) { setTimeout(() => log(e.stack), 10); }',
      errors: [{ messageId: 'unsafeAccess' as const, line: 1, column: 54 }],
    },
  ],
};

const typedOnly = {
  valid: [
    // a guard the heuristics do not know by name, found through its type predicate
    'declare function looksLikeHttp(e: unknown): e is { status: number }; try { run(); } catch (e) { if (looksLikeHttp(e)) log(e.status); }',
    // a guard that declares its predicate, under an `assert` that narrows nothing for the checker
    'declare function looksLikeHttp(e: unknown): e is { status: number };\ndeclare function assert(value: unknown): void;\ntry { run(); } catch (e: any) { assert(looksLikeHttp(e)); log(e.status); }',
    // a guard whose predicate TypeScript infers (no declared result), under an `assert` that narrows nothing
    // for the checker: only the resolved signature shows the guard
    'class HttpError extends Error { status = 500; }\nfunction looksLikeHttp(e: unknown) { return e instanceof HttpError; }\ndeclare function assert(value: unknown): void;\ntry { run(); } catch (e: any) { assert(looksLikeHttp(e)); log(e.status); }',
    // a `.catch` whose callback gets a typed value (not a promise's any)
    'declare const q: { catch(cb: (e: Error) => void): void }; q.catch((e) => log(e.message));',
  ],
  invalid: [
    {
      // `is*` by name but returns boolean: the checker knows it narrows nothing
      code: 'declare function isRetryable(e: unknown): boolean; try { run(); } catch (e: any) { if (isRetryable(e)) log(e.code); }',
      errors: [{ messageId: 'unsafeAccess' as const, line: 1, column: 108 }],
    },
  ],
};

const untypedOnly = {
  valid: ['declare function isRetryable(e: unknown): boolean; try { run(); } catch (e: any) { if (isRetryable(e)) log(e.code); }'],
  invalid: [
    {
      code: 'declare function looksLikeHttp(e: unknown): e is { status: number };\ndeclare function assert(value: unknown): void;\ntry { run(); } catch (e: any) { assert(looksLikeHttp(e)); log(e.status); }',
      errors: [{ messageId: 'unsafeAccess' as const, line: 3, column: 63 }],
    },
    {
      code: 'class HttpError extends Error { status = 500; }\nfunction looksLikeHttp(e: unknown) { return e instanceof HttpError; }\ndeclare function assert(value: unknown): void;\ntry { run(); } catch (e: any) { assert(looksLikeHttp(e)); log(e.status); }',
      errors: [{ messageId: 'unsafeAccess' as const, line: 4, column: 63 }],
    },
  ],
};

createTypedRuleTester().run('no-unsafe-error-access (typed)', rule, cases);
createUntypedRuleTester().run('no-unsafe-error-access (untyped)', rule, cases);
createTypedRuleTester().run('no-unsafe-error-access (typed only)', rule, typedOnly);
createUntypedRuleTester().run('no-unsafe-error-access (untyped only)', rule, untypedOnly);
