import ts from '../engine/typescript.cjs';

import { forEachDescendant } from './for-each-descendant.js';
import { getBranchCondition } from './get-branch-condition.js';

// Names of a flag or signal that ends a long-running loop from outside.
const STOP_NAME = /abort|stop|cancel|shut|closed|closing|dispos|destroy|terminat|running|^(?:is)?active$|alive|quit|exiting|exited/iu;

// The scope can be stopped from outside:
//   while (!signal.aborted)    while (this.running)    if (this.stopped) return;    if (isShuttingDown) break;
//   signal.throwIfAborted();   if (err instanceof AbortError) throw err;
export function hasStopCondition(scope: ts.Node): boolean {
  let found = false;
  forEachDescendant(
    scope,
    (node) => {
      if (found) return false;
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'throwIfAborted') {
        found = true;
      }
      const condition = getBranchCondition(node);
      if (condition && mentionsStop(condition)) found = true;
      return !found;
    },
    { crossFunctions: true },
  );
  return found;
}

function mentionsStop(node: ts.Node): boolean {
  if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) return STOP_NAME.test(node.text);
  if (ts.isFunctionLike(node)) return false;
  let found = false;
  ts.forEachChild(node, (child) => {
    if (!found && mentionsStop(child)) found = true;
  });
  return found;
}
