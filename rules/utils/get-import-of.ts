import ts from '../engine/typescript.cjs';

import { findLocalDeclaration } from './find-local-declaration.js';
import { getImportedModule } from './get-imported-module.js';
import type { ImportedBinding } from './get-imported-module.js';

// The import an identifier refers to, unless a nearer declaration shadows it (no checker needed):
//   import axios from 'axios'; axios.get(u)               axios -> { module: 'axios', imported: 'default' }
//   const { request } = require('undici'); request(u)      request -> { module: 'undici', imported: 'request' }
//   import http from 'node:http'; function f(http) { http.get(u) }   -> undefined (the parameter shadows it)
export function getImportOf(identifier: ts.Identifier): ImportedBinding | undefined {
  const sourceFile = identifier.getSourceFile();
  const binding = getImportedModule(sourceFile, identifier.text);
  if (!binding) return undefined;
  const local = findLocalDeclaration(identifier);
  if (local && !isTopLevelRequire(local, sourceFile)) return undefined;
  return binding;
}

function isTopLevelRequire(declaration: ts.Node, sourceFile: ts.SourceFile): boolean {
  let statement: ts.Node = declaration;
  while (statement.parent && !ts.isSourceFile(statement.parent)) statement = statement.parent;
  return statement.parent === sourceFile && ts.isVariableStatement(statement) && /\brequire\s*\(/u.test(statement.getText(sourceFile));
}
