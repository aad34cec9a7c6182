import ts from '../engine/typescript.cjs';

import { getConstInitializer } from './get-const-initializer.js';
import { getImportBindings, type ImportBindings } from './get-import-bindings.js';
import { unwrapExpression } from './unwrap-expression.js';

const importsByFile = new WeakMap<ts.SourceFile, ImportBindings[]>();

// Whether a thrown or rejected value is a WebSocket close event handed to Hocuspocus, in a file that imports
// it. Its hooks (`onConnect`, `onAuthenticate`, ...) close the connection with the `code` and `reason` of what
// they throw or reject with, so a close event is the documented way to pick them:
//   return Promise.reject(Forbidden)      (imported from '@hocuspocus/common')
//   throw { code: 4403, reason: 'document-locked' }
//   return Promise.reject(TooManyConnections)   (`const TooManyConnections = { code: 4503, reason: ... }`, or
//                                                with types any value typed with `code` and `reason`)
export function isHocuspocusCloseEvent(expression: ts.Expression, checker: ts.TypeChecker | undefined): boolean {
  const sourceFile = expression.getSourceFile();
  const imports = importsOf(sourceFile);
  if (!imports.some((bindings) => bindings.module.startsWith('@hocuspocus/'))) return false;
  const value = unwrapExpression(expression);
  if (ts.isObjectLiteralExpression(value)) return hasCloseEventKeys(value);
  if (!ts.isIdentifier(value)) return false;
  if (imports.some((bindings) => bindings.module === '@hocuspocus/common' && bindings.named.some(([, local]) => local === value.text))) return true;
  const initializer = getConstInitializer(value);
  const constant = initializer && unwrapExpression(initializer);
  if (constant && ts.isObjectLiteralExpression(constant)) return hasCloseEventKeys(constant);
  if (!checker) return false;
  const type = checker.getApparentType(checker.getTypeAtLocation(value));
  return type.getProperty('code') !== undefined && type.getProperty('reason') !== undefined;
}

function hasCloseEventKeys(object: ts.ObjectLiteralExpression): boolean {
  const names = new Set(object.properties.map((property) => (property.name && ts.isIdentifier(property.name) ? property.name.text : undefined)));
  return names.has('code') && names.has('reason');
}

function importsOf(sourceFile: ts.SourceFile): ImportBindings[] {
  let imports = importsByFile.get(sourceFile);
  if (!imports) {
    imports = sourceFile.statements.flatMap((statement) => {
      const bindings = ts.isImportDeclaration(statement) ? getImportBindings(statement) : undefined;
      return bindings ? [bindings] : [];
    });
    importsByFile.set(sourceFile, imports);
  }
  return imports;
}
