import ts from 'typescript';

/**
 * Corpus labels: a line comment at the end of the line where a finding starts.
 *
 *   while (true) { // expect: no-unbounded-retry
 *   await sleep(POLL_MS); // ok: require-retry-backoff
 *   throw 'x'; // expect: no-throw-non-error; ok: require-error-cause
 *
 * `expect` marks a true positive to find, `ok` a look-alike that must not be reported. Ids are
 * comma-separated, with or without the `resilint/` prefix; several clauses are separated by `;`.
 * The comment must start with a clause, so prose comments that happen to contain "ok:" are not labels.
 */
export type LabelKind = 'expect' | 'ok';

export interface Label {
  file: string;
  /** 1-based. */
  line: number;
  kind: LabelKind;
  ruleId: string;
}

export interface LabelProblem {
  file: string;
  line: number;
  message: string;
}

export interface ParsedLabels {
  labels: Label[];
  problems: LabelProblem[];
}

const LABEL_START = /^\/\/\s*(?:expect|ok)\s*:/u;
const CLAUSE = /^(expect|ok)\s*:\s*(.*)$/u;
const RULE_ID = /^(?:resilint\/)?([a-z][a-z0-9]*(?:-[a-z0-9]+)*)$/u;

/**
 * The labels of one file. `knownRules`, when given, turns labels naming other rules into problems.
 * `sourceFile` (the file already parsed) tells comments from `//` inside strings and templates.
 */
export function parseLabels(
  file: string,
  text: string,
  options: { knownRules?: ReadonlySet<string>; sourceFile?: ts.SourceFile } = {},
): ParsedLabels {
  const sourceFile = options.sourceFile ?? ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const labels: Label[] = [];
  const problems: LabelProblem[] = [];
  for (const range of lineComments(sourceFile)) {
    const comment = text.slice(range.pos, range.end).trimEnd();
    if (!LABEL_START.test(comment)) continue;
    const { line: zeroBased, character } = sourceFile.getLineAndCharacterOfPosition(range.pos);
    const line = zeroBased + 1;
    const before = text.slice(range.pos - character, range.pos);
    if (before.trim() === '') {
      problems.push({ file, line, message: 'a label must end the line where the finding starts, not stand on a line of its own' });
      continue;
    }
    const seen = new Map<string, LabelKind>();
    for (const clause of comment.slice(2).split(';')) {
      const match = CLAUSE.exec(clause.trim());
      if (!match) {
        problems.push({ file, line, message: `not a label clause: "${clause.trim()}" (write "expect: <rule-id>" or "ok: <rule-id>")` });
        continue;
      }
      const kind = match[1] as LabelKind;
      for (const raw of match[2]!.split(',')) {
        const id = RULE_ID.exec(raw.trim())?.[1];
        if (!id) {
          problems.push({ file, line, message: `not a rule id: "${raw.trim()}"` });
          continue;
        }
        if (options.knownRules && !options.knownRules.has(id)) {
          problems.push({ file, line, message: `unknown rule "${id}"` });
          continue;
        }
        const previous = seen.get(id);
        if (previous) {
          problems.push({
            file,
            line,
            message: previous === kind ? `"${id}" is labelled twice` : `"${id}" is labelled both expect and ok`,
          });
          continue;
        }
        seen.set(id, kind);
        labels.push({ file, line, kind, ruleId: id });
      }
    }
  }
  return { labels, problems };
}

/**
 * Every `//` comment of the file, in order. Comments are the trivia before tokens, so the comment
 * ranges at each token's full start together cover them all; `//` inside strings, templates and regexes is not trivia.
 */
function lineComments(sourceFile: ts.SourceFile): ts.CommentRange[] {
  const ranges = new Map<number, ts.CommentRange>();
  const visit = (node: ts.Node): void => {
    if (node.kind >= ts.SyntaxKind.FirstJSDocNode && node.kind <= ts.SyntaxKind.LastJSDocNode) return;
    const children = node.kind === ts.SyntaxKind.JsxText ? [] : node.getChildren(sourceFile);
    if (children.length > 0) {
      children.forEach(visit);
      return;
    }
    if (node.kind === ts.SyntaxKind.JsxText) return;
    // Comments before the first line break of the trivia are "trailing" (of the previous token), the rest "leading".
    const trivia = [
      ...(ts.getTrailingCommentRanges(sourceFile.text, node.pos) ?? []),
      ...(ts.getLeadingCommentRanges(sourceFile.text, node.pos) ?? []),
    ];
    for (const range of trivia) {
      if (range.kind === ts.SyntaxKind.SingleLineCommentTrivia) ranges.set(range.pos, range);
    }
  };
  visit(sourceFile);
  return [...ranges.values()].sort((a, b) => a.pos - b.pos);
}
