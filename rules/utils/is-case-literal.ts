import ts from '../engine/typescript.cjs';
import { unwrapExpression } from './unwrap-expression.js';

/**
 * A value that names one case of a caught error: a string or number literal (`'ENOENT'`, `404`) or a named
 * constant (`JwtErrorCode.INVALID_ARGUMENT`). `null`, `undefined` and `true` say nothing about its shape.
 */
export function isCaseLiteral(node: ts.Expression): boolean {
  const inner = unwrapExpression(node);
  return (
    ts.isStringLiteralLike(inner) ||
    ts.isNumericLiteral(inner) ||
    (ts.isPropertyAccessExpression(inner) && /^[A-Z][A-Z\d]*(?:_[A-Z\d]+)*$/u.test(inner.name.text))
  );
}
