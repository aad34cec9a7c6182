interface Message {
  subject: string;
  respond(data: string): void;
}

type EndpointHandler = (msg: Message) => void;

interface Endpoint {
  name?: string;
  handler?: EndpointHandler;
}

interface Subscriptions {
  subscribe(subject: string, callback: (msg: Message) => void): void;
}

declare function collectStats(): Promise<Record<string, number>>;
declare function countError(name: string, error: unknown): void;

// A request/reply service: each endpoint's handler is called for every message on its subject, and a handler that
// throws is answered with an error reply.
export class MicroService {
  constructor(private readonly subscriptions: Subscriptions) {}

  start(): void {
    const statsHandler = (msg: Message) => collectStats().then((stats) => msg.respond(JSON.stringify(stats)));
    const pingHandler = (msg: Message) => {
      msg.respond('pong');
      return Promise.resolve();
    };
    this.addInternal('$STATS', statsHandler);
    this.addInternal('$PING', pingHandler);
  }

  private addInternal(subject: string, handler: EndpointHandler): void {
    const endpoint: Endpoint = {};
    endpoint.name = subject;
    endpoint.handler = handler;
    this.setup(subject, endpoint);
  }

  private setup(subject: string, endpoint: Endpoint): void {
    const { name = subject, handler } = endpoint;
    if (!handler) return;
    this.subscriptions.subscribe(subject, (msg) => {
      try {
        handler(msg); // expect: no-unhandled-rejection
      } catch (error) {
        countError(name, error);
        msg.respond(`error: ${String(error)}`);
      }
    });
  }
}

// The same shape with handlers that answer synchronously: the catch sees every failure.
export class EchoService {
  constructor(private readonly subscriptions: Subscriptions) {}

  start(): void {
    this.add('echo', (msg) => msg.respond(msg.subject));
    this.add('health', () => undefined);
  }

  private add(subject: string, handler: EndpointHandler): void {
    this.subscriptions.subscribe(subject, (msg) => {
      try {
        handler(msg); // ok: no-unhandled-rejection
      } catch (error) {
        countError(subject, error);
      }
    });
  }
}

// A user's handler, from outside the file: nothing here says it returns a promise.
export function serve(subscriptions: Subscriptions, subject: string, handler: EndpointHandler): void {
  subscriptions.subscribe(subject, (msg) => {
    try {
      handler(msg); // ok: no-unhandled-rejection
    } catch (error) {
      countError(subject, error);
    }
  });
}
