import ts from '../engine/typescript.cjs';

import { findLocalDeclaration } from './find-local-declaration.js';
import { forEachDescendant } from './for-each-descendant.js';
import { getAccessPath } from './get-access-path.js';
import type { OwnCalleeName } from './get-own-callee-name.js';
import { getOwnCalleeName } from './get-own-callee-name.js';
import { getRecursionCounters } from './get-recursion-counters.js';
import { getUpdatedCounters } from './get-updated-counters.js';
import type { LibraryModel } from '../models/library-model.js';
import { isRejectionCallback } from './is-rejection-callback.js';
import { unwrapExpression } from './unwrap-expression.js';
import { isTimerCallback } from './is-timer-callback.js';

// The timer whose callback a retry waits in: `setTimeout(() => self(), ms)`.
const SET_TIMEOUT: ReadonlySet<string> = new Set(['setTimeout']);

export type RetriedFunction = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration;

export interface RecursiveRetry {
  /** The call that starts the next attempt: `self()`, or `setTimeout(self, ms)` handing over a reference. */
  call: ts.CallExpression;
  /** How the code names the retried function: `connect`, `this.connect`. */
  name: string;
  /** The function that calls itself. */
  fn: RetriedFunction;
  /** Where the failure lands: a catch clause or a rejection callback. */
  handler: ts.CatchClause | ts.ArrowFunction | ts.FunctionExpression;
  /** `setTimeout(() => self(), ms)` wrapping the call, if any. */
  timer: ts.CallExpression | undefined;
  /** The sibling method the handler calls that starts `fn` again (`this.scheduleReconnect()`), if any. */
  relay?: RetriedFunction;
}

// A function that starts itself again when it fails:
//   async function connect() { try { ... } catch { return connect(); } }
//   const load = (n) => fetchIt().catch(() => load(n + 1));
//   class Client { connect() { this.open().then(ok, () => setTimeout(() => this.connect(), 1000)); } }
//   function start() { try { ... } catch (e) { setTimeout(() => start(), 5000); } }
//   connect = async () => { try { ... } catch { setTimeout(this.connect, 5000); } }   (also `this.connect.bind(this)`)
//   connect() { ... .catch(() => this.scheduleReconnect()); }  scheduleReconnect() { setTimeout(() => this.connect(), ms); }
// Not a retry: recursion outside any failure handler (tree walks, pagination); a restart the success path makes
// too (`setTimeout(resetLocked, delay)` in both callbacks of `.then`, `await this.pause()` after a job and after a
// failure: a periodic task or a worker's next round, which runs again whether this one failed or not); a handler
// that changes the state the attempt's guard reads before calling again (`if (this.cache.hasToken) { try { ... }
// catch { this.cache.removeToken(); return this.execute(); } }`: the next call takes another path); a call handed the caught error
// (`invoke('throw', err)`: a state machine forwarding it); a call moving to the next alternative
// (`tryParsers(text, index + 1)` where the function reads `parsers[index]`); a call whose changed argument feeds
// the attempt (`findUp(resolve(dir, '..'))` where the try reads `dir`: a walk, not a retry).
export function getRecursiveRetry(call: ts.CallExpression, models: readonly LibraryModel[]): RecursiveRetry | undefined {
  const reference = getTimerReference(call);
  const callee = reference ? getOwnCalleeName(reference) : getOwnCalleeName(call);
  if (!callee) return undefined;
  let handler: RecursiveRetry['handler'] | undefined;
  let timer: ts.CallExpression | undefined = reference ? call : undefined;
  let child: ts.Node = call;
  for (let node: ts.Node | undefined = call.parent; node; child = node, node = node.parent) {
    if (ts.isCatchClause(node) && child === node.block && !handler) handler = node;
    if (ts.isFunctionLike(node)) {
      if (isNamed(node, callee)) {
        if (!handler) return undefined;
        const name = callee.viaThis ? `this.${callee.name}` : callee.name;
        const retry: RecursiveRetry = { call, name, fn: node as RetriedFunction, handler, timer };
        return forwardsError(retry) ||
          movesToNextAlternative(retry) ||
          attemptReadsChangedArgument(retry) ||
          restartsOnSuccessToo(retry, models) ||
          clearsItsGuard(retry)
          ? undefined
          : retry;
      }
      if (!handler && isRejectionCallback(node, models)) handler = node;
      if (!handler && !timer && isTimerCallback(node, SET_TIMEOUT)) timer = node.parent as ts.CallExpression;
      if (handler && callee.viaThis && isClassMember(node)) {
        const relayed = getRelayedRetry(call, callee.name, node as RetriedFunction, handler);
        return relayed && !restartsOnSuccessToo(relayed, models) ? relayed : undefined;
      }
      // A plain function would rebind `this` and shadow nothing we can follow: stop at declarations.
      if (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isClassStaticBlockDeclaration(node)) {
        return undefined;
      }
    }
    if (ts.isClassLike(node) || ts.isSourceFile(node)) return undefined;
  }
  return undefined;
}

// `setTimeout(connect, ms)`, `setTimeout(this.connect, ms)`, `setTimeout(this.connect.bind(this), ms)`: the function
// handed over, when it is a plain reference.
function getTimerReference(call: ts.CallExpression): ts.Expression | undefined {
  const callee = call.expression;
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  if (name !== 'setTimeout') return undefined;
  const first = call.arguments[0] && unwrapExpression(call.arguments[0]);
  if (!first) return undefined;
  if (ts.isCallExpression(first) && ts.isPropertyAccessExpression(first.expression) && first.expression.name.text === 'bind') {
    return first.expression.expression;
  }
  return ts.isIdentifier(first) || ts.isPropertyAccessExpression(first) ? first : undefined;
}

function isNamed(node: ts.SignatureDeclaration, callee: OwnCalleeName): boolean {
  if (callee.viaThis) {
    if (ts.isMethodDeclaration(node)) return propertyName(node.name) === callee.name;
    if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && ts.isPropertyDeclaration(node.parent)) {
      return propertyName(node.parent.name) === callee.name;
    }
    return false;
  }
  if (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node)) {
    if (node.name?.text === callee.name) return true;
  }
  if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && ts.isVariableDeclaration(node.parent)) {
    return ts.isIdentifier(node.parent.name) && node.parent.name.text === callee.name;
  }
  return false;
}

function propertyName(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined;
}

function forwardsError({ call, handler }: RecursiveRetry): boolean {
  const binding = ts.isCatchClause(handler) ? handler.variableDeclaration?.name : handler.parameters[0]?.name;
  if (!binding || !ts.isIdentifier(binding)) return false;
  return call.arguments.some((argument) => {
    const value = unwrapExpression(argument);
    return ts.isIdentifier(value) && value.text === binding.text;
  });
}

function movesToNextAlternative(retry: RecursiveRetry): boolean {
  const counters = new Set([...getRecursionCounters(retry), ...getUpdatedCounters(retry.fn)]);
  if (counters.size === 0) return false;
  let found = false;
  forEachDescendant(
    retry.fn,
    (node) => {
      if (ts.isElementAccessExpression(node)) {
        const index = unwrapExpression(node.argumentExpression);
        if (ts.isIdentifier(index) && counters.has(index.text)) found = true;
      }
      return !found;
    },
    { crossFunctions: true },
  );
  return found;
}

function isClassMember(node: ts.Node): boolean {
  if (ts.isMethodDeclaration(node)) return ts.isClassLike(node.parent);
  return (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && ts.isPropertyDeclaration(node.parent);
}

function memberName(fn: ts.Node): string | undefined {
  if (ts.isMethodDeclaration(fn)) return propertyName(fn.name);
  if (ts.isPropertyDeclaration(fn.parent)) return propertyName(fn.parent.name);
  return undefined;
}

// The handler in method `fn` calls `this.relay()`, a sibling whose body starts `this.fn()` again.
function getRelayedRetry(call: ts.CallExpression, relayName: string, fn: RetriedFunction, handler: RecursiveRetry['handler']): RecursiveRetry | undefined {
  const self = memberName(fn);
  const classNode = ts.isMethodDeclaration(fn) ? fn.parent : fn.parent.parent;
  if (!self || self === relayName || !ts.isClassLike(classNode)) return undefined;
  let relay: RetriedFunction | undefined;
  for (const member of classNode.members) {
    if (ts.isMethodDeclaration(member) && member.body && propertyName(member.name) === relayName) relay = member;
    if (ts.isPropertyDeclaration(member) && propertyName(member.name) === relayName && member.initializer) {
      const value = unwrapExpression(member.initializer);
      if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) relay = value;
    }
  }
  if (!relay) return undefined;
  let restart: ts.CallExpression | undefined;
  forEachDescendant(
    relay,
    (node) => {
      if (restart || !ts.isCallExpression(node)) return !restart;
      const reference = getTimerReference(node);
      const target = getOwnCalleeName(reference ?? node);
      if (target?.viaThis && target.name === self) restart = node;
      return !restart;
    },
    { crossFunctions: true },
  );
  if (!restart) return undefined;
  let timer: ts.CallExpression | undefined = getTimerReference(restart) ? restart : undefined;
  for (let node: ts.Node = restart; !timer && node !== relay; node = node.parent) {
    if (isTimerCallback(node, SET_TIMEOUT)) timer = node.parent as ts.CallExpression;
  }
  // Only a scheduled restart, or a sibling named for one: `stop()` pushing a last callback through `this._push` is not.
  if (!timer && !RESTART_NAME.test(relayName)) return undefined;
  const retry: RecursiveRetry = { call, name: `this.${self}`, fn, handler, timer, relay };
  return forwardsError(retry) ? undefined : retry;
}

const RESTART_NAME = /retry|reconnect|restart|reschedule|again|backoff|resubscribe|reopen|redial/iu;

function attemptReadsChangedArgument(retry: RecursiveRetry): boolean {
  const counters = getRecursionCounters(retry);
  if (counters.size === 0) return false;
  const { handler, fn } = retry;
  // The attempt: the try block of a catch clause, or the promise chain a rejection callback hangs on.
  let attempt: ts.Node | undefined;
  if (ts.isCatchClause(handler)) {
    attempt = handler.parent.tryBlock;
  } else if (ts.isCallExpression(handler.parent) && ts.isPropertyAccessExpression(handler.parent.expression)) {
    attempt = handler.parent.expression.expression;
  }
  if (!attempt) return false;
  let reads = false;
  const seen = new Set<ts.Node>();
  const visit = (root: ts.Node, depth: number): void => {
    forEachDescendant(
      root,
      (node) => {
        if (reads) return false;
        if (!ts.isIdentifier(node)) return undefined;
        if (ts.isPropertyAccessExpression(node.parent) && node.parent.name === node) return undefined;
        if (counters.has(node.text)) {
          reads = true;
          return false;
        }
        const declaration = depth < 3 ? findLocalDeclaration(node) : undefined;
        if (
          declaration &&
          !seen.has(declaration) &&
          ts.isVariableDeclaration(declaration) &&
          declaration.initializer &&
          declaration.pos >= fn.pos &&
          declaration.end <= fn.end
        ) {
          seen.add(declaration);
          visit(declaration.initializer, depth + 1);
        }
        return undefined;
      },
      { crossFunctions: true },
    );
  };
  visit(attempt, 0);
  return reads;
}

// The failure handler's restart is also made outside any failure handler of the function: the next round comes
// whatever this one did, so it is the task's schedule, not a retry of the failure.
//   resetLocked = () => run().then(() => { timer = setTimeout(resetLocked, delay()); }, (e) => { timer = setTimeout(resetLocked, delay()); })
//   async poll() { try { const job = await next(); if (!job) { await this.pause(); return; } ... } catch (e) { await this.pause(); } }
function restartsOnSuccessToo({ call, fn, handler }: RecursiveRetry, models: readonly LibraryModel[]): boolean {
  const restart = callText(call);
  let found = false;
  forEachDescendant(
    fn,
    (node) => {
      if (found || node === handler) return false;
      if (ts.isCatchClause(node) || isRejectionCallback(node, models)) return false;
      if (node !== call && ts.isCallExpression(node) && callText(node) === restart) found = true;
      return !found;
    },
    { crossFunctions: true },
  );
  return found;
}

function callText(call: ts.CallExpression): string {
  return call.getText().replace(/\s+/gu, '');
}

// The attempt sits under a test of some state (`if (this.cache.hasAccessToken)`), and the handler changes that state
// before calling again (`this.cache.removeAccessToken()`, `delete this.cache.token`, `this.cache.token = undefined`):
// the next call does not meet the test and takes another path (fetch a new token, or fail), so it recurses once.
//   async execute() { if (this.cache.hasAccessToken) { try { return await this.auth(this.cache.token); }
//     catch (error) { if (isAuthError(error)) { this.cache.removeAccessToken(); return await this.execute(); } throw error; } } ... }
function clearsItsGuard({ call, fn, handler }: RecursiveRetry): boolean {
  const guards = new Set<string>();
  // The try statement, or the chain the rejection callback hangs on.
  for (let node: ts.Node = handler.parent; node !== fn && node.parent; node = node.parent) {
    const parent = node.parent;
    if (ts.isIfStatement(parent) && parent.thenStatement === node) addPaths(parent.expression, guards);
  }
  if (guards.size === 0) return false;
  let clears = false;
  forEachDescendant(
    ts.isCatchClause(handler) ? handler.block : handler,
    (node) => {
      if (clears || node.pos >= call.pos) return false;
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
        const receiver = getAccessPath(node.expression.expression);
        if (receiver && guards.has(receiver)) clears = true;
      }
      if (ts.isDeleteExpression(node) || (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken)) {
        const target = getAccessPath(ts.isDeleteExpression(node) ? node.expression : node.left);
        if (target && guards.has(target)) clears = true;
      }
      return !clears;
    },
    { crossFunctions: true },
  );
  return clears;
}

// Every member path a condition reads, and the paths of their receivers, `this` aside:
//   this.cache.hasToken -> this.cache.hasToken, this.cache        cache.has(key) -> cache.has, cache
function addPaths(condition: ts.Expression, paths: Set<string>): void {
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node)) {
      const path = getAccessPath(node);
      if (path) {
        const parts = path.split('.');
        for (let end = parts[0] === 'this' ? 2 : 1; end <= parts.length; end++) paths.add(parts.slice(0, end).join('.'));
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(condition);
}
