import express from 'express';

import { chargeCard } from '../clients/payments-client.js';
import { createOrder, findOrder, type OrderLine, recordShipment } from '../db/orders-repository.js';
import { logger } from '../logger.js';
import { notifyWarehouse } from '../workers/queue.js';
import { asyncHandler } from './async-handler.js';

export const ordersRouter = express.Router();

// Defect (no-unsafe-async-callback): Express 4 does not await handlers. If findOrder rejects (the
// pool is exhausted, say), the rejection is unhandled: no response is ever sent and Node may exit.
ordersRouter.get('/orders/:id', async (request, response) => {
  const order = await findOrder(request.params.id);
  if (!order) {
    response.status(404).json({ error: 'order not found' });
    return;
  }
  response.json(order);
});

// Fine: async work inside a plain handler, every rejection passed to next().
ordersRouter.post('/orders', (request, response, next) => {
  const { customerId, lines, cardToken } = request.body as { customerId: string; lines: OrderLine[]; cardToken: string };
  createOrder(customerId, lines)
    .then(async (order) => {
      await chargeCard(order.id, order.totalCents, cardToken);
      // Defect (no-unhandled-rejection): nobody handles this promise; if the queue is down the
      // rejection is unhandled, after the customer has been charged.
      notifyWarehouse(order.id);
      response.status(201).json(order);
    })
    .catch(next);
});

ordersRouter.post(
  '/orders/:id/ship',
  asyncHandler(async (request, response) => {
    try {
      // Defect (no-unhandled-rejection): not awaited inside `try`, so the catch below never sees a
      // failure; the client is told 202 and the rejection escapes.
      recordShipment(request.params.id, String(request.body.trackingNumber));
      response.status(202).end();
    } catch (error) {
      logger.error('Shipping failed', { orderId: request.params.id });
      response.status(500).json({ error: 'could not ship order' });
    }
  }),
);

// Fine: the same shape, awaited, inside the wrapper that forwards rejections.
ordersRouter.post(
  '/orders/:id/reship',
  asyncHandler(async (request, response) => {
    await recordShipment(request.params.id, String(request.body.trackingNumber));
    response.status(202).end();
  }),
);

ordersRouter.post(
  '/orders/import',
  express.text({ type: '*/*', limit: '5mb' }),
  asyncHandler(async (request, response) => {
    // Defect (require-json-parse-guard): a malformed upload throws a SyntaxError, which the error
    // middleware turns into a 500 "internal error" instead of a 400 that says what is wrong.
    const rows = JSON.parse(request.body) as { customerId: string; lines: OrderLine[] }[];
    const orders = await Promise.all(rows.map((row) => createOrder(row.customerId, row.lines)));
    response.status(201).json({ imported: orders.length });
  }),
);
