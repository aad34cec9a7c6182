import ts from '../engine/typescript.cjs';

// Whether a function body has a `return <value>` of its own (nested functions and classes aside):
//   { if (!ok) return; log(); }            -> false (a function without an annotation returns void)
//   { return fetch(url); }                 -> true
//   { items.forEach((x) => { return x; }) } -> false
export function returnsValue(body: ts.Block): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isReturnStatement(node) && node.expression) found = true;
    else ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return found;
}
