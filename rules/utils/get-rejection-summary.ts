import ts from '../engine/typescript.cjs';

import { getAccessPath } from './get-access-path.js';
import { isJsonParseCall } from './is-json-parse-call.js';
import { getCalleeDeclarations } from './get-callee-declarations.js';
import { exitsProcess } from './exits-process.js';
import { findLocalDeclaration } from './find-local-declaration.js';
import { getConstInitializer } from './get-const-initializer.js';
import { getImportOf } from './get-import-of.js';
import { getProjectMembers } from './get-project-members.js';
import { isResolveOnlyDeferred } from './is-resolve-only-deferred.js';
import { unwrapExpression } from './unwrap-expression.js';
import { forEachOwnNode } from './for-each-own-node.js';
import { isAsyncFunction } from './is-async-function.js';

/**
 * What a promise can do, as far as the project's own code shows:
 * - `cannot-reject`: every way it could reject is caught by a handler that neither rethrows nor awaits
 *   something that can reject;
 * - `may-reject`: something visibly can reject it;
 * - `unknown`: its code is out of reach (another package, a callee the declarations do not settle).
 */
export type RejectionSummary = 'cannot-reject' | 'may-reject' | 'unknown';

type FunctionWithBody = ts.FunctionDeclaration | ts.MethodDeclaration | ts.ArrowFunction | ts.FunctionExpression;

interface Walk {
  checker: ts.TypeChecker | undefined;
  program: ts.Program | undefined;
  isPromise: (expression: ts.Expression) => boolean;
  depth: number;
  /** Set when an answer depended on the depth bound or a cycle: it is not memoised. */
  truncated: boolean;
}

const MAX_DEPTH = 4;
const typedSummaries = new WeakMap<ts.Node, RejectionSummary>();
const untypedSummaries = new WeakMap<ts.Node, RejectionSummary>();
const inProgress = new WeakSet<ts.Node>();

// Whether the promise an expression evaluates to can reject, from the code of the functions behind it
// (memoised per function, followed across files through symbols with a checker, in the file without one,
// at most four calls deep):
//   refresh()     async function refresh() { try { await load(); } catch (e) { log(e); } }   -> cannot-reject
//   refresh()     ... catch (e) { log(e); throw e; }                                              -> may-reject
//   refresh()     ... catch (e) { await alerts.send(e); }   (send may reject, nothing guards it)   -> may-reject
//   wait(10)      function wait(ms) { return new Promise((resolve) => setTimeout(resolve, ms)); } -> cannot-reject
//   job().catch((e) => log(e))                                                                    -> cannot-reject
//   settled       const settled = Promise.allSettled(jobs)   (a const: its initializer decides)     -> cannot-reject
//   this.pending.then(apply)   right after `this.pending = Promise.allSettled(reads)`; apply cannot throw -> cannot-reject
//   sleep(10)     const sleep = require('./sleep')   module.exports = (ms) => new Promise(...)       -> cannot-reject
//   qi.iterClosed.then(stop)   (a member only ever given a deferred nobody rejects: isResolveOnlyDeferred) -> cannot-reject
//   sub.close().catch()   (no handler: what `close()` does decides)                                 -> as `sub.close()`
//   sub.close()   (an untyped receiver: every project method named `close` cannot reject)           -> cannot-reject
//   client.get(url)   (a package's method: no code to read)                                      -> unknown
// Synchronous calls outside a try are taken not to throw, as `hasErrorBoundary` takes them; `JSON.parse` does.
export function getRejectionSummary(
  expression: ts.Expression,
  checker: ts.TypeChecker | undefined,
  isPromise: (expression: ts.Expression) => boolean,
  program?: ts.Program,
): RejectionSummary {
  return ofExpression(expression, { checker, program, isPromise, depth: 0, truncated: false });
}

function ofExpression(node: ts.Expression, walk: Walk): RejectionSummary {
  let value = unwrapExpression(node);
  if (ts.isAwaitExpression(value)) value = unwrapExpression(value.expression);
  if (ts.isIdentifier(value)) {
    // A const holds the one promise its initializer made.
    const initializer = getConstInitializer(value);
    return initializer ? ofExpression(initializer, walk) : 'unknown';
  }
  if (ts.isPropertyAccessExpression(value) && isResolveOnlyDeferred(value, walk.program)) return 'cannot-reject';
  if (ts.isPropertyAccessExpression(value) && value.expression.kind === ts.SyntaxKind.ThisKeyword) {
    const assigned = assignedJustBefore(value);
    return assigned ? ofExpression(assigned, walk) : 'unknown';
  }
  if (ts.isNewExpression(value)) {
    const executor = value.arguments?.[0] && unwrapExpression(value.arguments[0]);
    if (!ts.isIdentifier(value.expression) || value.expression.text !== 'Promise' || !executor) return 'unknown';
    return ts.isArrowFunction(executor) || ts.isFunctionExpression(executor) ? ofExecutor(executor) : 'unknown';
  }
  if (!ts.isCallExpression(value)) return 'unknown';
  const callee = unwrapExpression(value.expression);
  if (ts.isArrowFunction(callee) || ts.isFunctionExpression(callee)) return ofFunction(callee, walk);
  if (ts.isPropertyAccessExpression(callee)) {
    const method = callee.name.text;
    if (getAccessPath(callee.expression) === 'Promise') return method === 'allSettled' ? 'cannot-reject' : 'unknown';
    if (method === 'catch' && value.arguments[0]) return ofHandler(value.arguments[0], walk);
    if (method === 'then' && value.arguments[1]) {
      return worst(ofHandler(value.arguments[1], walk), ofHandler(value.arguments[0]!, walk));
    }
    if (method === 'finally' && value.arguments[0]) return worst(ofExpression(callee.expression, walk), ofHandler(value.arguments[0], walk));
    // p.then(onFulfilled): rejects when p does or when onFulfilled throws
    if (method === 'then' && value.arguments[0]) return worst(ofExpression(callee.expression, walk), ofHandler(value.arguments[0], walk));
    // p.catch()   p.then()   (no handler: the chain is p)
    if ((method === 'catch' || method === 'then') && value.arguments.length === 0) return ofExpression(callee.expression, walk);
    if (method === 'then' || method === 'finally') return 'unknown';
  }
  const fn = resolveCallee(value, walk.checker);
  if (fn) return ofCall(value, fn, walk);
  const methods = projectMethods(value, walk);
  return methods ? methods.reduce<RejectionSummary>((summary, method) => worst(summary, ofCall(value, method, walk)), 'cannot-reject') : 'unknown';
}

// What one call of a function gives: the function's summary, or, when that is not cannot-reject, what the
// returns the call can reach give. A synchronous function whose raw promise is returned only under an option
// the call does not pass hands this call the other returns (moleculer's broadcastLocal, called with no options):
//   broadcastLocal(name, payload, opts) { ...; const p = this.emitLocalServices(ctx);
//     if (opts.throwError) return p;
//     return p.catch((err) => this.logger.error(err)); }
//   this.broadcastLocal('$broker.started')                      -> cannot-reject (only `p.catch(...)` is reachable)
//   this.broadcastLocal(name, payload, { throwError: true })    -> as `p`
//   this.broadcastLocal(name, payload, opts)                    -> the function's summary (opts may set it)
// Not memoised: it depends on the call's arguments, and each return is summarised (and memoised) on its own.
function ofCall(call: ts.CallExpression, fn: FunctionWithBody, walk: Walk): RejectionSummary {
  const summary = ofFunction(fn, walk);
  if (summary === 'cannot-reject' || isAsyncFunction(fn) || !fn.body || !ts.isBlock(fn.body)) return summary;
  const reachable: ts.Expression[] = [];
  let skipped = false;
  forEachOwnNode(fn.body, (node) => {
    if (!ts.isReturnStatement(node) || !node.expression) return;
    if (isBehindUnsetOption(node, fn, call)) skipped = true;
    else reachable.push(node.expression);
  });
  if (!skipped || reachable.length === 0 || !reachable.every((expression) => walk.isPromise(unwrapExpression(expression)))) return summary;
  return reachable.reduce<RejectionSummary>((result, expression) => worst(result, ofExpression(expression, walk)), 'cannot-reject');
}

// `return` directly in the then-branch of `if (opts.flag)` (`opts` a parameter of fn), when the call leaves
// `flag` unset: no argument there, `undefined` or `null`, or an object literal without it (no spread); and fn
// never sets it (`opts.flag = ...`) nor gives the parameter another value than an object literal without it.
function isBehindUnsetOption(statement: ts.ReturnStatement, fn: FunctionWithBody, call: ts.CallExpression): boolean {
  let branch: ts.Node = statement;
  if (ts.isBlock(branch.parent) && branch.parent.statements.length === 1) branch = branch.parent;
  const guard = branch.parent;
  if (!guard || !ts.isIfStatement(guard) || guard.thenStatement !== branch) return false;
  const test = unwrapExpression(guard.expression);
  if (!ts.isPropertyAccessExpression(test) || !ts.isIdentifier(test.expression)) return false;
  const name = test.expression.text;
  const flag = test.name.text;
  const index = fn.parameters.findIndex((parameter) => ts.isIdentifier(parameter.name) && parameter.name.text === name);
  if (index === -1 || fn.parameters[index]!.dotDotDotToken || fn.parameters[index]!.initializer) return false;
  if (!leavesUnset(call.arguments[index], flag)) return false;
  let reassigned = false;
  forEachOwnNode(fn.body!, (node) => {
    if (reassigned || !ts.isBinaryExpression(node) || node.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return;
    const target = unwrapExpression(node.left);
    if (ts.isIdentifier(target) && target.text === name) reassigned = !leavesUnset(node.right, flag);
    else if (ts.isPropertyAccessExpression(target) && getAccessPath(target.expression) === name && target.name.text === flag) reassigned = true;
    else if (ts.isElementAccessExpression(target) && getAccessPath(target.expression) === name) reassigned = true;
  });
  return !reassigned;
}

function leavesUnset(argument: ts.Expression | undefined, flag: string): boolean {
  if (!argument) return true;
  const value = unwrapExpression(argument);
  if (value.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(value) && value.text === 'undefined')) return true;
  if (!ts.isObjectLiteralExpression(value)) return false;
  return value.properties.every((property) => {
    if (ts.isSpreadAssignment(property) || !property.name || ts.isComputedPropertyName(property.name)) return false;
    return !(ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) || property.name.text !== flag;
  });
}

// A rejection handler: it cannot reject the chain when it cannot throw (and, async, cannot reject).
function ofHandler(argument: ts.Expression, walk: Walk): RejectionSummary {
  let handler: ts.Node | undefined = unwrapExpression(argument);
  if (ts.isIdentifier(handler)) handler = resolveName(handler);
  if (!handler || !(ts.isArrowFunction(handler) || ts.isFunctionExpression(handler) || ts.isFunctionDeclaration(handler))) return 'unknown';
  return ofFunction(handler, walk, true);
}

// An async function, a function returning promises, or (asThrower) any function as a `.catch` handler.
function ofFunction(fn: FunctionWithBody, walk: Walk, asThrower = false): RejectionSummary {
  const memo = walk.checker ? typedSummaries : untypedSummaries;
  const key: ts.Node = asThrower && !isAsyncFunction(fn) ? (fn.body ?? fn) : fn;
  const known = memo.get(key);
  if (known) return known;
  if (inProgress.has(key) || walk.depth >= MAX_DEPTH) {
    walk.truncated = true;
    return 'unknown';
  }
  inProgress.add(key);
  const inner: Walk = { ...walk, depth: walk.depth + 1, truncated: false };
  let summary: RejectionSummary;
  try {
    summary = summarize(fn, inner, asThrower);
  } finally {
    inProgress.delete(key);
  }
  if (inner.truncated) walk.truncated = true;
  else memo.set(key, summary);
  return summary;
}

function summarize(fn: FunctionWithBody, walk: Walk, asThrower: boolean): RejectionSummary {
  const body = fn.body;
  if (!body) return 'unknown';
  const async = isAsyncFunction(fn);
  if (!ts.isBlock(body)) {
    if (asThrower && !async) return walk.isPromise(body) ? ofExpression(body, walk) : 'cannot-reject';
    return walk.isPromise(body) ? ofExpression(body, walk) : 'unknown';
  }
  if (!async && !asThrower) {
    // A synchronous function: what it returns decides, and it must return promises to have a say.
    const returned: ts.Expression[] = [];
    forEachOwnNode(body, (node) => {
      if (ts.isReturnStatement(node) && node.expression) returned.push(node.expression);
    });
    const isPromise = (expression: ts.Expression): boolean => {
      const value = unwrapExpression(expression);
      return walk.isPromise(value) || (ts.isPropertyAccessExpression(value) && isResolveOnlyDeferred(value, walk.program));
    };
    if (returned.length === 0 || !returned.every(isPromise)) return 'unknown';
    return returned.reduce<RejectionSummary>((summary, expression) => worst(summary, ofExpression(expression, walk)), 'cannot-reject');
  }
  let summary: RejectionSummary = 'cannot-reject';
  // A body that nothing can reject because it does nothing that rejects (`async load() { return 1; }`, a test
  // stub) says nothing: only a handler shows it, a try with a catch or an awaited callee that shows one.
  let handled = asThrower;
  const consider = (expression: ts.Expression): void => {
    const awaited = ofExpression(expression, walk);
    if (awaited === 'cannot-reject') handled = true;
    else summary = 'may-reject';
  };
  // Three passes, cheapest first, each only while nothing has shown that the function may reject: what rejects by its
  // syntax alone (`throw`, `for await`, `JSON.parse` outside a try), then the awaited promises, whose summaries cost
  // type queries and walks of other functions, then the returned ones, which first need a type query to tell a
  // promise from a value. Most functions that may reject show it in the first or second pass.
  let pass: 'syntax' | 'awaits' | 'returns' = 'syntax';
  const visit = (node: ts.Node, guarded: boolean): void => {
    if (summary === 'may-reject' || ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isTryStatement(node)) {
      // A finally that calls process.exit handles everything the try block does, in its own way.
      const catches = node.catchClause !== undefined || (node.finallyBlock !== undefined && exitsProcess(node.finallyBlock));
      if (catches && pass !== 'syntax') handled = true;
      visit(node.tryBlock, guarded || catches);
      if (node.catchClause) visit(node.catchClause.block, guarded);
      if (node.finallyBlock) visit(node.finallyBlock, guarded);
      return;
    }
    if (!guarded) {
      if (pass === 'syntax' && rejectsBySyntax(node)) summary = 'may-reject';
      else if (pass === 'awaits' && ts.isAwaitExpression(node)) consider(node.expression);
      else if (pass === 'returns' && ts.isReturnStatement(node) && node.expression && walk.isPromise(unwrapExpression(node.expression))) {
        consider(node.expression);
      }
      if (summary === 'may-reject') return;
    }
    ts.forEachChild(node, (child) => visit(child, guarded));
  };
  const rejectsAfter = (next: typeof pass): boolean => {
    pass = next;
    visit(body, false);
    return summary === 'may-reject';
  };
  if (rejectsAfter('syntax') || rejectsAfter('awaits') || rejectsAfter('returns')) return 'may-reject';
  return summary === 'cannot-reject' && !handled ? 'unknown' : summary;
}

// What rejects (outside a try) by its syntax alone: `throw`, `for await`, `JSON.parse(...)`.
function rejectsBySyntax(node: ts.Node): boolean {
  return ts.isThrowStatement(node) || (ts.isForOfStatement(node) && node.awaitModifier !== undefined) || isJsonParseCall(node);
}

// this.pending = Promise.allSettled(reads);
// this.pending.then(apply);          -> `Promise.allSettled(reads)`: the statement right before assigned it
function assignedJustBefore(property: ts.PropertyAccessExpression): ts.Expression | undefined {
  let statement: ts.Node = property;
  while (!ts.isExpressionStatement(statement)) {
    if (ts.isFunctionLike(statement) || !statement.parent) return undefined;
    statement = statement.parent;
  }
  const block = statement.parent;
  if (!ts.isBlock(block)) return undefined;
  const previous = block.statements[block.statements.indexOf(statement) - 1];
  if (!previous || !ts.isExpressionStatement(previous)) return undefined;
  const assignment = unwrapExpression(previous.expression);
  if (!ts.isBinaryExpression(assignment) || assignment.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return undefined;
  const target = getAccessPath(assignment.left);
  return target !== undefined && target === getAccessPath(property) ? assignment.right : undefined;
}

// new Promise((resolve) => ...): it rejects only through `reject` or a synchronous throw in the executor.
function ofExecutor(executor: ts.ArrowFunction | ts.FunctionExpression): RejectionSummary {
  if (isAsyncFunction(executor)) return 'unknown';
  const reject = executor.parameters[1];
  if (reject && !ts.isIdentifier(reject.name)) return 'may-reject';
  const rejectName = reject && ts.isIdentifier(reject.name) ? reject.name.text : undefined;
  let rejects = false;
  const visit = (node: ts.Node, guarded: boolean, nested: boolean): void => {
    if (rejects) return;
    if (rejectName !== undefined && ts.isIdentifier(node) && node.text === rejectName && node.parent !== reject) {
      rejects = true;
      return;
    }
    if (ts.isFunctionLike(node) && node !== executor) {
      // A callback's throw does not reject this promise (it is thrown elsewhere), but its use of `reject` does.
      ts.forEachChild(node, (child) => visit(child, guarded, true));
      return;
    }
    if (ts.isTryStatement(node)) {
      visit(node.tryBlock, guarded || node.catchClause !== undefined, nested);
      if (node.catchClause) visit(node.catchClause.block, guarded, nested);
      if (node.finallyBlock) visit(node.finallyBlock, guarded, nested);
      return;
    }
    if (!guarded && !nested && (ts.isThrowStatement(node) || isJsonParseCall(node))) {
      rejects = true;
      return;
    }
    ts.forEachChild(node, (child) => visit(child, guarded, nested));
  };
  ts.forEachChild(executor, (child) => visit(child, false, false));
  return rejects ? 'may-reject' : 'cannot-reject';
}

/**
 * Whether a call visibly returns no promise: the function it runs (found as `getRejectionSummary` finds it) is
 * neither async nor a generator, and every `return` of its own gives nothing, a literal, or `this`:
 *   this.setIsolationLevel(level)   setIsolationLevel(level) { if (!valid(level)) throw ...; this.level = level; return this; }
 *   this[kOnDrain](client)          [kOnDrain](client) { if (client.closed) return; ... }
 * A method that returns `this` on a thenable class (knex's transaction, fastify's reply) hands back its receiver,
 * whose promise is someone else's to handle: the statement creates none. Undefined callees, and functions that
 * return anything else (another call, a field), say nothing: false.
 */
export function returnsNoPromise(call: ts.CallExpression, checker: ts.TypeChecker | undefined): boolean {
  const fn = resolveCallee(call, checker);
  if (!fn || isAsyncFunction(fn) || fn.asteriskToken || !fn.body || !ts.isBlock(fn.body)) return false;
  let plain = true;
  forEachOwnNode(fn.body, (node) => {
    if (!plain || !ts.isReturnStatement(node) || !node.expression) return;
    const value = unwrapExpression(node.expression);
    plain =
      value.kind === ts.SyntaxKind.ThisKeyword ||
      value.kind === ts.SyntaxKind.NullKeyword ||
      value.kind === ts.SyntaxKind.TrueKeyword ||
      value.kind === ts.SyntaxKind.FalseKeyword ||
      ts.isLiteralExpression(value) ||
      (ts.isIdentifier(value) && value.text === 'undefined') ||
      (ts.isVoidExpression(value) && ts.isLiteralExpression(unwrapExpression(value.expression)));
  });
  return plain;
}

// The function a call runs: in the file by name (a function, a const arrow, `this.method`), else through
// the callee's declarations with a checker (imports, other files).
function resolveCallee(call: ts.CallExpression, checker: ts.TypeChecker | undefined): FunctionWithBody | undefined {
  const callee = unwrapExpression(call.expression);
  if (ts.isIdentifier(callee)) {
    const local = resolveName(callee);
    if (local) return local;
  } else if (ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword) {
    const method = findMethod(callee, callee.name.text) ?? findPrototypeMethod(callee, callee.name.text);
    if (method) return method;
  } else if (ts.isElementAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword) {
    // this[kDrain](): the class's `[kDrain]() {...}`, a member named by the same constant
    const key = unwrapExpression(callee.argumentExpression);
    return ts.isIdentifier(key) ? findMethod(callee, key.text, true) : undefined;
  }
  if (!checker) return undefined;
  const declarations = getCalleeDeclarations(call, checker)?.declarations;
  if (declarations?.length === 1) return withBody(declarations[0]!);
  return ts.isIdentifier(callee) ? commonJsExport(callee, checker) : undefined;
}

// sub.close(), where the receiver's type says nothing (untyped JavaScript, a `.d.ts` without bodies): every
// method of that name the project declares, when none of its other members of that name could be the one
// called (a resolve-only deferred is no function) and the receiver is not a package's:
//   close() { this.stop(); return this.iterClosed; }   in one class, close() { ...; return this._done; } in another
// A member the checker knows from a package's declarations, or a receiver imported from a package: undefined.
function projectMethods(call: ts.CallExpression, walk: Walk): FunctionWithBody[] | undefined {
  const callee = unwrapExpression(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.name)) return undefined;
  if (walk.checker) {
    // The checker knows the member: a package's, or the project's own TypeScript, which `resolveCallee` declined to
    // pick (the receiver could be narrowed to another type). A member known from the project's `.d.ts` (no bodies)
    // or JavaScript (inferred, no declared types), or not known at all, is looked up by name.
    const declarations = walk.checker.getSymbolAtLocation(callee.name)?.declarations ?? [];
    const isTypedSource = (file: ts.SourceFile): boolean => !file.isDeclarationFile && !/\.[cm]?jsx?$/u.test(file.fileName);
    if (
      declarations.some(
        (declaration) => isTypedSource(declaration.getSourceFile()) || walk.program?.isSourceFileFromExternalLibrary(declaration.getSourceFile()),
      )
    ) {
      return undefined;
    }
  }
  let root: ts.Expression = callee.expression;
  while (ts.isPropertyAccessExpression(root) || ts.isCallExpression(root) || ts.isElementAccessExpression(root)) root = unwrapExpression(root.expression);
  if (ts.isIdentifier(root)) {
    const binding = getImportOf(root);
    if (binding && !binding.module.startsWith('.')) return undefined;
  }
  const members = getProjectMembers(walk.program, callee.getSourceFile()).get(callee.name.text) ?? [];
  // async disconnect() { return await this.socketAdapter.disconnect(...); }: a method calling its own name on another
  // object wraps that object; it does not call itself.
  const enclosing = callee.expression.kind === ts.SyntaxKind.ThisKeyword ? undefined : ts.findAncestor(callee, ts.isMethodDeclaration);
  const methods: FunctionWithBody[] = [];
  for (const member of members) {
    if (member === enclosing) continue;
    if (ts.isMethodDeclaration(member)) {
      if (!member.body) return undefined;
      methods.push(member);
    } else if (!isResolveOnlyDeferred(callee, walk.program)) {
      // asked only here: most names have no member but methods (answered once per name)
      return undefined;
    }
  }
  return methods.length > 0 ? methods : undefined;
}

// const sleep = require('./sleep'), where sleep.js is `module.exports = (ms) => new Promise(...)`: the checker
// resolves the name to the assignment, the one declaration of that module's export.
function commonJsExport(name: ts.Identifier, checker: ts.TypeChecker): FunctionWithBody | undefined {
  const symbol = checker.getSymbolAtLocation(name);
  if (!symbol || !(symbol.flags & ts.SymbolFlags.Alias)) return undefined;
  const declarations = checker.getAliasedSymbol(symbol).declarations;
  const [declaration] = declarations ?? [];
  if (declarations?.length !== 1 || !declaration || !ts.isBinaryExpression(declaration)) return undefined;
  if (declaration.operatorToken.kind !== ts.SyntaxKind.EqualsToken || getAccessPath(declaration.left) !== 'module.exports') return undefined;
  const fn = unwrapExpression(declaration.right);
  return ts.isArrowFunction(fn) || ts.isFunctionExpression(fn) ? fn : undefined;
}

function resolveName(identifier: ts.Identifier): FunctionWithBody | undefined {
  const declaration = findLocalDeclaration(identifier);
  if (declaration) return ts.isVariableDeclaration(declaration) ? withBody(declaration) : undefined;
  for (let scope: ts.Node | undefined = identifier.parent; scope; scope = scope.parent) {
    if (ts.isBlock(scope) || ts.isSourceFile(scope) || ts.isModuleBlock(scope)) {
      for (const statement of scope.statements) {
        if (ts.isFunctionDeclaration(statement) && statement.name?.text === identifier.text) return statement.body ? statement : undefined;
      }
    }
  }
  return undefined;
}

function findMethod(node: ts.Node, name: string, computed = false): FunctionWithBody | undefined {
  let owner: ts.Node | undefined = node.parent;
  while (owner && !ts.isClassLike(owner)) owner = owner.parent;
  if (!owner) return undefined;
  for (const member of owner.members) {
    const key = member.name && (computed ? ts.isComputedPropertyName(member.name) && unwrapExpression(member.name.expression) : member.name);
    if (key && ts.isIdentifier(key) && key.text === name) return withBody(member);
  }
  return undefined;
}

// A prototype-style class in plain JavaScript (fastify's Reply): `this.header(k, v)` inside
// `Reply.prototype.headers = function (...) {...}` runs the `Reply.prototype.header = function (...) {...}` of the
// same file, the one assignment of that name there (two, and which one runs depends on the order: undefined).
function findPrototypeMethod(node: ts.Node, name: string): FunctionWithBody | undefined {
  let fn: ts.Node | undefined = node.parent;
  while (fn && !(ts.isFunctionLike(fn) && !ts.isArrowFunction(fn)) && !ts.isClassLike(fn)) {
    // an arrow keeps the `this` of the function around it
    fn = fn.parent;
  }
  if (!fn || !ts.isFunctionExpression(fn) || !ts.isBinaryExpression(fn.parent) || fn.parent.right !== fn) return undefined;
  const owner = /^(.+)\.prototype\.[^.]+$/u.exec(getAccessPath(fn.parent.left) ?? '')?.[1];
  if (!owner) return undefined;
  const found: ts.FunctionExpression[] = [];
  for (const statement of fn.getSourceFile().statements) {
    if (!ts.isExpressionStatement(statement)) continue;
    const assignment = unwrapExpression(statement.expression);
    if (!ts.isBinaryExpression(assignment) || assignment.operatorToken.kind !== ts.SyntaxKind.EqualsToken) continue;
    if (getAccessPath(assignment.left) !== `${owner}.prototype.${name}`) continue;
    const value = unwrapExpression(assignment.right);
    if (!ts.isFunctionExpression(value)) return undefined;
    found.push(value);
  }
  return found.length === 1 ? found[0] : undefined;
}

function withBody(declaration: ts.Node): FunctionWithBody | undefined {
  if ((ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration)) && declaration.body) return declaration;
  const init =
    (ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration)) && declaration.initializer
      ? unwrapExpression(declaration.initializer)
      : undefined;
  if (init && ts.isVariableDeclaration(declaration) && !(ts.isVariableDeclarationList(declaration.parent) && declaration.parent.flags & ts.NodeFlags.Const)) {
    return undefined;
  }
  return init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) ? init : undefined;
}

function worst(a: RejectionSummary, b: RejectionSummary): RejectionSummary {
  if (a === 'may-reject' || b === 'may-reject') return 'may-reject';
  return a === 'unknown' || b === 'unknown' ? 'unknown' : 'cannot-reject';
}
