import ts from '../engine/typescript.cjs';

// Whether `node` runs only when something failed or on the way out: inside a catch block or a finally block of the
// same function (a function in between ends the search).
//   try { ... } catch { node }   try { ... } finally { node }
export function isInFailurePath(node: ts.Node): boolean {
  let child: ts.Node = node;
  for (let current = node.parent; current && !ts.isFunctionLike(current); current = current.parent) {
    if (ts.isCatchClause(current)) return true;
    if (ts.isTryStatement(current) && current.finallyBlock === child) return true;
    child = current;
  }
  return false;
}
