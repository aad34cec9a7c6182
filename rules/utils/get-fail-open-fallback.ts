import ts from '../engine/typescript.cjs';

import { findLocalDeclaration } from './find-local-declaration.js';
import { getEnclosingFunction } from './get-enclosing-function.js';
import { getSimpleCalleeName } from './get-simple-callee-name.js';
import { isLoggingCall } from './is-logging-call.js';
import { unwrapExpression } from './unwrap-expression.js';

// Words of a callee's name that make its result the protected form of its input: the ciphertext, the signature,
// the digest, the redacted copy. `assign` is one word, not `sign`.
const PROTECTING_WORDS = new Set(['encrypt', 'encipher', 'cipher', 'sign', 'hmac', 'hash', 'seal', 'redact']);

// A security step that fails open: the name starts out holding the very value the step protects, the try replaces
// it with the step's result, and a catch that only logs (or is empty) leaves the unprotected value in place for the
// code after it, which uses it (node-red's credential export writes the plaintext to disk when encryption fails):
//   var result = credentials; try { result = encryptCredentials(key, credentials); } catch (e) { log.warn(e); } return result;
//   let body = payload; try { body = await sign(payload, key); } catch {} send(body);
//   let result = this.cache; const plain = this.cache; try { result = encrypt(key, plain); } ...   (through a `const`)
// Not: a fallback that is not the step's input (`let digest = ''; try { digest = hash(file); } catch {}`), a catch
// that assigns, returns or throws, nor a name the code after the try never reads.
export function getFailOpenFallback(clause: ts.CatchClause): { name: string; step: string; fallback: string } | undefined {
  if (!clause.block.statements.every(isLoggingStatement)) return undefined;
  const attempt = clause.parent as ts.TryStatement;
  const fn = getEnclosingFunction(attempt);
  for (const statement of attempt.tryBlock.statements) {
    if (!ts.isExpressionStatement(statement)) continue;
    const assignment = unwrapExpression(statement.expression);
    if (!ts.isBinaryExpression(assignment) || assignment.operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isIdentifier(assignment.left)) continue;
    let value = unwrapExpression(assignment.right);
    if (ts.isAwaitExpression(value)) value = unwrapExpression(value.expression);
    if (!ts.isCallExpression(value)) continue;
    const step = getSimpleCalleeName(unwrapExpression(value.expression));
    if (!step || !isProtectingName(step)) continue;
    const declaration = findLocalDeclaration(assignment.left);
    if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer || getEnclosingFunction(declaration) !== fn) continue;
    if (declaration.getStart() > attempt.getStart()) continue;
    const fallback = unwrapExpression(declaration.initializer).getText();
    const input = sameValueText(declaration.initializer);
    if (!value.arguments.some((argument) => sameValueText(argument) === input)) continue;
    if (!isReadAfter(assignment.left.text, attempt, fn)) continue;
    return { name: assignment.left.text, step, fallback: fallback.length > 40 ? `${fallback.slice(0, 37)}...` : fallback };
  }
  return undefined;
}

// The text of a value, looking through one `const` alias: `const plain = this.cache; ... plain` -> `this.cache`.
function sameValueText(expression: ts.Expression): string {
  const value = unwrapExpression(expression);
  if (ts.isIdentifier(value)) {
    const declaration = findLocalDeclaration(value);
    if (
      declaration &&
      ts.isVariableDeclaration(declaration) &&
      declaration.initializer &&
      ts.isVariableDeclarationList(declaration.parent) &&
      declaration.parent.flags & ts.NodeFlags.Const
    ) {
      return unwrapExpression(declaration.initializer).getText();
    }
  }
  return value.getText();
}

function isProtectingName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/gu, '$1 $2')
    .split(/[\s_$]+/u)
    .map((word) => word.toLowerCase());
  return words.some((word) => PROTECTING_WORDS.has(word));
}

function isLoggingStatement(statement: ts.Statement): boolean {
  if (!ts.isExpressionStatement(statement)) return false;
  const expression = unwrapExpression(statement.expression);
  return ts.isCallExpression(expression) && isLoggingCall(expression);
}

// The first reference to `name` after the try statement, within the same function, is a read: `return result`,
// `.then(() => result)`. A write first (`result = null;`) replaces the fallback before anything sees it. The other
// branch of an `if` around the try is another path: `if (dirty) { try ... } else { result = cached; }`.
function isReadAfter(name: string, attempt: ts.TryStatement, fn: ts.Node | undefined): boolean {
  const end = attempt.getEnd();
  const otherBranches = new Set<ts.Node>();
  for (let child: ts.Node = attempt; child.parent && child !== fn; child = child.parent) {
    const parent = child.parent;
    if (ts.isIfStatement(parent) && parent.elseStatement) otherBranches.add(child === parent.thenStatement ? parent.elseStatement : parent.thenStatement);
  }
  let first: ts.Identifier | undefined;
  const visit = (node: ts.Node): void => {
    if (first || node.getEnd() <= end || otherBranches.has(node)) return;
    if (ts.isIdentifier(node) && node.text === name && node.getStart() >= end) {
      const parent = node.parent;
      const isMemberName = (ts.isPropertyAccessExpression(parent) && parent.name === node) || (ts.isPropertyAssignment(parent) && parent.name === node);
      if (!isMemberName) first = node;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(fn ?? attempt.getSourceFile());
  if (!first) return false;
  const parent = first.parent;
  return !(ts.isBinaryExpression(parent) && parent.left === first && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken);
}
