import ts from '../engine/typescript.cjs';

import { unwrapExpression } from './unwrap-expression.js';

// A function-like declaration that visibly returns a promise:
//   async function f() {}   f(): Promise<T>   send(): PromiseLike<void>   () => new Promise(...)
//   function f() { return new Promise(...); }   save: () => Promise<void> (property signature)
export function declaresPromiseReturn(node: ts.Node): boolean {
  if (ts.isPropertySignature(node) || ts.isPropertyDeclaration(node)) {
    if (node.type && ts.isFunctionTypeNode(node.type)) return isPromiseTypeNode(node.type.type);
    const init = ts.isPropertyDeclaration(node) && node.initializer ? unwrapExpression(node.initializer) : undefined;
    return init !== undefined && (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) && declaresPromiseReturn(init);
  }
  if (!ts.isFunctionLike(node)) return false;
  if (ts.canHaveModifiers(node) && ts.getModifiers(node)?.some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword)) {
    return true;
  }
  if (node.type) return isPromiseTypeNode(node.type);
  const body = (node as ts.FunctionLikeDeclarationBase).body;
  if (!body) return false;
  if (!ts.isBlock(body)) return isNewPromise(body);
  let found = false;
  const visit = (child: ts.Node): void => {
    if (found || ts.isFunctionLike(child)) return;
    if (ts.isReturnStatement(child) && child.expression && isNewPromise(child.expression)) found = true;
    ts.forEachChild(child, visit);
  };
  ts.forEachChild(body, visit);
  return found;
}

function isNewPromise(expression: ts.Expression): boolean {
  const value = unwrapExpression(expression);
  return ts.isNewExpression(value) && ts.isIdentifier(value.expression) && value.expression.text === 'Promise';
}

function isPromiseTypeNode(type: ts.TypeNode): boolean {
  return ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && (type.typeName.text === 'Promise' || type.typeName.text === 'PromiseLike');
}
