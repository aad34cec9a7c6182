import type { Finding } from '../../findings/finding.js';

/**
 * A finding with GitHub's `primaryLocationLineHash` for its start line, computed from the file's
 * contents by the pipeline (the SARIF formatter is pure and never reads files).
 */
export interface LineHashedFinding extends Finding {
  lineHash?: string;
}

// GitHub's upload action (codeql-action src/fingerprints.ts) hashes each line with a polynomial
// rolling hash over a window of 100 characters, base 37, wrapping at 64 bits. The window for a line
// starts at its first character and runs on into the following lines. Spaces and tabs are skipped,
// CR, LF and CRLF all count as one LF, the end of the file is a 0xFFFF character followed by zeros.
// Equal hashes in one file are told apart by a 1-based occurrence counter: `<hex>:<n>`.
const WINDOW = 100;
const BASE = 37n;
const EOF_CODE = 0xffff;
const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const BASE_POW_WINDOW = BigInt.asUintN(64, BASE ** BigInt(WINDOW));

/**
 * GitHub's `primaryLocationLineHash` of every line of `text`: element `i` belongs to line `i + 1`.
 * Pass the file exactly as stored (`fs.readFileSync(file, 'utf8')`, byte-order mark included), as
 * the upload action reads it; the hashes then match what it would compute, so it keeps ours.
 */
export function computeLineHashes(text: string): string[] {
  const window = new Uint16Array(WINDOW);
  // Line number starting at each window slot, or 0 when no line starts there.
  const lineAt = new Int32Array(WINDOW);
  const hashes: string[] = [];
  const occurrences = new Map<string, number>();
  let hash = 0n;
  let slot = 0;
  let line = 0;
  let atLineStart = true;
  let afterCr = false;

  const emit = (): void => {
    const hex = hash.toString(16);
    const count = (occurrences.get(hex) ?? 0) + 1;
    occurrences.set(hex, count);
    hashes[lineAt[slot]! - 1] = `${hex}:${count}`;
    lineAt[slot] = 0;
  };
  const push = (code: number): void => {
    const leaving = window[slot]!;
    window[slot] = code;
    hash = BigInt.asUintN(64, BASE * hash + BigInt(code) - BASE_POW_WINDOW * BigInt(leaving));
    slot = (slot + 1) % WINDOW;
  };
  const consume = (raw: number): void => {
    if (raw === SPACE || raw === TAB || (afterCr && raw === LF)) {
      afterCr = false;
      return;
    }
    afterCr = raw === CR;
    const code = raw === CR ? LF : raw;
    // A full window since the line starting at this slot: its hash is complete.
    if (lineAt[slot] !== 0) emit();
    if (atLineStart) {
      atLineStart = false;
      line += 1;
      lineAt[slot] = line;
    }
    if (code === LF) atLineStart = true;
    push(code);
  };

  for (let index = 0; index < text.length; index += 1) consume(text.charCodeAt(index));
  consume(EOF_CODE);
  for (let flushed = 0; flushed < WINDOW; flushed += 1) {
    if (lineAt[slot] !== 0) emit();
    push(0);
  }
  return hashes;
}

/** The findings of one file with `lineHash` set from that file's text. */
export function addLineHashes<T extends Finding>(findings: readonly T[], text: string): (T & LineHashedFinding)[] {
  const hashes = computeLineHashes(text);
  return findings.map((finding) => {
    const lineHash = hashes[finding.line - 1];
    return lineHash === undefined ? { ...finding } : { ...finding, lineHash };
  });
}
