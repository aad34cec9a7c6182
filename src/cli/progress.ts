import type { Writable } from 'node:stream';

/** A one-line progress bar on a TTY stream; silent elsewhere. */
export function createProgress(stream: Writable & { isTTY?: boolean; columns?: number }, enabled: boolean) {
  let last = 0;
  let shown = false;
  return {
    update(phase: string, done: number, total: number): void {
      if (!enabled || !stream.isTTY) return;
      const now = Date.now();
      if (done !== total && now - last < 100) return;
      last = now;
      const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - 40));
      const filled = total === 0 ? width : Math.round((done / total) * width);
      stream.write(`\r${phase.padEnd(9)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} files`);
      shown = true;
    },
    done(): void {
      if (shown) stream.write('\r\u001B[K');
      shown = false;
    },
  };
}
