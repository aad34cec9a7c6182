import ts from '../engine/typescript.cjs';

// The function declaration (with a body: an overload signature is skipped) a name refers to, found in the
// enclosing blocks and the file, the places findLocalDeclaration leaves to it:
//   function load() {} ... load()   -> the declaration of `load`
//   const load = () => {} ... load() -> undefined (findLocalDeclaration finds it)
export function findFunctionDeclaration(identifier: ts.Identifier): ts.FunctionDeclaration | undefined {
  for (let scope: ts.Node | undefined = identifier.parent; scope; scope = scope.parent) {
    if (!ts.isBlock(scope) && !ts.isSourceFile(scope) && !ts.isModuleBlock(scope)) continue;
    for (const statement of scope.statements) {
      if (ts.isFunctionDeclaration(statement) && statement.name?.text === identifier.text && statement.body) return statement;
    }
  }
  return undefined;
}
