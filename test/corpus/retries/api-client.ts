import axios from 'axios';
import axiosRetry, { exponentialDelay, isNetworkOrIdempotentRequestError } from 'axios-retry';
import pRetry, { AbortError } from 'p-retry';

import { logger } from './logger.js';

export class HttpError extends Error {
  constructor(readonly status: number, readonly url: string) {
    super(`HTTP ${status} from ${url}`);
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function backoffMs(attempt: number): number {
  const ceiling = Math.min(20_000, 100 * 2 ** attempt);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

export async function getJson<T>(url: string, maxAttempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) { // ok: no-unbounded-retry
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (response.ok) return (await response.json()) as T;
      throw new HttpError(response.status, url);
    } catch (error) {
      if (attempt >= maxAttempts) throw error;
      await sleep(backoffMs(attempt)); // ok: require-retry-backoff
    }
  }
}

// Billing must never miss an event, so this one keeps going.
export async function postUsage(url: string, body: unknown): Promise<void> {
  let attempt = 0;
  while (true) { // expect: no-unbounded-retry
    try {
      const response = await fetch(url, {
        method: 'POST',
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(5_000),
      });
      if (response.ok) return;
      throw new HttpError(response.status, url);
    } catch (error) {
      attempt++;
      logger.warn({ error, attempt }, 'usage post failed');
      await sleep(1_000 * attempt); // ok: require-retry-backoff
    }
  }
}

export async function putDocument(url: string, body: string): Promise<Response> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) { // expect: require-retry-backoff
    try {
      return await fetch(url, { method: 'PUT', body, signal: AbortSignal.timeout(5_000) });
    } catch (error) {
      lastError = error;
    }
  }
  throw new Error(`PUT ${url} failed three times`, { cause: lastError });
}

export async function fetchProfile(id: string): Promise<unknown> {
  return pRetry(
    async () => {
      const response = await fetch(`https://profiles.internal/v1/${id}`, { signal: AbortSignal.timeout(3_000) });
      if (response.status === 404) throw new AbortError('profile not found');
      if (!response.ok) throw new HttpError(response.status, response.url);
      return response.json();
    },
    { retries: 5, onFailedAttempt: (error) => logger.warn({ error }, 'profile fetch failed') }, // ok: no-unbounded-retry-options
  );
}

export async function syncLedger(run: () => Promise<void>): Promise<void> {
  await pRetry(run, { forever: true, minTimeout: 500 }); // expect: no-unbounded-retry-options
}

export async function pushMetrics(run: () => Promise<void>): Promise<void> {
  await pRetry(run, { retries: 4, factor: 1, minTimeout: 2_000 }); // expect: require-retry-backoff
}

export async function refreshToken(run: () => Promise<string>): Promise<string> {
  return pRetry(run, { retries: 3, factor: 1, randomize: true }); // ok: require-retry-backoff
}

export function createCatalogClient(baseURL: string) {
  const client = axios.create({ baseURL, timeout: 5_000 });
  axiosRetry(client, { retries: 3, retryDelay: exponentialDelay, retryCondition: isNetworkOrIdempotentRequestError }); // ok: require-retry-backoff, no-unbounded-retry-options
  return client;
}

export function createSearchClient(baseURL: string) {
  const client = axios.create({ baseURL, timeout: 5_000 });
  axiosRetry(client, { retries: 3 }); // expect: require-retry-backoff
  return client;
}

export function createInventoryClient(baseURL: string) {
  const client = axios.create({ baseURL, timeout: 5_000 });
  axiosRetry(client, {
    retries: Number.POSITIVE_INFINITY, // expect: no-unbounded-retry-options
    retryDelay: () => 1_000, // expect: require-retry-backoff
  });
  return client;
}

export function createPricingClient(baseURL: string, retries: number) {
  const client = axios.create({ baseURL, timeout: 5_000 });
  axiosRetry(client, {
    retries, // ok: no-unbounded-retry-options
    retryDelay: (retryCount) => retryCount * 500, // ok: require-retry-backoff
  });
  return client;
}
