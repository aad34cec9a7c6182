import { DatabaseError, Pool } from 'pg';

// Orders table access. Callers get RepositoryError (with the driver error as cause) or a domain error.
const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  connectionTimeoutMillis: 5_000,
  statement_timeout: 10_000,
  query_timeout: 10_000,
});

export class RepositoryError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RepositoryError';
  }
}

export class DuplicateOrderError extends Error {
  constructor(readonly orderId: string) {
    super(`order ${orderId} already exists`);
    this.name = 'DuplicateOrderError';
  }
}

class QueryTimeoutError extends RepositoryError {}

export interface Order {
  id: string;
  customerId: string;
  total: number;
}

function isUniqueViolation(error: unknown): error is DatabaseError {
  return error instanceof DatabaseError && error.code === '23505'; // ok: no-unsafe-error-access
}

export async function insertOrder(order: Order): Promise<void> {
  try {
    await pool.query('INSERT INTO orders (id, customer_id, total) VALUES ($1, $2, $3)', [order.id, order.customerId, order.total]);
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new DuplicateOrderError(order.id); // ok: require-error-cause
    }
    throw new RepositoryError('insert order failed', { cause: error }); // ok: require-error-cause
  }
}

export async function findOrder(id: string): Promise<Order | undefined> {
  try {
    const result = await pool.query<Order>('SELECT id, customer_id AS "customerId", total FROM orders WHERE id = $1', [id]);
    return result.rows[0];
  } catch (error) {
    // The code compared with a literal classifies the value: anything else is wrapped below.
    if ((error as DatabaseError).code === '57014') { // ok: no-unsafe-error-access
      throw new QueryTimeoutError(`finding order ${id} timed out`); // ok: require-error-cause
    }
    throw new RepositoryError(`find order ${id} failed`); // expect: require-error-cause
  }
}

export async function updateTotal(id: string, total: number): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('UPDATE orders SET total = $2 WHERE id = $1', [id, total]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    const detail = error instanceof Error ? error.message : String(error); // ok: no-unsafe-error-access
    throw new RepositoryError(`update of ${id} failed: ${detail}`, { cause: error }); // ok: require-error-cause
  } finally {
    client.release();
  }
}

export async function deleteOrder(id: string): Promise<number> {
  try {
    const result = await pool.query('DELETE FROM orders WHERE id = $1', [id]);
    return result.rowCount ?? 0;
  } catch ({ code }) { // expect: no-unsafe-error-access
    throw new RepositoryError(`delete of ${id} failed with ${String(code)}`); // expect: require-error-cause
  }
}

export async function countOrders(customerId: string): Promise<number> {
  try {
    const result = await pool.query<{ count: string }>('SELECT count(*) FROM orders WHERE customer_id = $1', [customerId]);
    return Number(result.rows[0]?.count ?? 0);
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === '42P01') { // ok: no-unsafe-error-access
      return 0;
    }
    throw error; // ok: no-throw-non-error, require-error-cause
  }
}

export async function archiveOrders(before: Date): Promise<number> {
  try {
    const result = await pool.query('UPDATE orders SET archived = true WHERE created_at < $1', [before]);
    return result.rowCount ?? 0;
  } catch (err) {
    const pgError = err as DatabaseError;
    if (pgError.code === '40001') return 0; // ok: no-unsafe-error-access
    throw new RepositoryError('archiving failed', { cause: pgError }); // ok: require-error-cause
  }
}

export function requireOrderId(id: unknown): string {
  if (typeof id !== 'string' || id.length === 0) {
    throw { status: 400, message: 'order id is required' }; // expect: no-throw-non-error
  }
  return id;
}
