import axios from 'axios';

import { PaymentDeclinedError, UpstreamError } from '../lib/errors.js';

export interface Charge {
  id: string;
  orderId: string;
  amountCents: number;
  status: 'succeeded' | 'pending';
}

// Defect (require-request-timeout): an axios instance without `timeout` waits forever. When the payment
// provider stalls, every request holding a checkout hangs with it until the pod runs out of sockets.
const payments = axios.create({
  baseURL: process.env.PAYMENTS_URL,
  headers: { 'content-type': 'application/json' },
});

// Fine: the same client with a deadline.
const paymentsReadOnly = axios.create({ baseURL: process.env.PAYMENTS_URL, timeout: 3_000 });

export async function chargeCard(orderId: string, amountCents: number, cardToken: string): Promise<Charge> {
  try {
    const response = await payments.post<Charge>(
      '/charges',
      { orderId, amountCents, source: cardToken },
      { headers: { 'idempotency-key': `charge-${orderId}` } },
    );
    return response.data;
  } catch (error) {
    if (axios.isAxiosError(error) && error.response?.status === 402) {
      // Fine: the caught error travels along as the cause.
      throw new PaymentDeclinedError(orderId, { cause: error });
    }
    // Defect (require-error-cause): the new error drops the caught one; the log says "payment service
    // failed" and nothing about the timeout, DNS failure or 503 that caused it.
    throw new UpstreamError(`Charging order ${orderId} failed`, 'payments');
  }
}

export async function getCharge(chargeId: string): Promise<Charge> {
  const response = await paymentsReadOnly.get<Charge>(`/charges/${chargeId}`);
  return response.data;
}

export async function refundCharge(chargeId: string): Promise<void> {
  // Fine: a per-request timeout on the default axios instance.
  await axios.post(`${process.env.PAYMENTS_URL}/refunds`, { chargeId }, { timeout: 5_000 });
}

export async function getExchangeRate(currency: string): Promise<number> {
  // Defect (require-request-timeout): fetch has no default timeout; a slow rates API blocks checkout.
  const response = await fetch(`https://rates.example.com/v1/latest?base=EUR&symbols=${currency}`);
  if (!response.ok) {
    throw new UpstreamError(`Rates API answered ${response.status}`, 'rates');
  }
  const body = (await response.json()) as { rates: Record<string, number> };
  const rate = body.rates[currency];
  if (rate === undefined) {
    throw new UpstreamError(`No rate for ${currency}`, 'rates');
  }
  return rate;
}
