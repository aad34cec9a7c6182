import { defineWorkflow, when } from '@acme/workflow-kit';

import { logger } from './logger';
import { notifyWarehouse } from './warehouse';

// Fulfilment rules written in a workflow builder's DSL: `when(...).then(step)` adds a step to the
// workflow, it is not a promise. The one real promise chain below has no rejection handler.
export const fulfilment = defineWorkflow('fulfilment');

fulfilment.when('order.paid').then({ run: 'reserve-stock', retries: 3 }); // ok: no-unhandled-rejection
when('order.refunded').then('release-stock'); // ok: no-unhandled-rejection

export function onShipped(orderId: string) {
  notifyWarehouse(orderId).then((receipt: { id: string }) => logger.info({ receipt: receipt.id }, 'warehouse notified')); // expect: no-unhandled-rejection
}
