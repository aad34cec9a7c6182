import { logger } from './logger';

// Keeps the subscriptions of a message-bus client. Each subscription exposes deferreds: `closedSignal`
// only ever resolves (with the error that closed it, if any), while `readySignal` rejects when the server
// refuses the subscription.

interface Deferred<T> extends Promise<T> {
  resolve(value: T): void;
  reject(error: Error): void;
}

function deferred<T>(): Deferred<T> {
  let methods = {} as Pick<Deferred<T>, 'resolve' | 'reject'>;
  const promise = new Promise<T>((resolve, reject) => {
    methods = { resolve, reject };
  });
  return Object.assign(promise, methods);
}

export class Subscription {
  closedSignal: Deferred<Error | null> = deferred<Error | null>();
  readySignal: Deferred<void> = deferred<void>();

  constructor(readonly subject: string) {}

  acknowledge(): void {
    this.readySignal.resolve();
  }

  refuse(reason: string): void {
    this.readySignal.reject(new Error(`subscription to ${this.subject} refused: ${reason}`));
  }

  close(error?: Error): Promise<Error | null> {
    this.closedSignal.resolve(error ?? null);
    return this.closedSignal;
  }
}

const subscriptions = new Set<Subscription>();

export function track(subscription: Subscription): void {
  subscriptions.add(subscription);
  // resolves only: forgetting the subscription cannot fail
  subscription.closedSignal.then(() => subscriptions.delete(subscription)); // ok: no-unhandled-rejection
  // rejects when the server refuses the subscription, and nobody handles that
  subscription.readySignal.then(() => logger.info({ subject: subscription.subject }, 'subscribed')); // expect: no-unhandled-rejection
}

export function closeOne(subscription: Subscription): void {
  subscription.close().catch(); // ok: no-unhandled-rejection
}

declare function noop(): void;
declare function connectBus(): Promise<void>;
declare function flushAcks(): Promise<void>;

// The bus client emits connection failures as 'error' events; the named no-op says the duplicate rejection is
// ignored on purpose.
export function ensureConnected(): void {
  connectBus().catch(noop); // ok: no-swallowed-error
}

// An empty arrow states nothing: a failed flush leaves messages unacknowledged and nobody knows.
export function flushNow(): void {
  flushAcks().catch(() => {}); // expect: no-swallowed-error
}
