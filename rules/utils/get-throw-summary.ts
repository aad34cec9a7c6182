import { builtinModules } from 'node:module';

import ts from '../engine/typescript.cjs';

import { getAccessPath } from './get-access-path.js';
import { getProjectMembers } from './get-project-members.js';
import { findLocalDeclaration } from './find-local-declaration.js';
import { getImportOf } from './get-import-of.js';
import { isLoggingCall } from './is-logging-call.js';
import { unwrapExpression } from './unwrap-expression.js';
import { forEachOwnNode } from './for-each-own-node.js';
import { findFunctionDeclaration } from './find-function-declaration.js';

/**
 * What code can throw (or reject with), as far as the project's own code shows:
 * - `errors-only`: every throw and rejection it can reach is an Error instance;
 * - `may-throw-non-error`: some visible `throw`/`reject` uses a value that is not an Error;
 * - `unknown`: it runs code out of reach (a callback it was given, a package's method, a cycle, the depth bound).
 */
export type ThrowSummary = 'errors-only' | 'may-throw-non-error' | 'unknown';

export interface ThrowSummaryHost {
  checker: ts.TypeChecker | undefined;
  program: ts.Program | undefined;
  /** Count the project's own functions as unknown: only the language's and Node's code may run. */
  platformOnly?: boolean;
}

type FunctionWithBody = ts.FunctionDeclaration | ts.MethodDeclaration | ts.ArrowFunction | ts.FunctionExpression | ts.ConstructorDeclaration;

interface Walk {
  host: ThrowSummaryHost;
  /** The function being summarised, and which of its parameters it calls (the caller's arguments decide those). */
  fn?: FunctionWithBody;
  called?: Set<number>;
  depth: number;
  /** Set when an answer depended on the depth bound: it is memoised for walks with no more depth left. */
  cut: boolean;
  /** Functions still being summarised that an answer took to throw nothing more (a cycle): until they are done, not memoised. */
  heads: Set<ts.Node>;
  /** Functions one question may still summarise: answers inside cycles are not memoised, so this bounds the work. */
  steps: { left: number };
}

const MAX_DEPTH = 16;
const MAX_STEPS = 200;
interface FunctionSummary {
  summary: ThrowSummary;
  /** Indexes of the parameters it calls: `map(callback) { return this.pool.map((c) => callback(c)); }` -> [0] */
  called: readonly number[];
}
interface Memo {
  result: FunctionSummary;
  /** For an answer cut by the depth bound, the depth that was left. */
  budget?: number;
}
const typedSummaries = new WeakMap<ts.Node, Memo>();
const untypedSummaries = new WeakMap<ts.Node, Memo>();
const inProgress = new WeakSet<ts.Node>();

const ERROR_CONSTRUCTORS = new Set([
  'Error',
  'TypeError',
  'RangeError',
  'SyntaxError',
  'ReferenceError',
  'EvalError',
  'URIError',
  'AggregateError',
  'DOMException',
]);
// Globals of the language and of Node whose functions throw Errors (a callback given to them is walked as
// part of the code that passes it).
const ERROR_THROWING_GLOBALS = new Set([
  'Array',
  'ArrayBuffer',
  'BigInt',
  'Boolean',
  'Buffer',
  'Date',
  'JSON',
  'Map',
  'Math',
  'Number',
  'Object',
  'Promise',
  'Reflect',
  'RegExp',
  'Set',
  'String',
  'Symbol',
  'URL',
  'URLSearchParams',
  'WeakMap',
  'WeakSet',
  'Uint8Array',
  'TextDecoder',
  'TextEncoder',
  'clearInterval',
  'clearTimeout',
  'decodeURIComponent',
  'encodeURIComponent',
  'isNaN',
  'parseFloat',
  'parseInt',
  'queueMicrotask',
  // resolution and evaluation failures of a module are Errors (MODULE_NOT_FOUND, the module's own throw)
  'require',
  'setImmediate',
  'setInterval',
  'setTimeout',
  'structuredClone',
  ...ERROR_CONSTRUCTORS,
]);
// Methods of the built-in prototypes (arrays, strings, maps, sets, promises, dates, numbers): they throw
// Errors. Only taken as built-ins when the project declares no member of that name.
const BUILT_IN_METHODS = new Set([
  'at',
  'charAt',
  'charCodeAt',
  'concat',
  'endsWith',
  'every',
  'filter',
  'find',
  'findIndex',
  'flat',
  'flatMap',
  'forEach',
  'getTime',
  'includes',
  'indexOf',
  'lastIndexOf',
  'map',
  'padEnd',
  'padStart',
  'pop',
  'push',
  'reduce',
  'repeat',
  'reverse',
  'shift',
  'slice',
  'some',
  'sort',
  'splice',
  'split',
  'startsWith',
  'subarray',
  'toFixed',
  'toISOString',
  'toLowerCase',
  'toString',
  'toUpperCase',
  'trim',
  'trimEnd',
  'trimStart',
  'unshift',
]);
// Promise methods: built-in when the promise is made right there (`load().then(use)`), so its code is walked.
const CHAIN_METHODS = new Set(['then', 'catch', 'finally']);

// What a piece of code throws, from the code of the project's functions it calls (memoised per function,
// followed across files: a checker's symbol to its declaration, a member call to every project declaration
// of that member name; at most sixteen calls deep and 200 functions per question):
//   try { await this.broker.connect(); } ...     connect(): only `throw new KafkaJSConnectionError(...)`  -> errors-only
//   try { await cluster.refresh(); } ...          refresh() { throw { code: 14, details } }                 -> may-throw-non-error
//   try { await brokers(); } ...                  (a parameter: the caller's code, it may throw anything)   -> unknown
//   try { await client.query(sql); } ...          (a package's method: no code to read)                      -> unknown
//   try { JSON.parse(text); items.map(f); } ...   (built-ins throw Errors; `f` is walked when it is in reach) -> errors-only
// A rethrown caught value throws what its try threw.
export function getThrowSummary(region: ts.Node, host: ThrowSummaryHost): ThrowSummary {
  return ofRegion(region, { host, depth: 0, cut: false, heads: new Set(), steps: { left: MAX_STEPS } });
}

function ofRegion(region: ts.Node, walk: Walk): ThrowSummary {
  let summary: ThrowSummary = 'errors-only';
  const add = (next: ThrowSummary): void => {
    summary = worst(summary, next);
  };
  const visit = (node: ts.Node): void => {
    if (summary === 'may-throw-non-error') return;
    if (ts.isClassLike(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) return;
    if (ts.isTypeNode(node)) return;
    if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && isDeferredCallback(node)) {
      add(ofDeferred(node, walk));
      return;
    }
    if (ts.isTryStatement(node) && node.catchClause) {
      // What the try block throws is caught; the catch passes it on only by rethrowing (see ofThrown).
      visit(node.catchClause.block);
      if (node.finallyBlock) visit(node.finallyBlock);
      return;
    }
    if (ts.isThrowStatement(node)) {
      add(ofThrown(node.expression, walk));
    } else if (ts.isCallExpression(node)) {
      add(ofCall(node, walk));
    } else if (ts.isNewExpression(node)) {
      add(ofConstruction(node, walk));
    } else if (ts.isAwaitExpression(node)) {
      add(ofAwaited(node.expression, walk));
    } else if (ts.isForOfStatement(node) && node.awaitModifier) {
      add('unknown');
    } else if (ts.isTaggedTemplateExpression(node) || ts.isYieldExpression(node)) {
      add('unknown');
    }
    ts.forEachChild(node, visit);
  };
  visit(region);
  return summary;
}

const DEFERRING_FUNCTIONS = new Set(['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'process.nextTick']);
const LISTENER_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener', 'addEventListener']);

// setTimeout(() => ...), socket.on('data', (chunk) => ...): the callback runs later, and what it throws
// goes elsewhere (the timer's uncaught exception, the emitter's `emit`), never into this code's caller.
function isDeferredCallback(fn: ts.ArrowFunction | ts.FunctionExpression): boolean {
  const call = fn.parent;
  if (!ts.isCallExpression(call) || !call.arguments.includes(fn)) return false;
  const path = getAccessPath(call.expression);
  if (path !== undefined && DEFERRING_FUNCTIONS.has(path)) return true;
  return ts.isPropertyAccessExpression(call.expression) && LISTENER_METHODS.has(call.expression.name.text);
}

// A deferred callback comes back here only through what it passes to `reject`:
//   socket.on('error', (error) => reject(error))     (a parameter: anything)  -> unknown
//   setTimeout(() => reject(new TimeoutError()), ms)                           -> errors-only
function ofDeferred(fn: ts.ArrowFunction | ts.FunctionExpression, walk: Walk): ThrowSummary {
  let summary: ThrowSummary = 'errors-only';
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = unwrapExpression(node.expression);
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
      if (/reject/iu.test(name)) {
        const argument = node.arguments[0];
        summary = worst(summary, argument && (name === 'reject' || getAccessPath(callee) === 'Promise.reject') ? ofThrown(argument, walk) : 'unknown');
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(fn.body);
  return summary;
}

// `await x`: a call is walked where it is made; a value made elsewhere may hold any rejection.
//   await load()                 (the call is walked where it is made)
//   const p = load(); await p    (the initializer is walked, wherever it is)
//   await this.pending           -> unknown
function ofAwaited(expression: ts.Expression, walk: Walk): ThrowSummary {
  const value = unwrapExpression(expression);
  if (ts.isCallExpression(value) || ts.isNewExpression(value) || ts.isAwaitExpression(value)) return 'errors-only';
  if (ts.isArrayLiteralExpression(value))
    return value.elements.reduce<ThrowSummary>((summary, element) => worst(summary, ofAwaited(element, walk)), 'errors-only');
  if (ts.isIdentifier(value)) {
    const declaration = findLocalDeclaration(value);
    const initializer = declaration && ts.isVariableDeclaration(declaration) && isConst(declaration) ? declaration.initializer : undefined;
    if (initializer && (ts.isCallExpression(unwrapExpression(initializer)) || ts.isNewExpression(unwrapExpression(initializer)))) {
      return ofRegion(initializer, walk);
    }
  }
  if (ts.isLiteralExpression(value) || ts.isObjectLiteralExpression(value)) return 'errors-only';
  return 'unknown';
}

// A thrown (or rejected) value:
//   new KafkaJSError(...)   (a class that extends Error)                    -> errors-only
//   e                       (the binding of an enclosing catch: what its try threw) -> that try's summary
//   createError(code)       (a project function whose every return is such a value) -> errors-only
//   { code, details }   'failed'                                            -> may-throw-non-error
function ofThrown(expression: ts.Expression, walk: Walk, seen = new Set<ts.Node>()): ThrowSummary {
  const value = unwrapExpression(expression);
  if (seen.has(value) || seen.size > 16) return 'unknown';
  seen.add(value);
  if (ts.isNewExpression(value)) return isErrorClass(value.expression, walk) ? 'errors-only' : 'unknown';
  if (ts.isConditionalExpression(value)) return worst(ofThrown(value.whenTrue, walk, seen), ofThrown(value.whenFalse, walk, seen));
  if (
    ts.isObjectLiteralExpression(value) ||
    ts.isStringLiteralLike(value) ||
    ts.isTemplateExpression(value) ||
    ts.isNumericLiteral(value) ||
    ts.isArrayLiteralExpression(value) ||
    value.kind === ts.SyntaxKind.NullKeyword
  ) {
    return 'may-throw-non-error';
  }
  if (ts.isIdentifier(value)) {
    if (value.text === 'undefined') return 'may-throw-non-error';
    const declaration = findLocalDeclaration(value);
    if (!declaration || !ts.isVariableDeclaration(declaration)) return 'unknown';
    if (ts.isCatchClause(declaration.parent)) {
      const tryStatement = declaration.parent.parent;
      return ofRegion(tryStatement.tryBlock, walk);
    }
    return isConst(declaration) && declaration.initializer ? ofThrown(declaration.initializer, walk, seen) : 'unknown';
  }
  if (ts.isCallExpression(value)) {
    // A call that itself throws before returning is walked as a call; here only what it returns counts.
    // Error('failed') without `new`
    if (ts.isIdentifier(value.expression) && ERROR_CONSTRUCTORS.has(value.expression.text) && !isDeclaredInScope(value.expression)) return 'errors-only';
    const target = resolveCallee(value, walk);
    if (target === undefined || target === 'opaque' || target === 'built-in' || target === 'own-parameter') return 'unknown';
    let summary: ThrowSummary = 'errors-only';
    for (const fn of Array.isArray(target) ? target : [target]) summary = worst(summary, returnedValues(fn, walk, seen));
    return summary;
  }
  return 'unknown';
}

// createError(code) { return new errors[code](...) }: what every return of the function is, as a thrown value
function returnedValues(fn: FunctionWithBody, walk: Walk, seen: Set<ts.Node>): ThrowSummary {
  if (!fn.body || ts.isConstructorDeclaration(fn)) return 'unknown';
  if (!ts.isBlock(fn.body)) return ofThrown(fn.body, walk, seen);
  const returned: ts.Expression[] = [];
  let bare = false;
  forEachOwnNode(fn.body, (node) => {
    if (ts.isReturnStatement(node)) {
      if (node.expression) returned.push(node.expression);
      else bare = true;
    }
  });
  if (bare) return 'may-throw-non-error';
  if (returned.length === 0) return 'unknown';
  return returned.reduce<ThrowSummary>((summary, expression) => worst(summary, ofThrown(expression, walk, seen)), 'errors-only');
}

function ofCall(call: ts.CallExpression, walk: Walk): ThrowSummary {
  const callee = unwrapExpression(call.expression);
  // reject(value), Promise.reject(value): a rejection is a throw
  if ((ts.isIdentifier(callee) && callee.text === 'reject') || getAccessPath(callee) === 'Promise.reject') {
    const argument = call.arguments[0];
    return argument ? ofThrown(argument, walk) : 'may-throw-non-error';
  }
  if (ts.isArrowFunction(callee) || ts.isFunctionExpression(callee)) return 'errors-only'; // walked in place
  if (callee.kind === ts.SyntaxKind.SuperKeyword) {
    const cls = ts.findAncestor(call, ts.isClassLike);
    const base = cls?.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
    return base ? baseConstruction(base, walk) : 'unknown';
  }
  if (callee.kind === ts.SyntaxKind.ImportKeyword) return 'unknown';
  // A log line is not where a caught value comes from, whoever wrote the logger.
  if (isLoggingCall(call) || isChildLogger(callee)) return 'errors-only';
  const target = resolveCallee(call, walk);
  if (target === undefined) return 'unknown';
  // Promise.all(pending): the promises it settles on were made where `pending` was
  if (getAccessPath(callee)?.startsWith('Promise.')) {
    return call.arguments.reduce<ThrowSummary>((summary, argument) => worst(summary, ofAwaited(argument, walk)), 'errors-only');
  }
  if (target === 'built-in') return 'errors-only';
  if (target === 'opaque') return 'unknown';
  if (target === 'own-parameter') return 'errors-only';
  if (walk.host.platformOnly) return 'unknown';
  const targets = Array.isArray(target) ? target : [target];
  let summary: ThrowSummary = 'errors-only';
  for (const fn of targets) {
    const result = ofFunction(fn, walk);
    summary = worst(summary, worst(result.summary, ofCalledArguments(call, result.called, walk)));
    if (summary === 'may-throw-non-error') break;
  }
  return summary;
}

// new Map(), new KafkaJSError(...): built-ins and Errors; new Decoder(buffer): the project class's constructor
function ofConstruction(node: ts.NewExpression, walk: Walk): ThrowSummary {
  const callee = unwrapExpression(node.expression);
  if (ts.isIdentifier(callee) && ERROR_THROWING_GLOBALS.has(callee.text) && !isDeclaredInScope(callee)) return 'errors-only';
  const cls = resolveClass(callee, walk);
  if (!cls) return 'unknown';
  if (isErrorClassDeclaration(cls, walk, 0)) return 'errors-only';
  if (walk.host.platformOnly) return 'unknown';
  const constructor = cls.members.find(ts.isConstructorDeclaration);
  const base = cls.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
  let summary: ThrowSummary = 'errors-only';
  for (const member of cls.members) {
    if (ts.isPropertyDeclaration(member) && member.initializer && !isStatic(member)) summary = worst(summary, ofRegion(member.initializer, walk));
  }
  if (constructor?.body) {
    const result = ofFunction(constructor, walk);
    summary = worst(summary, worst(result.summary, ofCalledArguments(node, result.called, walk)));
  } else if (base) summary = worst(summary, baseConstruction(base, walk));
  return summary;
}

function baseConstruction(base: ts.Expression, walk: Walk): ThrowSummary {
  const value = unwrapExpression(base);
  if (ts.isIdentifier(value) && ((ERROR_THROWING_GLOBALS.has(value.text) && !isDeclaredInScope(value)) || isNodeCoreImport(value))) return 'errors-only';
  // class Queue extends EventEmitter, with `const { EventEmitter } = require('events')`
  if (ts.isPropertyAccessExpression(value) && ts.isIdentifier(value.expression) && isNodeCoreImport(value.expression)) return 'errors-only';
  const cls = resolveClass(value, walk);
  if (!cls) return 'unknown';
  const constructor = cls.members.find(ts.isConstructorDeclaration);
  if (constructor?.body) return ofFunction(constructor, walk).summary;
  const next = cls.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
  if (!next) return 'errors-only';
  if (walk.depth >= MAX_DEPTH) return 'unknown';
  const inner: Walk = { ...walk, depth: walk.depth + 1 };
  const summary = baseConstruction(next, inner);
  if (inner.cut) walk.cut = true;
  return summary;
}

const UNKNOWN: FunctionSummary = { summary: 'unknown', called: [] };

function ofFunction(fn: FunctionWithBody, walk: Walk): FunctionSummary {
  if (!fn.body) return UNKNOWN;
  const memo = walk.host.checker ? typedSummaries : untypedSummaries;
  const known = memo.get(fn);
  if (known && (known.budget === undefined || known.budget >= MAX_DEPTH - walk.depth)) return known.result;
  if (inProgress.has(fn)) {
    // A recursive call throws nothing the function does not already throw; the answer waits for the outer one.
    walk.heads.add(fn);
    return { summary: 'errors-only', called: [] };
  }
  if (walk.depth >= MAX_DEPTH || walk.steps.left <= 0) {
    walk.cut = true;
    return UNKNOWN;
  }
  walk.steps.left--;
  inProgress.add(fn);
  const inner: Walk = { host: walk.host, fn, called: new Set(), depth: walk.depth + 1, cut: false, heads: new Set(), steps: walk.steps };
  let result: FunctionSummary;
  try {
    result = { summary: ofRegion(fn.body, inner), called: [...inner.called!] };
  } finally {
    inProgress.delete(fn);
  }
  inner.heads.delete(fn);
  if (inner.cut) walk.cut = true;
  if (inner.heads.size > 0) {
    for (const head of inner.heads) walk.heads.add(head);
  } else {
    // A cut answer is kept for questions with no more depth left (or after the step bound: never reused by more).
    memo.set(fn, inner.cut ? { result, budget: walk.steps.left > 0 ? MAX_DEPTH - walk.depth : 0 } : { result });
  }
  return result;
}

// The arguments a callee calls: a function written in the call is walked with it; a named one is summarised.
function ofCalledArguments(call: ts.CallExpression | ts.NewExpression, called: readonly number[], walk: Walk): ThrowSummary {
  let summary: ThrowSummary = 'errors-only';
  for (const index of called) {
    const argument = call.arguments?.[index] && unwrapExpression(call.arguments[index]!);
    if (!argument) continue;
    if (ts.isArrowFunction(argument) || ts.isFunctionExpression(argument)) continue;
    const fn = ts.isIdentifier(argument) || ts.isPropertyAccessExpression(argument) ? resolveValue(argument, walk) : undefined;
    summary = worst(summary, fn ? ofFunction(fn, walk).summary : 'unknown');
  }
  return summary;
}

// A function passed by name: `pool.map(disconnect)`, `retry(this.connect)`
function resolveValue(expression: ts.Identifier | ts.PropertyAccessExpression, walk: Walk): FunctionWithBody | undefined {
  if (ts.isIdentifier(expression)) {
    const local = findLocalDeclaration(expression);
    if (local) return ts.isVariableDeclaration(local) ? functionOf(local) : undefined;
    return findFunctionDeclaration(expression);
  }
  const { checker } = walk.host;
  if (!checker) return undefined;
  const found = declarationsOf(checker.getSymbolAtLocation(expression.name), checker);
  return Array.isArray(found) && found.length === 1 ? found[0] : undefined;
}

type Resolved = FunctionWithBody | FunctionWithBody[] | 'built-in' | 'opaque' | 'own-parameter' | undefined;

// The code a call runs:
//   load()                 a function or const arrow of the file, or (checker) the declaration it imports
//   this.load(), this[K]() the enclosing class's method
//   broker.connect()       every project declaration of a member `connect` (methods, `x.connect = fn`,
//                          `{ connect() {} }`), or a built-in method when the project declares none
//   JSON.parse(t)          a global that throws Errors
//   fn(), options.handler() (a parameter, or a member the project assigns from a value) -> opaque
function resolveCallee(call: ts.CallExpression, walk: Walk): Resolved {
  const callee = unwrapExpression(call.expression);
  const { checker } = walk.host;
  if (ts.isIdentifier(callee)) {
    const local = findLocalDeclaration(callee);
    // A parameter is the caller's function: code out of reach that may throw anything; `resolve` is not.
    if (local && ts.isParameter(local)) {
      if (isPromiseResolve(local)) return 'built-in';
      const index = walk.fn?.parameters.indexOf(local) ?? -1;
      if (index < 0 || local.dotDotDotToken) return 'opaque';
      walk.called!.add(index);
      return 'own-parameter';
    }
    // const { keys } = Object
    if (local && ts.isBindingElement(local) && isDestructuredGlobal(local)) return 'built-in';
    if (isNodeCoreValue(callee, checker)) return 'built-in';
    // A local binding (`{ decode }` of a parameter) shadows a function of the same name declared further out.
    const fn = local ? (ts.isVariableDeclaration(local) ? functionOf(local) : undefined) : findFunctionDeclaration(callee);
    if (fn) return fn;
    if (checker) {
      // an import (`import { load }`, `const { load } = require('./load')`) or a declaration elsewhere
      const fromSymbol = declarationsOf(checker.getSymbolAtLocation(callee), checker);
      if (fromSymbol) return fromSymbol;
    }
    if (local) return 'opaque';
    if (ERROR_THROWING_GLOBALS.has(callee.text)) return 'built-in';
    return undefined;
  }
  if (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) {
    const head = getAccessPath(callee)?.split('.')[0];
    if (head && ERROR_THROWING_GLOBALS.has(head) && !(ts.isIdentifier(rootOf(callee)) && isDeclaredInScope(rootOf(callee) as ts.Identifier))) {
      return 'built-in';
    }
    const root = rootOf(callee);
    if (ts.isIdentifier(root) && isNodeCoreValue(root, checker)) return 'built-in';
    const name = memberName(callee);
    if (name === undefined) return undefined;
    if (CHAIN_METHODS.has(name)) {
      const receiver = unwrapExpression(callee.expression);
      return ts.isCallExpression(receiver) || ts.isNewExpression(receiver) ? 'built-in' : undefined;
    }
    if (checker && ts.isPropertyAccessExpression(callee)) {
      const symbol = checker.getSymbolAtLocation(callee.name);
      // `emitter.emit(...)` runs the listeners, whoever registered them
      if (symbol && name !== 'emit' && isPlatformSymbol(symbol, walk.host.program)) return 'built-in';
      const fromSymbol = declarationsOf(symbol, checker);
      if (fromSymbol) return fromSymbol;
      // The checker knows the member (a package's declarations): another class's member of that name is not it.
      if (symbol?.declarations?.length) return undefined;
    }
    if (isFromPackage(callee.expression)) return undefined;
    const members = getProjectMembers(walk.host.program, callee.getSourceFile()).get(name);
    if (!members || members.length === 0) return BUILT_IN_METHODS.has(name) ? 'built-in' : undefined;
    // `array.slice()` where the project also declares a `slice`: either may run; the built-in throws Errors.
    // emit(name, event) { this.emitter.emit(name, event); }: a method calling its own name on another object
    // wraps that object; it does not call itself.
    const enclosing = ts.findAncestor(callee, (node) => ts.isFunctionLike(node) && !ts.isArrowFunction(node));
    const delegates = callee.expression.kind !== ts.SyntaxKind.ThisKeyword && enclosing !== undefined;
    const functions: FunctionWithBody[] = [];
    for (const member of members) {
      if (delegates && member === enclosing) continue;
      const fn = functionOf(member);
      if (!fn) return 'opaque';
      functions.push(fn);
    }
    return functions.length > 0 ? functions : BUILT_IN_METHODS.has(name) ? 'built-in' : undefined;
  }
  return undefined;
}

// logger.namespace('pool'), this.log.child({ id }): a logger made from a logger
function isChildLogger(callee: ts.Expression): boolean {
  if (!ts.isPropertyAccessExpression(callee) || !['namespace', 'child'].includes(callee.name.text)) return false;
  const receiver = getAccessPath(callee.expression);
  return receiver !== undefined && /log/iu.test(receiver.slice(receiver.lastIndexOf('.') + 1));
}

// A receiver that a package made, so that a project member of the same name is not the one called:
//   import { S3Client } from '@aws-sdk/client-s3'; const s3 = new S3Client({}); s3.send(...)
//   import Redis from 'ioredis'; const redis = new Redis(); redis.get(key)      axios.get(url)
function isFromPackage(receiver: ts.Expression, depth = 0): boolean {
  const value = unwrapExpression(receiver);
  const root = rootOf(ts.isCallExpression(value) || ts.isNewExpression(value) ? unwrapExpression(value.expression) : value);
  if (!ts.isIdentifier(root) || depth > 4) return false;
  const binding = getImportOf(root);
  if (binding) return !binding.module.startsWith('.') && !binding.module.startsWith('/') && !NODE_CORE.has(binding.module);
  const declaration = findLocalDeclaration(root);
  if (!declaration || !ts.isVariableDeclaration(declaration) || !isConst(declaration) || !declaration.initializer) return false;
  let initializer = unwrapExpression(declaration.initializer);
  if (ts.isAwaitExpression(initializer)) initializer = unwrapExpression(initializer.expression);
  return isFromPackage(initializer, depth + 1);
}

const NODE_CORE = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

// crypto.createHash(...), fs.readFileSync(p), where `crypto`/`fs` is Node's own module: Node throws Errors.
function isNodeCoreImport(identifier: ts.Identifier): boolean {
  const binding = getImportOf(identifier);
  return binding !== undefined && NODE_CORE.has(binding.module);
}

// A Node module reached through a const or a project module that passes it on:
//   const fsp = fs.promises; fsp.stat(p)              (fs imported from 'node:fs')
//   import { fs } from './node'; fs.readFileSync(p)    (./node: import * as fs from 'node:fs'; export { fs })
function isNodeCoreValue(identifier: ts.Identifier, checker: ts.TypeChecker | undefined, depth = 0): boolean {
  if (isNodeCoreImport(identifier)) return true;
  if (depth > 4) return false;
  const local = findLocalDeclaration(identifier);
  if (local && ts.isVariableDeclaration(local) && isConst(local) && local.initializer) {
    const root = rootOf(unwrapExpression(local.initializer));
    return ts.isIdentifier(root) && isNodeCoreValue(root, checker, depth + 1);
  }
  if (!checker || local) return false;
  let symbol = checker.getSymbolAtLocation(identifier);
  for (let hops = 0; symbol && symbol.flags & ts.SymbolFlags.Alias && hops < 4; hops++) {
    const declaration = symbol.declarations?.[0];
    const importDeclaration = declaration && ts.findAncestor(declaration, ts.isImportDeclaration);
    if (importDeclaration && ts.isStringLiteral(importDeclaration.moduleSpecifier) && NODE_CORE.has(importDeclaration.moduleSpecifier.text)) return true;
    symbol = checker.getImmediateAliasedSymbol(symbol);
  }
  return false;
}

function isDestructuredGlobal(element: ts.BindingElement): boolean {
  const declaration = element.parent.parent;
  if (!ts.isVariableDeclaration(declaration) || !declaration.initializer) return false;
  const source = unwrapExpression(declaration.initializer);
  return ts.isIdentifier(source) && ERROR_THROWING_GLOBALS.has(source.text) && !isDeclaredInScope(source);
}

// new Promise((resolve) => ...): the executor's first parameter
function isPromiseResolve(parameter: ts.ParameterDeclaration): boolean {
  const executor = parameter.parent;
  if (executor.parameters[0] !== parameter) return false;
  const construction = executor.parent;
  return (
    (ts.isArrowFunction(executor) || ts.isFunctionExpression(executor)) &&
    ts.isNewExpression(construction) &&
    ts.isIdentifier(construction.expression) &&
    construction.expression.text === 'Promise'
  );
}

// A member the language or Node declares (lib.*.d.ts, @types/node): `items.map`, `buffer.readUInt32BE`, `socket.write`.
function isPlatformSymbol(symbol: ts.Symbol, program: ts.Program | undefined): boolean {
  const declarations = symbol.declarations;
  if (!declarations?.length) return false;
  return declarations.every((declaration) => {
    const file = declaration.getSourceFile();
    return (program?.isSourceFileDefaultLibrary(file) ?? false) || /[\\/]node_modules[\\/]@types[\\/]node[\\/]/u.test(file.fileName);
  });
}

// The declarations behind a symbol, when each is a function with a body.
function declarationsOf(symbol: ts.Symbol | undefined, checker: ts.TypeChecker): FunctionWithBody[] | 'opaque' | undefined {
  if (!symbol) return undefined;
  if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const declarations = symbol.declarations;
  if (!declarations?.length) return undefined;
  if (
    declarations.some((declaration) => declaration.getSourceFile().isDeclarationFile || /[\\/]node_modules[\\/]/u.test(declaration.getSourceFile().fileName))
  ) {
    return undefined;
  }
  const functions: FunctionWithBody[] = [];
  for (const declaration of declarations) {
    if (ts.isFunctionDeclaration(declaration) && !declaration.body) continue; // an overload signature
    const fn = functionOf(declaration);
    if (!fn) return ts.isParameter(declaration) || ts.isBindingElement(declaration) ? 'opaque' : undefined;
    functions.push(fn);
  }
  return functions.length > 0 ? functions : undefined;
}

// A node that is, or holds, a function with a body: a function or method, a const arrow, `x = function`, `k: () => {}`.
function functionOf(node: ts.Node | undefined): FunctionWithBody | undefined {
  if (!node) return undefined;
  if (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isConstructorDeclaration(node)) return node.body ? node : undefined;
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return node;
  if (ts.isVariableDeclaration(node)) return isConst(node) ? functionOf(node.initializer) : undefined;
  if (ts.isPropertyAssignment(node) || ts.isPropertyDeclaration(node)) return functionOf(node.initializer);
  if (ts.isBinaryExpression(node)) return functionOf(node.right);
  if (ts.isParenthesizedExpression(node)) return functionOf(node.expression);
  if (ts.isShorthandPropertyAssignment(node)) return findFunctionDeclaration(node.name);
  return undefined;
}

// `e.name`, `this[PRIVATE.SEND]`: the member name as the project index keys it.
function memberName(callee: ts.PropertyAccessExpression | ts.ElementAccessExpression): string | undefined {
  if (ts.isPropertyAccessExpression(callee)) return ts.isIdentifier(callee.name) ? callee.name.text : undefined;
  const argument = callee.argumentExpression;
  if (ts.isStringLiteralLike(argument)) return argument.text;
  const path = getAccessPath(argument);
  return path === undefined ? undefined : `[${path}]`;
}

function rootOf(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)) current = current.expression;
  return current;
}

function isDeclaredInScope(identifier: ts.Identifier): boolean {
  return findLocalDeclaration(identifier) !== undefined || findFunctionDeclaration(identifier) !== undefined;
}

function resolveClass(expression: ts.Expression, walk: Walk): ts.ClassLikeDeclaration | undefined {
  const value = unwrapExpression(expression);
  const { checker } = walk.host;
  if (ts.isIdentifier(value)) {
    for (let scope: ts.Node | undefined = value.parent; scope; scope = scope.parent) {
      if (ts.isBlock(scope) || ts.isSourceFile(scope) || ts.isModuleBlock(scope)) {
        for (const statement of scope.statements) {
          if (ts.isClassDeclaration(statement) && statement.name?.text === value.text) return statement;
        }
      }
    }
  }
  if (checker) {
    const node = ts.isPropertyAccessExpression(value) ? value.name : value;
    let symbol = checker.getSymbolAtLocation(node);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    const declaration = symbol?.declarations?.length === 1 ? symbol.declarations[0] : undefined;
    if (declaration && isOutsideProject(declaration)) return undefined;
    if (declaration && ts.isClassLike(declaration)) return declaration;
    if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer && ts.isClassExpression(declaration.initializer)) {
      return declaration.initializer;
    }
  }
  // errors.KafkaJSError, without a checker that resolves it: the project's one class of that name
  const name = ts.isIdentifier(value) ? value.text : ts.isPropertyAccessExpression(value) ? value.name.text : undefined;
  if (name === undefined) return undefined;
  const classes = getProjectMembers(walk.host.program, value.getSourceFile()).get(`class ${name}`);
  return classes?.length === 1 && ts.isClassLike(classes[0]!) ? classes[0] : undefined;
}

function isOutsideProject(declaration: ts.Node): boolean {
  const file = declaration.getSourceFile();
  return file.isDeclarationFile || /[\\/]node_modules[\\/]/u.test(file.fileName);
}

// `Error`, `TypeError`, or a class whose `extends` chain reaches one.
function isErrorClass(expression: ts.Expression, walk: Walk): boolean {
  const value = unwrapExpression(expression);
  if (ts.isIdentifier(value) && ERROR_CONSTRUCTORS.has(value.text) && !isDeclaredInScope(value)) return true;
  const cls = resolveClass(value, walk);
  return cls !== undefined && isErrorClassDeclaration(cls, walk, 0);
}

function isErrorClassDeclaration(cls: ts.ClassLikeDeclaration, walk: Walk, depth: number): boolean {
  const base = cls.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
  if (!base || depth > 8) return false;
  const value = unwrapExpression(base);
  if (ts.isIdentifier(value) && ERROR_CONSTRUCTORS.has(value.text)) return true;
  const next = resolveClass(value, walk);
  return next !== undefined && isErrorClassDeclaration(next, walk, depth + 1);
}

function worst(a: ThrowSummary, b: ThrowSummary): ThrowSummary {
  if (a === 'may-throw-non-error' || b === 'may-throw-non-error') return 'may-throw-non-error';
  return a === 'unknown' || b === 'unknown' ? 'unknown' : 'errors-only';
}

function isConst(declaration: ts.VariableDeclaration): boolean {
  return ts.isVariableDeclarationList(declaration.parent) && (declaration.parent.flags & ts.NodeFlags.Const) !== 0;
}

function isStatic(member: ts.ClassElement): boolean {
  return ts.canHaveModifiers(member) && (ts.getModifiers(member)?.some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword) ?? false);
}
