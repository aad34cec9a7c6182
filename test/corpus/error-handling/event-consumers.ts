import amqp from 'amqplib';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { Kafka } from 'kafkajs';

import { logger } from './logger';
import { applyInventoryChange, saveSignup } from './inventory';

// Event entry points of the inventory service: SQS, API Gateway, Kafka and RabbitMQ.
const kafka = new Kafka({ clientId: 'inventory', brokers: [process.env.KAFKA_BROKER ?? 'localhost:9092'], requestTimeout: 10_000 });
const producer = kafka.producer();

export const sqsHandler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const record of event.Records) {
    try {
      await applyInventoryChange(JSON.parse(record.body)); // ok: require-json-parse-guard
    } catch (error) { // ok: no-swallowed-error
      logger.error({ err: error, id: record.messageId }, 'inventory change failed');
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};

export const auditHandler = async (event: SQSEvent): Promise<void> => {
  for (const record of event.Records) {
    const change = JSON.parse(record.body) as { sku: string }; // expect: require-json-parse-guard
    await producer.send({ topic: 'inventory-audit', messages: [{ key: change.sku, value: record.body }] });
  }
};

export const signupHandler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const signup = JSON.parse(event.body ?? '{}') as { email?: string }; // expect: require-json-parse-guard
  try {
    await saveSignup(signup.email ?? '');
  } catch (error) { // expect: no-swallowed-error
    logger.warn({ err: error }, 'signup not stored');
  }
  return { statusCode: 201, body: JSON.stringify({ ok: true }) };
};

export const unsubscribeHandler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  try {
    const { email } = JSON.parse(event.body ?? '{}') as { email: string }; // ok: require-json-parse-guard
    await saveSignup(`-${email}`);
    return { statusCode: 204, body: '' };
  } catch (error) { // ok: no-swallowed-error
    logger.warn({ err: error }, 'unsubscribe failed');
    return { statusCode: 400, body: JSON.stringify({ error: 'invalid request' }) };
  }
};

export async function runKafka(): Promise<void> {
  const consumer = kafka.consumer({ groupId: 'inventory' });
  await consumer.connect();
  await consumer.subscribe({ topic: 'inventory-changes' });
  await consumer.run({
    eachMessage: async ({ message }) => { // ok: no-unsafe-async-callback
      const change = JSON.parse(message.value?.toString() ?? 'null'); // expect: require-json-parse-guard
      await applyInventoryChange(change);
    },
  });
  consumer.on(consumer.events.CRASH, (event) => { // ok: no-unsafe-async-callback
    logger.fatal({ error: event.payload.error }, 'kafka consumer crashed');
  });
}

export async function publishRestock(sku: string): Promise<void> {
  producer.send({ topic: 'restock', messages: [{ value: sku }] }); // expect: no-unhandled-rejection
}

export async function runRabbit(): Promise<void> {
  const connection = await amqp.connect(process.env.AMQP_URL ?? 'amqp://localhost', { timeout: 10_000 });
  const channel = await connection.createChannel();
  await channel.consume('inventory', async (msg) => { // expect: no-unsafe-async-callback
    if (!msg) return;
    await applyInventoryChange(JSON.parse(msg.content.toString())); // expect: require-json-parse-guard
    channel.ack(msg);
  });
  await channel.consume('inventory-priority', async (msg) => { // ok: no-unsafe-async-callback
    if (!msg) return;
    try {
      await applyInventoryChange(JSON.parse(msg.content.toString())); // ok: require-json-parse-guard
      channel.ack(msg);
    } catch (error) {
      logger.error({ err: error }, 'priority change failed');
      channel.nack(msg, false, false);
    }
  });
}
