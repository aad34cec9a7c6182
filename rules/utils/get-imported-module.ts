import ts from '../engine/typescript.cjs';

export interface ImportedBinding {
  /** The module specifier, e.g. `p-retry`. */
  module: string;
  /** `default`, `*` (namespace or whole CommonJS module) or the exported name. */
  imported: string;
}

const bindingsByFile = new WeakMap<ts.SourceFile, Map<string, ImportedBinding>>();

// What a top-level local name was imported as, read from the file's imports (no checker needed):
//   import pRetry from 'p-retry'                  pRetry   -> { module: 'p-retry', imported: 'default' }
//   import * as retry from 'retry'                retry    -> { module: 'retry', imported: '*' }
//   import { retry as r } from 'cockatiel'        r        -> { module: 'cockatiel', imported: 'retry' }
//   const axiosRetry = require('axios-retry')     axiosRetry -> { module: 'axios-retry', imported: '*' }
//   const axiosRetry = require('axios-retry').default          -> { ..., imported: 'default' }
//   const { backOff } = require('exponential-backoff')          -> { ..., imported: 'backOff' }
export function getImportedModule(sourceFile: ts.SourceFile, localName: string): ImportedBinding | undefined {
  let bindings = bindingsByFile.get(sourceFile);
  if (!bindings) {
    bindings = collectBindings(sourceFile);
    bindingsByFile.set(sourceFile, bindings);
  }
  return bindings.get(localName);
}

function collectBindings(sourceFile: ts.SourceFile): Map<string, ImportedBinding> {
  const bindings = new Map<string, ImportedBinding>();
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const module = statement.moduleSpecifier.text;
      const clause = statement.importClause;
      if (!clause) continue;
      if (clause.name) bindings.set(clause.name.text, { module, imported: 'default' });
      const named = clause.namedBindings;
      if (named && ts.isNamespaceImport(named)) bindings.set(named.name.text, { module, imported: '*' });
      if (named && ts.isNamedImports(named)) {
        for (const element of named.elements) {
          const imported = (element.propertyName ?? element.name).text;
          bindings.set(element.name.text, { module, imported });
        }
      }
    } else if (ts.isImportEqualsDeclaration(statement)) {
      const reference = statement.moduleReference;
      if (ts.isExternalModuleReference(reference) && ts.isStringLiteral(reference.expression)) {
        bindings.set(statement.name.text, { module: reference.expression.text, imported: '*' });
      }
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        addRequireBinding(declaration, bindings);
      }
    }
  }
  return bindings;
}

function addRequireBinding(declaration: ts.VariableDeclaration, bindings: Map<string, ImportedBinding>): void {
  if (!declaration.initializer) return;
  let init = declaration.initializer;
  let member: string | undefined;
  if (ts.isPropertyAccessExpression(init)) {
    member = init.name.text;
    init = init.expression;
  }
  if (!ts.isCallExpression(init) || !ts.isIdentifier(init.expression) || init.expression.text !== 'require') return;
  const specifier = init.arguments[0];
  if (!specifier || !ts.isStringLiteralLike(specifier)) return;
  const module = specifier.text;
  if (ts.isIdentifier(declaration.name)) {
    bindings.set(declaration.name.text, { module, imported: member ?? '*' });
  } else if (ts.isObjectBindingPattern(declaration.name) && member === undefined) {
    for (const element of declaration.name.elements) {
      if (!ts.isIdentifier(element.name)) continue;
      const property = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : element.name.text;
      bindings.set(element.name.text, { module, imported: property });
    }
  }
}
