import { createHmac } from 'node:crypto';

export interface WebhookTarget {
  url: string;
  secret: string;
}

export interface DeliveryResult {
  status: number;
  durationMs: number;
}

const DELIVERY_TIMEOUT_MS = 10_000;

function sign(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

export async function deliver(target: WebhookTarget, event: unknown): Promise<DeliveryResult> {
  const body = JSON.stringify(event);
  const started = Date.now();
  const response = await fetch(target.url, { // ok: require-request-timeout
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-signature': sign(target.secret, body) },
    body,
    signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
  });
  return { status: response.status, durationMs: Date.now() - started };
}

// Used by the "send test event" button in the dashboard.
export async function sendTestEvent(target: WebhookTarget): Promise<number> {
  const body = JSON.stringify({ type: 'ping' });
  const response = await fetch(target.url, { // expect: require-request-timeout
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-signature': sign(target.secret, body) },
    body,
  });
  return response.status;
}

export async function verifyEndpoint(url: string): Promise<boolean> {
  // Someone assumed fetch takes a timeout like axios does.
  const response = await fetch(url, { method: 'HEAD', timeout: 3_000 } as RequestInit); // expect: require-request-timeout
  return response.ok;
}

export async function deliverWithCancel(target: WebhookTarget, event: unknown, shutdown: AbortSignal): Promise<number> {
  const response = await fetch(target.url, { // ok: require-request-timeout
    method: 'POST',
    body: JSON.stringify(event),
    signal: AbortSignal.any([shutdown, AbortSignal.timeout(DELIVERY_TIMEOUT_MS)]),
  });
  return response.status;
}

export async function deliverBatch(url: string, events: unknown[]): Promise<number> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 30_000);
  try {
    const response = await fetch(url, { method: 'POST', body: JSON.stringify(events), signal: controller.signal }); // ok: require-request-timeout
    return response.status;
  } finally {
    clearTimeout(timer);
  }
}

export async function deliverOnce(url: string, event: unknown): Promise<number> {
  // A controller "for later" that nothing ever aborts.
  const controller = new AbortController();
  const response = await fetch(url, { method: 'POST', body: JSON.stringify(event), signal: controller.signal }); // expect: require-request-timeout
  return response.status;
}

export async function fetchDeliveryLog(url: string, { signal }: { signal?: AbortSignal } = {}): Promise<string> {
  const response = await fetch(url, { signal }); // expect: require-request-timeout
  return response.text();
}

export async function fetchDeliveryStats(url: string, { signal }: { signal?: AbortSignal } = {}): Promise<string> {
  const response = await fetch(url, { signal: signal ?? AbortSignal.timeout(DELIVERY_TIMEOUT_MS) }); // ok: require-request-timeout
  return response.text();
}

export async function forward(url: string, init: RequestInit): Promise<Response> {
  // The proxy route passes its own init, deadline included.
  return fetch(url, { ...init, redirect: 'manual' }); // ok: require-request-timeout
}

export async function probe(url: string): Promise<number> {
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`probe of ${url} timed out`)), 2_000));
  const response = await Promise.race([fetch(url, { method: 'HEAD' }), timeout]); // ok: require-request-timeout
  return response.status;
}
