import express, { type NextFunction, type Request, type Response } from 'express';

import { preloadCatalog } from './clients/inventory-client.js';
import { loadConfig } from './config.js';
import { pool } from './db/pool.js';
import { ordersRouter } from './http/orders-routes.js';
import { webhooksRouter } from './http/webhooks-routes.js';
import { OrderNotFoundError, errorMessage } from './lib/errors.js';
import { retryUntilItWorks } from './lib/retry.js';
import { logger } from './logger.js';
import { FulfilmentWorker } from './workers/fulfilment-worker.js';

const config = loadConfig();
const app = express();

app.use(webhooksRouter);
app.use(express.json({ limit: '1mb' }));
app.use(ordersRouter);

// Fine: the error middleware, four parameters, no promise involved.
app.use((error: unknown, _request: Request, response: Response, _next: NextFunction) => {
  if (error instanceof OrderNotFoundError) {
    response.status(404).json({ error: error.message });
    return;
  }
  logger.error('Request failed', { error: errorMessage(error) });
  response.status(500).json({ error: 'internal error' });
});

await retryUntilItWorks(() => pool.query('SELECT 1'));

// Defect (no-unhandled-rejection): a startup task nobody awaits; if the inventory service is down at
// boot the process dies of an unhandled rejection a few seconds later, after passing its health check.
preloadCatalog();

const worker = new FulfilmentWorker();
worker.start();

const server = app.listen(config.port, () => logger.info('Listening', { port: config.port }));

process.on('SIGTERM', () => {
  worker.stop();
  server.close(() => {
    // Fine: both outcomes of the promise are handled.
    pool.end().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('Closing the pool failed', { error: errorMessage(error) });
        process.exit(1);
      },
    );
  });
});
