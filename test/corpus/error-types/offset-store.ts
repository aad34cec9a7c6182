// An offset store for a stream consumer: reads that classify a caught value by a member and a literal.

export interface OffsetStore {
  read(partition: number): Promise<string>;
  write(partition: number, offset: string): Promise<void>;
}

export async function readOffset(store: OffsetStore, partition: number): Promise<string | undefined> {
  try {
    return await store.read(partition);
  } catch (err) {
    // A string or a plain value has no such code, fails the comparison and is rethrown.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined; // ok: no-unsafe-error-access
    throw err;
  }
}

export async function writeOffset(store: OffsetStore, partition: number, offset: string, log: (line: string) => void): Promise<void> {
  try {
    await store.write(partition, offset);
  } catch (e: any) {
    switch (e.type) { // ok: no-unsafe-error-access
      case 'NOT_COORDINATOR':
        // Matched: the value is an object with that type.
        log(`coordinator moved: ${e.message}`); // ok: no-unsafe-error-access
        return;
      default:
        throw e;
    }
  }
}

export async function retryOnLeader(store: OffsetStore, partition: number, log: (line: string) => void): Promise<string> {
  try {
    return await store.read(partition);
  } catch (e: any) {
    if (e.type !== 'LEADER_NOT_AVAILABLE') throw e; // ok: no-unsafe-error-access
    log(`no leader yet: ${e.message}`); // ok: no-unsafe-error-access
    return store.read(partition);
  }
}

export async function readCommitted(store: OffsetStore, partition: number, expected: string): Promise<string | undefined> {
  try {
    return await store.read(partition);
  } catch (e: any) {
    // Compared with a value, not a literal: nothing says what `e` is.
    if (e.code === expected) return undefined; // expect: no-unsafe-error-access
    throw e;
  }
}

export async function readRemote(store: OffsetStore, partition: number): Promise<string | undefined> {
  try {
    return await store.read(partition);
  } catch (e: any) {
    // `.status` of a missing `response` throws inside the catch.
    if (e.response.status === 404) return undefined; // expect: no-unsafe-error-access
    throw e;
  }
}

export function loadCodec(log: (line: string) => void): unknown {
  try {
    return require('snappy');
  } catch (e: any) {
    // require fails with Errors: resolution, or the module's own evaluation.
    log(`snappy unavailable, messages stay uncompressed: ${e.message}`); // ok: no-unsafe-error-access
    return undefined;
  }
}

const RETRIABLE_TYPES = ['LEADER_NOT_AVAILABLE', 'NOT_COORDINATOR'];

export async function commitOffset(store: OffsetStore, partition: number, offset: string, log: (line: string) => void): Promise<boolean> {
  try {
    await store.write(partition, offset);
    return true;
  } catch (e: any) {
    // A const list of literals and a member tested for truth classify the value.
    if (!RETRIABLE_TYPES.includes(e.type) || !e.retriable) throw e; // ok: no-unsafe-error-access
    log(`commit will be retried: ${e.message}`); // ok: no-unsafe-error-access
    return false;
  }
}

export async function commitUnless(store: OffsetStore, partition: number, offset: string, ignored: string[]): Promise<void> {
  try {
    await store.write(partition, offset);
  } catch (e: any) {
    // The caller's list may hold anything, `undefined` included.
    if (ignored.includes(e.type)) return; // expect: no-unsafe-error-access
    throw e;
  }
}

export async function flushOffsets(store: OffsetStore, pending: Map<number, string>, log: (line: string) => void): Promise<void> {
  for (const [partition, offset] of pending) {
    try {
      await store.write(partition, offset);
    } catch (e) {
      // toString renders a string or a plain value as String() would.
      log(`flush of partition ${partition} failed: ${(e as Error).toString()}`); // ok: no-unsafe-error-access
    }
  }
}
