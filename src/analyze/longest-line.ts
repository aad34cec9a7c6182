/** Files whose longest line is longer than this are treated as minified bundles and skipped. */
export const MINIFIED_LINE_LENGTH = 5_000;

/** Line terminators as ECMAScript (and TypeScript's scanner) define them: LF, CR, CRLF, U+2028, U+2029. */
const LINE_BREAK = /\r\n?|[\n\u2028\u2029]/gu;
/** `//# sourceMappingURL=data:...;base64,...`: a compiler's inline source map, one long line after readable code. */
const SOURCE_MAP_COMMENT = /^[ \t]*\/\/[#@][ \t]sourceMappingURL=/u;

/**
 * Length of the longest line of `text`, in UTF-16 code units. A source-map comment does not count: Babel and tsc
 * append the inline map of a readable file as one line (superagent 10.4.2's `lib/node/index.js`, 124,140 characters).
 */
export function longestLine(text: string): number {
  let longest = 0;
  let start = 0;
  const measure = (end: number): void => {
    if (end - start > longest && !SOURCE_MAP_COMMENT.test(text.slice(start, start + 40))) longest = end - start;
  };
  for (const match of text.matchAll(LINE_BREAK)) {
    measure(match.index);
    start = match.index + match[0].length;
  }
  measure(text.length);
  return longest;
}
