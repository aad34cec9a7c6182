import { logger } from './logger.js';

// Authentication of a connection with a cached access token, as a database driver's OIDC workflow does it.

interface TokenCache {
  hasAccessToken: boolean;
  accessToken: string;
  removeAccessToken(): void;
  put(token: string): void;
}

class AuthenticationFailed extends Error {}

declare function saslAuthenticate(connectionId: number, token: string): Promise<void>;
declare function requestToken(): Promise<string>;

export class CachedTokenWorkflow {
  constructor(private readonly cache: TokenCache) {}

  // A rejected cached token is removed first: the next call fetches a new one, or fails.
  async execute(connectionId: number): Promise<void> {
    if (this.cache.hasAccessToken) {
      try {
        return await saslAuthenticate(connectionId, this.cache.accessToken);
      } catch (error) {
        if (error instanceof AuthenticationFailed) {
          this.cache.removeAccessToken();
          return await this.execute(connectionId); // ok: no-unbounded-retry, require-retry-backoff
        }
        throw error;
      }
    }
    const token = await requestToken();
    this.cache.put(token);
    await saslAuthenticate(connectionId, token);
  }

  // The same workflow that only logs the rejection: the cached token is offered again and again.
  async executeKeepingToken(connectionId: number): Promise<void> {
    if (this.cache.hasAccessToken) {
      try {
        return await saslAuthenticate(connectionId, this.cache.accessToken);
      } catch (error) {
        logger.warn({ error, connectionId }, 'cached token rejected');
        return await this.executeKeepingToken(connectionId); // expect: no-unbounded-retry, require-retry-backoff
      }
    }
    const token = await requestToken();
    this.cache.put(token);
    await saslAuthenticate(connectionId, token);
  }
}
