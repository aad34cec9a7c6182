import ts from '../engine/typescript.cjs';

import { findLocalDeclaration } from './find-local-declaration.js';
import { forEachDescendant } from './for-each-descendant.js';
import { unwrapExpression } from './unwrap-expression.js';

/**
 * - `zero`: no wait (`0`).
 * - `fixed`: the same wait every attempt (`1000`, `RETRY_MS`, `this.options.retryDelayMs`, `5 * 1000`).
 * - `growing`: grows with the attempt or carries jitter (`2 ** attempt * 100`, `delay *= 2`, `Math.random()`).
 * - `unknown`: computed elsewhere (a call, a parameter passed on changed); treated as fine.
 */
export type DelayClass = 'zero' | 'fixed' | 'growing' | 'unknown';

export interface DelayScope {
  /** The loop or function whose iterations the delay separates: assignments in it make a name vary. */
  scope: ts.Node;
  /** Names that change per attempt: loop counters, parameters passed on changed. */
  counters: ReadonlySet<string>;
}

// Computed elsewhere, or directed by the server (`error.retryAfter`, `rateLimit.resetAfter`): not ours to judge.
const COMPUTED_NAME = /backoff|jitter|expon|random|next|retry-?after|reset|ratelimit|throttl/iu;

// Whether a delay expression stays the same across attempts:
//   sleep(1000)  sleep(RETRY_DELAY_MS)  sleep(config.retryDelayMs)          -> fixed
//   sleep(0)                                                               -> zero
//   sleep(base * 2 ** attempt)  sleep(delay) after `delay *= 2`  sleep(1000 + Math.random() * 500)  -> growing
//   sleep(computeBackoff(attempt))  sleep(policy.nextDelay())              -> unknown
export function classifyDelay(node: ts.Expression, delayScope: DelayScope, depth = 0): DelayClass {
  if (depth > 6) return 'unknown';
  const expression = unwrapExpression(node);
  if (ts.isNumericLiteral(expression)) return Number(expression.text) === 0 ? 'zero' : 'fixed';
  if (ts.isIdentifier(expression)) return classifyName(expression, delayScope, depth);
  if (ts.isPropertyAccessExpression(expression)) {
    if (delayScope.counters.has(expression.name.text)) return 'growing';
    if (COMPUTED_NAME.test(expression.name.text)) return 'unknown';
    return classifyAssignments(expression, delayScope, depth) ?? 'fixed';
  }
  if (ts.isPrefixUnaryExpression(expression)) {
    if (expression.operator === ts.SyntaxKind.PlusPlusToken || expression.operator === ts.SyntaxKind.MinusMinusToken) return 'growing';
    return classifyDelay(expression.operand, delayScope, depth + 1);
  }
  if (ts.isPostfixUnaryExpression(expression)) return 'growing';
  if (ts.isBinaryExpression(expression)) {
    const kind = expression.operatorToken.kind;
    const left = classifyDelay(expression.left, delayScope, depth + 1);
    const right = classifyDelay(expression.right, delayScope, depth + 1);
    if (kind === ts.SyntaxKind.AsteriskToken && (left === 'zero' || right === 'zero')) return 'zero';
    if (
      kind === ts.SyntaxKind.AsteriskToken ||
      kind === ts.SyntaxKind.AsteriskAsteriskToken ||
      kind === ts.SyntaxKind.LessThanLessThanToken ||
      kind === ts.SyntaxKind.PlusToken ||
      kind === ts.SyntaxKind.MinusToken ||
      kind === ts.SyntaxKind.SlashToken ||
      kind === ts.SyntaxKind.BarBarToken ||
      kind === ts.SyntaxKind.QuestionQuestionToken
    ) {
      return combine([left, right]);
    }
    return 'unknown';
  }
  if (ts.isConditionalExpression(expression)) {
    return combine([classifyDelay(expression.whenTrue, delayScope, depth + 1), classifyDelay(expression.whenFalse, delayScope, depth + 1)]);
  }
  if (ts.isCallExpression(expression)) return classifyCall(expression, delayScope, depth);
  return 'unknown';
}

// growing wins, then unknown; all fixed/zero stays fixed (zero only when every part is zero).
function combine(classes: readonly DelayClass[]): DelayClass {
  if (classes.includes('growing')) return 'growing';
  if (classes.includes('unknown')) return 'unknown';
  return classes.every((c) => c === 'zero') ? 'zero' : 'fixed';
}

function classifyCall(call: ts.CallExpression, delayScope: DelayScope, depth: number): DelayClass {
  const callee = call.expression;
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'Math') {
    const method = callee.name.text;
    if (method === 'random' || method === 'pow' || method === 'exp') {
      return method === 'random' ? 'growing' : combine(call.arguments.map((a) => classifyDelay(a, delayScope, depth + 1))) === 'fixed' ? 'fixed' : 'growing';
    }
    if (['min', 'max', 'floor', 'ceil', 'round', 'trunc', 'abs'].includes(method)) {
      return combine(call.arguments.map((a) => classifyDelay(a, delayScope, depth + 1)));
    }
  }
  return 'unknown';
}

function classifyName(identifier: ts.Identifier, delayScope: DelayScope, depth: number): DelayClass {
  if (delayScope.counters.has(identifier.text)) return 'growing';
  if (COMPUTED_NAME.test(identifier.text)) return 'unknown';
  const assigned = classifyAssignments(identifier, delayScope, depth);
  if (assigned) return assigned;
  const declaration = findLocalDeclaration(identifier);
  if (!declaration) return /^[A-Z][A-Z0-9_]*$/u.test(identifier.text) ? 'fixed' : 'unknown';
  if (ts.isParameter(declaration)) return 'fixed';
  if (ts.isVariableDeclaration(declaration)) {
    if (!ts.isIdentifier(declaration.name)) return 'unknown';
    // A for-of variable takes a new value per iteration: `for (const delay of [100, 400, 1600])`.
    if (ts.isVariableDeclarationList(declaration.parent) && ts.isForOfStatement(declaration.parent.parent)) return 'unknown';
    return declaration.initializer ? classifyDelay(declaration.initializer, delayScope, depth + 1) : 'unknown';
  }
  return 'unknown';
}

// How assignments inside the scope change the name: `delay *= 2` grows, `delay = next` is classified like `next`.
// undefined when the scope never assigns it.
function classifyAssignments(target: ts.Identifier | ts.PropertyAccessExpression, delayScope: DelayScope, depth: number): DelayClass | undefined {
  const text = target.getText();
  const classes: DelayClass[] = [];
  forEachDescendant(
    delayScope.scope,
    (node) => {
      if (!ts.isBinaryExpression(node) || node.left.getText() !== text) return;
      const kind = node.operatorToken.kind;
      if (kind === ts.SyntaxKind.EqualsToken) {
        // `delay = delay * 2` mentions itself: growth.
        classes.push(mentionsText(node.right, text) ? 'growing' : classifyDelay(node.right, delayScope, depth + 1));
      } else if (
        kind === ts.SyntaxKind.AsteriskEqualsToken ||
        kind === ts.SyntaxKind.AsteriskAsteriskEqualsToken ||
        kind === ts.SyntaxKind.LessThanLessThanEqualsToken ||
        kind === ts.SyntaxKind.PlusEqualsToken
      ) {
        classes.push('growing');
      } else if (kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment) {
        classes.push('unknown');
      }
    },
    { crossFunctions: true },
  );
  return classes.length > 0 ? combine(classes) : undefined;
}

function mentionsText(node: ts.Node, text: string): boolean {
  if (node.getText() === text) return true;
  let found = false;
  ts.forEachChild(node, (child) => {
    if (!found && mentionsText(child, text)) found = true;
  });
  return found;
}
