import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

const FORMAT = 1;

/** A batch a run left running at its deadline: which answer cache key each of its items answers. */
export interface PendingBatch {
  id: string;
  model: string;
  createdAt: string;
  /** `key`: the first finding's; `members`: each finding of a request about several, by its id in the request. */
  items: { customId: string; key: string; members?: { id: string; key: string }[] }[];
}

/**
 * Batches left running, one JSON file each in `<answer cache>/batches/`: the next run with `--llm-batch`
 * and the same cache collects their answers into the answer cache instead of paying for them twice.
 * A file that does not read as a record is removed: at worst a batch's answers are asked for again.
 */
export class PendingBatches {
  readonly directory: string;

  constructor(answerCacheDirectory: string) {
    this.directory = path.join(answerCacheDirectory, 'batches');
  }

  async list(): Promise<PendingBatch[]> {
    const names = await fs.readdir(this.directory).catch(() => [] as string[]);
    const records: PendingBatch[] = [];
    for (const name of names.filter((candidate) => candidate.endsWith('.json')).sort()) {
      const file = path.join(this.directory, name);
      const record = await fs
        .readFile(file, 'utf8')
        .then((text) => JSON.parse(text) as unknown)
        .catch(() => undefined);
      if (isRecord(record)) records.push(record);
      else await fs.rm(file, { recursive: true, force: true }).catch(() => undefined);
    }
    return records;
  }

  /** Written to a temporary file and renamed; false when the file system refused it. */
  async add(batch: PendingBatch): Promise<boolean> {
    const target = this.file(batch.id);
    const temporary = `${target}.${process.pid}.${randomUUID()}.tmp`;
    try {
      await fs.mkdir(this.directory, { recursive: true });
      await fs.writeFile(temporary, `${JSON.stringify({ format: FORMAT, ...batch }, null, 2)}\n`);
      await fs.rename(temporary, target);
      return true;
    } catch {
      await fs.rm(temporary, { force: true }).catch(() => undefined);
      return false;
    }
  }

  async remove(id: string): Promise<void> {
    await fs.rm(this.file(id), { force: true }).catch(() => undefined);
  }

  private file(id: string): string {
    return path.join(this.directory, `${id.replace(/[^\w-]/gu, '_')}.json`);
  }
}

function isRecord(value: unknown): value is PendingBatch {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Partial<PendingBatch> & { format?: unknown };
  return (
    record.format === FORMAT &&
    typeof record.id === 'string' &&
    typeof record.model === 'string' &&
    Array.isArray(record.items) &&
    record.items.every(
      (item) =>
        typeof item?.customId === 'string' &&
        typeof item.key === 'string' &&
        (item.members === undefined ||
          (Array.isArray(item.members) && item.members.every((member) => typeof member?.id === 'string' && typeof member.key === 'string'))),
    )
  );
}
