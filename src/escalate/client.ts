import Anthropic from '@anthropic-ai/sdk';

import type { EscalationOptions } from './options.js';

export const DEFAULT_BASE_URL = 'https://api.anthropic.com';

/**
 * The one place our outbound calls are configured: the SDK's own timeout and retries (it honours
 * `retry-after` and backs off with jitter). Nothing wraps a second retry loop around it. Credentials and
 * base URL are passed explicitly, so the SDK never looks for profiles, tokens or environment variables.
 */
export function createClient(options: Pick<EscalationOptions, 'apiKey' | 'baseURL' | 'requestTimeoutMs' | 'maxRetries'>): Anthropic {
  if (!options.apiKey) throw new TypeError('createClient needs an API key; decide "no key" before calling it');
  return new Anthropic({
    apiKey: options.apiKey,
    baseURL: options.baseURL ?? DEFAULT_BASE_URL,
    timeout: options.requestTimeoutMs,
    maxRetries: options.maxRetries,
    logLevel: 'off',
    openTelemetry: false,
  });
}
