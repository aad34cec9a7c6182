import { logger } from './logger';

// Relays uploads to object storage as streams. Aborting an upload cancels the source stream; cancelling a
// stream that is already closed fails with ERR_INVALID_STATE, which is expected and ignored.

interface Upload {
  id: string;
  source: ReadableStream<Uint8Array>;
}

const active = new Map<string, Upload>();

export function abortUpload(id: string, reason: Error): void {
  const upload = active.get(id);
  if (!upload) return;
  active.delete(id);
  upload.source.cancel(reason).catch((err: { code?: string }) => {
    if (err.code === 'ERR_INVALID_STATE') return;
    throw err; // expect: no-unhandled-rejection
  });
}

export function abortAll(reason: Error): void {
  for (const [id, upload] of active) {
    active.delete(id);
    upload.source
      .cancel(reason)
      .catch((err: { code?: string }) => {
        if (err.code === 'ERR_INVALID_STATE') return;
        logger.warn({ err, id }, 'cancelling an upload failed'); // ok: no-unhandled-rejection
      })
      .finally(() => logger.debug({ id }, 'upload aborted'));
  }
}

// The caller awaits the chain: the rethrow reaches it.
export async function finishUpload(id: string): Promise<void> {
  const upload = active.get(id);
  if (!upload) return;
  await upload.source.cancel().catch((err: { code?: string }) => {
    if (err.code === 'ERR_INVALID_STATE') return;
    throw err; // ok: no-unhandled-rejection
  });
  active.delete(id);
}

// The throw belongs to a timer callback that crashes the process on purpose, not to the chain.
export function abortOrCrash(id: string, reason: Error): void {
  const upload = active.get(id);
  upload?.source.cancel(reason).catch((err: unknown) => {
    setImmediate(() => {
      throw err; // ok: no-unhandled-rejection
    });
  });
}

// Registering a finished upload: every failure rejects, but one is returned as a value.
export async function registerUpload(id: string, key: string): Promise<{ id: string; key: string } | Error> {
  if (!active.has(id)) throw new Error(`unknown upload ${id}`);
  if (!/^[\w/-]+$/u.test(key)) {
    return new Error(`invalid object key ${key}`); // ok: no-swallowed-error
  }
  return { id, key };
}

export async function renameUpload(id: string, key: string) {
  if (!active.has(id)) throw new Error(`unknown upload ${id}`);
  if (key.includes('..')) {
    return new Error(`invalid object key ${key}`); // expect: no-swallowed-error
  }
  logger.info({ id, key }, 'upload renamed');
  return { id, key };
}

// A validator returns its verdict; it never throws.
export async function checkKey(key: string) {
  if (key.includes('..')) return new Error(`invalid object key ${key}`); // ok: no-swallowed-error
  return undefined;
}

declare const buckets: { head(name: string): Promise<unknown>; create(name: string): Promise<void> };

// Opening the bucket creates it when it is missing; any other failure must reach the caller.
export async function openBucket(name: string): Promise<void> {
  try {
    await buckets.head(name);
  } catch (err) { // expect: no-swallowed-error
    if ((err as { code?: string }).code === 'NoSuchBucket') {
      await buckets.create(name);
    }
  }
}

export async function openBucketChecked(name: string): Promise<void> {
  try {
    await buckets.head(name);
  } catch (err) { // ok: no-swallowed-error
    if ((err as { code?: string }).code !== 'NoSuchBucket') throw err;
    await buckets.create(name);
  }
}

// Each candidate bucket is tried in turn: the loop decides what a failure means.
export async function firstBucket(names: string[]): Promise<string | undefined> {
  for (const name of names) {
    try {
      await buckets.head(name);
      return name;
    } catch (err) { // ok: no-swallowed-error
      if ((err as { code?: string }).code === 'AccessDenied') logger.warn({ name }, 'bucket not readable');
    }
  }
  return undefined;
}

// The native thumbnailer is optional: without it, uploads are relayed without a thumbnail.
let thumbnailer: { resize(data: Uint8Array, width: number): Promise<Uint8Array> } | undefined;
export async function loadThumbnailer(): Promise<void> {
  try {
    thumbnailer = (await import('./native-thumbnailer.js')).default;
  } catch {} // ok: no-swallowed-error
}

// The same load, but the try also starts the module: a failure to start it is dropped with the missing module.
export async function startThumbnailer(): Promise<void> {
  try {
    thumbnailer = (await import('./native-thumbnailer.js')).default;
    await thumbnailer.resize(new Uint8Array(0), 1);
  } catch {} // expect: no-swallowed-error
}
