import ts from '../engine/typescript.cjs';

import { collectPromiseFacts } from './collect-promise-facts.js';
import type { PromiseFacts } from './collect-promise-facts.js';
import { declaresPromiseReturn } from './declares-promise-return.js';
import { findLocalDeclaration } from './find-local-declaration.js';
import { findMemberDeclarations } from './find-member-declarations.js';
import type { LibraryModel } from '../models/library-model.js';
import { findPromiseMethodModel } from './find-promise-method-model.js';
import { getAccessPath } from './get-access-path.js';
import { getCalleeKey } from './get-callee-key.js';
import { getDeclaredReturnKind } from './get-declared-return-kind.js';
import { getCalleeReturnTypes } from './get-callee-return-types.js';
import { getValueOrigin } from './get-value-origin.js';
import { isAwaitedConst } from './is-awaited-const.js';
import { isNonPromiseChain } from './is-non-promise-chain.js';
import { isThenableType } from './is-thenable-type.js';
import { isUnresolvedType } from './is-unresolved-type.js';
import { unwrapExpression } from './unwrap-expression.js';
import { isAsyncFunction } from './is-async-function.js';

const PROMISE_STATICS = new Set(['resolve', 'reject', 'all', 'allSettled', 'race', 'any', 'try']);
const PROMISE_METHODS = new Set(['then', 'catch', 'finally']);
const HTTP_VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'postForm', 'putForm', 'patchForm']);

// Whether an expression evaluates to a promise. With a checker whose answer is a real type, the type decides
// (thenable or not). Without one, or when the type is `any` (partial types), syntactic evidence decides:
//   new Promise(...)   Promise.all(...)   p.then(...) (not a builder's: isNonPromiseChain)   fetch(url)   axios.get(url)   api.post(...) (api = axios.create())
//   fs.promises.readFile(...)   readFile(...) from 'fs/promises'   load() (async function load in this file)
//   this.save() / repo.save() (async save() in the class or interface of the receiver, declared in this file)
//   message.reply() (message from discord.js: the receiver's package, the catalogue's promiseMethods)
//   db.query(sql) (awaited elsewhere in this file)
//   (async () => {...})()   p (const p = <any of the above>)
export function isPromiseExpression(
  node: ts.Expression,
  sourceFile: ts.SourceFile,
  checker: ts.TypeChecker | undefined,
  models: readonly LibraryModel[],
): boolean {
  if (checker) {
    // The callee's declarations often settle it without typing anything (the same answer the checker gives),
    // and so does `const x = await ...` for `x`.
    if (ts.isIdentifier(node) && isAwaitedConst(node, checker)) return false;
    const declared = ts.isCallExpression(node) ? getDeclaredReturnKind(node, checker) : undefined;
    if (declared !== undefined) return declared === 'promise';
    const fromCallee = ts.isCallExpression(node) ? isPromiseByCalleeSignatures(node, checker) : undefined;
    if (fromCallee !== undefined) return fromCallee;
    const type = checker.getTypeAtLocation(node);
    if (!isUnresolvedType(type)) return isThenableType(checker, type, node);
  }
  return isPromiseBySyntax(node, collectPromiseFacts(sourceFile), models, 0);
}

// When every signature the callee declares agrees (all return a thenable, or none does and none is
// `any`, `unknown` or a type parameter), the call's type is known without resolving the call, which
// would check every argument; otherwise undefined and the caller resolves the call.
function isPromiseByCalleeSignatures(call: ts.CallExpression, checker: ts.TypeChecker): boolean | undefined {
  const returnTypes = getCalleeReturnTypes(call, checker);
  if (!returnTypes) return undefined;
  let thenable = 0;
  for (const type of returnTypes) {
    if (isUnresolvedType(type) || type.flags & (ts.TypeFlags.Unknown | ts.TypeFlags.Instantiable | ts.TypeFlags.Union | ts.TypeFlags.Intersection))
      return undefined;
    if (isThenableType(checker, type, call)) thenable += 1;
  }
  if (thenable === returnTypes.length) return true;
  return thenable === 0 ? false : undefined;
}

function isPromiseBySyntax(node: ts.Expression, facts: PromiseFacts, models: readonly LibraryModel[], depth: number): boolean {
  const value = unwrapExpression(node);
  if (ts.isNewExpression(value)) {
    return ts.isIdentifier(value.expression) && value.expression.text === 'Promise';
  }
  if (ts.isIdentifier(value)) {
    if (depth > 2) return false;
    const declaration = findLocalDeclaration(value);
    return (
      declaration !== undefined &&
      ts.isVariableDeclaration(declaration) &&
      declaration.initializer !== undefined &&
      isPromiseBySyntax(declaration.initializer, facts, models, depth + 1)
    );
  }
  if (!ts.isCallExpression(value)) return false;
  const callee = unwrapExpression(value.expression);
  if (ts.isArrowFunction(callee) || ts.isFunctionExpression(callee)) {
    return isAsyncFunction(callee);
  }
  if (ts.isIdentifier(callee)) {
    // A declaration in this file outweighs an `await` on it elsewhere (generic wrappers
    // like `withSpan<T>(fn: () => T): T` are awaited when T happens to be a promise).
    if (facts.asyncFunctions.has(callee.text)) return true;
    if (facts.syncFunctions.has(callee.text)) return false;
    if (facts.promiseFunctions.has(getCalleeKey(callee) ?? callee.text)) return true;
  } else if (ts.isPropertyAccessExpression(callee)) {
    const method = callee.name.text;
    if (PROMISE_METHODS.has(method)) return !isNonPromiseChain(value, models);
    if (getAccessPath(callee.expression) === 'Promise') return PROMISE_STATICS.has(method);
    const receiver = getCalleeKey(callee.expression);
    const members = findMemberDeclarations(callee.expression, method);
    if (members.length > 0) return members.some(declaresPromiseReturn);
    // message.reply(...) on a discord.js message, user.save() on a mongoose document: the receiver's package
    const origin = getValueOrigin(callee.expression, undefined);
    const model = origin && findPromiseMethodModel(models, origin, method);
    if (model) return model.returns === 'promise';
    if (receiver !== undefined) {
      if (facts.promiseNamespaces.has(receiver)) return true;
      if (facts.httpClients.has(receiver) && HTTP_VERBS.has(method)) return true;
    }
  }
  const key = getCalleeKey(callee);
  return key !== undefined && facts.awaitedCallees.has(key);
}
