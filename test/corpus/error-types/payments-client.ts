import axios, { AxiosError } from 'axios';

// Client for the payments provider: wraps transport failures in PaymentsError for the callers.
export class PaymentsError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'PaymentsError';
  }
}

export class CardDeclinedError extends Error {
  constructor(readonly reason: string) {
    super(`card declined: ${reason}`);
    this.name = 'CardDeclinedError';
  }
}

export interface Charge {
  id: string;
  amount: number;
  currency: string;
  status: 'pending' | 'captured' | 'refunded';
}

const http = axios.create({ baseURL: process.env.PAYMENTS_URL, timeout: 5_000 });

export async function createCharge(customerId: string, amount: number): Promise<Charge> {
  validateAmount(amount);
  try {
    const response = await http.post<Charge>('/charges', { customerId, amount });
    return response.data;
  } catch (error) {
    if (axios.isAxiosError(error) && error.response?.status === 402) { // ok: no-unsafe-error-access
      throw new CardDeclinedError(String(error.response.data?.reason ?? 'unknown')); // ok: no-unsafe-error-access, require-error-cause
    }
    throw new PaymentsError('charge failed', undefined, { cause: error }); // ok: require-error-cause
  }
}

export async function refund(chargeId: string): Promise<void> {
  try {
    await http.post(`/charges/${chargeId}/refund`);
  } catch (error) {
    const status = (error as AxiosError).response?.status; // expect: no-unsafe-error-access
    throw new PaymentsError(`refund of ${chargeId} failed`, status); // expect: require-error-cause
  }
}

export async function getCharge(chargeId: string): Promise<Charge | undefined> {
  try {
    const { data } = await http.get<Charge>(`/charges/${chargeId}`);
    return data;
  } catch (err: any) {
    if (err.response?.status === 404) return undefined; // expect: no-unsafe-error-access
    // the second read of the same caught value is the same defect: one finding, at the first read
    throw new Error(`could not load charge ${chargeId}: ${err.message}`); // expect: require-error-cause; ok: no-unsafe-error-access
  }
}

export function listCharges(customerId: string): Promise<Charge[]> {
  return http
    .get<Charge[]>('/charges', { params: { customerId } })
    .then((response) => response.data) // ok: no-unsafe-error-access
    .catch((error: unknown) => {
      if (error instanceof AxiosError && error.code === 'ECONNABORTED') { // ok: no-unsafe-error-access
        throw new PaymentsError('payments API timed out', undefined, { cause: error }); // ok: require-error-cause
      }
      throw error; // ok: no-throw-non-error, require-error-cause
    });
}

export function captureCharge(chargeId: string): Promise<void> {
  return http.post(`/charges/${chargeId}/capture`).then(
    () => undefined,
    (reason) => { // expect: no-unsafe-error-access
      throw new PaymentsError(`capture failed: ${reason.message}`, reason.response?.status); // expect: require-error-cause; ok: no-unsafe-error-access
    },
  );
}

export function validateAmount(amount: number): void {
  if (!Number.isInteger(amount) || amount <= 0) {
    throw new RangeError(`invalid amount ${amount}`); // ok: no-throw-non-error
  }
  if (amount > 1_000_000) {
    throw `amount ${amount} exceeds the single-charge limit`; // expect: no-throw-non-error
  }
}
