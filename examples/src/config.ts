export interface Config {
  port: number;
  databaseUrl: string;
  paymentsUrl: string;
  inventoryUrl: string;
  queueUrl: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    // Defect (no-throw-non-error): a string has no stack, and `catch (e) { e.message }` upstream reads undefined.
    throw 'DATABASE_URL is not set';
  }
  const port = Number(env.PORT ?? '3000');
  if (!Number.isInteger(port) || port <= 0) {
    // Fine: a real Error with the offending value.
    throw new RangeError(`PORT must be a positive integer, got "${env.PORT}"`);
  }
  return {
    port,
    databaseUrl,
    paymentsUrl: env.PAYMENTS_URL ?? 'http://payments.internal',
    inventoryUrl: env.INVENTORY_URL ?? 'http://inventory.internal',
    queueUrl: env.QUEUE_URL ?? 'http://queue.internal',
  };
}
