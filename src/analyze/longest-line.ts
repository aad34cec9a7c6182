/** Files whose longest line is longer than this are treated as minified bundles and skipped. */
export const MINIFIED_LINE_LENGTH = 5_000;

/** Line terminators as ECMAScript (and TypeScript's scanner) define them: LF, CR, CRLF, U+2028, U+2029. */
const LINE_BREAK = /\r\n?|[\n\u2028\u2029]/gu;

/** `//# sourceMappingURL=data:...`: a compiler's inline source map, as long as the source it maps. */
const SOURCE_MAP_COMMENT = /^\s*\/\/[#@]\s*source(?:Mapping)?URL=/u;

/**
 * Length of the longest line of `text`, in UTF-16 code units. An inline source-map comment does not count:
 * Babel and tsc append one to readable output (superagent's `lib/node/index.js` ends in a 124,000-character one).
 */
export function longestLine(text: string): number {
  let longest = 0;
  let start = 0;
  const line = (end: number): void => {
    if (end - start > longest && !SOURCE_MAP_COMMENT.test(text.slice(start, start + 40))) longest = end - start;
  };
  for (const match of text.matchAll(LINE_BREAK)) {
    line(match.index);
    start = match.index + match[0].length;
  }
  line(text.length);
  return longest;
}
