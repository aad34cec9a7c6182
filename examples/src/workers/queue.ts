import axios from 'axios';

import { retryQuickly } from '../lib/retry.js';

export interface Job {
  id: string;
  orderId: string;
  attempts: number;
}

// Fine: every queue call has a deadline.
const queue = axios.create({ baseURL: process.env.QUEUE_URL, timeout: 5_000 });

export async function receiveJobs(max: number): Promise<Job[]> {
  const response = await queue.get<Job[]>('/fulfilment/jobs', { params: { max } });
  return response.data;
}

export async function ackJob(id: string): Promise<void> {
  await retryQuickly(() => queue.delete(`/fulfilment/jobs/${id}`));
}

export async function nackJob(id: string, delayMs: number): Promise<void> {
  await queue.post(`/fulfilment/jobs/${id}/nack`, { delayMs });
}

export async function notifyWarehouse(orderId: string): Promise<void> {
  await queue.post('/warehouse/notifications', { orderId });
}
