import ts from '../engine/typescript.cjs';

// The nearest function-like node around `node` (function, method, arrow, accessor, constructor), or
// undefined at the top level of a file:
//   async function f() { try { return load(); } catch {} }   `return load()` -> f
//   ids.map((id) => { return send(id).catch(log); })          `return ...`    -> the arrow
export function getEnclosingFunction(node: ts.Node): ts.SignatureDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isFunctionLike(current)) return current;
  }
  return undefined;
}
