import { releaseStock, reserveStock } from '../clients/inventory-client.js';
import { getExchangeRate } from '../clients/payments-client.js';
import { findOrder } from '../db/orders-repository.js';
import { pool } from '../db/pool.js';
import { errorMessage } from '../lib/errors.js';
import { withBackoff } from '../lib/retry.js';
import { logger } from '../logger.js';
import { ackJob, type Job, nackJob, receiveJobs } from './queue.js';

export class FulfilmentWorker {
  private timer: NodeJS.Timeout | undefined;

  start(): void {
    // Defect (no-unsafe-async-callback): setInterval drops the promise; when drain() rejects (the
    // queue is unreachable), that is an unhandled rejection every five seconds.
    this.timer = setInterval(async () => {
      await this.drain();
    }, 5_000);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async drain(): Promise<void> {
    const jobs = await receiveJobs(10);
    for (const job of jobs) {
      try {
        await this.fulfil(job);
        await ackJob(job.id);
      } catch (error) {
        // Fine: logged with what is known, and the job goes back with a growing delay.
        logger.warn('Fulfilment failed', { jobId: job.id, error: errorMessage(error) });
        await nackJob(job.id, Math.min(300_000, 1_000 * 2 ** job.attempts));
      }
    }
  }

  private async fulfil(job: Job): Promise<void> {
    const order = await findOrder(job.orderId);
    if (!order) {
      // Defect (no-throw-non-error): the catch in drain() logs `errorMessage(error)` fine, but every
      // other catch up the stack that reads `.message` or `.stack` gets undefined.
      throw `Order ${job.orderId} does not exist`;
    }
    const reservations = await Promise.all(order.lines.map((line) => reserveStock(line.sku, line.quantity, order.id)));
    try {
      await withBackoff(() => this.ship(order.id), { attempts: 3 });
    } catch (error) {
      // Fine: compensate, then rethrow the original error.
      await Promise.all(reservations.map((reservation) => releaseStock(reservation.id)));
      throw error;
    }
  }

  private async ship(orderId: string): Promise<void> {
    const rate = await getExchangeRate('USD');
    logger.info('Shipping', { orderId, rate });
    // Defect (no-unsafe-error-access): `error` is `any` here; a rejection with a non-Error logs
    // "undefined" and the real reason is lost.
    await this.printLabel(orderId).catch((error) => logger.error(`Label printing failed: ${error.message}`));
  }

  // The label goes through the print queue table; pg rejects with whatever its driver and pool throw.
  private async printLabel(orderId: string): Promise<void> {
    await pool.query('INSERT INTO label_jobs (order_id) VALUES ($1)', [orderId]);
    logger.info('Label queued', { orderId });
  }
}
