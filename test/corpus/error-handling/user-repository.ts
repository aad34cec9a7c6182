import { Pool, type PoolClient } from 'pg';

import { logger } from './logger';
import { metrics } from './metrics';

// Postgres access for user accounts.
const pool = new Pool({ connectionString: process.env.DATABASE_URL, connectionTimeoutMillis: 3_000, statement_timeout: 5_000 });

export interface User {
  id: string;
  email: string;
  lastLoginAt: Date | null;
}

export class UserRepository {
  async findById(id: string): Promise<User | undefined> {
    const result = await pool.query<User>('select id, email, last_login_at as "lastLoginAt" from users where id = $1', [id]);
    return result.rows[0];
  }

  async touchLogin(id: string): Promise<void> {
    await pool.query('update users set last_login_at = now() where id = $1', [id]);
  }

  async recordLogin(id: string): Promise<void> {
    this.touchLogin(id); // expect: no-unhandled-rejection
    metrics.increment('user.login');
  }

  async recordLogout(id: string): Promise<void> {
    void this.touchLogin(id); // ok: no-unhandled-rejection
  }

  async emailOf(id: string): Promise<string> {
    let user: User | undefined;
    try {
      user = await this.findById(id);
    } catch (error) { // expect: no-swallowed-error
      logger.error({ err: error, id }, 'user lookup failed');
    }
    return user!.email;
  }

  async displayName(id: string): Promise<string> {
    let user: User | undefined;
    try {
      user = await this.findById(id);
    } catch (error) { // ok: no-swallowed-error
      logger.error({ err: error, id }, 'user lookup failed');
    }
    return user?.email ?? 'unknown user';
  }

  async deactivate(id: string): Promise<{ ok: boolean }> {
    try {
      await pool.query('update users set active = false where id = $1', [id]);
    } catch (error) { // expect: no-swallowed-error
      console.error('deactivate failed', error);
    }
    return { ok: true };
  }

  async rename(id: string, email: string): Promise<boolean> {
    try {
      await pool.query('update users set email = $2 where id = $1', [id, email]);
      return true;
    } catch (error) { // ok: no-swallowed-error
      metrics.increment('user.rename.failed');
      logger.warn({ err: error, id }, 'rename failed');
      return false;
    }
  }

  async withTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query('begin');
      const result = await work(client);
      await client.query('commit');
      return result;
    } catch (error) {
      await client.query('rollback').catch((rollbackError: unknown) => logger.error({ err: rollbackError }, 'rollback failed')); // ok: no-swallowed-error, no-unhandled-rejection
      throw error;
    } finally {
      client.release();
    }
  }

  async purge(id: string): Promise<void> {
    try {
      // The catch only rethrows: a rejection that skips it still reaches the caller, only without the wrapper.
      return this.touchLogin(id); // ok: no-unhandled-rejection
    } catch (error) {
      throw new Error(`purge of ${id} failed`, { cause: error });
    }
  }

  async lastLogin(id: string): Promise<Date | null> {
    const user = await this.findById(id).catch(() => undefined); // ok: no-swallowed-error
    return user?.lastLoginAt ?? null;
  }

  async countActive(): Promise<number> {
    const result = await pool.query('select count(*) from users where active').catch((error: unknown) => logger.error({ err: error }, 'count failed')); // expect: no-swallowed-error
    return Number(result.rows[0].count);
  }

  async prune(): Promise<void> {
    const pending = pool.query('delete from sessions where expires_at < now()'); // expect: no-unhandled-rejection
    metrics.increment('sessions.prune');
  }

  // The login timestamp is a convenience: the comment gives the reason the failure is only logged.
  async recordLogin(id: string): Promise<{ ok: boolean }> {
    try {
      await pool.query('update users set last_login_at = now() where id = $1', [id]);
    } catch (error) { // ok: no-swallowed-error
      // Best effort: a stale last-login date must not block signing in, and the replica catches up.
      logger.warn({ err: error, id }, 'last login not recorded');
    }
    return { ok: true };
  }

  // A TODO admits the failure is not handled yet.
  async recordLogout(id: string): Promise<{ ok: boolean }> {
    try {
      await pool.query('update users set last_logout_at = now() where id = $1', [id]);
    } catch (error) { // expect: no-swallowed-error
      // TODO: retry or surface this to the caller
      logger.warn({ err: error, id }, 'logout not recorded');
    }
    return { ok: true };
  }

  async forgetSession(id: string): Promise<void> {
    try {
      await pool.query('delete from sessions where user_id = $1', [id]);
    } catch { // expect: no-swallowed-error
      // FIXME
    }
  }

  async pruneAndWait(): Promise<number> {
    const pending = pool.query('delete from sessions where expires_at < now()'); // ok: no-unhandled-rejection
    metrics.increment('sessions.prune');
    const result = await pending;
    return result.rowCount ?? 0;
  }
}
