import ts from '../engine/typescript.cjs';

import { getConstInitializer } from './get-const-initializer.js';
import { getImportedModule } from './get-imported-module.js';
import { unwrapExpression } from './unwrap-expression.js';

const usesHocuspocusByFile = new WeakMap<ts.SourceFile, boolean>();

// Whether a thrown or rejected value is a WebSocket close event handed to Hocuspocus, in a file that imports
// it. Its hooks (`onConnect`, `onAuthenticate`, ...) close the connection with the `code` and `reason` of what
// they throw or reject with, so a close event is the documented way to pick them:
//   return Promise.reject(Forbidden)      (imported from '@hocuspocus/common')
//   throw { code: 4403, reason: 'document-locked' }
//   return Promise.reject(TooManyConnections)   (`const TooManyConnections = { code: 4503, reason: ... }`, or
//                                                with types any value typed with `code` and `reason`)
export function isHocuspocusCloseEvent(expression: ts.Expression, checker: ts.TypeChecker | undefined): boolean {
  const sourceFile = expression.getSourceFile();
  if (!usesHocuspocus(sourceFile)) return false;
  const value = unwrapExpression(expression);
  if (ts.isObjectLiteralExpression(value)) return hasCloseEventKeys(value);
  if (!ts.isIdentifier(value)) return false;
  const imported = getImportedModule(sourceFile, value.text);
  if (imported?.module === '@hocuspocus/common' && imported.imported !== 'default' && imported.imported !== '*') return true;
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

function usesHocuspocus(sourceFile: ts.SourceFile): boolean {
  let uses = usesHocuspocusByFile.get(sourceFile);
  if (uses === undefined) {
    uses = sourceFile.statements.some(
      (statement) =>
        ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && statement.moduleSpecifier.text.startsWith('@hocuspocus/'),
    );
    usesHocuspocusByFile.set(sourceFile, uses);
  }
  return uses;
}
