import ts from '../engine/typescript.cjs';

export interface ImportBindings {
  module: string;
  /** The default or namespace binding: `import axios from 'axios'`, `import * as net from 'node:net'`. */
  whole: string | undefined;
  /** `[imported, local]` pairs: `import { request as send } from 'undici'` -> `['request', 'send']`. */
  named: [string, string][];
}

// The local names an import declaration binds:
//   import express, { Router as R } from 'express'  -> { module: 'express', whole: 'express', named: [['Router', 'R']] }
// Undefined for a module specifier that is not a string literal.
export function getImportBindings(node: ts.ImportDeclaration): ImportBindings | undefined {
  if (!ts.isStringLiteral(node.moduleSpecifier)) return undefined;
  const clause = node.importClause;
  const named: [string, string][] = [];
  let whole = clause?.name?.text;
  const bindings = clause?.namedBindings;
  if (bindings && ts.isNamespaceImport(bindings)) whole = bindings.name.text;
  if (bindings && ts.isNamedImports(bindings)) {
    for (const element of bindings.elements) named.push([(element.propertyName ?? element.name).text, element.name.text]);
  }
  return { module: node.moduleSpecifier.text, whole, named };
}
