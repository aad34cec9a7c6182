import ts from '../engine/typescript.cjs';

import { findMethodRow, getCatalogueIndex } from '../models/get-catalogue-index.js';
import type { HandlerRegistrationRow, LibraryModel } from '../models/library-model.js';
import { getValueOrigin } from './get-value-origin.js';
import { isModuleOfPackage } from './is-module-of-package.js';
import { unwrapExpression } from './unwrap-expression.js';

export interface HandlerRegistration {
  handlers: HandlerRegistrationRow['handlers'];
  /** The package whose row decided: the receiver's, or, for a receiver of unknown origin, the file's. */
  package: string;
}

// Per catalogue (the user's rows change the answer), per file.
const awaitingImportsByModels = new WeakMap<readonly LibraryModel[], WeakMap<ts.SourceFile, Map<string, string>>>();

// What the receiver's package does with a handler registered by this call (the catalogue's
// handlerRegistrations, user rows first), decided by where the receiver comes from, never by the method alone:
//   new Telegraf(t).on('text', async (ctx) => ...)                 -> awaited (telegraf)
//   new EventEmitter().on('job', async () => ...)    process.on(...) -> dropped
//   new Koa().use(async (ctx, next) => ...) -> awaited; new Koa().on('error', async ...) -> dropped
// A receiver whose origin nothing shows (`ctx.bot`, a parameter without a type) in a file that imports a
// package which awaits handlers registered with this method is taken as that package's; otherwise undefined.
export function getHandlerRegistration(
  call: ts.CallExpression,
  checker: ts.TypeChecker | undefined,
  models: readonly LibraryModel[],
): HandlerRegistration | undefined {
  const callee = unwrapExpression(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  const origin = getValueOrigin(callee.expression, checker);
  if (origin && !isRelative(origin.module)) {
    const row = findMethodRow(getCatalogueIndex(models).rows('handlerRegistrations', origin.module), origin.imported, method);
    return row && { handlers: row.handlers, package: origin.module };
  }
  const imported = getAwaitingImports(models, call.getSourceFile()).get(method);
  return imported === undefined ? undefined : { handlers: 'awaited', package: imported };
}

// Method -> package, for the packages a file imports whose handlers registered by that method are awaited
// (a row scoped to one export counts for the whole module here: the receiver's origin is unknown anyway).
function getAwaitingImports(models: readonly LibraryModel[], sourceFile: ts.SourceFile): Map<string, string> {
  let byFile = awaitingImportsByModels.get(models);
  if (!byFile) {
    byFile = new WeakMap();
    awaitingImportsByModels.set(models, byFile);
  }
  let methods = byFile.get(sourceFile);
  if (methods) return methods;
  methods = new Map();
  for (const statement of sourceFile.statements) {
    const module = getModuleOf(statement);
    if (module === undefined) continue;
    for (const model of models) {
      if (!isModuleOfPackage(module, model.package)) continue;
      for (const row of model.handlerRegistrations ?? []) {
        if (row.handlers !== 'awaited') continue;
        for (const method of row.methods) if (!methods.has(method)) methods.set(method, module);
      }
    }
  }
  byFile.set(sourceFile, methods);
  return methods;
}

// import ... from 'telegraf'   const { Telegraf } = require('telegraf')   const Koa = require('koa')
function getModuleOf(statement: ts.Statement): string | undefined {
  if (ts.isImportDeclaration(statement)) return ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
  if (!ts.isVariableStatement(statement)) return undefined;
  const declaration = statement.declarationList.declarations[0];
  let init = declaration?.initializer && unwrapExpression(declaration.initializer);
  if (init && ts.isPropertyAccessExpression(init)) init = init.expression;
  if (!init || !ts.isCallExpression(init) || !ts.isIdentifier(init.expression) || init.expression.text !== 'require') return undefined;
  const specifier = init.arguments[0];
  return specifier && ts.isStringLiteralLike(specifier) ? specifier.text : undefined;
}

function isRelative(module: string): boolean {
  return module.startsWith('.') || module.startsWith('/');
}
