import ts from '../engine/typescript.cjs';
import { getImportBindings } from './get-import-bindings.js';
import { forEachDescendant } from './for-each-descendant.js';
import { mayHideNames } from './where-word-is-written.js';

const EXPRESS_TYPES = new Set(['Express', 'Application', 'Router', 'IRouter']);

/** Express apps and routers of one file, and whether the file patches Express 4 to forward rejections. */
export interface ExpressReceivers {
  /** Names bound to an Express app or router. */
  names: ReadonlySet<string>;
  /** `import 'express-async-errors'` (or require): Express 4 then forwards handler rejections to `next`. */
  patched: boolean;
}

const cache = new WeakMap<ts.SourceFile, ExpressReceivers>();
const NONE: ExpressReceivers = { names: new Set(), patched: false };
// Every receiver comes from a module whose name holds "express" or "async-errors" (written out, or behind an
// escape: `'\x65xpress'`); a file that holds neither has none and is not walked.
const NAMES_EXPRESS = /express|async-errors/u;

// The Express apps and routers a file creates or receives, cached per file:
//   import express from 'express'; const app = express(); const router = express.Router();
//   import { Router } from 'express'; const api = Router();      const express = require('express')
//   function mount(app: Express, router: Router) {}  (types imported from 'express')
export function collectExpressReceivers(sourceFile: ts.SourceFile): ExpressReceivers {
  const cached = cache.get(sourceFile);
  if (cached) return cached;
  if (!NAMES_EXPRESS.test(sourceFile.text) && !mayHideNames(sourceFile)) {
    cache.set(sourceFile, NONE);
    return NONE;
  }
  const modules = new Set<string>(); // names of the express module itself
  const factories = new Set<string>(); // Router imported by name
  const types = new Set<string>();
  const names = new Set<string>();
  let patched = false;

  const bind = (moduleName: string, whole: string | undefined, named: readonly (readonly [string, string])[]): void => {
    if (moduleName === 'express-async-errors' || moduleName === '@root/async-errors') patched = true;
    if (moduleName !== 'express') return;
    if (whole) modules.add(whole);
    for (const [imported, local] of named) {
      if (imported === 'default') modules.add(local);
      if (imported === 'Router') factories.add(local);
      if (EXPRESS_TYPES.has(imported)) types.add(local);
    }
  };

  const isAppOrRouterFactory = (expression: ts.Expression): boolean => {
    let value = expression;
    while (ts.isParenthesizedExpression(value)) value = value.expression;
    if (!ts.isCallExpression(value) && !ts.isNewExpression(value)) return false;
    const callee = value.expression;
    if (ts.isIdentifier(callee)) return modules.has(callee.text) || factories.has(callee.text);
    return ts.isPropertyAccessExpression(callee) && callee.name.text === 'Router' && ts.isIdentifier(callee.expression) && modules.has(callee.expression.text);
  };

  const visit = (node: ts.Node): void => {
    const imported = ts.isImportDeclaration(node) ? getImportBindings(node) : undefined;
    if (imported) {
      bind(imported.module, imported.whole, imported.named);
    } else if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'require') {
      const specifier = node.arguments[0];
      if (specifier && ts.isStringLiteralLike(specifier)) {
        const owner = node.parent;
        if (ts.isVariableDeclaration(owner) && ts.isIdentifier(owner.name)) bind(specifier.text, owner.name.text, []);
        else if (ts.isVariableDeclaration(owner) && ts.isObjectBindingPattern(owner.name)) {
          const named: [string, string][] = [];
          for (const element of owner.name.elements) {
            if (!ts.isIdentifier(element.name)) continue;
            const imported = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : element.name.text;
            named.push([imported, element.name.text]);
          }
          bind(specifier.text, undefined, named);
        } else {
          bind(specifier.text, undefined, []);
        }
      }
    } else if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && isAppOrRouterFactory(node.initializer)) {
      names.add(node.name.text);
    } else if (ts.isParameter(node) && ts.isIdentifier(node.name) && node.type && ts.isTypeReferenceNode(node.type)) {
      const typeName = node.type.typeName;
      const isExpressType =
        (ts.isIdentifier(typeName) && types.has(typeName.text)) ||
        (ts.isQualifiedName(typeName) && ts.isIdentifier(typeName.left) && modules.has(typeName.left.text) && EXPRESS_TYPES.has(typeName.right.text));
      if (isExpressType) names.add(node.name.text);
    }
  };
  forEachDescendant(sourceFile, visit, { crossFunctions: true });
  const result = { names, patched };
  cache.set(sourceFile, result);
  return result;
}
