import { ts } from 'ts-morph';

import type { Finding } from '../findings/finding.js';

// Comments that silence a checker instead of fixing the code: ESLint's and resilint's disable
// directives in every spelling, inline ESLint rule configuration (`/* eslint rule: "off" */`), and
// TypeScript's suppressions.
const SILENCERS: readonly { name: string; pattern: RegExp }[] = [
  { name: 'a disable directive', pattern: /\b(?:eslint|resilint)-disable(?:-next-line|-line)?\b/gu },
  { name: 'an inline ESLint rule configuration', pattern: /\/\*\s*eslint\s+[@\w/-]+\s*:/gu },
  { name: '@ts-ignore', pattern: /@ts-ignore\b/gu },
  { name: '@ts-expect-error', pattern: /@ts-expect-error\b/gu },
  { name: '@ts-nocheck', pattern: /@ts-nocheck\b/gu },
];

/**
 * What a fix must not do, whatever the rules say afterwards, checked on the file before and after:
 * - add a comment that silences a checker (a disable directive, `@ts-ignore`, `@ts-expect-error`,
 *   `@ts-nocheck`);
 * - remove the flagged call or statement without an equivalent in its place: every function called in
 *   the flagged statement must still be called as often in the file (a fix that deletes a whole route,
 *   or the request, leaves nothing to report, but also nothing that works);
 * - replace the body of the function around the finding with a bare `throw` or `return`.
 * Returns the reason to refuse, or undefined.
 */
export function refuseFixIntent(fileName: string, original: string, fixed: string, finding: Pick<Finding, 'line' | 'column'>): string | undefined {
  for (const { name, pattern } of SILENCERS) {
    if (count(fixed, pattern) > count(original, pattern)) return `the fix adds ${name} instead of fixing the code`;
  }
  const before = ts.createSourceFile(fileName, original, ts.ScriptTarget.Latest, true);
  const after = ts.createSourceFile(fileName, fixed, ts.ScriptTarget.Latest, true);
  let position: number;
  try {
    position = before.getPositionOfLineAndCharacter(finding.line - 1, Math.max(0, finding.column - 1));
  } catch {
    return undefined;
  }
  const flagged = innermostAt(before, position);
  if (!flagged) return undefined;

  const statement = enclosingStatement(flagged);
  const callsBefore = calleeCounts(before);
  const callsAfter = calleeCounts(after);
  for (const callee of calleeCounts(statement).keys()) {
    if ((callsAfter.get(callee) ?? 0) < (callsBefore.get(callee) ?? 0)) {
      return `the fix removes the flagged code (a call of \`${callee}\`) without an equivalent in its place`;
    }
  }
  if (calleeCounts(statement).size === 0 && countKind(after, statement.kind) < countKind(before, statement.kind)) {
    return `the fix removes the flagged statement (${ts.SyntaxKind[statement.kind]}) without an equivalent in its place`;
  }

  const owner = namedFunctionAround(flagged);
  if (owner && !isBare(owner.body)) {
    const replaced = findNamedFunction(after, owner.name);
    if (replaced && isBare(replaced.body)) {
      return `the fix replaces the body of \`${owner.name}\` with a bare ${replaced.body.statements[0] && ts.isThrowStatement(replaced.body.statements[0]) ? 'throw' : 'return'}`;
    }
  }
  return undefined;
}

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

function innermostAt(sourceFile: ts.SourceFile, position: number): ts.Node | undefined {
  let found: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    if (position < node.getStart(sourceFile) || position >= node.getEnd()) return;
    found = node;
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(sourceFile, visit);
  return found;
}

// The statement that holds the flagged node: `await fetch(url);`, the `try` of a flagged `catch`.
function enclosingStatement(node: ts.Node): ts.Node {
  let current: ts.Node = node;
  while (current.parent && !ts.isSourceFile(current.parent) && !isStatement(current)) current = current.parent;
  if (ts.isCatchClause(current)) return current.parent;
  if (ts.isBlock(current) && ts.isCatchClause(current.parent)) return current.parent.parent;
  return current;
}

function isStatement(node: ts.Node): boolean {
  return ts.isStatement(node) || ts.isCatchClause(node) || ts.isClassElement(node);
}

// `fetch(...)` -> fetch, `JSON.parse(...)` -> parse, `app.get(...)` -> get, `new Client(...)` -> Client.
function calleeCounts(root: ts.Node): Map<string, number> {
  const counts = new Map<string, number>();
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const callee = node.expression;
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
      if (name) counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    ts.forEachChild(node, visit);
  };
  visit(root);
  return counts;
}

function countKind(root: ts.Node, kind: ts.SyntaxKind): number {
  let total = 0;
  const visit = (node: ts.Node): void => {
    if (node.kind === kind) total += 1;
    ts.forEachChild(node, visit);
  };
  visit(root);
  return total;
}

interface NamedFunction {
  name: string;
  body: ts.Block;
}

// The nearest enclosing function that has a name of its own (declaration, method, accessor, or a
// function assigned to a variable or property); anonymous callbacks (`.catch(() => ...)`) are skipped,
// since a callback that only rethrows is a legitimate fix.
function namedFunctionAround(node: ts.Node): NamedFunction | undefined {
  for (let current: ts.Node | undefined = node; current; current = current.parent) {
    const named = asNamedFunction(current);
    if (named) return named;
  }
  return undefined;
}

function findNamedFunction(sourceFile: ts.SourceFile, name: string): NamedFunction | undefined {
  let found: NamedFunction | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    const named = asNamedFunction(node);
    if (named?.name === name) found = named;
    else ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

function asNamedFunction(node: ts.Node): NamedFunction | undefined {
  if (!ts.isFunctionLike(node) || !('body' in node) || !node.body || !ts.isBlock(node.body as ts.Node)) return undefined;
  const body = node.body as ts.Block;
  if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node)) && node.name) {
    return { name: node.name.getText(), body };
  }
  const parent = node.parent;
  if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && parent) {
    if (
      (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) &&
      parent.name &&
      !ts.isObjectBindingPattern(parent.name) &&
      !ts.isArrayBindingPattern(parent.name)
    ) {
      return { name: parent.name.getText(), body };
    }
  }
  return undefined;
}

// `{ throw ...; }`, `{ return; }`, `{ return undefined; }`, `{ return null; }`, `{ return <literal>; }`.
function isBare(body: ts.Block): boolean {
  if (body.statements.length !== 1) return false;
  const only = body.statements[0]!;
  if (ts.isThrowStatement(only)) return true;
  if (!ts.isReturnStatement(only)) return false;
  const value = only.expression;
  return (
    !value ||
    (ts.isIdentifier(value) && value.text === 'undefined') ||
    value.kind === ts.SyntaxKind.NullKeyword ||
    value.kind === ts.SyntaxKind.TrueKeyword ||
    value.kind === ts.SyntaxKind.FalseKeyword ||
    ts.isLiteralExpression(value) ||
    ts.isObjectLiteralExpression(value) ||
    ts.isArrayLiteralExpression(value)
  );
}
