import ts from 'typescript';

import { collectPromiseFacts } from './collect-promise-facts.js';
import type { PromiseFacts } from './collect-promise-facts.js';
import { findLocalDeclaration } from './find-local-declaration.js';
import { getAccessPath } from './get-access-path.js';
import { getCalleeKey } from './get-callee-key.js';
import { isThenableType } from './is-thenable-type.js';
import { isUnresolvedType } from './is-unresolved-type.js';
import { unwrapExpression } from './unwrap-expression.js';

const PROMISE_STATICS = new Set(['resolve', 'reject', 'all', 'allSettled', 'race', 'any', 'try']);
const PROMISE_METHODS = new Set(['then', 'catch', 'finally']);
const HTTP_VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'postForm', 'putForm', 'patchForm']);

// Whether an expression evaluates to a promise. With a checker whose answer is a real type, the type decides
// (thenable or not). Without one, or when the type is `any` (partial types), syntactic evidence decides:
//   new Promise(...)   Promise.all(...)   p.then(...)   fetch(url)   axios.get(url)   api.post(...) (api = axios.create())
//   fs.promises.readFile(...)   readFile(...) from 'fs/promises'   load() (async function load in this file)
//   this.save() (async save() in this file)   db.query(sql) (awaited elsewhere in this file)
//   (async () => {...})()   p (const p = <any of the above>)
export function isPromiseExpression(
  node: ts.Expression,
  sourceFile: ts.SourceFile,
  checker: ts.TypeChecker | undefined,
): boolean {
  if (checker) {
    const type = checker.getTypeAtLocation(node);
    if (!isUnresolvedType(type)) return isThenableType(checker, type, node);
  }
  return isPromiseBySyntax(node, collectPromiseFacts(sourceFile), 0);
}

function isPromiseBySyntax(node: ts.Expression, facts: PromiseFacts, depth: number): boolean {
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
      isPromiseBySyntax(declaration.initializer, facts, depth + 1)
    );
  }
  if (!ts.isCallExpression(value)) return false;
  const callee = unwrapExpression(value.expression);
  if (ts.isArrowFunction(callee) || ts.isFunctionExpression(callee)) {
    return ts.getModifiers(callee)?.some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword) ?? false;
  }
  const key = getCalleeKey(callee);
  if (key !== undefined && facts.awaitedCallees.has(key)) return true;
  if (ts.isIdentifier(callee)) {
    return facts.asyncFunctions.has(callee.text) || facts.promiseFunctions.has(callee.text);
  }
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const method = callee.name.text;
  if (PROMISE_METHODS.has(method)) return true;
  const receiver = getAccessPath(callee.expression);
  if (receiver === 'Promise') return PROMISE_STATICS.has(method);
  if (receiver !== undefined) {
    if (facts.promiseNamespaces.has(receiver)) return true;
    if (facts.httpClients.has(receiver) && HTTP_VERBS.has(method)) return true;
  }
  return facts.asyncMembers.has(method) && !facts.syncMembers.has(method);
}
