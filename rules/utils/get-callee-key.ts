import ts from '../engine/typescript.cjs';

import { findLocalDeclaration } from './find-local-declaration.js';
import { getAccessPath } from './get-access-path.js';

// A key for "the same callee" across a file: the access path, with a local root name replaced by the
// position of its declaration, so two different `res` parameters do not share evidence:
//   async (res: Response) => { await res.json(); }   vs   (req, res) => { res.json(body); }
//   pool.query (const pool at module level) -> '@123.query' in every function of the file
//   this.repo.save -> 'this@<class position>.repo.save'      getDb().query -> undefined
// Imports and globals keep their plain path: `axios.get`, `fs.promises.readFile`.
export function getCalleeKey(callee: ts.Expression): string | undefined {
  const path = getAccessPath(callee);
  if (path === undefined) return undefined;
  let root: ts.Expression = callee;
  while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root) || ts.isParenthesizedExpression(root) || ts.isNonNullExpression(root)) {
    root = root.expression;
  }
  if (root.kind === ts.SyntaxKind.ThisKeyword) {
    // this.logger.log in two classes of one file are different callees
    let owner: ts.Node | undefined = root.parent;
    while (owner && !ts.isClassLike(owner)) owner = owner.parent;
    return owner ? `this@${owner.pos}${path.slice('this'.length)}` : path;
  }
  if (!ts.isIdentifier(root)) return path;
  const declaration = findLocalDeclaration(root);
  if (!declaration) return path;
  const rest = path.slice(root.text.length);
  return `@${declaration.pos}${rest}`;
}
