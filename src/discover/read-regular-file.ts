import fs from 'node:fs';

export type RegularFileRead = { kind: 'ok'; buffer: Buffer } | { kind: 'not-regular' } | { kind: 'too-large'; size: number };

/**
 * Reads `file` only if it is a regular file of at most `maxBytes`, checked on the open handle before
 * any byte is read: a FIFO, a device such as /dev/zero or a link to one is never read (opening with
 * O_NONBLOCK keeps a FIFO without a writer from blocking), and a file cannot grow past the limit
 * between the check and the read. Throws what `open`/`read` throw (permission denied, ...).
 */
export function readRegularFile(file: string, maxBytes: number): RegularFileRead {
  const handle = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  try {
    const stat = fs.fstatSync(handle);
    if (!stat.isFile()) return { kind: 'not-regular' };
    if (stat.size > maxBytes) return { kind: 'too-large', size: stat.size };
    const buffer = Buffer.alloc(stat.size);
    let filled = 0;
    while (filled < buffer.length) {
      const read = fs.readSync(handle, buffer, filled, buffer.length - filled, filled);
      if (read === 0) break;
      filled += read;
    }
    return { kind: 'ok', buffer: buffer.subarray(0, filled) };
  } finally {
    fs.closeSync(handle);
  }
}
