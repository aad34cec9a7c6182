import ts from '../engine/typescript.cjs';

import { getAccessPath } from './get-access-path.js';
import { isUnresolvedType } from './is-unresolved-type.js';
import { unwrapExpression } from './unwrap-expression.js';

const URL_NAME = /url|uri|href|endpoint|link/iu;

// Whether a call's argument is a URL rather than an options object:
//   'https://x'   `${base}/a`   base + path   new URL(p)   a string-typed value   endpointUrl   url.toString()  -> true
//   { url }   options   config.http                                                                             -> false
export function isUrlLike(node: ts.Expression, checker: ts.TypeChecker | undefined): boolean {
  const value = unwrapExpression(node);
  if (ts.isStringLiteralLike(value) || ts.isTemplateExpression(value) || ts.isBinaryExpression(value)) return true;
  if (ts.isNewExpression(value) && getAccessPath(value.expression) === 'URL') return true;
  if (ts.isObjectLiteralExpression(value)) return false;
  if (checker) {
    const type = checker.getTypeAtLocation(value);
    if (!isUnresolvedType(type)) {
      return (type.flags & ts.TypeFlags.StringLike) !== 0 || type.getSymbol()?.getName() === 'URL';
    }
  }
  const path = getAccessPath(value);
  if (path) return URL_NAME.test(path.slice(path.lastIndexOf('.') + 1));
  return ts.isCallExpression(value) && ts.isPropertyAccessExpression(value.expression) && value.expression.name.text === 'toString';
}
