import ts from '../engine/typescript.cjs';

import { getImportOf } from './get-import-of.js';
import { getProjectMembers } from './get-project-members.js';
import { unwrapExpression } from './unwrap-expression.js';

export interface ProjectClassHost {
  checker: ts.TypeChecker | undefined;
  program: ts.Program | undefined;
}

// The class declaration a name (or `module.Name`) refers to, when the project declares it:
//   class SyncError extends Error {}; new SyncError()                       the file's own class
//   import { ApiError } from './errors'; new ApiError()                      (checker) the imported declaration
//   const { KafkaJSError } = require('../errors'); new KafkaJSError()        without a checker: the project's one
//   errors.KafkaJSError                                                      class of that name, when the name comes
//                                                                            from a relative module or the file
// A package's class (a declaration file, node_modules, an import from a package) gives undefined.
export function resolveProjectClass(expression: ts.Expression, host: ProjectClassHost): ts.ClassLikeDeclaration | undefined {
  const value = unwrapExpression(expression);
  if (ts.isIdentifier(value)) {
    for (let scope: ts.Node | undefined = value.parent; scope; scope = scope.parent) {
      if (ts.isBlock(scope) || ts.isSourceFile(scope) || ts.isModuleBlock(scope)) {
        for (const statement of scope.statements) {
          if (ts.isClassDeclaration(statement) && statement.name?.text === value.text) return statement;
        }
      }
    }
  }
  const { checker, program } = host;
  if (checker) {
    const node = ts.isPropertyAccessExpression(value) ? value.name : value;
    let symbol = checker.getSymbolAtLocation(node);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    const declaration = symbol?.declarations?.length === 1 ? symbol.declarations[0] : undefined;
    const file = declaration?.getSourceFile();
    if (file && /[\\/]node_modules[\\/]/u.test(file.fileName)) return undefined;
    // A project's own declaration file (`error.d.ts` published beside `error.js`) only types the class: its
    // constructor's body, which says where a cause goes, is in the JavaScript, found below by name.
    if (declaration && !file?.isDeclarationFile) {
      if (ts.isClassLike(declaration)) return declaration;
      if (ts.isVariableDeclaration(declaration) && declaration.initializer && ts.isClassExpression(declaration.initializer)) return declaration.initializer;
      // The checker knows the name as something else: a parameter, a variable, a function.
      return undefined;
    }
  }
  const root = ts.isPropertyAccessExpression(value) ? unwrapExpression(value.expression) : value;
  const name = ts.isIdentifier(value) ? value.text : ts.isPropertyAccessExpression(value) ? value.name.text : undefined;
  if (name === undefined || !ts.isIdentifier(root)) return undefined;
  const binding = getImportOf(root);
  if (binding && !binding.module.startsWith('.')) return undefined;
  const classes = getProjectMembers(program, value.getSourceFile()).get(`class ${name}`);
  return classes?.length === 1 && ts.isClassLike(classes[0]!) ? classes[0] : undefined;
}
