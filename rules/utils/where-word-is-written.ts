import type ts from '../engine/typescript.cjs';

// An escape that can spell a name otherwise than as itself, in an identifier or a string (`F\u006fo`, `'f\x6fo'`), or
// a line continuation inside a string.
const ESCAPE = /\\[ux0-7\r\n\u2028\u2029]/u;
const IDENTIFIER_PART = /[\w$]/u;

const escapesByFile = new WeakMap<ts.SourceFile, boolean>();

/** Whether the file's text may spell a name otherwise than as itself (an escape), so that searching its text for the name can miss it. */
export function mayHideNames(file: ts.SourceFile): boolean {
  let answer = escapesByFile.get(file);
  if (answer === undefined) {
    answer = mayHideNamesIn(file.text);
    escapesByFile.set(file, answer);
  }
  return answer;
}

/** The same for a piece of text: whether it holds an escape or a line continuation. */
export function mayHideNamesIn(text: string): boolean {
  return ESCAPE.test(text);
}

const everywhere = (): boolean => true;

/**
 * For a walk that only needs the nodes where `word` is written: a test of whether a node's range holds an occurrence
 * of it as a whole word (not inside a longer identifier), or undefined when the file never writes it. In a file that
 * may hide names behind escapes every node passes. A walk that enters only the nodes that pass goes down the paths
 * to the occurrences and nowhere else, in document order.
 *   whereWordIsWritten(file, 'Broker')   `class Broker {}` -> the class and its ancestors; `BrokerPool` -> nothing
 */
export function whereWordIsWritten(file: ts.SourceFile, word: string): ((node: ts.Node) => boolean) | undefined {
  if (mayHideNames(file)) return everywhere;
  const { text } = file;
  const starts: number[] = [];
  if (word !== '') {
    for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) {
      if (isIdentifierPart(text, at - 1) || isIdentifierPart(text, at + word.length)) continue;
      starts.push(at);
    }
  }
  if (starts.length === 0) return undefined;
  return (node) => holdsStart(starts, node.pos, node.end);
}

/**
 * The same for text that `pattern` (global) matches anywhere, inside identifiers too:
 *   whereTextMatches(file, /fetch/giu)   `const f = opts.fetchImpl ?? fetch` -> the declaration and its ancestors
 */
export function whereTextMatches(file: ts.SourceFile, pattern: RegExp): ((node: ts.Node) => boolean) | undefined {
  if (mayHideNames(file)) return everywhere;
  const starts = [...file.text.matchAll(pattern)].map((match) => match.index);
  if (starts.length === 0) return undefined;
  return (node) => holdsStart(starts, node.pos, node.end);
}

// ASCII only: a neighbour outside ASCII (a letter of another script, or a space such as U+00A0) keeps the occurrence.
function isIdentifierPart(text: string, at: number): boolean {
  const character = text[at];
  return character !== undefined && IDENTIFIER_PART.test(character);
}

// Whether a start (sorted) lies in [pos, end).
function holdsStart(starts: readonly number[], pos: number, end: number): boolean {
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (starts[middle]! < pos) low = middle + 1;
    else high = middle;
  }
  return low < starts.length && starts[low]! < end;
}
