import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';

import { logger } from './logger';

// Delivers domain events to subscriber webhooks.
export interface Subscription {
  url: string;
  secret: string;
  events: string[];
}

export interface DeliveryResult {
  url: string;
  status: number;
}

const bus = new EventEmitter();

async function post(url: string, body: unknown): Promise<DeliveryResult> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(5_000),
  });
  return { url, status: response.status };
}

export async function loadSubscriptions(path: string): Promise<Subscription[]> {
  const raw = await readFile(path, 'utf8');
  return JSON.parse(raw) as Subscription[]; // expect: require-json-parse-guard
}

export async function dispatch(subscriptions: Subscription[], event: string, payload: unknown): Promise<DeliveryResult[]> {
  const targets = subscriptions.filter((s) => s.events.includes(event));
  return Promise.all(targets.map((s) => post(s.url, payload))); // ok: no-unhandled-rejection
}

export function notifyAudit(event: string): void {
  fetch('https://audit.internal/events', { method: 'POST', body: JSON.stringify({ event }), signal: AbortSignal.timeout(2_000) }); // expect: no-unhandled-rejection
}

export function notifyMonitoring(event: string): void {
  fetch('https://monitoring.internal/events', { method: 'POST', body: event, signal: AbortSignal.timeout(2_000) }) // ok: no-unhandled-rejection
    .then((response) => logger.debug({ status: response.status }, 'monitoring notified'))
    .catch((error: unknown) => logger.warn({ err: error }, 'monitoring unreachable'));
}

export function notifyBilling(event: string): void {
  post('https://billing.internal/hooks', { event }).then((result) => logger.info(result, 'billing notified')); // expect: no-unhandled-rejection
}

export async function fetchRemoteConfig(url: string): Promise<Record<string, unknown>> {
  const response = await fetch(url, { signal: AbortSignal.timeout(3_000) });
  const text = await response.text();
  try {
    return JSON.parse(text) as Record<string, unknown>; // ok: require-json-parse-guard
  } catch (error) {
    throw new Error(`config at ${url} is not JSON`, { cause: error });
  }
}

export function fetchFlags(url: string): Promise<Record<string, boolean>> {
  return fetch(url, { signal: AbortSignal.timeout(3_000) })
    .then((response) => response.text())
    .then((text) => JSON.parse(text) as Record<string, boolean>) // ok: require-json-parse-guard
    .catch((error: unknown) => {
      logger.warn({ err: error }, 'flags unavailable, using defaults');
      return {};
    });
}

export function fingerprint(payload: unknown): string {
  const copy = JSON.parse(JSON.stringify(payload)) as Record<string, unknown>; // ok: require-json-parse-guard
  return Object.keys(copy).sort().join(',');
}

bus.on('order.created', async (order: { id: string }) => { // expect: no-unsafe-async-callback
  const subscriptions = await loadSubscriptions('/etc/webhooks.json');
  await dispatch(subscriptions, 'order.created', order);
});

bus.on('order.cancelled', (order: { id: string }) => { // ok: no-unsafe-async-callback
  loadSubscriptions('/etc/webhooks.json') // ok: no-unhandled-rejection
    .then((subscriptions) => dispatch(subscriptions, 'order.cancelled', order))
    .catch((error: unknown) => logger.error({ err: error, order: order.id }, 'cancel webhooks failed'));
});

export function scheduleRetry(subscription: Subscription, payload: unknown): void {
  setTimeout(() => post(subscription.url, payload), 30_000); // expect: no-unsafe-async-callback
}

export function scheduleProbe(subscription: Subscription): void {
  setTimeout(() => { // ok: no-unsafe-async-callback
    post(subscription.url, { probe: true }).catch((error: unknown) => logger.warn({ err: error }, 'probe failed')); // ok: no-unhandled-rejection
  }, 60_000);
}

export function publish(event: string, payload: unknown): void {
  bus.emit(event, payload); // ok: no-unhandled-rejection
}
