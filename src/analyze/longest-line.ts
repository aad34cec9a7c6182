/** Files whose longest line is longer than this are treated as minified bundles and skipped. */
export const MINIFIED_LINE_LENGTH = 5_000;

/** Line terminators as ECMAScript (and TypeScript's scanner) define them: LF, CR, CRLF, U+2028, U+2029. */
const LINE_BREAK = /\r\n?|[\n\u2028\u2029]/gu;

/**
 * A source map comment (`//# sourceMappingURL=data:application/json;base64,...`): Babel and tsc write the map inline
 * on one line after readable code (superagent's `lib/`, 124,000 characters), so it says nothing about minification.
 */
const SOURCE_MAP_COMMENT = /\/\/[#@] sourceMappingURL=/uy;

/** Length of the longest line of `text` that is not a source map comment, in UTF-16 code units. */
export function longestLine(text: string): number {
  let longest = 0;
  let start = 0;
  const measure = (end: number): void => {
    SOURCE_MAP_COMMENT.lastIndex = start;
    if (!SOURCE_MAP_COMMENT.test(text)) longest = Math.max(longest, end - start);
  };
  for (const match of text.matchAll(LINE_BREAK)) {
    measure(match.index);
    start = match.index + match[0].length;
  }
  measure(text.length);
  return longest;
}
