import ts from '../engine/typescript.cjs';

import { evaluateAbortSignal } from './evaluate-abort-signal.js';
import { findBindingReferences } from './find-binding-references.js';
import { findLocalDeclaration } from './find-local-declaration.js';
import { getAccessPath } from './get-access-path.js';
import { getStaticNumber } from './get-static-number.js';
import { unwrapExpression } from './unwrap-expression.js';

/** Which options of one client bound a call. */
export interface DeadlineOptionSpec {
  /** Options that bound the call (`timeout` for axios); `0` disables them. */
  timeoutKeys: readonly string[];
  /** Whether the client honours `signal`. */
  signal: boolean;
  /** Options that look like a deadline and that the client ignores (`timeout` on WHATWG fetch). */
  ignoredKeys?: readonly string[];
  /** Options through which anything may bound the call (axios `cancelToken`, a custom `fetch`, an `agent`). */
  opaqueKeys?: readonly string[];
  /** Refines a timeout key's value: true bounds the call, false does not, undefined unknown. Default: any non-zero value bounds it. */
  isBoundingValue?: (value: ts.Expression) => boolean | undefined;
}

export type DeadlineVerdict =
  | { kind: 'deadline' }
  | { kind: 'unknown' }
  /** No deadline; `object` is the options literal when the options are one, `ignored` an option the client ignores. */
  | { kind: 'none'; object?: ts.ObjectLiteralExpression; ignored?: ts.PropertyAssignment }
  /** The only deadline is the caller's optional signal. */
  | { kind: 'optional'; property: ts.PropertyAssignment | ts.ShorthandPropertyAssignment }
  /** A timeout explicitly set to 0. */
  | { kind: 'disabled'; property: ts.ObjectLiteralElementLike; key: string };

// Whether an options argument carries a deadline, following a local const to its literal and spreads to theirs:
//   { signal: AbortSignal.timeout(5000) }   { timeout: 5000 } (axios)   { ...defaults } (defaults has one)   -> deadline
//   { method: 'POST' }   undefined   { signal: undefined }   { timeout: 5000 } on fetch (ignored)           -> none
//   { signal } with `signal?: AbortSignal` a parameter                                                       -> optional
//   { timeout: 0 } (axios)                                                                                   -> disabled
//   options (a parameter)   { ...config }   buildInit()   { signal: req.signal }                             -> unknown
export function evaluateDeadlineOptions(
  node: ts.Expression | undefined,
  spec: DeadlineOptionSpec,
  checker: ts.TypeChecker | undefined,
  depth = 0,
): DeadlineVerdict {
  if (!node) return { kind: 'none' };
  if (depth > 4) return { kind: 'unknown' };
  const expression = unwrapExpression(node);
  if (ts.isIdentifier(expression)) {
    if (expression.text === 'undefined') return { kind: 'none' };
    return evaluateVariable(expression, spec, checker, depth);
  }
  if (!ts.isObjectLiteralExpression(expression)) return { kind: 'unknown' };

  let deadline = false;
  let unknown = false;
  let optional: ts.PropertyAssignment | ts.ShorthandPropertyAssignment | undefined;
  let disabled: { property: ts.ObjectLiteralElementLike; key: string } | undefined;
  let ignored: ts.PropertyAssignment | undefined;
  for (const property of expression.properties) {
    if (ts.isSpreadAssignment(property)) {
      const spread = evaluateDeadlineOptions(property.expression, spec, checker, depth + 1);
      if (spread.kind === 'deadline') deadline = true;
      else if (spread.kind === 'unknown') unknown = true;
      else if (spread.kind === 'disabled') disabled = spread;
      else if (spread.kind === 'optional') optional = spread.property;
      continue;
    }
    const key = property.name && propertyNameText(property.name);
    if (key === undefined) {
      // `[key]: value`: could be anything.
      if (property.name && ts.isComputedPropertyName(property.name)) unknown = true;
      continue;
    }
    const value = ts.isPropertyAssignment(property) ? property.initializer : ts.isShorthandPropertyAssignment(property) ? property.name : undefined;
    if (!value) continue;
    if (spec.timeoutKeys.includes(key)) {
      const verdict = evaluateTimeoutValue(value, spec);
      if (verdict === 'deadline') deadline = true;
      else if (verdict === 'unknown') unknown = true;
      else if (verdict === 'disabled') disabled = { property, key };
    } else if (spec.signal && key === 'signal') {
      const verdict = evaluateAbortSignal(value, checker);
      if (verdict === 'deadline') deadline = true;
      else if (verdict === 'unknown') unknown = true;
      else if (verdict === 'optional' && (ts.isPropertyAssignment(property) || ts.isShorthandPropertyAssignment(property))) {
        optional = property;
      }
    } else if (spec.opaqueKeys?.includes(key)) {
      unknown = true;
    } else if (spec.ignoredKeys?.includes(key) && ts.isPropertyAssignment(property)) {
      ignored = property;
    }
  }
  if (deadline) return { kind: 'deadline' };
  if (unknown) return { kind: 'unknown' };
  if (disabled) return { kind: 'disabled', ...disabled };
  if (optional) return { kind: 'optional', property: optional };
  return { kind: 'none', object: expression, ...(ignored && { ignored }) };
}

function evaluateTimeoutValue(value: ts.Expression, spec: DeadlineOptionSpec): 'deadline' | 'none' | 'disabled' | 'unknown' {
  const unwrapped = unwrapExpression(value);
  if (ts.isIdentifier(unwrapped) && unwrapped.text === 'undefined') return 'none';
  if (getStaticNumber(unwrapped) === 0) return 'disabled';
  if (spec.isBoundingValue) {
    const bounding = spec.isBoundingValue(unwrapped);
    return bounding === undefined ? 'unknown' : bounding ? 'deadline' : 'none';
  }
  return 'deadline';
}

// `const init = { ... }; fetch(url, init)`: the literal decides unless the file later gives it a deadline.
function evaluateVariable(identifier: ts.Identifier, spec: DeadlineOptionSpec, checker: ts.TypeChecker | undefined, depth: number): DeadlineVerdict {
  const declaration = findLocalDeclaration(identifier);
  if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer || !ts.isIdentifier(declaration.name)) {
    return { kind: 'unknown' };
  }
  const scope = declaration.parent.parent.parent ?? identifier.getSourceFile();
  for (const reference of findBindingReferences(declaration.name, scope, checker)) {
    const parent = reference.parent;
    if (ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) {
      // init.signal = ...; init['timeout'] = ...
      const assigned = parent.parent;
      if (ts.isBinaryExpression(assigned) && assigned.left === parent && assigned.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        return { kind: 'unknown' };
      }
    } else if (ts.isCallExpression(parent) && parent.arguments[0] === reference && getAccessPath(parent.expression) === 'Object.assign') {
      return { kind: 'unknown' };
    } else if (ts.isBinaryExpression(parent) && parent.left === reference) {
      return { kind: 'unknown' };
    }
  }
  const verdict = evaluateDeadlineOptions(declaration.initializer, spec, checker, depth + 1);
  // Suggestions only edit a literal at the call site.
  return verdict.kind === 'none' ? { kind: 'none', ...(verdict.ignored && { ignored: verdict.ignored }) } : verdict;
}

function propertyNameText(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name)) return name.text;
  return undefined;
}
