import { EventEmitter } from 'node:events';

import { logger } from './logger.js';

interface Socket {
  send(data: string): void;
  close(): void;
}

declare function dial(url: string, signal: AbortSignal): Promise<Socket>;

const BASE_RECONNECT_MS = 500;
const MAX_RECONNECT_MS = 30_000;
const RESUBSCRIBE_DELAY_MS = 2_000;

// The chat gateway: reconnects with capped, jittered backoff until disposed.
export class ChatGateway extends EventEmitter {
  private socket: Socket | undefined;
  private attempt = 0;
  private disposed = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly url: string) {
    super();
  }

  async connect(): Promise<void> {
    try {
      this.socket = await dial(this.url, AbortSignal.timeout(10_000));
      this.attempt = 0;
      this.emit('open');
    } catch (error) {
      logger.warn({ error, attempt: this.attempt }, 'gateway dial failed');
      this.scheduleReconnect(); // ok: no-unbounded-retry, require-retry-backoff
    }
  }

  private scheduleReconnect(): void {
    if (this.disposed) return;
    this.attempt++;
    const ceiling = Math.min(MAX_RECONNECT_MS, BASE_RECONNECT_MS * 2 ** this.attempt);
    this.timer = setTimeout(() => void this.connect(), ceiling / 2 + Math.random() * (ceiling / 2)); // ok: require-retry-backoff
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.socket?.close();
  }
}

// The presence feed was copied from an older service: it re-dials forever at a fixed pace.
export class PresenceFeed {
  private socket: Socket | undefined;

  constructor(private readonly url: string) {}

  subscribe(): void {
    dial(this.url, AbortSignal.timeout(10_000))
      .then((socket) => {
        this.socket = socket;
        socket.send(JSON.stringify({ op: 'subscribe', channel: 'presence' }));
      })
      .catch((error: unknown) => {
        logger.warn({ error }, 'presence subscribe failed');
        this.resubscribeLater(); // expect: no-unbounded-retry, require-retry-backoff
      });
  }

  private resubscribeLater(): void {
    setTimeout(() => this.subscribe(), RESUBSCRIBE_DELAY_MS); // ok: require-retry-backoff
  }

  close(): void {
    this.socket?.close();
  }
}
