import { EventEmitter } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';

import { logger } from './logger.js';

interface Connection {
  on(event: 'close', listener: () => void): void;
  close(): Promise<void>;
}

declare function openConnection(url: string, signal: AbortSignal): Promise<Connection>;

const RECONNECT_DELAY_MS = 5_000;
const MAX_RECONNECT_DELAY_MS = 60_000;

function jittered(ms: number): number {
  return Math.round(ms / 2 + (Math.random() * ms) / 2);
}

export class ReconnectingClient extends EventEmitter {
  private connection: Connection | undefined;
  private closed = false;
  private attempts = 0;

  constructor(private readonly url: string) {
    super();
  }

  // Reconnects until close() is called, with capped exponential backoff and jitter.
  async connect(): Promise<void> {
    try {
      this.connection = await openConnection(this.url, AbortSignal.timeout(10_000));
      this.attempts = 0;
      this.connection.on('close', () => this.emit('disconnected'));
    } catch (error) {
      if (this.closed) return;
      this.attempts++;
      logger.warn({ error, attempts: this.attempts }, 'connect failed');
      await delay(jittered(Math.min(MAX_RECONNECT_DELAY_MS, 500 * 2 ** this.attempts))); // ok: require-retry-backoff
      return this.connect(); // ok: no-unbounded-retry
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.connection?.close();
  }
}

// A subscriber written in a hurry: it re-dials forever, every five seconds, from the rejection handler.
export class MarketDataFeed {
  private connection: Connection | undefined;

  constructor(private readonly url: string) {}

  start(): Promise<void> {
    return openConnection(this.url, AbortSignal.timeout(10_000))
      .then((connection) => {
        this.connection = connection;
      })
      .catch(async (error: unknown) => {
        logger.warn({ error }, 'feed connect failed');
        await delay(RECONNECT_DELAY_MS); // ok: require-retry-backoff
        return this.start(); // expect: no-unbounded-retry, require-retry-backoff
      });
  }

  get isConnected(): boolean {
    return this.connection !== undefined;
  }
}

export async function connectWithBudget(url: string, budgetMs = 30_000): Promise<Connection> {
  const deadline = Date.now() + budgetMs;
  let wait = 250;
  while (true) { // ok: no-unbounded-retry
    try {
      return await openConnection(url, AbortSignal.timeout(5_000));
    } catch (error) {
      if (Date.now() + wait > deadline) throw error;
      await delay(wait); // ok: require-retry-backoff
      wait *= 2;
    }
  }
}

export async function dialUntilUp(url: string): Promise<Connection> {
  let connection: Connection | undefined;
  while (!connection) { // expect: no-unbounded-retry, require-retry-backoff
    try {
      connection = await openConnection(url, AbortSignal.timeout(5_000));
    } catch (error) {
      logger.warn({ error, url }, 'dial failed');
      await delay(2_000); // ok: require-retry-backoff
    }
  }
  return connection;
}

export async function dialWithSignal(url: string, signal: AbortSignal): Promise<Connection> {
  for (let attempt = 0; ; attempt++) { // ok: no-unbounded-retry
    signal.throwIfAborted();
    try {
      return await openConnection(url, AbortSignal.any([signal, AbortSignal.timeout(5_000)]));
    } catch (error) {
      logger.warn({ error, attempt }, 'dial failed');
      await delay(jittered(Math.min(30_000, 100 * 2 ** attempt)), undefined, { signal }); // ok: require-retry-backoff
    }
  }
}

export async function redial(url: string, retriesLeft = 5): Promise<Connection> {
  try {
    return await openConnection(url, AbortSignal.timeout(5_000));
  } catch (error) {
    if (retriesLeft <= 0) throw error;
    return redial(url, retriesLeft - 1); // expect: require-retry-backoff
  }
}
