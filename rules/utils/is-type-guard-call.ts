import ts from '../engine/typescript.cjs';

import { unwrapExpression } from './unwrap-expression.js';

// A call that checks what `name` holds, so code it guards may read the value's properties:
//   axios.isAxiosError(err)   isHttpError(err)   hasCode(err)   Array.isArray(err)   Object.hasOwn(err, 'code')
// With a checker and a resolved signature, only a type predicate (`x is T`, `asserts x is T`) counts;
// without types, or when the callee is unresolved (`any`), the name decides: `is*` / `has*` taking `name`.
export function isTypeGuardCall(node: ts.Node, name: string, checker: ts.TypeChecker | undefined): node is ts.CallExpression {
  if (!ts.isCallExpression(node)) return false;
  if (!node.arguments.some((argument) => isName(argument, name))) return false;
  if (checker) {
    const declared = getDeclaredPredicate(checker, node.expression);
    if (declared !== undefined) return declared;
    const signature = checker.getResolvedSignature(node);
    const declaration = signature?.getDeclaration();
    if (signature && declaration && !isUnresolvedCallee(checker, node)) {
      return checker.getTypePredicateOfSignature(signature) !== undefined;
    }
  }
  const callee = node.expression;
  const calleeName = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  return calleeName !== undefined && /^(?:is|has)(?:[A-Z_$]|$)/u.test(calleeName);
}

// What the callee's only declaration says, when it spells its result: `isHttpError(e: unknown): e is HttpError`
// (a predicate) or `isRetryable(e: unknown): boolean` (none). That is the signature the call resolves to, so
// resolving it (checking every argument) is skipped. Undefined when there is no such single declaration:
// overloads, an inferred result (TypeScript may infer a predicate), JavaScript, an unresolved callee.
function getDeclaredPredicate(checker: ts.TypeChecker, callee: ts.Expression): boolean | undefined {
  if (!ts.isIdentifier(callee) && !ts.isPropertyAccessExpression(callee)) return undefined;
  let symbol = checker.getSymbolAtLocation(callee);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const declaration = symbol?.declarations?.length === 1 ? symbol.declarations[0] : undefined;
  if (
    !declaration ||
    !(ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration) || ts.isMethodSignature(declaration)) ||
    !declaration.type ||
    declaration.flags & ts.NodeFlags.JavaScriptFile
  ) {
    return undefined;
  }
  return ts.isTypePredicateNode(declaration.type);
}

function isName(argument: ts.Expression, name: string): boolean {
  const inner = unwrapExpression(argument);
  return ts.isIdentifier(inner) && inner.text === name;
}

function isUnresolvedCallee(checker: ts.TypeChecker, call: ts.CallExpression): boolean {
  const type = checker.getTypeAtLocation(call.expression);
  return (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0;
}
