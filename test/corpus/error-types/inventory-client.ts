import { logger } from './logger';

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
