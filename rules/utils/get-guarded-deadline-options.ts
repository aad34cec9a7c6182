import ts from '../engine/typescript.cjs';

import { createProjectIndex } from './create-project-index.js';
import { forEachDescendant } from './for-each-descendant.js';
import { getConstInitializer } from './get-const-initializer.js';
import { getGuardAbove } from './get-guard-above.js';
import { getSimpleCalleeName } from './get-simple-callee-name.js';
import { unwrapExpression } from './unwrap-expression.js';

const index = createProjectIndex(collect);
// A call that arms a timer: `setTimeout`, `p.timeout`, `addTimeout`; not `clearTimeout`.
const TIMER = /^(?!clear)\w*timeout$/iu;

// The option names whose deadline the project arms only when they are set, found in its own source files: a guard
// that the option is positive or defined, over a timer call (named like `setTimeout`, `timeout`, `addTimeout`)
// that is handed the option, or a const read from it (issue 12, point 9):
//   if (ctx.options.timeout > 0 && p.timeout) return p.timeout(ctx.options.timeout);        -> 'timeout'
//   if (delays.response !== undefined) { ... addTimeout(delays.response, 'response'); }     -> 'response'
//   const timeout = this.config.timeout; if (timeout) req.setTimeout(timeout, onTimeout);   -> 'timeout'
// and what the guarded member is copied from in the same function:
//   ctx.options.timeout = broker.options.requestTimeout;                                    -> 'requestTimeout'
export function getGuardedDeadlineOptions(program: ts.Program | undefined, sourceFile: ts.SourceFile): ReadonlySet<string> {
  return index(program, sourceFile);
}

function collect(files: readonly ts.SourceFile[]): ReadonlySet<string> {
  const names = new Set<string>();
  for (const file of files) {
    if (!/timeout/iu.test(file.text)) continue;
    forEachDescendant(
      file,
      (node) => {
        if (!ts.isCallExpression(node) || !TIMER.test(getSimpleCalleeName(node.expression) ?? '')) return undefined;
        for (const argument of node.arguments) {
          const option = unwrapExpression(argument);
          if (ts.isIdentifier(option)) {
            const read = getConstInitializer(option);
            const source = read && unwrapExpression(read);
            if (source && ts.isPropertyAccessExpression(source) && isGuardedBySet(node, option)) names.add(source.name.text);
            continue;
          }
          if (!ts.isPropertyAccessExpression(option) || !isGuardedBySet(node, option)) continue;
          names.add(option.name.text);
          for (const source of getCopiedFrom(option)) names.add(source);
        }
        return undefined;
      },
      { crossFunctions: true },
    );
  }
  return names;
}

// Whether a guard above `call` holds only when `option` is set: `o.x > 0`, `o.x`, `o.x !== undefined`; a callback
// defined under the guard (`if (delays.read !== undefined) once(req, 'response', () => addTimeout(delays.read))`) too.
function isGuardedBySet(call: ts.CallExpression, option: ts.PropertyAccessExpression | ts.Identifier): boolean {
  const text = option.getText();
  for (let current: ts.Node = call; current.parent && !isNamedFunction(current); current = current.parent) {
    const guard = getGuardAbove(current);
    if (guard && testsSet(unwrapExpression(guard), text)) return true;
  }
  return false;
}

function isNamedFunction(node: ts.Node): boolean {
  return ts.isFunctionLike(node) && !ts.isArrowFunction(node) && !ts.isFunctionExpression(node);
}

function testsSet(condition: ts.Expression, text: string): boolean {
  if (ts.isPropertyAccessExpression(condition) || ts.isIdentifier(condition)) return condition.getText() === text;
  if (ts.isPrefixUnaryExpression(condition) && condition.operator === ts.SyntaxKind.ExclamationToken) {
    const inner = unwrapExpression(condition.operand);
    return ts.isPrefixUnaryExpression(inner) && inner.operator === ts.SyntaxKind.ExclamationToken && testsSet(unwrapExpression(inner.operand), text);
  }
  if (!ts.isBinaryExpression(condition)) return false;
  const { left, right, operatorToken } = condition;
  const kind = operatorToken.kind;
  if (kind === ts.SyntaxKind.AmpersandAmpersandToken) return testsSet(unwrapExpression(left), text) || testsSet(unwrapExpression(right), text);
  if (unwrapExpression(left).getText() !== text) return false;
  const value = unwrapExpression(right);
  const isZero = ts.isNumericLiteral(value) && Number(value.text) === 0;
  const isNothing = (ts.isIdentifier(value) && value.text === 'undefined') || value.kind === ts.SyntaxKind.NullKeyword;
  switch (kind) {
    case ts.SyntaxKind.GreaterThanToken:
      return isZero;
    case ts.SyntaxKind.ExclamationEqualsEqualsToken:
    case ts.SyntaxKind.ExclamationEqualsToken:
      return isZero || isNothing;
    default:
      return false;
  }
}

// `ctx.options.timeout = broker.options.requestTimeout` in the function of the guard: the member it defaults from.
function getCopiedFrom(option: ts.PropertyAccessExpression): string[] {
  const fn = ts.findAncestor(option, ts.isFunctionLike);
  if (!fn) return [];
  const text = option.getText();
  const sources: string[] = [];
  forEachDescendant(fn, (node) => {
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(node.left) &&
      node.left.getText() === text
    ) {
      const right = unwrapExpression(node.right);
      if (ts.isPropertyAccessExpression(right)) sources.push(right.name.text);
    }
    return undefined;
  });
  return sources;
}
