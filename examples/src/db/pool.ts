import { Pool } from 'pg';

import { logger } from '../logger.js';

// Defect (require-client-timeout): no connectionTimeoutMillis. When Postgres stops accepting
// connections, `pool.connect()` waits forever and requests pile up behind it.
export const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: 20,
});

// Fine: connection, statement and query deadlines for the reporting replica.
export const reportingPool = new Pool({
  connectionString: process.env.REPORTING_DATABASE_URL,
  max: 5,
  connectionTimeoutMillis: 2_000,
  statement_timeout: 15_000,
  query_timeout: 20_000,
});

for (const client of [pool, reportingPool]) {
  // Fine: an idle client's error would otherwise crash the process.
  client.on('error', (error: Error) => {
    logger.error('idle Postgres client failed', { error: error.message });
  });
}
