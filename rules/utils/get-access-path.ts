import ts from '../engine/typescript.cjs';

// The dotted path of a name or member chain, `?.` spelled as `.`; undefined for anything computed:
//   db.query   -> 'db.query'      this.pool?.query -> 'this.pool.query'
//   fs['readFile'] -> 'fs.readFile'   getDb().query -> undefined
export function getAccessPath(node: ts.Expression): string | undefined {
  if (ts.isIdentifier(node)) return node.text;
  if (node.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  if (ts.isParenthesizedExpression(node) || ts.isNonNullExpression(node)) return getAccessPath(node.expression);
  if (ts.isPropertyAccessExpression(node)) {
    const object = getAccessPath(node.expression);
    return object === undefined ? undefined : `${object}.${node.name.text}`;
  }
  if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression)) {
    const object = getAccessPath(node.expression);
    return object === undefined ? undefined : `${object}.${node.argumentExpression.text}`;
  }
  return undefined;
}
