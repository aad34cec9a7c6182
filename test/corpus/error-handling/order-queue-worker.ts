import amqp, { type Channel, type ConsumeMessage } from 'amqplib';
import { Pool } from 'pg';

import { logger } from './logger';

// Consumes order events from RabbitMQ and projects them into Postgres.
const pool = new Pool({ connectionString: process.env.DATABASE_URL, statement_timeout: 5_000 });

interface OrderEvent {
  orderId: string;
  status: 'created' | 'paid' | 'shipped';
  amountCents: number;
}

class PoisonMessageError extends Error {}

function decode(msg: ConsumeMessage): OrderEvent {
  try {
    return JSON.parse(msg.content.toString('utf8')) as OrderEvent; // ok: require-json-parse-guard
  } catch (error) {
    throw new PoisonMessageError(`message ${msg.properties.messageId} is not JSON`, { cause: error });
  }
}

async function project(event: OrderEvent): Promise<void> {
  await pool.query('insert into order_status (order_id, status) values ($1, $2)', [event.orderId, event.status]);
}

export async function handle(channel: Channel, msg: ConsumeMessage): Promise<void> {
  try {
    await project(decode(msg));
    channel.ack(msg);
  } catch (error) {
    logger.error({ err: error }, 'projection failed');
    channel.nack(msg, false, !(error instanceof PoisonMessageError)); // ok: no-swallowed-error
  }
}

export async function handleAudit(channel: Channel, msg: ConsumeMessage): Promise<void> {
  const event = JSON.parse(msg.content.toString()) as OrderEvent; // expect: require-json-parse-guard
  pool.query('insert into audit (order_id) values ($1)', [event.orderId]); // expect: no-unhandled-rejection
  channel.ack(msg);
}

export async function markShipped(orderIds: string[]): Promise<void> {
  orderIds.map(async (id) => pool.query('update orders set status = $1 where id = $2', ['shipped', id])); // expect: no-unhandled-rejection
  await Promise.all(orderIds.map(async (id) => project({ orderId: id, status: 'shipped', amountCents: 0 }))); // ok: no-unhandled-rejection
}

export async function totalFor(orderId: string): Promise<number> {
  let total;
  try {
    const result = await pool.query('select sum(amount_cents) as total from payments where order_id = $1', [orderId]);
    total = Number(result.rows[0].total);
  } catch (error) { // expect: no-swallowed-error
    logger.warn({ err: error, orderId }, 'total lookup failed');
  }
  return total * 100;
}

export async function refreshStats(): Promise<void> {
  try {
    await pool.query('refresh materialized view concurrently order_stats');
  } catch (error) { // ok: no-swallowed-error
    logger.warn({ err: error }, 'stats refresh failed; keeping the previous snapshot');
  }
}

export async function start(): Promise<void> {
  const connection = await amqp.connect(process.env.AMQP_URL ?? 'amqp://localhost', { timeout: 10_000 });
  const channel = await connection.createChannel();
  await channel.prefetch(10);
  await channel.consume('orders', (msg) => { // ok: no-unsafe-async-callback
    if (msg) void handle(channel, msg); // ok: no-unhandled-rejection
  });
  connection.on('error', (error: unknown) => { // ok: no-unsafe-async-callback
    logger.error({ err: error }, 'amqp connection error');
  });
  connection.on('close', async () => { // expect: no-unsafe-async-callback
    await pool.end();
    process.exit(1);
  });
}

export async function drainQueue(channel: Channel): Promise<void> {
  try {
    await channel.close();
  } catch { // ok: no-swallowed-error
    // The channel may already be closed by the broker; nothing left to drain.
  }
  try {
    await pool.end();
  } catch {} // ok: no-swallowed-error
}

export async function recordDelivery(orderId: string): Promise<void> {
  try {
    await pool.query('insert into deliveries (order_id) values ($1)', [orderId]);
  } catch {} // expect: no-swallowed-error
}
