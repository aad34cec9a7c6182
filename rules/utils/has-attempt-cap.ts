import ts from '../engine/typescript.cjs';

import { forEachDescendant } from './for-each-descendant.js';
import { unwrapExpression } from './unwrap-expression.js';
import { getBranchCondition } from './get-branch-condition.js';

// Names that say "how many" or "how long": attempt, retries, retryCount, tries, maxRetries, retriesLeft, deadline...
const COUNT_NAME = /attempt|retries|retrycount|retrys|tries|tried|count|budget|remaining|left|limit|max/iu;
const TIME_NAME = /deadline|expire|until|timeout|timedout|elapsed|giveup|cutoff/iu;

const COMPARISONS = new Set([
  ts.SyntaxKind.LessThanToken,
  ts.SyntaxKind.LessThanEqualsToken,
  ts.SyntaxKind.GreaterThanToken,
  ts.SyntaxKind.GreaterThanEqualsToken,
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
]);

// The scope bounds its attempts by a count or a clock, in any of these shapes:
//   while (attempt < maxAttempts)          if (++attempt >= 5) throw err;        if (retriesLeft === 0) throw err;
//   if (!retriesLeft) throw err   (retriesLeft in `counters`: a counter updated or passed on changed)
//   if (isLastAttempt || timedOut) throw err                           (a branch on a count- or clock-named flag)
//   if (Date.now() > deadline) break;      while (performance.now() - start < budgetMs)
//   return attempt < 3 ? again(attempt + 1) : Promise.reject(err);
// `counters` are names the caller knows to change per attempt (`x++`, a parameter passed as `x - 1`).
export function hasAttemptCap(scope: ts.Node, counters: ReadonlySet<string>): boolean {
  let found = false;
  forEachDescendant(
    scope,
    (node) => {
      if (found) return false;
      if (ts.isBinaryExpression(node) && COMPARISONS.has(node.operatorToken.kind)) {
        const relational = !isEquality(node.operatorToken.kind);
        if (
          mentionsCount(node.left, counters) ||
          mentionsCount(node.right, counters) ||
          (relational && (mentionsTime(node.left) || mentionsTime(node.right)))
        ) {
          found = true;
        }
      }
      // A branch on a counter or on a clock-ish flag: `if (!retriesLeft)`, `if (isLastAttempt)`, `if (timedOut)`.
      const condition = getBranchCondition(node);
      if (condition && someName(condition, (name) => counters.has(name) || COUNT_NAME.test(name) || TIME_NAME.test(name))) {
        found = true;
      }
      return !found;
    },
    { crossFunctions: true },
  );
  return found;
}

function isEquality(kind: ts.SyntaxKind): boolean {
  return (
    kind === ts.SyntaxKind.EqualsEqualsToken ||
    kind === ts.SyntaxKind.EqualsEqualsEqualsToken ||
    kind === ts.SyntaxKind.ExclamationEqualsToken ||
    kind === ts.SyntaxKind.ExclamationEqualsEqualsToken
  );
}

function mentionsCount(node: ts.Expression, counters: ReadonlySet<string>): boolean {
  return someName(node, (name) => counters.has(name) || COUNT_NAME.test(name));
}

function mentionsTime(node: ts.Expression): boolean {
  const expression = unwrapExpression(node);
  let found = false;
  const visit = (child: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(child) && ts.isPropertyAccessExpression(child.expression)) {
      const path = child.expression.getText();
      if (path === 'Date.now' || path === 'performance.now' || /hrtime/u.test(path)) found = true;
    }
    if (ts.isNewExpression(child) && ts.isIdentifier(child.expression) && child.expression.text === 'Date') found = true;
    if (ts.isIdentifier(child) && TIME_NAME.test(child.text)) found = true;
    if (!found) ts.forEachChild(child, visit);
  };
  visit(expression);
  return found;
}

// Identifiers and property names in an expression (not inside nested functions).
function someName(node: ts.Node, test: (name: string) => boolean): boolean {
  if (ts.isIdentifier(node)) return test(node.text);
  if (ts.isFunctionLike(node)) return false;
  let found = false;
  ts.forEachChild(node, (child) => {
    if (!found && someName(child, test)) found = true;
  });
  return found;
}
