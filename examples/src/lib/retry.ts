import { logger } from '../logger.js';
import { errorMessage } from './errors.js';

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Defect (no-unbounded-retry): "wait until the database is up" never gives up. When the database is
 * down for good, the process hangs in startup instead of failing its health check and being replaced.
 * Defect (require-retry-backoff): and it waits the same second after every failure, so every replica
 * retrying it hits the recovering database in lockstep.
 */
export async function retryUntilItWorks<T>(operation: () => Promise<T>): Promise<T> {
  while (true) {
    try {
      return await operation();
    } catch (error) {
      logger.warn('operation failed, retrying', { error: errorMessage(error) });
      await sleep(1_000);
    }
  }
}

/**
 * Defect (require-retry-backoff): five attempts back to back. Against an overloaded dependency this
 * multiplies the load by five at exactly the wrong moment.
 */
export async function retryQuickly<T>(operation: () => Promise<T>, attempts = 5): Promise<T> {
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      return await operation();
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

export interface BackoffOptions {
  attempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/** Fine: bounded attempts, exponential backoff with full jitter, and the last error is rethrown. */
export async function withBackoff<T>(operation: () => Promise<T>, options: BackoffOptions = {}): Promise<T> {
  const { attempts = 4, baseDelayMs = 200, maxDelayMs = 5_000 } = options;
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      return await operation();
    } catch (error) {
      lastError = error;
      if (attempt < attempts) {
        await sleep(Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** attempt));
      }
    }
  }
  throw lastError;
}
