import { createHash, randomUUID } from 'node:crypto';
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
  return createHash('sha256').update(`${FORMAT}\0${parts.model}\0${parts.promptHash}\0${parts.ruleId}\0${parts.contextHash}`).digest('hex');
}

export type CacheRead =
  | { status: 'hit'; answer: ModelAnswer }
  | { status: 'miss' }
  /** A broken entry, in plain words; `repaired`: it was removed, so the next answer takes its place. */
  | { status: 'corrupt'; reason: string; repaired: boolean };

export type CacheWrite = { ok: true } | { ok: false; reason: string };

// Temporary files older than this are left over from a run that crashed between write and rename.
const STALE_TEMPORARY_MS = 10 * 60 * 1000;

/**
 * Answers on disk, one JSON file per key. A broken entry (a directory, an empty file, `null`, text that
 * is not JSON, an answer that no longer validates) is removed when read and reported; it never fails the
 * run and is never a silent miss. Reasons and write failures are said in plain words, never as an
 * internal error message.
 */
export class AnswerCache {
  constructor(readonly directory: string) {}

  async read(key: string): Promise<CacheRead> {
    const file = this.file(key);
    let raw: string;
    try {
      raw = await fs.readFile(file, 'utf8');
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ENOENT') return { status: 'miss' };
      return this.broken(file, code === 'EISDIR' ? 'a directory instead of a file' : `unreadable (${describeFileError(error)})`);
    }
    let entry: unknown;
    try {
      entry = JSON.parse(raw);
    } catch {
      return this.broken(file, raw.trim() === '' ? 'an empty file' : 'not valid JSON');
    }
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      return this.broken(file, `not an object (${entry === null ? 'null' : Array.isArray(entry) ? 'an array' : typeof entry})`);
    }
    const { format, key: storedKey, answer } = entry as { format?: unknown; key?: unknown; answer?: unknown };
    if (format !== FORMAT || storedKey !== key) return this.broken(file, 'written by another version or for another key');
    const result = validateAnswer(answer);
    if ('errors' in result) return this.broken(file, 'its answer does not match the schema');
    return { status: 'hit', answer: result.answer };
  }

  /** Written to a temporary file and renamed, so a crash never leaves half an entry; the temporary file never outlives a failure. */
  async write(key: string, answer: ModelAnswer, model: string): Promise<CacheWrite> {
    const folder = path.join(this.directory, key.slice(0, 2));
    const target = this.file(key);
    const temporary = `${target}.${process.pid}.${randomUUID()}.tmp`;
    try {
      await fs.mkdir(folder, { recursive: true });
      await removeStaleTemporaries(folder);
      await fs.writeFile(temporary, `${JSON.stringify({ format: FORMAT, key, model, answer }, null, 2)}\n`);
      const existing = await fs.lstat(target).catch(() => undefined);
      if (existing && !existing.isFile()) await fs.rm(target, { recursive: true, force: true });
      await fs.rename(temporary, target);
      return { ok: true };
    } catch (error) {
      await fs.rm(temporary, { force: true }).catch(() => undefined);
      return { ok: false, reason: describeFileError(error) };
    }
  }

  private async broken(file: string, reason: string): Promise<CacheRead> {
    try {
      await fs.rm(file, { recursive: true, force: true });
      return { status: 'corrupt', reason, repaired: true };
    } catch {
      return { status: 'corrupt', reason, repaired: false };
    }
  }

  private file(key: string): string {
    return path.join(this.directory, key.slice(0, 2), `${key}.json`);
  }
}

async function removeStaleTemporaries(folder: string): Promise<void> {
  const names = await fs.readdir(folder).catch(() => [] as string[]);
  const now = Date.now();
  for (const name of names) {
    if (!name.endsWith('.tmp')) continue;
    const file = path.join(folder, name);
    const stats = await fs.stat(file).catch(() => undefined);
    if (stats && now - stats.mtimeMs > STALE_TEMPORARY_MS) await fs.rm(file, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** `EACCES: permission denied, open '/x/y'` -> `permission denied`: what happened, not how Node says it. */
function describeFileError(error: unknown): string {
  switch (errorCode(error)) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOSPC':
    case 'EDQUOT':
      return 'no space left on the disk';
    case 'EROFS':
      return 'the file system is read-only';
    case 'EEXIST':
    case 'ENOTDIR':
      return 'a file is in the way of the cache folder';
    case 'EISDIR':
      return 'a directory is in the way';
    case 'ENAMETOOLONG':
      return 'the path is too long';
    default:
      return 'the file system refused it';
  }
}

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}
