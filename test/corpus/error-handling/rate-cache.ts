import { logger } from './logger';
import { alerts } from './alerts';

// Exchange rates cached in memory, refreshed from the rates API. Each refresh function owns its failure
// differently, and that decides whether a caller may leave its promise alone.
const rates = new Map<string, number>();

async function fetchRates(): Promise<Record<string, number>> {
  const response = await fetch('https://rates.example.com/latest', { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`rates API answered ${response.status}`);
  return (await response.json()) as Record<string, number>;
}

// Cannot reject: the catch logs and keeps the old rates.
export async function refreshRates(): Promise<void> {
  try {
    for (const [currency, rate] of Object.entries(await fetchRates())) rates.set(currency, rate);
  } catch (error) {
    logger.warn({ err: error }, 'rates refresh failed; keeping the previous rates');
  }
}

// May reject: the catch logs and rethrows.
export async function syncRates(): Promise<void> {
  try {
    for (const [currency, rate] of Object.entries(await fetchRates())) rates.set(currency, rate);
  } catch (error) {
    logger.error({ err: error }, 'rates sync failed');
    throw error;
  }
}

// May reject: the catch awaits an alert that nothing guards.
export async function pushRates(): Promise<void> {
  try {
    await alerts.publish('rates', Object.fromEntries(rates));
  } catch (error) {
    await alerts.send('ops', `rates push failed: ${String(error)}`);
  }
}

// Cannot reject: a promise that only resolves.
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function rateOf(currency: string): number | undefined {
  return rates.get(currency);
}

// Warming the rates on start-up is optional: the comment above the try says why its failure is dropped.
export async function warmRates(): Promise<void> {
  // Best effort: a failed warm-up is harmless, the first refresh fills the cache
  try {
    for (const [currency, rate] of Object.entries(await fetchRates())) rates.set(currency, rate);
  } catch {} // ok: no-swallowed-error
}

// The comment above says what the try does, not why its failure may go: a caller gets the stale rate silently.
export async function latestRate(currency: string): Promise<number | undefined> {
  // fetch the latest rates for this currency
  try {
    for (const [code, rate] of Object.entries(await fetchRates())) rates.set(code, rate);
  } catch {} // expect: no-swallowed-error
  return rates.get(currency);
}
