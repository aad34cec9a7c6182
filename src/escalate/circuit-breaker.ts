/**
 * Stops paying for a dead, hanging or misbehaving API. Every request's outcome counts: an error after
 * the SDK's retries, an answer that is not JSON or breaks the schema, a cut-off answer and a refusal are
 * failures; a valid answer resets the count. After `threshold` consecutive failures the breaker opens:
 * `signal` aborts, so requests in flight stop at once, and `acquire` starts no other.
 *
 * Requests in flight are bounded by the failures still allowed (`threshold - failures`): against an API
 * that fails every request, no more than `threshold` requests are ever sent, whatever the concurrency.
 */
export class CircuitBreaker {
  private failures = 0;
  private inFlight = 0;
  private waiting: (() => void)[] = [];
  private readonly controller = new AbortController();

  constructor(private readonly threshold: number) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get isOpen(): boolean {
    return this.controller.signal.aborted;
  }

  get consecutiveFailures(): number {
    return this.failures;
  }

  /** Waits for a slot; false when the breaker is open (or opens meanwhile, or `stop` aborts). */
  async acquire(stop?: AbortSignal): Promise<boolean> {
    while (!this.isOpen && !stop?.aborted && this.inFlight >= Math.max(1, this.threshold - this.failures)) {
      await new Promise<void>((resolve) => {
        const onStop = (): void => resolve();
        this.waiting.push(() => {
          stop?.removeEventListener('abort', onStop);
          resolve();
        });
        stop?.addEventListener('abort', onStop, { once: true });
      });
    }
    if (this.isOpen || stop?.aborted) return false;
    this.inFlight += 1;
    return true;
  }

  /** Ends a request taken with `acquire`. `aborted`: stopped by us, which says nothing of the API. Returns true when this failure opened the breaker. */
  release(outcome: 'success' | 'failure' | 'aborted'): boolean {
    this.inFlight -= 1;
    let opened = false;
    if (outcome === 'success') {
      this.failures = 0;
    } else if (outcome === 'failure') {
      this.failures += 1;
      if (this.failures >= this.threshold && !this.isOpen) {
        opened = true;
        this.controller.abort(new Error('circuit breaker open'));
      }
    }
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
    return opened;
  }
}
