import type { MessageRequest } from './request.js';
import { findSecretPatterns } from './secret-patterns.js';

/**
 * The last check of a request body, right before it is sent (or written by `--llm dry-run`): every text
 * block, trusted prompts included, is scanned for the secret shapes of secret-patterns.ts (known
 * prefixes, URL passwords, private keys, credential-named values, high-entropy tokens). Redaction has
 * already replaced each of them, so a hit means some text reached the body without redaction: the
 * body is not sent. Returns the kinds found, empty when the body may go.
 */
export function findSecretsInRequest(request: MessageRequest): string[] {
  const texts: string[] = [];
  const system = request.system;
  if (typeof system === 'string') texts.push(system);
  else for (const block of system ?? []) texts.push(block.text);
  for (const message of request.messages) {
    if (typeof message.content === 'string') texts.push(message.content);
    else for (const block of message.content) if (block.type === 'text') texts.push(block.text);
  }
  return [...new Set(texts.flatMap((text) => findSecretPatterns(text).map((found) => found.kind)))];
}
