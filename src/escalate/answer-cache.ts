import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

import type { ModelAnswer } from './answer-schema.js';
import { validateAnswer } from './answer-schema.js';

const FORMAT = 1;

export interface CacheKeyParts {
  model: string;
  promptHash: string;
  ruleId: string;
  /** sha256 of the exact (redacted) context sent. */
  contextHash: string;
}

export function cacheKey(parts: CacheKeyParts): string {
  return createHash('sha256')
    .update(`${FORMAT}\0${parts.model}\0${parts.promptHash}\0${parts.ruleId}\0${parts.contextHash}`)
    .digest('hex');
}

export type CacheRead = { status: 'hit'; answer: ModelAnswer } | { status: 'miss' } | { status: 'corrupt'; reason: string };

/**
 * Answers on disk, one JSON file per key. A file that does not parse or validate is reported as
 * corrupt and overwritten by the next answer; it never fails the run.
 */
export class AnswerCache {
  constructor(readonly directory: string) {}

  async read(key: string): Promise<CacheRead> {
    let raw: string;
    try {
      raw = await fs.readFile(this.file(key), 'utf8');
    } catch {
      return { status: 'miss' };
    }
    try {
      const entry = JSON.parse(raw) as { format?: unknown; key?: unknown; answer?: unknown };
      if (entry.format !== FORMAT || entry.key !== key) return { status: 'corrupt', reason: 'wrong format or key' };
      const result = validateAnswer(entry.answer);
      if ('errors' in result) return { status: 'corrupt', reason: result.errors };
      return { status: 'hit', answer: result.answer };
    } catch (error) {
      return { status: 'corrupt', reason: error instanceof Error ? error.message : String(error) };
    }
  }

  /** Written to a temporary file and renamed, so a crash never leaves half an entry. */
  async write(key: string, answer: ModelAnswer, model: string): Promise<void> {
    await fs.mkdir(path.join(this.directory, key.slice(0, 2)), { recursive: true });
    const target = this.file(key);
    const temporary = `${target}.${process.pid}.${Date.now()}.tmp`;
    await fs.writeFile(temporary, `${JSON.stringify({ format: FORMAT, key, model, answer }, null, 2)}\n`);
    await fs.rename(temporary, target);
  }

  private file(key: string): string {
    return path.join(this.directory, key.slice(0, 2), `${key}.json`);
  }
}
