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
export function forEachDescendant(root: ts.Node, visit: (node: ts.Node) => boolean | void, options: ForEachDescendantOptions = {}): void {
  const { crossFunctions = false, crossLoops = true } = options;
  // Recursion while the tree is shallow (a third faster than a stack of our own), then an explicit stack: a
  // whole-file scan must not run out of call stack on a 3,000-link `else if` chain or a long `.then()` chain.
  let depth = 0;
  const step = (node: ts.Node): undefined => {
    if (visit(node) === false) return undefined;
    if (!crossFunctions && ts.isFunctionLike(node)) return undefined;
    if (!crossLoops && ts.isIterationStatement(node, false)) return undefined;
    if (depth >= MAX_RECURSION) {
      walkWithStack(node, visit, crossFunctions, crossLoops);
      return undefined;
    }
    depth += 1;
    ts.forEachChild(node, step);
    depth -= 1;
    return undefined;
  };
  ts.forEachChild(root, step);
}

const MAX_RECURSION = 400;

// The descendants of `root` (already visited), in document order, without recursion.
function walkWithStack(root: ts.Node, visit: (node: ts.Node) => boolean | void, crossFunctions: boolean, crossLoops: boolean): void {
  const stack: ts.Node[] = [];
  const children: ts.Node[] = [];
  const collect = (child: ts.Node): undefined => {
    children.push(child);
    return undefined;
  };
  const pushChildren = (node: ts.Node): void => {
    children.length = 0;
    ts.forEachChild(node, collect);
    for (let index = children.length - 1; index >= 0; index -= 1) stack.push(children[index]!);
  };
  pushChildren(root);
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (visit(node) === false) continue;
    if (!crossFunctions && ts.isFunctionLike(node)) continue;
    if (!crossLoops && ts.isIterationStatement(node, false)) continue;
    pushChildren(node);
  }
}
