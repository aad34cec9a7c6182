import ts from '../engine/typescript.cjs';

import { forEachDescendant } from './for-each-descendant.js';
import { getAccessPath } from './get-access-path.js';
import { isOptInField } from './is-opt-in-field.js';
import { unwrapExpression } from './unwrap-expression.js';
import { isAssignment } from './is-assignment.js';

const DEADLINE = /timeout|deadline/iu;
const TIMER = /^(?:setTimeout|setInterval|\w*[tT]imeout)$/u;

/** A deadline field of `this` that only an opt-in setter fills (`this.flags.timeout`, set by `timeout(ms)`). */
export interface OptInDeadline {
  field: string;
  setter: string;
}

// A promise settled only from a callback it hands on (the peer's answer), in a method that reads a deadline field
// nothing but its opt-in setter fills (issue 12, point 9): by default no timer bounds the wait.
//   timeout(ms) { this.flags.timeout = ms; return this; }                        (the only write, with `this.flags = {}`)
//   emitWithAck(ev, ...args) {
//     const withErr = this.flags.timeout !== undefined;
//     return new Promise((resolve, reject) => {                                  -> { field: 'flags.timeout', setter: 'timeout' }
//       args.push((err, res) => (withErr && err ? reject(err) : resolve(res)));
//       this.emit(ev, ...args);
//     });
//   }
// A promise whose executor arms a timer itself, resolves synchronously, or a field the class gives a value of its own
// (a default, a constructor argument) is undefined.
export function getOptInDeadline(node: ts.NewExpression): OptInDeadline | undefined {
  const callee = unwrapExpression(node.expression);
  const executor = node.arguments?.[0] && unwrapExpression(node.arguments[0]);
  if (!ts.isIdentifier(callee) || callee.text !== 'Promise' || !executor || !(ts.isArrowFunction(executor) || ts.isFunctionExpression(executor))) {
    return undefined;
  }
  const method = ts.findAncestor(node.parent, ts.isFunctionLike);
  const body = method && 'body' in method ? method.body : undefined;
  if (!body || !DEADLINE.test(body.getText())) return undefined;
  if (!isSettledByCallback(executor)) return undefined;
  let found: OptInDeadline | undefined;
  forEachDescendant(
    body,
    (child) => {
      if (found || !ts.isPropertyAccessExpression(child) || !DEADLINE.test(child.name.text)) return undefined;
      const path = getAccessPath(child);
      if (!path?.startsWith('this.') || isWritten(child) || !isOptInField(child)) return undefined;
      found = { field: path.slice('this.'.length), setter: child.name.text.replace(/^_+/u, '') };
      return false;
    },
    { crossFunctions: true },
  );
  return found;
}

// `resolve` and `reject` are called only inside functions the executor defines (callbacks), and it arms no timer.
function isSettledByCallback(executor: ts.ArrowFunction | ts.FunctionExpression): boolean {
  const settlers = executor.parameters.flatMap((parameter) => (ts.isIdentifier(parameter.name) ? [parameter.name.text] : []));
  if (settlers.length === 0 || !ts.isBlock(executor.body)) return false;
  let direct = false;
  let deferred = false;
  let timer = false;
  forEachDescendant(
    executor.body,
    (child) => {
      // `this.emit(ev, resolve)`: handed on as the callback itself.
      if (ts.isIdentifier(child) && settlers.includes(child.text) && ts.isCallExpression(child.parent) && child.parent.arguments.includes(child)) {
        deferred = true;
      }
      if (!ts.isCallExpression(child)) return undefined;
      const name = getAccessPath(child.expression);
      if (name !== undefined && TIMER.test(name.slice(name.lastIndexOf('.') + 1))) timer = true;
      if (name === undefined || !settlers.includes(name)) return undefined;
      const owner = ts.findAncestor(child.parent, ts.isFunctionLike);
      if (owner === executor) direct = true;
      else deferred = true;
      return undefined;
    },
    { crossFunctions: true },
  );
  return deferred && !direct && !timer;
}

function isWritten(access: ts.PropertyAccessExpression): boolean {
  const parent = access.parent;
  return isAssignment(parent) && parent.left === access;
}
