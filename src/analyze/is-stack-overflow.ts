/** V8's "Maximum call stack size exceeded": the input nests deeper than a recursive walk can follow. */
export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/iu.test(error.message);
}
