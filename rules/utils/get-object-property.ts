import ts from '../engine/typescript.cjs';

import { getConstInitializer } from './get-const-initializer.js';
import { unwrapExpression } from './unwrap-expression.js';

export type ObjectPropertyLookup =
  /** The property is written in the object literal: its value (a shorthand's identifier, a method's node). */
  | { kind: 'found'; value: ts.Expression | ts.MethodDeclaration; property: ts.ObjectLiteralElementLike }
  /** The object literal is fully known and has no such property. */
  | { kind: 'missing'; object: ts.ObjectLiteralExpression }
  /** Not an object literal we can see whole (a parameter, a call result, a spread may carry it). */
  | { kind: 'unknown' };

// Looks a property up in an options argument, following a `const` in scope to its object literal:
//   pRetry(run, { retries: 5 })                 'retries' -> found `5`
//   const opts = { forever: true }; f(opts)     'forever' -> found `true`
//   pRetry(run, { onFailedAttempt })            'retries' -> missing
//   pRetry(run, { ...defaults })  pRetry(run, options)    -> unknown
export function getObjectProperty(node: ts.Expression | undefined, name: string, depth = 0): ObjectPropertyLookup {
  if (!node || depth > 3) return { kind: 'unknown' };
  const expression = unwrapExpression(node);
  if (ts.isIdentifier(expression)) {
    const initializer = getConstInitializer(expression);
    if (initializer) return getObjectProperty(initializer, name, depth + 1);
    return { kind: 'unknown' };
  }
  if (!ts.isObjectLiteralExpression(expression)) return { kind: 'unknown' };
  let spread = false;
  // Later properties win, as at runtime.
  for (let index = expression.properties.length - 1; index >= 0; index--) {
    const property = expression.properties[index]!;
    if (ts.isSpreadAssignment(property)) {
      spread = true;
      continue;
    }
    if (!property.name || propertyNameText(property.name) !== name) continue;
    if (spread) return { kind: 'unknown' };
    if (ts.isPropertyAssignment(property)) return { kind: 'found', value: property.initializer, property };
    if (ts.isShorthandPropertyAssignment(property)) return { kind: 'found', value: property.name, property };
    if (ts.isMethodDeclaration(property)) return { kind: 'found', value: property, property };
    return { kind: 'unknown' };
  }
  return spread ? { kind: 'unknown' } : { kind: 'missing', object: expression };
}

function propertyNameText(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name)) return name.text;
  return undefined;
}
