export interface PaymentsOptions {
  apiKey: string;
  baseUrl?: string;
  /** Injected for tests and edge runtimes. */
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface Charge {
  id: string;
  amount: number;
  status: 'pending' | 'succeeded' | 'failed';
}

export class PaymentsError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'PaymentsError';
  }
}

export class PaymentsClient {
  private readonly fetchImpl: typeof fetch;
  private readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: PaymentsOptions) {
    this.fetchImpl = options.fetch ?? globalThis.fetch;
    this.baseUrl = options.baseUrl ?? 'https://api.payments.example.com/v1';
    this.timeoutMs = options.timeoutMs ?? 15_000;
  }

  async createCharge(amount: number, currency: string): Promise<Charge> {
    const response = await this.fetchImpl(`${this.baseUrl}/charges`, { // ok: require-request-timeout
      method: 'POST',
      headers: this.headers(),
      body: JSON.stringify({ amount, currency }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    return this.parse<Charge>(response);
  }

  async getCharge(id: string): Promise<Charge> {
    const response = await this.fetchImpl(`${this.baseUrl}/charges/${id}`, { headers: this.headers() }); // expect: require-request-timeout
    return this.parse<Charge>(response);
  }

  async refund(id: string, signal?: AbortSignal): Promise<Charge> {
    const response = await this.fetchImpl(`${this.baseUrl}/charges/${id}/refund`, { // expect: require-request-timeout
      method: 'POST',
      headers: this.headers(),
      signal,
    });
    return this.parse<Charge>(response);
  }

  async listCharges(signal: AbortSignal): Promise<Charge[]> {
    const response = await this.fetchImpl(`${this.baseUrl}/charges`, { headers: this.headers(), signal }); // ok: require-request-timeout
    return this.parse<Charge[]>(response);
  }

  private headers(): Record<string, string> {
    return { authorization: `Bearer ${this.options.apiKey}`, 'content-type': 'application/json' };
  }

  private async parse<T>(response: Response): Promise<T> {
    if (!response.ok) throw new PaymentsError(response.status, `payments API answered ${response.status}`);
    return (await response.json()) as T;
  }
}

// A function-style variant used by the edge workers.
export function createFetcher(custom?: typeof fetch) {
  const doFetch = custom ?? fetch;
  return {
    balance: async (apiKey: string): Promise<number> => {
      const response = await doFetch('https://api.payments.example.com/v1/balance', { // expect: require-request-timeout
        headers: { authorization: `Bearer ${apiKey}` },
      });
      const body = (await response.json()) as { available: number };
      return body.available;
    },
    payouts: async (apiKey: string): Promise<unknown> => {
      const response = await doFetch('https://api.payments.example.com/v1/payouts', { // ok: require-request-timeout
        headers: { authorization: `Bearer ${apiKey}` },
        signal: AbortSignal.timeout(10_000),
      });
      return response.json();
    },
  };
}

// Not fetch: the cache's own method shares the name.
export class ChargeCache {
  private readonly entries = new Map<string, Charge>();

  fetch(id: string): Charge | undefined {
    return this.entries.get(id);
  }

  describe(id: string): string {
    return this.fetch(id)?.status ?? 'unknown'; // ok: require-request-timeout
  }
}
