import { logger } from './logger';
import Redis from 'ioredis';

// Stock reservations against the inventory service. Two error classes without a place for a cause:
// one used as a domain translation (fine), one that copies the caught error's text (lossy).
export class StockUnavailableError extends Error {
  constructor(readonly sku: string, detail: string) {
    super(`${sku} unavailable: ${detail}`);
    this.name = 'StockUnavailableError';
  }
}

export class UnknownSkuError extends Error {
  constructor(readonly sku: string) {
    super(`unknown sku ${sku}`);
    this.name = 'UnknownSkuError';
  }
}

async function post(path: string, body: unknown): Promise<Response> {
  return fetch(`https://inventory.internal${path}`, { method: 'POST', body: JSON.stringify(body), signal: AbortSignal.timeout(3_000) });
}

export async function reserve(sku: string, quantity: number): Promise<void> {
  try {
    const response = await post('/reservations', { sku, quantity });
    if (!response.ok) throw new Error(`inventory answered ${response.status}`);
  } catch (error) {
    throw new StockUnavailableError(sku, `reservation failed: ${String(error)}`); // expect: require-error-cause
  }
}

export async function describe(sku: string): Promise<unknown> {
  try {
    const response = await post('/lookup', { sku });
    return await response.json();
  } catch (error) {
    logger.debug({ err: error, sku }, 'lookup failed');
    throw new UnknownSkuError(sku); // ok: require-error-cause
  }
}

export async function release(sku: string): Promise<void> {
  try {
    await post('/releases', { sku });
  } catch (error) {
    // renders the raw value itself when it is not an Error
    logger.warn(`release of ${sku} failed: ${(error as Error).message || error}`); // ok: no-unsafe-error-access
    throw new Error(`release of ${sku} failed`, { cause: error });
  }
}

// The stock cache: ioredis rejects with its own Errors, while the warm-up hook is the caller's code.
export async function cachedLevel(redis: CacheClient, sku: string, warmUp: () => Promise<void>): Promise<string | null> {
  const cache = new Redis(process.env.REDIS_URL ?? '');
  try {
    return await cache.get(`stock:${sku}`);
  } catch (err: any) {
    logger.warn(`stock cache unavailable: ${err.message}`); // ok: no-unsafe-error-access
  }
  try {
    await cache.set(`stock:${sku}:warm`, '1');
    await warmUp();
  } catch (err: any) {
    logger.warn(`warm-up failed: ${err.message}`); // expect: no-unsafe-error-access
  }
  return redis.get(`stock:${sku}`);
}

interface CacheClient {
  get(key: string): Promise<string | null>;
}
