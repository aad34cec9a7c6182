import ts from '../engine/typescript.cjs';

import { findLocalDeclaration } from './find-local-declaration.js';

// The initializer of the `const` an identifier names, when it is declared in an enclosing scope of the file:
//   const MAX_RETRIES = 5; … MAX_RETRIES        -> `5`
//   const options = { forever: true }; … options -> `{ forever: true }`
// `let`/`var`, parameters and imports give undefined: their value can change or is not in the file.
export function getConstInitializer(identifier: ts.Identifier): ts.Expression | undefined {
  const declaration = findLocalDeclaration(identifier);
  if (
    declaration &&
    ts.isVariableDeclaration(declaration) &&
    declaration.initializer &&
    ts.isVariableDeclarationList(declaration.parent) &&
    (declaration.parent.flags & ts.NodeFlags.Const) !== 0
  ) {
    return declaration.initializer;
  }
  return undefined;
}
