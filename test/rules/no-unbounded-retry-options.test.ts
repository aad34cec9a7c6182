import rule from '../../rules/no-unbounded-retry-options.js';
import { createTypedRuleTester, createUntypedRuleTester } from './rule-tester.js';

const cases = {
  valid: [
    `import pRetry from 'p-retry';
await pRetry(run, { retries: 5 });`,
    // Library defaults are finite: p-retry 10, axios-retry 3, got 2.
    `import pRetry from 'p-retry';
await pRetry(run);`,
    `import axiosRetry from 'axios-retry';
axiosRetry(client, { retryDelay: axiosRetry.exponentialDelay });`,
    `import got from 'got';
await got('https://api.example.com', { retry: { limit: 2 } });`,
    `import ky from 'ky';
await ky.get('https://api.example.com', { retry: 0 });`,
    // Values from configuration are the operator's call.
    `import pRetry from 'p-retry';
await pRetry(run, { retries: config.retries });`,
    `import pRetry from 'p-retry';
await pRetry(run, { ...defaults, retries: Infinity, ...overrides });`,
    `import retry from 'async-retry';
await retry(run, { forever: false, retries: 100 });`,
    // Not a retry library: a local helper named retry, another package.
    `async function retry(fn: () => Promise<void>, opts: { retries: number }) { await fn(); }
await retry(run, { retries: Infinity });`,
    `import { retry } from './my-retry.js';
await retry(run, { retries: Infinity });`,
    // cockatiel: bounded retry, a policy from elsewhere, and a circuit breaker (not a retry).
    `import { retry, handleAll, ExponentialBackoff } from 'cockatiel';
export const policy = retry(handleAll, { maxAttempts: 5, backoff: new ExponentialBackoff() });`,
    `import { retry, handleAll } from 'cockatiel';
export const make = (options: { maxAttempts: number }) => retry(handleAll, options);`,
    `import { circuitBreaker, handleAll, ConsecutiveBreaker } from 'cockatiel';
export const breaker = circuitBreaker(handleAll, { halfOpenAfter: 10_000, breaker: new ConsecutiveBreaker(5) });`,
    // A total time budget or an abort signal ends the retries.
    `import pRetry from 'p-retry';
await pRetry(run, { forever: true, maxRetryTime: 60_000 });`,
    `import pRetry from 'p-retry';
export const sync = (signal: AbortSignal) => pRetry(run, { retries: Infinity, signal });`,
    {
      code: `import pRetry from 'p-retry';
await pRetry(run, { retries: 500 });`,
      options: [{ maxRetries: 1000 }] as [{ maxRetries: number }],
    },
  ],
  invalid: [
    {
      code: `import pRetry from 'p-retry';
await pRetry(run, { retries: Infinity });`,
      errors: [{ messageId: 'retriesForever' as const, data: { library: 'p-retry' }, line: 2, column: 21, endColumn: 38 }],
    },
    {
      code: `import pRetry from 'p-retry';
await pRetry(run, { forever: true, minTimeout: 500 });`,
      errors: [{ messageId: 'retriesForever' as const, line: 2, column: 21, endColumn: 34 }],
    },
    {
      code: `import retry from 'async-retry';
await retry(async () => load(), { retries: Number.MAX_SAFE_INTEGER });`,
      errors: [
        {
          messageId: 'absurdCount' as const,
          data: { library: 'async-retry', option: 'retries', value: 'Number.MAX_SAFE_INTEGER' },
          line: 2,
          column: 35,
        },
      ],
    },
    {
      // An options object in a const, and the (options, fn) argument order.
      code: `import promiseRetry from 'promise-retry';
const RETRY = { retries: Number.POSITIVE_INFINITY };
await promiseRetry(RETRY, (again) => load().catch(again));`,
      errors: [{ messageId: 'retriesForever' as const, line: 2, column: 17 }],
    },
    {
      code: `import * as retry from 'retry';
const operation = retry.operation({ forever: true });`,
      errors: [{ messageId: 'retriesForever' as const, data: { library: 'retry' }, line: 2, column: 37 }],
    },
    {
      code: `const axiosRetry = require('axios-retry').default;
axiosRetry(client, { retries: 1e9 });`,
      errors: [{ messageId: 'absurdCount' as const, data: { library: 'axios-retry', option: 'retries', value: '1e9' }, line: 2, column: 22 }],
    },
    {
      code: `import got from 'got';
const MAX = Infinity;
export const api = got.extend({ retry: { limit: MAX } });`,
      errors: [{ messageId: 'retriesForever' as const, data: { library: 'got' }, line: 3, column: 42 }],
    },
    {
      code: `import ky from 'ky';
await ky('https://api.example.com', { retry: 1e6 });`,
      errors: [{ messageId: 'absurdCount' as const, data: { library: 'ky', option: 'retry', value: '1e6' }, line: 2, column: 39 }],
    },
    {
      // cockatiel's maxAttempts defaults to Infinity.
      code: `import { retry, handleAll, ExponentialBackoff } from 'cockatiel';
export const policy = retry(handleAll, { backoff: new ExponentialBackoff() });`,
      errors: [
        { messageId: 'missingBound' as const, data: { library: 'cockatiel', call: 'retry()', option: 'maxAttempts' }, line: 2, column: 23, endColumn: 78 },
      ],
    },
    {
      code: `import * as cockatiel from 'cockatiel';
export const policy = cockatiel.retry(cockatiel.handleAll, { maxAttempts: Infinity });`,
      errors: [{ messageId: 'retriesForever' as const, line: 2, column: 62 }],
    },
    {
      code: `import { backOff } from 'exponential-backoff';
await backOff(send, { numOfAttempts: Infinity });`,
      errors: [{ messageId: 'retriesForever' as const, data: { library: 'exponential-backoff' }, line: 2, column: 23 }],
    },
    {
      code: `import pRetry from 'p-retry';
await pRetry(run, { retries: 50 });`,
      options: [{ maxRetries: 10 }] as [{ maxRetries: number }],
      errors: [{ messageId: 'absurdCount' as const, data: { library: 'p-retry', option: 'retries', value: '50' }, line: 2, column: 21 }],
    },
    {
      code: `import retry from 'async-retry';
await retry(run, { forever: true, maxRetryTime: Infinity });`,
      errors: [{ messageId: 'retriesForever' as const, data: { library: 'async-retry' }, line: 2, column: 20, endColumn: 33 }],
    },
  ],
};

createTypedRuleTester().run('no-unbounded-retry-options (typed)', rule, cases);
createUntypedRuleTester().run('no-unbounded-retry-options (untyped)', rule, cases);
