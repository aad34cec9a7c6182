import { logger } from './logger.js';

// A database driver's control connection: it walks the cluster's hosts in the load-balancing policy's order and
// stops at the first that answers, or when the list runs out.

interface Host {
  address: string;
  isUp(): boolean;
}

interface Connection {
  host: Host;
}

declare function borrowConnection(host: Host | undefined): Connection;

class NoHostAvailableError extends Error {
  constructor(readonly tried: Record<string, unknown>) {
    super(`no host available (${Object.keys(tried).length} tried)`);
  }
}

// Failover: each pass takes the next host off the iterator, and its end ends the loop with an error.
export function firstConnection(hosts: Iterator<Host>): Connection {
  const tried: Record<string, unknown> = {};
  let connection: Connection | undefined;
  while (!connection) { // ok: no-unbounded-retry, require-retry-backoff
    const item = hosts.next();
    if (item.done) throw new NoHostAvailableError(tried);
    if (!item.value.isUp()) continue;
    try {
      connection = borrowConnection(item.value);
    } catch (error) {
      tried[item.value.address] = error;
    }
  }
  return connection;
}

// The same walk with the end never checked: past the last host, `item.value` is undefined and the loop asks again
// at once, for ever.
export function anyConnection(hosts: Iterator<Host>): Connection {
  let connection: Connection | undefined;
  while (!connection) { // expect: no-unbounded-retry, require-retry-backoff
    const item = hosts.next();
    try {
      connection = borrowConnection(item.value);
    } catch (error) {
      logger.warn({ error }, 'host unavailable; trying the next');
    }
  }
  return connection;
}
