/** Files whose longest line is longer than this are treated as minified bundles and skipped. */
export const MINIFIED_LINE_LENGTH = 5_000;

/** Line terminators as ECMAScript (and TypeScript's scanner) define them: LF, CR, CRLF, U+2028, U+2029. */
const LINE_BREAK = /\r\n?|[\n\u2028\u2029]/gu;

/** Length of the longest line of `text`, in UTF-16 code units. */
export function longestLine(text: string): number {
  let longest = 0;
  let start = 0;
  for (const match of text.matchAll(LINE_BREAK)) {
    longest = Math.max(longest, match.index - start);
    start = match.index + match[0].length;
  }
  return Math.max(longest, text.length - start);
}
