import ts from '../engine/typescript.cjs';

import type { LibraryModel } from '../models/library-model.js';
import { isRejectionCallback } from './is-rejection-callback.js';

export interface EnclosingCatch {
  /** The catch clause or the rejection callback whose flow `node` is in. */
  owner: ts.CatchClause | ts.ArrowFunction | ts.FunctionExpression;
  /** What receives the caught value: `err`, `{ message }`, or undefined for `catch {}` / `.catch(() => ...)`. */
  binding: ts.BindingName | undefined;
}

// The catch whose handling code `node` runs in, in the same function:
//   try { ... } catch (err) { ... node ... }          p.catch((err) => { ... node ... })
//   p.then(ok, (err) => node)                          catch (err) { try { node } finally { ... } }
// A function in between ends the search: `catch (err) { items.map(() => { node }) }` runs elsewhere.
export function getEnclosingCatch(node: ts.Node, models: readonly LibraryModel[]): EnclosingCatch | undefined {
  let child: ts.Node = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (ts.isCatchClause(parent) && child === parent.block) {
      return { owner: parent, binding: parent.variableDeclaration?.name };
    }
    if (ts.isFunctionLike(parent)) {
      if (!isRejectionCallback(parent, models)) return undefined;
      return { owner: parent, binding: parent.parameters[0]?.name };
    }
  }
  return undefined;
}
