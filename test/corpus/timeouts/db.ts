import { MongoClient } from 'mongodb';
import mongoose from 'mongoose';
import mysql from 'mysql2/promise';
import pg, { Pool } from 'pg';
import Redis from 'ioredis';
import { createClient } from 'redis';

// Primary database: bounded connect, bounded statements.
export const primary = new Pool({ // ok: require-client-timeout
  connectionString: process.env.DATABASE_URL,
  max: 20,
  connectionTimeoutMillis: 5_000,
  statement_timeout: 15_000,
});

// Analytics replica, added in a hurry.
export const analytics = new Pool({ // expect: require-client-timeout
  connectionString: process.env.ANALYTICS_DATABASE_URL,
  max: 5,
});

export function migrationClient(): pg.Client {
  return new pg.Client(process.env.DATABASE_URL); // expect: require-client-timeout
}

export function tenantPool(config: pg.PoolConfig): Pool {
  // The tenant registry builds the config, timeouts included.
  return new Pool(config); // ok: require-client-timeout
}

const reportingDefaults = { connectionTimeoutMillis: 10_000, idleTimeoutMillis: 30_000 };
export const reporting = new Pool({ ...reportingDefaults, connectionString: process.env.REPORTING_URL }); // ok: require-client-timeout

// "Never give up connecting" during the nightly batch.
export const batch = new pg.Pool({ connectionString: process.env.BATCH_URL, connectionTimeoutMillis: 0 }); // expect: require-client-timeout

export const mongo = new MongoClient(process.env.MONGO_URL ?? 'mongodb://localhost:27017/app'); // expect: require-client-timeout

export const events = new MongoClient(process.env.EVENTS_MONGO_URL ?? 'mongodb://localhost:27017/events', { // ok: require-client-timeout
  timeoutMS: 20_000,
  maxPoolSize: 50,
});

export const archive = new MongoClient('mongodb://archive:27017/archive?socketTimeoutMS=60000'); // ok: require-client-timeout

export async function connectOdm(): Promise<void> {
  await mongoose.connect(process.env.MONGO_URL ?? 'mongodb://localhost:27017/app', { serverSelectionTimeoutMS: 5_000 }); // expect: require-client-timeout
}

export async function connectAudit(): Promise<typeof mongoose> {
  return mongoose.connect(process.env.AUDIT_MONGO_URL ?? 'mongodb://localhost:27017/audit', { socketTimeoutMS: 45_000 }); // ok: require-client-timeout
}

// mysql2 and ioredis bound the connect by default (10 s); node-redis too (5 s).
export const legacy = mysql.createPool({ host: 'legacy-db', user: 'app', database: 'shop' }); // ok: require-client-timeout
export const cache = new Redis({ host: 'cache', port: 6379 }); // ok: require-client-timeout
export const sessions = createClient({ url: process.env.REDIS_URL }); // ok: require-client-timeout

export const queueRedis = new Redis({ host: 'queue', connectTimeout: 0 }); // expect: require-client-timeout

export async function countOrders(): Promise<number> {
  const { rows } = await primary.query<{ count: string }>('select count(*) from orders');
  return Number(rows[0]?.count ?? 0);
}
