import ts from '../engine/typescript.cjs';

import { unwrapExpression } from './unwrap-expression.js';

// The return types of the signatures a call can resolve to, read from the callee's declared type,
// without resolving the call itself (which would check every argument, lambdas included):
//   save(order)           -> the return types of `save`'s signatures
//   this.repo.save(order) -> the return types of `save` on the type of `this.repo`
// Returns undefined when the callee has no symbol or no call signatures (dynamic calls, `any`), and,
// with `nonGeneric`, when a signature has type parameters (`map<U>(…): U[]` depends on the call).
export function getCalleeReturnTypes(call: ts.CallExpression, checker: ts.TypeChecker, options: { nonGeneric?: boolean } = {}): ts.Type[] | undefined {
  const callee = unwrapExpression(call.expression);
  const name = ts.isPropertyAccessExpression(callee) ? callee.name : ts.isIdentifier(callee) ? callee : undefined;
  if (!name) return undefined;
  let symbol = checker.getSymbolAtLocation(name);
  if (!symbol) return undefined;
  if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const signatures = checker.getTypeOfSymbolAtLocation(symbol, name).getCallSignatures();
  if (signatures.length === 0) return undefined;
  if (options.nonGeneric && signatures.some((signature) => signature.typeParameters !== undefined)) return undefined;
  return signatures.map((signature) => checker.getReturnTypeOfSignature(signature));
}
