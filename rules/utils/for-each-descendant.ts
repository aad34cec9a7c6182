import ts from '../engine/typescript.cjs';

export interface ForEachDescendantOptions {
  /** Also walk into nested functions (arrow callbacks, function expressions, methods). @default false */
  crossFunctions?: boolean;
  /** Also walk into nested loops. @default true */
  crossLoops?: boolean;
}

// Visits every node below `root` in document order; `visit` returning false skips that node's children.
//   forEachDescendant(loop.statement, visit)                         -> the loop body, nested functions excluded
//   forEachDescendant(fn, visit, { crossFunctions: true })           -> the body and every callback in it
//   forEachDescendant(loop.statement, visit, { crossLoops: false })  -> what belongs to this loop, not inner ones
export function forEachDescendant(
  root: ts.Node,
  visit: (node: ts.Node) => boolean | void,
  options: ForEachDescendantOptions = {},
): void {
  const { crossFunctions = false, crossLoops = true } = options;
  const step = (node: ts.Node): void => {
    if (visit(node) === false) return;
    if (!crossFunctions && ts.isFunctionLike(node)) return;
    if (!crossLoops && ts.isIterationStatement(node, false)) return;
    ts.forEachChild(node, step);
  };
  ts.forEachChild(root, step);
}
