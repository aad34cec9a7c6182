import { refundCharge } from '../clients/payments-client.js';
import { getOrder } from '../db/orders-repository.js';
import { logger } from '../logger.js';

interface PaymentEvent {
  type: 'charge.refunded' | 'charge.disputed';
  chargeId: string;
  orderId: string;
}

function isPaymentEvent(value: unknown): value is PaymentEvent {
  return (
    typeof value === 'object' &&
    value !== null &&
    'type' in value &&
    'chargeId' in value &&
    'orderId' in value &&
    typeof value.chargeId === 'string' &&
    typeof value.orderId === 'string'
  );
}

export async function handlePaymentEvent(event: unknown): Promise<void> {
  if (!isPaymentEvent(event)) {
    throw new TypeError('Not a payment event');
  }
  const order = await getOrder(event.orderId);
  if (event.type === 'charge.disputed' && order.status !== 'shipped') {
    await refundCharge(event.chargeId);
    return;
  }
  logger.info('Payment event ignored', { type: event.type, orderId: order.id });
}
