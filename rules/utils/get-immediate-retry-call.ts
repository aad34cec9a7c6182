import ts from '../engine/typescript.cjs';

import { findFunctionDeclaration } from './find-function-declaration.js';
import { findLocalDeclaration } from './find-local-declaration.js';
import { forEachDescendant } from './for-each-descendant.js';
import { getEnclosingFunction } from './get-enclosing-function.js';
import { getGuardAbove } from './get-guard-above.js';
import { getOwnCalleeName } from './get-own-callee-name.js';
import { getProjectMembers } from './get-project-members.js';
import { getSimpleCalleeName } from './get-simple-callee-name.js';
import { isDelayCall } from './is-delay-call.js';
import { unwrapExpression } from './unwrap-expression.js';
import { isTimerCallback } from './is-timer-callback.js';

// A retry run from a timer's callback waits for it (or repeats on a schedule).
const TIMERS: ReadonlySet<string> = new Set(['setTimeout', 'setInterval']);

type RetryFunction = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration;

// A name for the act of retrying: `retry`, `_retry`, `retryRequest`, `doRetry`; not a question or a count about it
// (`shouldRetry`, `canRetry`, `isRetryable`, `maxRetries`, `onRetry`, a hook).
const NOT_AN_ACTION = new Set(['should', 'can', 'is', 'has', 'max', 'on', 'get', 'set', 'count', 'num', 'retryable', 'retries']);
// A call that hands the next attempt to a scheduler of its own: `this.scheduleRetry()`, `this.queueReconnect(ms)`.
const SCHEDULES = /schedule|queue|defer|timer/iu;
const ERROR_NAME = /^(?:e|err|error|reason|cause|failure|\w*Error)$/u;

// A retry that starts the next attempt at once, decided by a predicate about retrying and run by a project function
// named for it whose body waits for nothing (issue 12, point 8: a retry reported at the call that retries):
//   Request.prototype.callback = function (error, res) { if (this._shouldRetry(error, res)) return this._retry(); ... }
//   RequestBase.prototype._retry = function () { this.req = this.request(); return this._end(); }      (another file)
// Found by the project's members without types. Not an immediate retry: a retry function that waits (`setTimeout`,
// `await sleep(...)`, a delay helper) or that some declaration of the name does; a call under no guard about retrying
// or none that reads the failure; a call inside a timer, or in a function that waits itself.
export function getImmediateRetryCall(call: ts.CallExpression, program: ts.Program | undefined): ts.CallExpression | undefined {
  const callee = getOwnCalleeName(call);
  if (!callee || !isRetryAction(callee.name)) return undefined;
  const { name } = callee;
  const enclosing = getEnclosingFunction(call);
  if (!enclosing || !decidedByRetryGuardOnFailure(call, enclosing)) return undefined;
  if (isTimerCallback(enclosing, TIMERS) || waits(enclosing)) return undefined;
  const reference = unwrapExpression(call.expression);
  const targets = ts.isIdentifier(reference) ? localTargets(reference) : memberTargets(name, call, program);
  if (targets.length === 0 || !targets.every((target) => target !== enclosing && reissuesWithoutWaiting(target))) return undefined;
  return call;
}

function isRetryAction(name: string): boolean {
  const words = name
    .replace(/^[_#$]+/u, '')
    .split(/(?=[A-Z])|_/u)
    .map((word) => word.toLowerCase())
    .filter((word) => word !== '');
  if (!words.includes('retry') || words.some((word) => NOT_AN_ACTION.has(word))) return false;
  return words[0] === 'retry' || words.at(-1) === 'retry' || words[0] === 'do';
}

// `if (this._shouldRetry(error, res)) return this._retry();`, `attempt < maxRetries && err ? retry() : fail(err)`: a
// condition about retrying that reads the failure (or the call sits in a catch clause, where the failure is given).
function decidedByRetryGuardOnFailure(call: ts.CallExpression, enclosing: ts.Node): boolean {
  let inCatch = false;
  for (let node: ts.Node = call; node.parent && node !== enclosing; node = node.parent) {
    if (ts.isCatchClause(node.parent) && node.parent.block === node) inCatch = true;
  }
  for (let node: ts.Node = call; node.parent && node !== enclosing; node = node.parent) {
    const guard = getGuardAbove(node);
    if (guard && mentions(guard, (word) => /retr(?:y|ies)/iu.test(word)) && (inCatch || mentions(guard, (word) => ERROR_NAME.test(word)))) return true;
  }
  return false;
}

function mentions(expression: ts.Expression, test: (word: string) => boolean): boolean {
  let found = false;
  forEachDescendant(
    expression,
    (node) => {
      if (ts.isIdentifier(node) && test(node.text)) found = true;
      return !found;
    },
    { crossFunctions: false },
  );
  return found || (ts.isIdentifier(expression) && test(expression.text));
}

function waits(scope: ts.Node): boolean {
  let found = false;
  forEachDescendant(
    scope,
    (node) => {
      if (isDelayCall(node)) found = true;
      return !found;
    },
    { crossFunctions: true },
  );
  return found;
}

// The retry function re-issues the work (it calls something) and nothing in it waits or hands the attempt to a scheduler.
function reissuesWithoutWaiting(fn: RetryFunction): boolean {
  if (!fn.body) return false;
  let calls = false;
  let schedules = false;
  forEachDescendant(
    fn.body,
    (node) => {
      if (!ts.isCallExpression(node)) return undefined;
      calls = true;
      if (SCHEDULES.test(getSimpleCalleeName(unwrapExpression(node.expression)) ?? '')) schedules = true;
      return undefined;
    },
    { crossFunctions: false },
  );
  return calls && !schedules && !waits(fn.body);
}

function localTargets(identifier: ts.Identifier): RetryFunction[] {
  const declaration = findFunctionDeclaration(identifier);
  if (declaration) return [declaration];
  const local = findLocalDeclaration(identifier);
  const value = local && ts.isVariableDeclaration(local) && local.initializer ? unwrapExpression(local.initializer) : undefined;
  return value && (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) ? [value] : [];
}

// Every function the project gives the member: methods, class fields, object properties, `X.prototype.name = function`.
// A member given any value that is not a function makes the answer unknown (none).
function memberTargets(name: string, call: ts.CallExpression, program: ts.Program | undefined): RetryFunction[] {
  const targets: RetryFunction[] = [];
  for (const member of getProjectMembers(program, call.getSourceFile()).get(name) ?? []) {
    const value = ts.isMethodDeclaration(member)
      ? member
      : ts.isBinaryExpression(member)
        ? unwrapExpression(member.right)
        : (ts.isPropertyDeclaration(member) || ts.isPropertyAssignment(member)) && member.initializer
          ? unwrapExpression(member.initializer)
          : undefined;
    if (!value || !(ts.isMethodDeclaration(value) || ts.isArrowFunction(value) || ts.isFunctionExpression(value))) return [];
    targets.push(value);
  }
  return targets;
}
