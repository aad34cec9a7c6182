import Anthropic from '@anthropic-ai/sdk';

import type { NotificationKind } from '../findings/finding.js';
import { escapeModelText } from './escape.js';

export interface Failure {
  kind: NotificationKind;
  message: string;
  /** The stage cannot go on (a rejected key). */
  fatal?: boolean;
}

/** What an SDK error means for the report: `llm-deadline` for our own aborts, a kind per cause otherwise, with the API's request id. */
export function classifyFailure(error: unknown): Failure {
  const requestId = error instanceof Anthropic.APIError && error.requestID ? ` (request ${error.requestID})` : '';
  if (error instanceof Anthropic.APIUserAbortError) return { kind: 'llm-deadline', message: 'aborted at the deadline' };
  if (error instanceof Anthropic.APIConnectionTimeoutError) return { kind: 'llm-timeout', message: 'the request timed out after the SDK retries' };
  if (error instanceof Anthropic.APIConnectionError) return { kind: 'llm-connection', message: `could not reach the API: ${error.message}` };
  if (error instanceof Anthropic.APIError) {
    const status = error.status;
    if (status === 401 || status === 403) return { kind: 'llm-auth', message: `the API rejected the key (${status})${requestId}`, fatal: true };
    if (status === 429) return { kind: 'llm-rate-limited', message: `rate limited (429) after the SDK retries${requestId}` };
    if (status === 529) return { kind: 'llm-overloaded', message: `the API is overloaded (529) after the SDK retries${requestId}` };
    if (status !== undefined && status >= 500) return { kind: 'llm-server-error', message: `the API failed (${status}) after the SDK retries${requestId}` };
    return { kind: 'llm-request-error', message: `the API refused the request (${status ?? 'no status'}): ${escapeModelText(error.message, 300)}${requestId}` };
  }
  return { kind: 'llm-internal-error', message: error instanceof Error ? error.message : String(error) };
}
