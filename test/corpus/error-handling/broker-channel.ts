import { EventEmitter } from 'node:events';

interface Channel extends EventEmitter {
  publish(exchange: string, routingKey: string, content: Buffer): boolean;
  close(): Promise<void>;
}

interface Connection extends EventEmitter {
  createChannel(): Promise<Channel>;
}

interface Logger {
  warn(message: string): void;
}

// Publishes through a channel of the current connection; messages wait in a queue while there is none.
export class PublishChannel extends EventEmitter {
  private channel?: Channel;
  private readonly queue: { exchange: string; key: string; body: Buffer }[] = [];

  constructor(connections: EventEmitter) {
    super();
    connections.on('connect', (connection: Connection) => void this.onConnect(connection));
  }

  private async onConnect(connection: Connection): Promise<void> {
    const channel = await connection.createChannel();
    this.channel = channel;
    channel.on('close', () => this.onChannelClose(channel)); // expect: no-swallowed-error
    this.flush();
  }

  // A channel the broker closes (a publish to a missing exchange) is dropped; the next one comes with a reconnect.
  private onChannelClose(channel: Channel): void {
    if (this.channel === channel) {
      this.channel = undefined;
    }
  }

  publish(exchange: string, key: string, body: Buffer): void {
    this.queue.push({ exchange, key, body });
    this.flush();
  }

  private flush(): void {
    const channel = this.channel;
    if (!channel) return;
    for (let item = this.queue.shift(); item; item = this.queue.shift()) channel.publish(item.exchange, item.key, item.body);
  }
}

// The same channel, reopened when the broker closes it, and one whose close is reported.
export class ReopeningChannel {
  private channel?: Channel;

  constructor(
    private readonly connection: Connection,
    private readonly log: Logger,
  ) {}

  async open(): Promise<void> {
    const channel = await this.connection.createChannel();
    this.channel = channel;
    channel.on('close', () => { // ok: no-swallowed-error
      this.channel = undefined;
      this.log.warn('channel closed by the broker, reopening');
      void this.open();
    });
  }
}

// A channel opened lazily on each use: forgetting it on close is enough, the next publish opens another.
export class LazyChannel {
  private channel?: Channel;

  constructor(private readonly connection: Connection) {}

  private async watch(): Promise<void> {
    const channel = await this.connection.createChannel();
    this.channel = channel;
    channel.on('close', () => this.forget()); // ok: no-swallowed-error
  }

  private forget(): void {
    this.channel = undefined;
  }

  async publish(exchange: string, key: string, body: Buffer): Promise<boolean> {
    if (!this.channel) await this.watch();
    if (!this.channel) this.channel = await this.connection.createChannel();
    return this.channel.publish(exchange, key, body);
  }
}
