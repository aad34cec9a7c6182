import ts from '../engine/typescript.cjs';

// Whether a deadline option's value bounds the whole call, for an option that takes a number or an object of
// phases of which only some bound the call (got's `timeout`: `request` does, `connect` does not):
//   5000   { request: 5000 }   -> true      { connect: 1000 }   -> false      timeouts   { ...base }   -> undefined
export function isBoundingObject(value: ts.Expression, boundingKeys: readonly string[]): boolean | undefined {
  if (ts.isNumericLiteral(value)) return true;
  if (!ts.isObjectLiteralExpression(value)) return undefined;
  let bounded = false;
  for (const property of value.properties) {
    if (ts.isSpreadAssignment(property)) return undefined;
    if (property.name && ts.isIdentifier(property.name) && boundingKeys.includes(property.name.text)) bounded = true;
  }
  return bounded;
}
