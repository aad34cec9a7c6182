import { PrismaClient } from '@prisma/client';
import { Queue, Worker } from 'bullmq';
import { Kafka } from 'kafkajs';
import knex from 'knex';

// Signup pipeline: stores the account, queues the welcome mail, publishes the event.
const prisma = new PrismaClient();
const mail = new Queue('welcome-mail', { connection: { host: process.env.REDIS_HOST ?? 'localhost' } });
const kafka = new Kafka({ clientId: 'signup', brokers: [process.env.KAFKA_BROKER ?? 'localhost:9092'] }); // ok: require-client-timeout
const producer = kafka.producer();
const consumer = kafka.consumer({ groupId: 'signup-audit' });
const reporting = knex({ client: 'pg', connection: process.env.REPORTING_URL }); // ok: require-client-timeout

export async function register(email: string): Promise<string> {
  const user = await prisma.user.create({ data: { email } });
  mail.add('welcome', { userId: user.id }); // expect: no-unhandled-rejection
  producer.send({ topic: 'signups', messages: [{ key: user.id, value: email }] }); // expect: no-unhandled-rejection
  return user.id;
}

export async function registerReliably(email: string): Promise<string> {
  const user = await prisma.user.create({ data: { email } });
  await mail.add('welcome', { userId: user.id }, { attempts: 5 }); // ok: no-unhandled-rejection
  await producer.send({ topic: 'signups', messages: [{ key: user.id, value: email }] }); // ok: no-unhandled-rejection
  return user.id;
}

// Backpressure from the mail worker: the consumer's pause and resume return nothing.
export function throttleAudit(paused: boolean): void {
  if (paused) consumer.pause([{ topic: 'signups' }]); // ok: no-unhandled-rejection
  else consumer.resume([{ topic: 'signups' }]); // ok: no-unhandled-rejection
}

export function startMailWorker(send: (userId: string) => Promise<void>): Worker {
  const worker = new Worker('welcome-mail', async (job) => send(job.data.userId), { autorun: false });
  worker.run(); // ok: no-unhandled-rejection
  return worker;
}

export async function shutdown(): Promise<void> {
  prisma.$disconnect(); // expect: no-unhandled-rejection
  reporting.destroy(); // expect: no-unhandled-rejection
  await mail.close();
}
