import ts from '../../rules/engine/typescript.cjs';

/**
 * Deepest nesting TypeScript's binder and checker are given. Both recurse once or more per level, and
 * on Node's default stack a 1,550-level `.then()` chain or a 2,800-link `else if` chain overflows them
 * (measured with `resilint analyze`), which would also break the checker for every other file of the
 * program. A file deeper than this is left out of its program and analyzed without type information.
 * Hand-written code stays far below it.
 */
export const MAX_TYPED_NESTING = 1_000;

/**
 * Whether `sourceFile` nests deeper than `limit`. A tree cannot nest deeper than it has nodes, and the parser
 * counts every node it creates (`nodeCount`, internal but stable): a short file answers from that count without
 * a walk (each of the benchmark's 3,000 files, about 50 lines, has fewer than 1,000 nodes).
 */
export function nestsDeeperThan(sourceFile: ts.SourceFile, limit: number): boolean {
  const created = (sourceFile as ts.SourceFile & { nodeCount?: number }).nodeCount;
  if (typeof created === 'number' && created <= limit) return false;
  return nestingDepth(sourceFile, limit) > limit;
}

/**
 * How deep `sourceFile` nests, counted with an explicit stack (the point is to measure trees too deep
 * to recurse on); stops counting once past `limit`. A left-nested operator chain (`a + b + c ...`)
 * counts as one level: TypeScript binds and checks those with a loop, not recursion.
 */
export function nestingDepth(sourceFile: ts.SourceFile, limit: number): number {
  let deepest = 0;
  const stack: { node: ts.Node; depth: number }[] = [{ node: sourceFile, depth: 0 }];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const { node, depth } = top;
    if (depth > deepest) {
      deepest = depth;
      if (deepest > limit) return deepest;
    }
    ts.forEachChild(node, (child) => {
      const flat = ts.isBinaryExpression(node) && child === node.left && ts.isBinaryExpression(child);
      stack.push({ node: child, depth: flat ? depth : depth + 1 });
      return undefined;
    });
  }
  return deepest;
}
