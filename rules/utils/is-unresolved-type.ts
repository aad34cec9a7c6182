import ts from '../engine/typescript.cjs';

// A type that says nothing: `any` (including the error type of an unresolved import) or `unknown`.
//   import axios from 'axios' (not installed) -> axios.get(...) is any
export function isUnresolvedType(type: ts.Type): boolean {
  return (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0;
}
