import { EventEmitter } from 'node:events';

import { logger } from './logger.js';

// A message-broker server on a connection manager that reconnects on its own, with an optional attempt cap.

interface ConnectionManager extends EventEmitter {
  close(): Promise<void>;
}

declare function createManager(urls: string[]): ConnectionManager;

const UNLIMITED = -1;

export class BrokerServer {
  private connectionAttempts = 0;
  private failures = 0;
  private manager: ConnectionManager | undefined;

  constructor(
    private readonly urls: string[],
    private readonly maxConnectionAttempts = UNLIMITED,
  ) {}

  // The cap is counted in a `once` listener: the manager keeps reconnecting, and only its first failure is counted.
  listen(callback: (error?: Error) => void): void {
    const manager = createManager(this.urls);
    this.manager = manager;
    manager.once('connect', () => callback());
    manager.once('connectFailed', (error: Error) => {
      logger.error({ error }, 'broker connection failed');
      if (this.maxConnectionAttempts === UNLIMITED) return;
      if (++this.connectionAttempts === this.maxConnectionAttempts) { // expect: no-unbounded-retry
        manager.close().then(() => callback(error), callback);
      }
    });
  }

  // The same cap counted in an `on` listener, which sees every failure, and removed on the first connect.
  listenCounted(callback: (error?: Error) => void): void {
    const manager = createManager(this.urls);
    this.manager = manager;
    const onFailure = (error: Error): void => {
      if (this.maxConnectionAttempts === UNLIMITED) return;
      if (++this.failures >= this.maxConnectionAttempts) { // ok: no-unbounded-retry
        manager.off('connectFailed', onFailure);
        manager.close().then(() => callback(error), callback);
      }
    };
    manager.on('connectFailed', onFailure);
    manager.once('connect', () => {
      manager.off('connectFailed', onFailure);
      callback();
    });
  }

  // A probe that gives up after its first failure: a cap of one is reached by the only event it sees.
  probe(callback: (ok: boolean) => void): void {
    const manager = createManager(this.urls);
    manager.once('connectFailed', () => {
      if (++this.failures >= 1) void manager.close(); // ok: no-unbounded-retry
      callback(false);
    });
  }

  async close(): Promise<void> {
    await this.manager?.close();
  }
}
