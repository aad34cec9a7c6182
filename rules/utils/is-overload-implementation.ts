import type ts from '../engine/typescript.cjs';

// The checker's rule for overloads: a body right after an overload signature of the same name is the
// implementation, which is not one of the callable signatures:
//   function load(id: string): Promise<User>;   function load(id: string) { ... }   -> the second is
export function isOverloadImplementation(declaration: ts.Declaration, previous: ts.Declaration | undefined): boolean {
  return (
    previous !== undefined &&
    (declaration as ts.FunctionLikeDeclaration).body !== undefined &&
    declaration.parent === previous.parent &&
    declaration.kind === previous.kind &&
    declaration.pos === previous.end
  );
}
