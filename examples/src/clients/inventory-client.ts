import pRetry from 'p-retry';

import { UpstreamError } from '../lib/errors.js';

const INVENTORY_URL = process.env.INVENTORY_URL ?? 'http://inventory.internal';

export interface Reservation {
  id: string;
  sku: string;
  quantity: number;
  expiresAt: string;
}

export async function reserveStock(sku: string, quantity: number, orderId: string): Promise<Reservation> {
  // Fine: bounded retries with exponential backoff, and every attempt has its own deadline.
  return pRetry(
    async () => {
      const response = await fetch(`${INVENTORY_URL}/reservations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `reserve-${orderId}-${sku}` },
        body: JSON.stringify({ sku, quantity }),
        signal: AbortSignal.timeout(3_000),
      });
      if (!response.ok) {
        throw new UpstreamError(`Reserving ${sku} answered ${response.status}`, 'inventory');
      }
      return (await response.json()) as Reservation;
    },
    { retries: 4, factor: 2, minTimeout: 250, maxTimeout: 4_000 },
  );
}

export async function releaseStock(reservationId: string): Promise<void> {
  // Defect (no-unbounded-retry-options): `forever: true` keeps retrying a release the inventory
  // service rejects for good (say, 404), one worker slot lost per poisoned message.
  await pRetry(
    async () => {
      const response = await fetch(`${INVENTORY_URL}/reservations/${reservationId}`, {
        method: 'DELETE',
        signal: AbortSignal.timeout(3_000),
      });
      if (!response.ok) {
        throw new UpstreamError(`Releasing ${reservationId} answered ${response.status}`, 'inventory');
      }
    },
    { forever: true, minTimeout: 500 },
  );
}

export async function preloadCatalog(): Promise<number> {
  const response = await fetch(`${INVENTORY_URL}/catalog`, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) {
    throw new UpstreamError(`Catalog answered ${response.status}`, 'inventory');
  }
  const items = (await response.json()) as unknown[];
  return items.length;
}
