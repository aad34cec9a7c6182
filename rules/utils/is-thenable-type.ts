import ts from '../engine/typescript.cjs';

// A type with a callable `then`: Promise<T>, PromiseLike<T>, a custom thenable, or a union holding one
//   Promise<void>   Promise<User> | undefined   { then(onfulfilled: ...): ... }
export function isThenableType(checker: ts.TypeChecker, type: ts.Type, node: ts.Node): boolean {
  const parts = type.isUnion() ? type.types : [type];
  return parts.some((part) => {
    const then = checker.getApparentType(part).getProperty('then');
    if (!then) return false;
    const thenType = checker.getTypeOfSymbolAtLocation(then, node);
    const thenParts = thenType.isUnion() ? thenType.types : [thenType];
    return thenParts.some((candidate) => candidate.getCallSignatures().length > 0);
  });
}
