import express from 'express';

import { errorMessage } from '../lib/errors.js';
import { logger } from '../logger.js';
import { handlePaymentEvent } from '../workers/payment-events.js';

export const webhooksRouter = express.Router();

webhooksRouter.post('/webhooks/payments', express.raw({ type: 'application/json' }), (request, response) => {
  // Fine: the body is parsed inside try, and bad JSON is answered with 400.
  let event: unknown;
  try {
    event = JSON.parse(request.body.toString('utf8'));
  } catch (error) {
    response.status(400).json({ error: `invalid JSON: ${errorMessage(error)}` });
    return;
  }
  // Fine: deliberately not awaited (the provider wants a fast 204), and the rejection is handled.
  void handlePaymentEvent(event).catch((error: unknown) => {
    logger.error('Payment event failed', { error: errorMessage(error) });
  });
  response.status(204).end();
});
