import express, { type NextFunction, type Request, type Response } from 'express';
import Redis from 'ioredis';

import { findCustomer, saveCustomer, type Customer } from './customers';

// Customer API on Express 4: async handlers must forward their own failures to next().
const redis = new Redis(process.env.REDIS_URL ?? 'redis://localhost:6379', { commandTimeout: 2_000 });
export const router = express.Router();

type Handler = (req: Request, res: Response, next: NextFunction) => Promise<void>;

// Forwards rejections to the error middleware.
const asyncHandler = (fn: Handler) => (req: Request, res: Response, next: NextFunction) => {
  fn(req, res, next).catch(next); // ok: no-unhandled-rejection
};

router.get('/customers/:id', async (req, res) => { // expect: no-unsafe-async-callback
  const customer = await findCustomer(req.params.id);
  res.json(customer);
});

router.get('/customers/:id/summary', asyncHandler(async (req, res) => { // ok: no-unsafe-async-callback
  const customer = await findCustomer(req.params.id);
  res.json({ id: customer.id, name: customer.name });
}));

router.post('/customers', async (req, res, next) => { // ok: no-unsafe-async-callback
  try {
    const saved = await saveCustomer(req.body as Customer);
    res.status(201).json(saved);
  } catch (error) {
    next(error);
  }
});

router.put('/customers/:id/preferences', async (req, res) => { // expect: no-unsafe-async-callback
  const preferences = JSON.parse(req.body.preferences); // expect: require-json-parse-guard
  await redis.set(`prefs:${req.params.id}`, JSON.stringify(preferences));
  res.status(204).end();
});

router.get('/customers/:id/preferences', async (req, res, next) => { // ok: no-unsafe-async-callback
  try {
    const cached = await redis.get(`prefs:${req.params.id}`);
    res.json(cached ? JSON.parse(cached) : {}); // ok: require-json-parse-guard
  } catch (error) {
    next(error);
  }
});

router.get('/search', (req, res) => { // ok: no-unsafe-async-callback
  const filter = req.query.filter;
  if (typeof filter !== 'string') {
    res.status(400).json({ error: 'filter is required' });
    return;
  }
  let criteria: unknown;
  try {
    criteria = JSON.parse(filter); // ok: require-json-parse-guard
  } catch {
    res.status(400).json({ error: 'filter must be JSON' });
    return;
  }
  res.json({ criteria }); // ok: no-unhandled-rejection
});

async function loyaltyPoints(id: string): Promise<number> {
  const res = await fetch(`https://loyalty.internal/points/${id}`, { signal: AbortSignal.timeout(2_000) });
  const body = (await res.json()) as { points: number };
  return body.points;
}

router.get('/customers/:id/points', (req, res, next) => { // ok: no-unsafe-async-callback
  loyaltyPoints(req.params.id) // ok: no-unhandled-rejection
    .then((points) => res.json({ points }))
    .catch(next);
});

router.delete('/customers/:id/cache', async (req, res) => { // ok: no-unsafe-async-callback
  redis.del(`prefs:${req.params.id}`).catch(() => {}); // expect: no-swallowed-error
  res.status(202).end();
});

export async function warmCache(ids: string[]): Promise<void> {
  const results = await Promise.allSettled(ids.map((id) => findCustomer(id))); // ok: no-unhandled-rejection
  for (const result of results) {
    if (result.status === 'fulfilled') {
      await redis.set(`customer:${result.value.id}`, JSON.stringify(result.value));
    }
  }
}

export function errorMiddleware(error: unknown, _req: Request, res: Response, _next: NextFunction): void {
  const status = error instanceof SyntaxError ? 400 : 500;
  res.status(status).json({ error: status === 400 ? 'malformed JSON' : 'internal error' });
}

router.use(errorMiddleware); // ok: no-unsafe-async-callback
