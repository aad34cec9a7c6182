import type { RunTests } from '@typescript-eslint/rule-tester';

import rule from '../../rules/no-throw-non-error.js';
import { createTypedRuleTester, createUntypedRuleTester } from './rule-tester.js';

const throwNonError = 'throwNonError' as const;
const rejectNonError = 'rejectNonError' as const;
const wrapInError = 'wrapInError' as const;

type Tests = RunTests<'throwNonError' | 'rejectNonError' | 'wrapInError', [{ allowEmptyReject?: boolean }]>;

const cases: Tests = {
  valid: [
    // typescript-eslint only-throw-error's correct examples
    'throw new Error();',
    "throw new Error('error');",
    "const e = new Error('error'); throw e;",
    "try { throw new Error('error'); } catch (e) { throw e; }",
    'function getError() { return new Error(); } throw getError();',
    'const foo = { bar: new Error() }; throw foo.bar;',
    'class CustomError extends Error {} throw new CustomError();',
    // Error without `new`, decorated errors, factories
    "throw Error('boom');",
    "throw Object.assign(new Error('not found'), { status: 404 });",
    "declare function createError(status: number, message: string): Error; throw createError(404, 'missing');",
    "import createHttpError from 'http-errors'; throw createHttpError(404);",
    // rethrowing what was caught, whatever it is
    'declare const p: Promise<void>; p.catch((reason) => { throw reason; });',
    // a value this code cannot see: unknown, any, unresolved imports
    "import { fail } from './errors'; throw fail('x');",
    'declare const cause: unknown; throw cause;',
    // a union that may hold an Error (the last attempt's error after a retry loop)
    'declare let lastError: Error | undefined; throw lastError;',
    // frameworks throw responses on purpose (Remix `throw redirect()`, `throw new Response()`)
    "throw new Response('Not found', { status: 404 });",
    "declare function redirect(url: string): Response; throw redirect('/login');",
    // ESLint prefer-promise-reject-errors' correct examples
    "Promise.reject(new Error('something bad happened'));",
    "Promise.reject(new TypeError('something bad happened'));",
    "new Promise(function (resolve, reject) { reject(new Error('something bad happened')); });",
    'declare function getUnknownValue(): any; const foo = getUnknownValue(); Promise.reject(foo);',
    // the executor's reject handed on, or an error-first callback's error
    "import fs from 'node:fs'; new Promise((resolve, reject) => { fs.readFile('a', (err, data) => (err ? reject(err) : resolve(data))); });",
    "new Promise((resolve, reject) => { process.stdin.on('error', reject); });",
    // a function called `reject` that is not an executor's
    "declare function reject(reason: string): void; reject('nope');",
    "function review(approve: () => void, reject: (why: string) => void) { reject('too long'); }",
    // a let may be reassigned: syntax does not say what it holds
    "declare function next(): unknown; let current: unknown = 'x'; current = next(); throw current;",
    // Hocuspocus closes the WebSocket with the code and reason of what its hooks throw or reject with
    "import type { Extension } from '@hocuspocus/server';\nimport { Forbidden } from '@hocuspocus/common';\nexport const guard: Partial<Extension> = { onConnect: () => Promise.reject(Forbidden) };",
    "import type { Extension } from '@hocuspocus/server';\nconst TooManyConnections = { code: 4503, reason: 'Too many connections' };\nexport const limit: Partial<Extension> = { onConnect: () => Promise.reject(TooManyConnections) };",
    "import { Server } from '@hocuspocus/server';\nServer.configure({ async onAuthenticate() { throw { code: 4401, reason: 'Unauthorized' }; } });",
  ],
  invalid: [
    // the same close event outside a Hocuspocus file is just a plain object
    {
      code: "const TooManyConnections = { code: 4503, reason: 'Too many connections' };\nexport const reject = () => Promise.reject(TooManyConnections);",
      errors: [{ messageId: rejectNonError, line: 2, column: 44 }],
    },
    // typescript-eslint only-throw-error's incorrect examples
    {
      code: "throw 'error';",
      errors: [{ messageId: throwNonError, line: 1, column: 7, endColumn: 14, suggestions: [{ messageId: wrapInError, output: "throw new Error('error');" }] }],
    },
    { code: 'throw 0;', errors: [{ messageId: throwNonError, line: 1, column: 7, suggestions: [] }] },
    { code: 'throw undefined;', errors: [{ messageId: throwNonError, line: 1, column: 7 }] },
    { code: 'throw null;', errors: [{ messageId: throwNonError, line: 1, column: 7 }] },
    {
      code: "const err = new Error(); throw 'an ' + err;",
      errors: [
        {
          messageId: throwNonError,
          line: 1,
          column: 32,
          suggestions: [{ messageId: wrapInError, output: "const err = new Error(); throw new Error('an ' + err);" }],
        },
      ],
    },
    {
      code: 'const err = new Error(); throw `${err}`;',
      errors: [
        {
          messageId: throwNonError,
          line: 1,
          column: 32,
          suggestions: [{ messageId: wrapInError, output: 'const err = new Error(); throw new Error(`${err}`);' }],
        },
      ],
    },
    { code: "const err = ''; throw err;", errors: [{ messageId: throwNonError, line: 1, column: 23 }] },
    { code: "function getError() { return ''; } throw getError();", errors: [{ messageId: throwNonError, line: 1, column: 42 }] },
    { code: "const foo = { bar: '' }; throw foo.bar;", errors: [{ messageId: throwNonError, line: 1, column: 32 }] },
    // object literals, even shaped like an Error or cast to one
    { code: "throw { status: 404, message: 'not found' };", errors: [{ messageId: throwNonError, line: 1, column: 7 }] },
    { code: "throw { name: 'DbError', message: 'down' } as unknown as Error;", errors: [{ messageId: throwNonError, line: 1, column: 7 }] },
    {
      code: 'declare const err: Error; throw { ...err, status: 500 };',
      errors: [{ messageId: throwNonError, line: 1, column: 33 }],
    },
    // helpers declared in the file that build messages
    {
      code: 'const notFound = (id: string) => `user ${id} not found`;\nthrow notFound("42");',
      errors: [{ messageId: throwNonError, line: 2, column: 7 }],
    },
    {
      code: "function failure(code: number) { if (code === 404) return 'missing'; return `failed with ${code}`; }\nthrow failure(500);",
      errors: [{ messageId: throwNonError, line: 2, column: 7 }],
    },
    // an Error's text instead of the Error
    {
      code: 'declare const p: Promise<void>; p.catch((e) => { throw e.message; });',
      errors: [{ messageId: throwNonError, line: 1, column: 56, suggestions: [] }],
    },
    { code: "throw new String('boom');", errors: [{ messageId: throwNonError, line: 1, column: 7 }] },
    // ESLint prefer-promise-reject-errors' incorrect examples
    {
      code: "Promise.reject('something bad happened');",
      errors: [
        {
          messageId: rejectNonError,
          line: 1,
          column: 16,
          suggestions: [{ messageId: wrapInError, output: "Promise.reject(new Error('something bad happened'));" }],
        },
      ],
    },
    { code: 'Promise.reject(5);', errors: [{ messageId: rejectNonError, line: 1, column: 16 }] },
    { code: 'Promise.reject();', errors: [{ messageId: rejectNonError, line: 1, column: 1, endColumn: 17 }] },
    {
      code: "new Promise(function (resolve, reject) {\n  reject('something bad happened');\n});",
      errors: [
        {
          messageId: rejectNonError,
          line: 2,
          column: 10,
          suggestions: [
            {
              messageId: wrapInError,
              output: "new Promise(function (resolve, reject) {\n  reject(new Error('something bad happened'));\n});",
            },
          ],
        },
      ],
    },
    { code: 'new Promise(function (resolve, reject) {\n  reject();\n});', errors: [{ messageId: rejectNonError, line: 2, column: 3 }] },
    // reject from a callback nested in the executor
    {
      code: "new Promise<void>((resolve, reject) => {\n  setTimeout(() => reject({ code: 'ETIMEDOUT' }), 1000);\n});",
      errors: [{ messageId: rejectNonError, line: 2, column: 27 }],
    },
    // the option keeps writing `undefined` out reported
    {
      code: 'Promise.reject(undefined);',
      options: [{ allowEmptyReject: true }],
      errors: [{ messageId: rejectNonError, line: 1, column: 16 }],
    },
  ],
};

const options: Tests = {
  valid: [
    { code: 'Promise.reject();', options: [{ allowEmptyReject: true }] },
    { code: 'new Promise((resolve, reject) => reject());', options: [{ allowEmptyReject: true }] },
  ],
  invalid: [],
};

const typedOnly: Tests = {
  valid: [
    // an interface or class that is not an Error: may be a deliberate control-flow throw
    'interface Redirect { location: string } declare const r: Redirect; throw r;',
    'declare const result: Response; throw result;',
    // with types, a close event typed elsewhere (outline's `@shared/collaboration/CloseEvents`)
    "import type { Extension } from '@hocuspocus/server';\ndeclare const EditorUpdateError: { code: number; reason: string };\nexport const version: Partial<Extension> = { onConnect: () => Promise.reject(EditorUpdateError) };",
  ],
  invalid: [
    // the types say it is a string or a plain object
    {
      code: 'declare function describe(e: unknown): string; throw describe(1);',
      errors: [{ messageId: throwNonError, line: 1, column: 54, suggestions: [] }],
    },
    {
      code: 'function handle(message: string) { throw message; }',
      errors: [{ messageId: throwNonError, line: 1, column: 42 }],
    },
    {
      code: 'declare const err: Error; Promise.reject(err.message);',
      errors: [{ messageId: rejectNonError, line: 1, column: 42 }],
    },
    {
      code: "let body = { code: 'E_DB' }; throw body;",
      errors: [{ messageId: throwNonError, line: 1, column: 36 }],
    },
  ],
};

createTypedRuleTester().run('no-throw-non-error (typed)', rule, cases);
createUntypedRuleTester().run('no-throw-non-error (untyped)', rule, cases);
createTypedRuleTester().run('no-throw-non-error (typed, options)', rule, options);
createUntypedRuleTester().run('no-throw-non-error (untyped, options)', rule, options);
createTypedRuleTester().run('no-throw-non-error (typed only)', rule, typedOnly);
