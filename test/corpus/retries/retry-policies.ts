import retry from 'async-retry';
import {
  ConstantBackoff,
  ExponentialBackoff,
  handleAll,
  handleType,
  retry as retryPolicy,
  timeout,
  TimeoutStrategy,
  wrap,
} from 'cockatiel';
import { backOff } from 'exponential-backoff';
import got from 'got';
import promiseRetry from 'promise-retry';
import * as operations from 'retry';

import { logger } from './logger.js';
import { settings } from './settings.js';

class TransientError extends Error {}

const MAX_RETRIES = Infinity;

// Shared policies for the payments service.
export const gatewayRetry = retryPolicy(handleType(TransientError), { maxAttempts: 4, backoff: new ExponentialBackoff() }); // ok: no-unbounded-retry-options, require-retry-backoff
export const webhookRetry = retryPolicy(handleAll, { backoff: new ExponentialBackoff({ maxDelay: 30_000 }) }); // expect: no-unbounded-retry-options
export const ledgerRetry = retryPolicy(handleAll, { maxAttempts: 3 }); // expect: require-retry-backoff
export const auditRetry = retryPolicy(handleAll, {
  maxAttempts: 5, // ok: no-unbounded-retry-options
  backoff: new ConstantBackoff(1_000), // expect: require-retry-backoff
});
export const gatewayPolicy = wrap(timeout(2_000, TimeoutStrategy.Aggressive), gatewayRetry);

export const http = got.extend({
  prefixUrl: 'https://payments.internal',
  timeout: { request: 5_000 },
  retry: { limit: 3, methods: ['GET', 'PUT'] }, // ok: no-unbounded-retry-options
});

export const reportsHttp = got.extend({
  prefixUrl: 'https://reports.internal',
  timeout: { request: 30_000 },
  retry: { limit: MAX_RETRIES }, // expect: no-unbounded-retry-options
});

export async function settle(paymentId: string): Promise<void> {
  await retry(
    async (bail) => {
      const response = await http.post(`settlements/${paymentId}`).json<{ ok: boolean }>();
      if (!response.ok) bail(new Error(`settlement ${paymentId} rejected`));
    },
    { retries: 5, factor: 1, minTimeout: 1_000 }, // ok: require-retry-backoff
  );
}

export async function refund(paymentId: string): Promise<void> {
  await retry(
    async () => {
      await http.post(`refunds/${paymentId}`);
    },
    { retries: settings.refundRetries, factor: 1, randomize: false }, // expect: require-retry-backoff
  );
}

export async function replicate(record: unknown): Promise<void> {
  await promiseRetry(
    async (again, attempt) => {
      try {
        await http.post('replica', { json: record });
      } catch (error) {
        logger.warn({ error, attempt }, 'replication failed');
        again(error);
      }
    },
    { retries: 1e6 }, // expect: no-unbounded-retry-options
  );
}

export function watchConfig(load: () => Promise<void>): void {
  const operation = operations.operation({ forever: true, factor: 2, randomize: true }); // expect: no-unbounded-retry-options
  operation.attempt(() => {
    load().catch((error: unknown) => {
      if (!operation.retry(error as Error)) logger.error({ error }, 'config load gave up');
    });
  });
}

export function loadSecrets(load: () => Promise<void>): void {
  const operation = operations.operation({ retries: 5, minTimeout: 500 }); // ok: no-unbounded-retry-options, require-retry-backoff
  operation.attempt(() => {
    load().catch((error: unknown) => {
      if (!operation.retry(error as Error)) logger.error({ error }, 'secret load gave up');
    });
  });
}

export async function exportBatch(send: () => Promise<void>): Promise<void> {
  await backOff(send, { numOfAttempts: 6, startingDelay: 200, jitter: 'full' }); // ok: no-unbounded-retry-options, require-retry-backoff
}

export async function flushSpans(send: () => Promise<void>): Promise<void> {
  await backOff(send, { numOfAttempts: 4, timeMultiple: 1, startingDelay: 1_000 }); // expect: require-retry-backoff
}
