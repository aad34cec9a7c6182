import ts from '../engine/typescript.cjs';

import { forEachDescendant } from './for-each-descendant.js';
import { getAccessPath } from './get-access-path.js';
import { unwrapExpression } from './unwrap-expression.js';
import { isAssignment } from './is-assignment.js';

// Whether a field of `this` holds nothing unless the user calls its setter: every write to it in the file is a
// no-value (undefined, null, false, 0) or the parameter of the method named after it (`_agent` -> `agent`), and
// every write to the object holding it is an empty literal:
//   this._agent = false;   Request.prototype.agent = function (agent) { this._agent = agent; return this; }   -> true
//   this.flags = {};       timeout(ms) { this.flags.timeout = ms; return this; }                            -> true
//   this._agent = new Agent({ keepAlive: true })   (a value of its own)                                    -> false
// The file is where a prototype's or a class's methods are written; a write elsewhere is not seen.
export function isOptInField(access: ts.Expression): boolean {
  const path = getAccessPath(unwrapExpression(access));
  if (!path?.startsWith('this.') || path === 'this') return false;
  const member = path.slice(path.lastIndexOf('.') + 1);
  const setter = member.replace(/^_+/u, '');
  if (setter === '') return false;
  const field = path.split('.')[1]!;
  let writes = 0;
  let optIn = true;
  forEachDescendant(
    access.getSourceFile(),
    (node) => {
      if (!optIn) return undefined;
      // `_agent = undefined;`, `flags = {};` in a class body; `constructor(private _agent: Agent)` fills it.
      if ((ts.isPropertyDeclaration(node) || ts.isParameterPropertyDeclaration(node, node.parent)) && ts.isIdentifier(node.name) && node.name.text === field) {
        const value = node.initializer && unwrapExpression(node.initializer);
        if (ts.isParameter(node)) optIn = false;
        else if (value) optIn = path === `this.${field}` ? isNoValue(value) : ts.isObjectLiteralExpression(value) && value.properties.length === 0;
        return undefined;
      }
      if (!isAssignment(node)) return undefined;
      const target = getAccessPath(unwrapExpression(node.left));
      if (target === undefined || !path.startsWith(target) || (target !== path && path[target.length] !== '.') || target === 'this') return undefined;
      writes += 1;
      const value = unwrapExpression(node.right);
      if (node.operatorToken.kind !== ts.SyntaxKind.EqualsToken) optIn = false;
      else if (target !== path) optIn = ts.isObjectLiteralExpression(value) && value.properties.length === 0;
      else optIn = isNoValue(value) || isSetterParameter(value, node, setter);
      return undefined;
    },
    { crossFunctions: true },
  );
  return optIn && writes > 0;
}

function isNoValue(value: ts.Expression): boolean {
  if (ts.isIdentifier(value)) return value.text === 'undefined';
  if (ts.isNumericLiteral(value)) return Number(value.text) === 0;
  return value.kind === ts.SyntaxKind.NullKeyword || value.kind === ts.SyntaxKind.FalseKeyword;
}

// `agent` or `options.agent`, a parameter of the function named `setter` the write is in (not of a callback in it).
function isSetterParameter(value: ts.Expression, write: ts.Node, setter: string): boolean {
  let root = value;
  while (ts.isPropertyAccessExpression(root)) root = unwrapExpression(root.expression);
  if (!ts.isIdentifier(root)) return false;
  const fn = ts.findAncestor(write, ts.isFunctionLike);
  if (!fn || functionName(fn) !== setter) return false;
  return fn.parameters.some((parameter) => ts.isIdentifier(parameter.name) && parameter.name.text === root.text);
}

// `agent(a) {}` in a class or an object, `X.prototype.agent = function (a) {}`, `agent: function (a) {}`.
function functionName(fn: ts.SignatureDeclaration): string | undefined {
  if ((ts.isMethodDeclaration(fn) || ts.isFunctionDeclaration(fn)) && fn.name && ts.isIdentifier(fn.name)) return fn.name.text;
  if (!ts.isFunctionExpression(fn) && !ts.isArrowFunction(fn)) return undefined;
  const holder = fn.parent;
  if (ts.isPropertyAssignment(holder) && ts.isIdentifier(holder.name)) return holder.name.text;
  if (ts.isBinaryExpression(holder) && holder.right === fn && ts.isPropertyAccessExpression(holder.left)) return holder.left.name.text;
  return undefined;
}
