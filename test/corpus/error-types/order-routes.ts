import express, { type NextFunction, type Request, type Response } from 'express';
import { ZodError, z } from 'zod';

import { deleteOrder, findOrder } from './order-repository';
import { refund } from './payments-client';

// HTTP layer: maps domain and transport failures to status codes.
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

function isHttpError(value: unknown): value is HttpError {
  return value instanceof HttpError;
}

function badRequest(message: string) {
  return `400 Bad Request: ${message}`;
}

const OrderParams = z.object({ id: z.string().uuid() });
export const router = express.Router();

router.get('/orders/:id', async (req: Request, res: Response, next: NextFunction) => {
  try {
    const { id } = OrderParams.parse(req.params);
    const order = await loadOrder(id);
    res.json(order);
  } catch (error) {
    if (error instanceof ZodError) {
      res.status(400).json({ error: 'invalid order id', issues: error.issues }); // ok: no-unsafe-error-access
      return;
    }
    next(error);
  }
});

router.post('/orders/:id/refund', async (req: Request, res: Response) => {
  try {
    await refund(req.params.id);
    res.status(202).end();
  } catch (err: any) {
    res.status(err.status ?? 500).json({ error: err.message }); // expect: no-unsafe-error-access
  }
});

router.delete('/orders/:id', async (req: Request, res: Response) => {
  try {
    await deleteOrder(req.params.id);
    res.status(204).end();
  } catch (error) {
    const status = isHttpError(error) ? error.status : 500; // ok: no-unsafe-error-access
    res.status(status).json({ error: status === 500 ? 'internal error' : String(error) });
  }
});

async function loadOrder(id: string) {
  let order;
  try {
    order = await findOrder(id);
  } catch (error) {
    throw new HttpError(503, 'order store unavailable', { cause: error }); // ok: require-error-cause
  }
  if (!order) {
    throw new HttpError(404, `order ${id} not found`); // ok: require-error-cause, no-throw-non-error
  }
  return order;
}

export async function loadTenant(req: Request): Promise<string> {
  const tenant = req.header('x-tenant-id');
  if (!tenant) throw badRequest('missing x-tenant-id header'); // expect: no-throw-non-error
  try {
    const response = await fetch(`${process.env.TENANTS_URL}/tenants/${tenant}`, { signal: AbortSignal.timeout(3_000) });
    if (!response.ok) throw new HttpError(response.status, `tenant ${tenant} rejected`); // ok: no-throw-non-error, require-error-cause
    return tenant;
  } catch (error) {
    console.error('tenant lookup failed', error); // ok: no-unsafe-error-access
    throw new HttpError(502, 'tenant service unavailable'); // expect: require-error-cause
  }
}

export function parsePage(raw: unknown): number {
  const page = Number(raw);
  if (!Number.isInteger(page) || page < 1) {
    throw new HttpError(400, `invalid page ${String(raw)}`); // ok: no-throw-non-error
  }
  return page;
}

export function errorHandler(error: unknown, _req: Request, res: Response, _next: NextFunction): void {
  if (isHttpError(error)) {
    res.status(error.status).json({ error: error.message }); // ok: no-unsafe-error-access
    return;
  }
  console.error('unhandled error', error);
  res.status(500).json({ error: 'internal error' });
}
