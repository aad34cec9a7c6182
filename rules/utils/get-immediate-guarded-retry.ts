import ts from '../engine/typescript.cjs';

import { forEachDescendant } from './for-each-descendant.js';
import { getProjectMembers } from './get-project-members.js';
import { getSimpleCalleeName } from './get-simple-callee-name.js';
import { isDelayCall } from './is-delay-call.js';
import { unwrapExpression } from './unwrap-expression.js';

type FunctionWithBody = ts.MethodDeclaration | ts.FunctionExpression | ts.ArrowFunction;

const RETRY = /^_*retry$/iu;
const GUARD = /^_*(?:should|can)Retry$/iu;
// a call that hands the next attempt to a timer of its own: this.scheduleRetry(), this.queueReconnect(ms)
const SCHEDULES = /schedule|queue|defer|timer/iu;

// A method that sends an attempt again, called at once when a predicate says the failure is retryable, where neither
// the branch nor the method waits (superagent: Request.prototype.callback, RequestBase.prototype._retry):
//   if (this._shouldRetry(error, res)) return this._retry();
//   RequestBase.prototype._retry = function () { this.clearTimeout(); this.req = this.request(); return this._end(); };
// The method is `this.<retry>`, defined in the project (a class or object method, a prototype assignment; every
// definition of the name is read),
// the guard a call of `<should|can>Retry` in the test of the `if` whose then-branch makes the call. Not reported: a
// wait (sleep, delay, backoff, setTimeout...) in the branch or the method, or a call there that schedules
// (`this.scheduleRetry()`), in any definition of the name, and a method the project does not define.
export function getImmediateGuardedRetry(call: ts.CallExpression, program: ts.Program | undefined): ts.CallExpression | undefined {
  const callee = unwrapExpression(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || callee.expression.kind !== ts.SyntaxKind.ThisKeyword || !RETRY.test(callee.name.text)) return undefined;
  const branch = getGuardedBranch(call);
  if (!branch) return undefined;
  const definitions = getDefinitions(callee.name.text, program, call.getSourceFile());
  if (!definitions || waits(branch) || definitions.some((definition) => waits(definition.body!))) return undefined;
  return call;
}

// The then-branch of `if (this._shouldRetry(...))` that holds the call (as a statement or a return), in the same function.
function getGuardedBranch(call: ts.CallExpression): ts.Statement | undefined {
  let statement: ts.Node = call;
  while (!ts.isExpressionStatement(statement) && !ts.isReturnStatement(statement)) {
    if (!ts.isParenthesizedExpression(statement.parent) && !ts.isExpressionStatement(statement.parent) && !ts.isReturnStatement(statement.parent))
      return undefined;
    statement = statement.parent;
  }
  let branch: ts.Node = statement;
  if (ts.isBlock(branch.parent)) branch = branch.parent;
  const guard = branch.parent;
  if (!guard || !ts.isIfStatement(guard) || guard.thenStatement !== branch) return undefined;
  const isGuard = (node: ts.Node): boolean => ts.isCallExpression(node) && GUARD.test(getSimpleCalleeName(unwrapExpression(node.expression)) ?? '');
  let guarded = isGuard(guard.expression);
  forEachDescendant(guard.expression, (node) => {
    guarded ||= isGuard(node);
    return !guarded;
  });
  return guarded ? (branch as ts.Statement) : undefined;
}

// Every definition of the method the project gives (a bundle beside the sources repeats them): undefined when one has
// no body of its own to read.
function getDefinitions(name: string, program: ts.Program | undefined, sourceFile: ts.SourceFile): FunctionWithBody[] | undefined {
  const members = getProjectMembers(program, sourceFile).get(name) ?? [];
  const definitions: FunctionWithBody[] = [];
  for (const member of members) {
    const value = ts.isBinaryExpression(member) ? member.right : ts.isPropertyAssignment(member) ? member.initializer : undefined;
    const fn = ts.isMethodDeclaration(member) ? member : value && unwrapExpression(value);
    if (!fn || !(ts.isMethodDeclaration(fn) || ts.isFunctionExpression(fn) || ts.isArrowFunction(fn)) || !fn.body) return undefined;
    definitions.push(fn);
  }
  return definitions.length > 0 ? definitions : undefined;
}

function waits(root: ts.Node): boolean {
  let found = false;
  forEachDescendant(
    root,
    (node) => {
      if (isDelayCall(node)) found = true;
      else if (ts.isCallExpression(node) && SCHEDULES.test(getSimpleCalleeName(unwrapExpression(node.expression)) ?? '')) found = true;
      return !found;
    },
    { crossFunctions: true },
  );
  return found;
}
