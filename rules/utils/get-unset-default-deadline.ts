import ts from '../engine/typescript.cjs';

import { getAccessPath } from './get-access-path.js';
import { getStaticNumber } from './get-static-number.js';
import { unwrapExpression } from './unwrap-expression.js';

const DEFAULTS = /default/iu;

// The value a module's defaults give a timeout option whose deadline the project arms only when it is set
// (`guarded`, from getGuardedDeadlineOptions, asked only for a defaults object's timeout): 0, undefined or null, or an object of such per-phase timeouts:
//   const defaultOptions = { requestTimeout: 0 * 1000, ... };                      -> '0'
//   const defaultInternals = { timeout: { connect: undefined, response: undefined, ... } };   -> 'undefined'
// A positive default, a timeout no guard of the project waits for, or an object that is not the module's
// defaults (a local, a field) is undefined.
export function getUnsetDefaultDeadline(property: ts.PropertyAssignment, getGuarded: () => ReadonlySet<string>): string | undefined {
  const key = optionName(property.name);
  if (!key || !/timeout/iu.test(key) || !isModuleDefaults(property.parent)) return undefined;
  const guarded = getGuarded();
  const value = unwrapExpression(property.initializer);
  if (ts.isObjectLiteralExpression(value)) {
    const members = value.properties;
    if (members.length === 0 || !members.every((member) => ts.isPropertyAssignment(member) && unsetValue(member.initializer) !== undefined)) {
      return undefined;
    }
    const names = members.map((member) => (member.name ? optionName(member.name) : undefined));
    return names.some((name) => name !== undefined && guarded.has(name)) ? unsetValue((members[0] as ts.PropertyAssignment).initializer) : undefined;
  }
  return guarded.has(key) ? unsetValue(value) : undefined;
}

function unsetValue(node: ts.Expression): string | undefined {
  const value = unwrapExpression(node);
  if (ts.isIdentifier(value) && value.text === 'undefined') return 'undefined';
  if (value.kind === ts.SyntaxKind.NullKeyword) return 'null';
  return getStaticNumber(value) === 0 ? '0' : undefined;
}

// `const defaultOptions = { ... }` at the top of a module, or `module.exports.defaults = { ... }`.
function isModuleDefaults(object: ts.ObjectLiteralExpression): boolean {
  const holder = object.parent;
  if (ts.isVariableDeclaration(holder) && holder.initializer === object) {
    return ts.isIdentifier(holder.name) && DEFAULTS.test(holder.name.text) && ts.isSourceFile(holder.parent.parent.parent);
  }
  if (ts.isBinaryExpression(holder) && holder.right === object && holder.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const path = getAccessPath(holder.left);
    return path !== undefined && DEFAULTS.test(path.slice(path.lastIndexOf('.') + 1)) && ts.isSourceFile(holder.parent.parent);
  }
  return false;
}

function optionName(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined;
}
