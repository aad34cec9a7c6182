import ts from '../engine/typescript.cjs';

const PRIMITIVE_FLAGS =
  ts.TypeFlags.StringLike |
  ts.TypeFlags.NumberLike |
  ts.TypeFlags.BooleanLike |
  ts.TypeFlags.BigIntLike |
  ts.TypeFlags.ESSymbolLike |
  ts.TypeFlags.Null |
  ts.TypeFlags.Undefined |
  ts.TypeFlags.Void;

// A type none of whose values is an Error:
//   string   'E_TIMEOUT'   number   undefined   string | null   { code: string; status: number } (an object literal's type)
// Not: any, unknown, type parameters, `object`, class instances such as `Response` (frameworks throw those on
// purpose), interfaces, and any union with one Error-like member (`Error | undefined`).
export function isCertainlyNonErrorType(checker: ts.TypeChecker, type: ts.Type): boolean {
  if (type.isUnion()) return type.types.every((member) => isCertainlyNonErrorType(checker, member));
  if (type.flags & PRIMITIVE_FLAGS) return true;
  if (!(type.flags & ts.TypeFlags.Object)) return false;
  // Widening drops ObjectFlags.ObjectLiteral (`let body = { ... }`); the symbol keeps saying where it came from.
  const isObjectLiteral =
    ((type as ts.ObjectType).objectFlags & ts.ObjectFlags.ObjectLiteral) !== 0 || ((type.getSymbol()?.flags ?? 0) & ts.SymbolFlags.ObjectLiteral) !== 0;
  const isArray = checker.isArrayType(type) || checker.isTupleType(type);
  // An object literal is never an Error instance, even one shaped like it (`{ name, message }`).
  return isObjectLiteral || isArray;
}
