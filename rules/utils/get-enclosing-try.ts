import ts from '../engine/typescript.cjs';

// The try statement with a catch clause whose `try` block holds `node`, in the same function (not its catch or
// finally block; a function in between ends the search):
//   try { await send(); } catch (e) { ... }   -> for `await send()`, that try
export function getEnclosingTry(node: ts.Node): ts.TryStatement | undefined {
  let child: ts.Node = node;
  for (let current = node.parent; current && !ts.isFunctionLike(current); current = current.parent) {
    if (ts.isTryStatement(current) && current.tryBlock === child && current.catchClause) return current;
    child = current;
  }
  return undefined;
}
