import ts from '../engine/typescript.cjs';

// A type whose values can be Errors: it has the `name` and `message` members every Error has.
//   Error, TypeError, class HttpError extends Error, AxiosError, Error & { code: string },
//   NodeJS.ErrnoException | null (one member is enough: the value may be the Error)
// Structural on purpose: `interface ApiError extends Error` from a .d.ts is as good as a class.
export function isErrorLikeType(checker: ts.TypeChecker, type: ts.Type): boolean {
  if (type.isUnion()) return type.types.some((member) => isErrorLikeType(checker, member));
  if (type.isIntersection()) return type.types.some((member) => isErrorLikeType(checker, member));
  if (!(type.flags & ts.TypeFlags.Object)) return false;
  return checker.getPropertyOfType(type, 'message') !== undefined && checker.getPropertyOfType(type, 'name') !== undefined;
}
