export class UpstreamError extends Error {
  constructor(
    message: string,
    readonly service: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'UpstreamError';
  }
}

export class PaymentDeclinedError extends Error {
  constructor(
    readonly orderId: string,
    options?: ErrorOptions,
  ) {
    super(`Payment for order ${orderId} was declined`, options);
    this.name = 'PaymentDeclinedError';
  }
}

export class OrderNotFoundError extends Error {
  constructor(readonly orderId: string) {
    super(`Order ${orderId} not found`);
    this.name = 'OrderNotFoundError';
  }
}

/** Fine: the one place that turns an unknown caught value into text, after checking what it is. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
