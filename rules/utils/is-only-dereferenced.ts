import ts from '../engine/typescript.cjs';

import { isValueReference } from './is-value-reference.js';

const cache = new WeakMap<ts.Node, Map<string, boolean>>();

// Whether every mention of a reference in `region` only reads a member from it, so that the checker
// cannot have narrowed its declared type anywhere (no `instanceof`, type guard argument, assignment,
// truthiness test, `in`, comparison, spread...). `path` is the reference: `['service']`, `['this', 'repo']`.
// With `member`, `<reference>.<member>` must always be called; without, the reference itself (called or
// constructed). `return <reference>` is fine too:
//   (service: Service) => { service.sync(id); service.get(id).then(send); }   ['service'], 'sync' -> true
//   if (repo instanceof CachedRepo) repo.save(x)                               ['repo'], 'save'    -> false
//   const save = async () => {}; save(); save(); (and never `if (save) ...`)   ['save']            -> true
//   const router = Router(); router.get(...); return router;                 ['router'], 'get'   -> true
// A mention of any prefix of the path counts too (`this` itself: `foo(this)` -> false). Conservative by
// design: a same-named binding that shadows the reference is checked as if it were the reference.
export function isOnlyDereferenced(region: ts.Node, path: readonly string[], member: string | undefined): boolean {
  const key = `${path.join('.')}#${member ?? ''}`;
  let byKey = cache.get(region);
  if (!byKey) cache.set(region, (byKey = new Map()));
  const cached = byKey.get(key);
  if (cached !== undefined) return cached;
  let safe = true;
  const root = path[0];
  const visit = (node: ts.Node): void => {
    if (!safe) return;
    const isRoot = root === 'this' ? node.kind === ts.SyntaxKind.ThisKeyword : ts.isIdentifier(node) && node.text === root && isValueReference(node);
    if (isRoot && !isDereference(node as ts.Expression, path, member)) {
      safe = false;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(region);
  byKey.set(key, safe);
  return safe;
}

// Follows the mention up the path: `this` -> `this.repo` -> `this.repo.save` -> `this.repo.save(...)`.
function isDereference(mention: ts.Expression, path: readonly string[], member: string | undefined): boolean {
  let current: ts.Expression = mention;
  for (let index = 1; index < path.length; index++) {
    const parent = current.parent;
    if (!ts.isPropertyAccessExpression(parent) || parent.expression !== current || parent.questionDotToken) return false;
    // `this.logger.warn(...)` while asking about `this.repo`: a read of another member
    if (!ts.isIdentifier(parent.name) || parent.name.text !== path[index]) return true;
    current = parent;
  }
  // `return repo`: a return narrows nothing, nor does an argument of an awaited call (`await work(client)`:
  // no type guard or assertion is async)
  if (ts.isReturnStatement(current.parent)) return true;
  if (ts.isCallExpression(current.parent) && current.parent.expression !== current && ts.isAwaitExpression(current.parent.parent)) return true;
  if (member === undefined) return (ts.isCallExpression(current.parent) || ts.isNewExpression(current.parent)) && current.parent.expression === current;
  const access = current.parent;
  if (!ts.isPropertyAccessExpression(access) || access.expression !== current || access.questionDotToken) return false;
  if (!ts.isIdentifier(access.name) || access.name.text !== member) return true;
  return ts.isCallExpression(access.parent) && access.parent.expression === access;
}
