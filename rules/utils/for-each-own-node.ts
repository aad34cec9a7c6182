import ts from '../engine/typescript.cjs';

// The nodes of a function body that belong to it, not to nested functions or classes (those are not
// visited at all, unlike forEachDescendant, which visits a nested function's node and stops below it).
//   forEachOwnNode(fn.body, (node) => { if (ts.isThrowStatement(node)) ... })
export function forEachOwnNode(body: ts.Node, visit: (node: ts.Node) => void): void {
  const step = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    visit(node);
    ts.forEachChild(node, step);
  };
  ts.forEachChild(body, step);
}
