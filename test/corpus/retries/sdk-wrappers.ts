import { setTimeout as wait } from 'node:timers/promises';
import type { Socket } from 'node:net';

import { logger } from './logger.js';

interface Row {
  id: string;
}

interface Db {
  query(sql: string, params: unknown[]): Promise<Row[]>;
}

interface Listener {
  accept(): Promise<Socket>;
  readonly closed: boolean;
}

class DeadlockError extends Error {}

// Retries a deadlocked transaction immediately, forever.
export async function withDeadlockRetry<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof DeadlockError)) throw error;
    return withDeadlockRetry(run); // expect: no-unbounded-retry, require-retry-backoff
  }
}

export async function withTransactionRetry<T>(run: () => Promise<T>, attempt = 1): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof DeadlockError) || attempt >= 3) throw error;
    await wait(20 * 2 ** attempt + Math.random() * 20); // ok: require-retry-backoff
    return withTransactionRetry(run, attempt + 1); // ok: no-unbounded-retry
  }
}

export function loadUser(db: Db, id: string): Promise<Row[]> {
  return db.query('select * from users where id = $1', [id]).catch((error: unknown) => {
    logger.warn({ error, id }, 'user query failed, trying again');
    return loadUser(db, id); // expect: no-unbounded-retry, require-retry-backoff
  });
}

export function startHeartbeat(send: () => Promise<void>): void {
  send().catch((error: unknown) => {
    logger.warn({ error }, 'heartbeat failed');
    setTimeout(() => startHeartbeat(send), 3_000); // expect: no-unbounded-retry, require-retry-backoff
  });
}

export const publish = async (topic: string, message: string, left = 3): Promise<void> => {
  try {
    const response = await fetch(`https://bus.internal/${topic}`, {
      method: 'POST',
      body: message,
      signal: AbortSignal.timeout(2_000),
    });
    if (!response.ok) throw new Error(`bus status ${response.status}`);
  } catch (error) {
    if (!left) throw error;
    await wait(1_500); // ok: require-retry-backoff
    return publish(topic, message, left - 1); // ok: no-unbounded-retry; expect: require-retry-backoff
  }
};

// Walks a category tree; the recursion is a traversal, not a retry.
export async function collectIds(db: Db, parent: string): Promise<string[]> {
  const rows = await db.query('select id from categories where parent = $1', [parent]);
  const nested = await Promise.all(rows.map((row) => collectIds(db, row.id))); // ok: no-unbounded-retry
  return [...rows.map((row) => row.id), ...nested.flat()];
}

// Falls back to the replica once; calls another function, not itself.
export async function readOrders(primary: Db, replica: Db): Promise<Row[]> {
  try {
    return await primary.query('select * from orders', []);
  } catch (error) {
    logger.warn({ error }, 'primary failed, reading the replica');
    return replica.query('select * from orders', []); // ok: no-unbounded-retry
  }
}

// An accept loop: a failed accept is logged and the loop ends once the listener closes.
export async function serve(listener: Listener, onSocket: (socket: Socket) => void): Promise<void> {
  while (true) { // ok: no-unbounded-retry
    try {
      onSocket(await listener.accept());
    } catch (error) {
      if (listener.closed) return;
      logger.warn({ error }, 'accept failed');
    }
  }
}

export async function migrate(run: () => Promise<void>): Promise<void> {
  while (true) { // expect: no-unbounded-retry, require-retry-backoff
    try {
      await run();
      break;
    } catch (error) {
      logger.error({ error }, 'migration failed, retrying');
      await wait(10_000); // ok: require-retry-backoff
    }
  }
}
