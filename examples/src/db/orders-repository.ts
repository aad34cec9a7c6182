import { OrderNotFoundError, errorMessage } from '../lib/errors.js';
import { logger } from '../logger.js';
import { pool, reportingPool } from './pool.js';

export interface OrderLine {
  sku: string;
  quantity: number;
  unitPriceCents: number;
}

export interface Order {
  id: string;
  customerId: string;
  status: 'pending' | 'paid' | 'shipped' | 'cancelled';
  lines: OrderLine[];
  totalCents: number;
}

export async function findOrder(id: string): Promise<Order | undefined> {
  const result = await pool.query<Order>('SELECT * FROM orders WHERE id = $1', [id]);
  return result.rows[0];
}

export async function getOrder(id: string): Promise<Order> {
  const order = await findOrder(id);
  if (!order) {
    throw new OrderNotFoundError(id);
  }
  return order;
}

export async function createOrder(customerId: string, lines: OrderLine[]): Promise<Order> {
  const totalCents = lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await client.query<Order>(
      "INSERT INTO orders (id, customer_id, status, total_cents) VALUES (gen_random_uuid(), $1, 'pending', $2) RETURNING *",
      [customerId, totalCents],
    );
    const order = result.rows[0] as Order;
    for (const line of lines) {
      await client.query('INSERT INTO order_lines (order_id, sku, quantity, unit_price_cents) VALUES ($1, $2, $3, $4)', [
        order.id,
        line.sku,
        line.quantity,
        line.unitPriceCents,
      ]);
    }
    await client.query('COMMIT');
    return { ...order, lines };
  } catch (error) {
    // Fine: roll back, then rethrow the original error.
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

// Defect (no-swallowed-error): when the update fails the order stays "paid" forever, the caller is
// told it shipped, and nothing in the logs says why.
export async function markShipped(id: string, trackingNumber: string): Promise<void> {
  try {
    await pool.query("UPDATE orders SET status = 'shipped', tracking_number = $2 WHERE id = $1", [id, trackingNumber]);
  } catch (error) {}
}

export async function cancelOrder(id: string): Promise<Order> {
  let cancelled: Order | undefined;
  try {
    const result = await pool.query<Order>("UPDATE orders SET status = 'cancelled' WHERE id = $1 RETURNING *", [id]);
    cancelled = result.rows[0];
  } catch (error) {
    // Defect (no-swallowed-error): logged, then the function reports a cancellation that never happened.
    logger.warn('Cancelling order failed', { orderId: id, error: errorMessage(error) });
  }
  return cancelled as Order;
}

export async function findOrderOrNothing(id: string): Promise<Order | undefined> {
  try {
    return await findOrder(id);
  } catch (error) {
    // Fine: deliberately best-effort (used by the status page), and the comment says so.
    return undefined;
  }
}

export async function countOpenOrders(): Promise<number> {
  try {
    const result = await reportingPool.query<{ count: string }>("SELECT count(*) FROM orders WHERE status = 'pending'");
    return Number(result.rows[0]?.count ?? 0);
  } catch (error) {
    // Defect (no-unsafe-error-access): the cast is a guess; a rejected non-Error logs "undefined".
    logger.error(`Counting open orders failed: ${(error as Error).message}`);
    throw error;
  }
}

export async function isDuplicateOrder(customerId: string, idempotencyKey: string): Promise<boolean> {
  try {
    await pool.query('INSERT INTO idempotency_keys (customer_id, key) VALUES ($1, $2)', [customerId, idempotencyKey]);
    return false;
  } catch (error) {
    // Fine: the value is checked before its fields are read, and anything unexpected is rethrown.
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === '23505') {
      return true;
    }
    logger.error('Idempotency check failed', { error: errorMessage(error) });
    throw error;
  }
}

export async function recordShipment(id: string, trackingNumber: string): Promise<void> {
  await pool.query('INSERT INTO shipments (order_id, tracking_number) VALUES ($1, $2)', [id, trackingNumber]);
}
