import { Hono } from 'hono';
import Koa from 'koa';

import { lookupTenant, recordAudit } from './tenants';
import { logger } from './logger';

// Tenant lookup served twice: Hono at the edge, Koa behind it. Both await route handlers and
// middleware and send a rejection to their error handler.
export const edge = new Hono();

// Hono's `.on(method, path, handler)` is a route, not an event listener.
edge.on('GET', '/tenants/:id', async (c) => { // ok: no-unsafe-async-callback
  const tenant = await lookupTenant(c.req.param('id'));
  return c.json(tenant);
});

edge.onError((error, c) => {
  logger.error({ err: error }, 'edge request failed');
  return c.text('internal error', 500);
});

export const app = new Koa();

app.use(async (ctx, next) => {
  await next();
  ctx.set('x-tenant', String(ctx.state.tenant ?? ''));
});

// Koa's application is also an EventEmitter: its 'error' listener's promise is dropped.
app.on('error', async (error: Error) => { // expect: no-unsafe-async-callback
  await recordAudit('koa-error', error.message);
});

app.on('error', (error: Error) => { // ok: no-unsafe-async-callback
  logger.error({ err: error }, 'koa request failed');
});
