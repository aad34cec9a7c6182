import ts from '../engine/typescript.cjs';

import { getCalleeDeclarations } from './get-callee-declarations.js';

// Whether a name refers to a `const` that holds an awaited value and that nothing narrows, so that it is
// no promise, as the checker would say without typing the `await` (resolving the call, every argument):
//   const result = await work(client); ...; return result;                              -> true
//   const remote = await client.get(id); if (remote !== undefined) cache.set(id, remote); return remote;  -> true
//   const value = await load(); if (isThenable(value)) return value;                    -> false (a type guard)
//   const value: Job = await load();  const { value } = await load();  let value = await load();  -> false
// The checker types an `await` with the awaited type, which has no callable `then` (it unwraps one, or is
// the error type, which the rule answers syntactically: an `await` is no promise either). Two contrived
// types escape this: a `then` typed as a union of a function and a non-function (the checker does not
// unwrap it, the rule calls it thenable), and a type parameter constrained to a thenable whose `then` takes
// no callback. The narrowing guard: every mention of the name is a `return`, an equality test, a member read
// that is not called (`this is` predicates), or an argument of an awaited call or of a call statement whose
// declarations assert nothing; anything else (a condition, `instanceof`, a call in a condition) could narrow.
export function isAwaitedConst(name: ts.Identifier, checker: ts.TypeChecker): boolean {
  const symbol = checker.getSymbolAtLocation(name);
  const declaration = symbol?.declarations?.length === 1 ? symbol.declarations[0] : undefined;
  if (!declaration || !ts.isVariableDeclaration(declaration) || declaration.type || !ts.isIdentifier(declaration.name)) return false;
  if (declaration.flags & ts.NodeFlags.JavaScriptFile || declaration.getSourceFile() !== name.getSourceFile()) return false;
  const list = declaration.parent;
  if (!ts.isVariableDeclarationList(list) || !(list.flags & ts.NodeFlags.Const) || !ts.isVariableStatement(list.parent)) return false;
  let initializer = declaration.initializer;
  while (initializer && ts.isParenthesizedExpression(initializer)) initializer = initializer.expression;
  if (!initializer || !ts.isAwaitExpression(initializer)) return false;
  let safe = true;
  const visit = (node: ts.Node): void => {
    if (!safe) return;
    if (ts.isIdentifier(node) && node.text === name.text && node !== declaration.name && !isHarmlessMention(node, checker)) {
      safe = false;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(list.parent.parent);
  return safe;
}

function isHarmlessMention(mention: ts.Identifier, checker: ts.TypeChecker): boolean {
  const parent = mention.parent;
  if (ts.isReturnStatement(parent)) return true;
  if (ts.isPropertyAccessExpression(parent)) {
    // `other.value` names a member, `value.id` reads one
    return parent.name === mention || !(ts.isCallExpression(parent.parent) && parent.parent.expression === parent);
  }
  if (ts.isBinaryExpression(parent)) {
    switch (parent.operatorToken.kind) {
      case ts.SyntaxKind.EqualsEqualsEqualsToken:
      case ts.SyntaxKind.ExclamationEqualsEqualsToken:
      case ts.SyntaxKind.EqualsEqualsToken:
      case ts.SyntaxKind.ExclamationEqualsToken:
        return true;
      default:
        return false;
    }
  }
  if (!ts.isCallExpression(parent) || parent.expression === mention) return false;
  if (ts.isAwaitExpression(parent.parent)) return true;
  if (!ts.isExpressionStatement(parent.parent)) return false;
  const callee = getCalleeDeclarations(parent, checker);
  return (
    callee?.declarations.every((declaration) => {
      const type = (declaration as Partial<ts.SignatureDeclarationBase>).type;
      return (ts.isFunctionLike(declaration) && !(type && ts.isTypePredicateNode(type))) || false;
    }) ?? false
  );
}
