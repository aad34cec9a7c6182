import ts from 'typescript';

import { findLocalDeclaration } from './find-local-declaration.js';
import { getAccessPath } from './get-access-path.js';

// A key for "the same callee" across a file: the access path, with a local root name replaced by the
// position of its declaration, so two different `res` parameters do not share evidence:
//   async (res: Response) => { await res.json(); }   vs   (req, res) => { res.json(body); }
//   pool.query (const pool at module level) -> '@123.query' in every function of the file
//   this.repo.save -> 'this.repo.save'      getDb().query -> undefined
export function getCalleeKey(callee: ts.Expression): string | undefined {
  const path = getAccessPath(callee);
  if (path === undefined) return undefined;
  let root: ts.Expression = callee;
  while (
    ts.isPropertyAccessExpression(root) ||
    ts.isElementAccessExpression(root) ||
    ts.isParenthesizedExpression(root) ||
    ts.isNonNullExpression(root)
  ) {
    root = root.expression;
  }
  if (!ts.isIdentifier(root)) return path;
  const declaration = findLocalDeclaration(root);
  if (!declaration) return path;
  const rest = path.slice(root.text.length);
  return `@${declaration.pos}${rest}`;
}
