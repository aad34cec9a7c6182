import ts from '../engine/typescript.cjs';

import { evaluateAbortSignal } from './evaluate-abort-signal.js';
import { findBindingReferences } from './find-binding-references.js';
import { findLocalDeclaration } from './find-local-declaration.js';
import { forEachDescendant } from './for-each-descendant.js';
import { getAccessPath } from './get-access-path.js';
import { getStaticNumber } from './get-static-number.js';
import { isOptInField } from './is-opt-in-field.js';
import { unwrapExpression } from './unwrap-expression.js';
import { isAssignment } from './is-assignment.js';

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
  /** Timeout keys for which 0 is no "wait forever" (the library times out at once, or rejects it). */
  zeroBoundsKeys?: readonly string[];
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
  if (ts.isCallExpression(expression)) return evaluateOwnMethodCall(expression, spec, checker, depth);
  if (ts.isPropertyAccessExpression(expression) && expression.expression.kind === ts.SyntaxKind.ThisKeyword) {
    return evaluateThisField(expression, spec, checker, depth);
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
      const verdict = evaluateTimeoutValue(value, spec, key);
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
      // `agent: this._agent`, a field nothing but its opt-in setter fills: by default there is no agent.
      if (!isOptInField(value)) unknown = true;
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

function evaluateTimeoutValue(value: ts.Expression, spec: DeadlineOptionSpec, key: string): 'deadline' | 'none' | 'disabled' | 'unknown' {
  const unwrapped = unwrapExpression(value);
  if (ts.isIdentifier(unwrapped) && unwrapped.text === 'undefined') return 'none';
  if (getStaticNumber(unwrapped) === 0) return spec.zeroBoundsKeys?.includes(key) ? 'deadline' : 'disabled';
  if (spec.isBoundingValue) {
    const bounding = spec.isBoundingValue(unwrapped);
    return bounding === undefined ? 'unknown' : bounding ? 'deadline' : 'none';
  }
  return 'deadline';
}

// `const init = { ... }; fetch(url, init)`: the literal decides unless the file later gives it a deadline.
//   let options = { url, method }; options = mergeData(this.defaultRequest, options); options.headers = h;
//     -> the literal and `this.defaultRequest` decide (a merge of objects the file sees; `headers` bounds nothing)
//   request(data) { data = this.createRequest(data); axios(data); }   -> what createRequest returns
function evaluateVariable(identifier: ts.Identifier, spec: DeadlineOptionSpec, checker: ts.TypeChecker | undefined, depth: number): DeadlineVerdict {
  const declaration = findLocalDeclaration(identifier);
  if (declaration && ts.isParameter(declaration) && ts.isIdentifier(declaration.name)) {
    const assigned = getSingleReassignment(declaration, identifier, checker);
    return assigned ? evaluateDeadlineOptions(assigned, spec, checker, depth + 1) : { kind: 'unknown' };
  }
  if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer || !ts.isIdentifier(declaration.name)) {
    return { kind: 'unknown' };
  }
  const scope = declaration.parent.parent.parent ?? identifier.getSourceFile();
  const merged: ts.Expression[] = [];
  for (const reference of findBindingReferences(declaration.name, scope, checker)) {
    const parent = reference.parent;
    if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === reference) {
      // init.signal = ...; init['timeout'] = ... (init.headers = ... bounds nothing, nor init.agent = this._agent, an opt-in field)
      const assigned = parent.parent;
      if (ts.isBinaryExpression(assigned) && assigned.left === parent && assigned.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        const key = assignedKey(parent);
        if (boundsCall(key, spec) && !(key !== undefined && spec.opaqueKeys?.includes(key) && isOptInField(assigned.right))) return { kind: 'unknown' };
      }
    } else if (ts.isCallExpression(parent) && parent.arguments[0] === reference && getAccessPath(parent.expression) === 'Object.assign') {
      return { kind: 'unknown' };
    } else if (ts.isBinaryExpression(parent) && parent.left === reference) {
      const sources = parent.operatorToken.kind === ts.SyntaxKind.EqualsToken ? getMergeSources(parent.right) : undefined;
      if (!sources) return { kind: 'unknown' };
      merged.push(...sources.filter((source) => !(ts.isIdentifier(source) && source.text === declaration.name.getText())));
    }
  }
  let verdict = evaluateDeadlineOptions(declaration.initializer, spec, checker, depth + 1);
  for (const source of merged) verdict = combine(verdict, evaluateDeadlineOptions(source, spec, checker, depth + 1));
  // Suggestions only edit a literal at the call site.
  return verdict.kind === 'none' ? { kind: 'none', ...(verdict.ignored && { ignored: verdict.ignored }) } : verdict;
}

// `this.createRequest(data)`: what the class's own method returns, when every `return` of it can be judged; the same
// for a function of the project's own source (`...autoSelectSocketOptions(this.options)`, imported from a module of
// the program, or declared at the top of the file), never one of a package's.
function evaluateOwnMethodCall(call: ts.CallExpression, spec: DeadlineOptionSpec, checker: ts.TypeChecker | undefined, depth: number): DeadlineVerdict {
  const callee = unwrapExpression(call.expression);
  const method = ts.isIdentifier(callee) ? getProjectFunction(callee, checker) : getOwnMethod(call, callee);
  if (!method?.body) return { kind: 'unknown' };
  const returned: ts.Expression[] = [];
  let bare = false;
  forEachDescendant(method.body, (node) => {
    if (ts.isReturnStatement(node)) {
      if (node.expression) returned.push(node.expression);
      else bare = true;
    }
  });
  if (bare || returned.length === 0) return { kind: 'unknown' };
  const verdicts = returned.map((expression) => evaluateDeadlineOptions(expression, spec, checker, depth + 1));
  const verdict = verdicts.reduce(combine);
  return verdict.kind === 'none' ? { kind: 'none' } : verdict;
}

function getOwnMethod(call: ts.CallExpression, callee: ts.Expression): ts.MethodDeclaration | undefined {
  if (!ts.isPropertyAccessExpression(callee) || callee.expression.kind !== ts.SyntaxKind.ThisKeyword) return undefined;
  const owner = ts.findAncestor(call, ts.isClassLike);
  return owner?.members.find(
    (member): member is ts.MethodDeclaration => ts.isMethodDeclaration(member) && ts.isIdentifier(member.name) && member.name.text === callee.name.text,
  );
}

function getProjectFunction(callee: ts.Identifier, checker: ts.TypeChecker | undefined): ts.FunctionDeclaration | undefined {
  if (!checker) {
    if (findLocalDeclaration(callee)) return undefined;
    return callee
      .getSourceFile()
      .statements.find((statement): statement is ts.FunctionDeclaration => ts.isFunctionDeclaration(statement) && statement.name?.text === callee.text);
  }
  let symbol = checker.getSymbolAtLocation(callee);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const declaration = symbol?.valueDeclaration;
  if (!declaration || !ts.isFunctionDeclaration(declaration)) return undefined;
  const file = declaration.getSourceFile();
  return file.isDeclarationFile || /[\\/]node_modules[\\/]/u.test(file.fileName) ? undefined : declaration;
}

// `this.defaultRequest`: the object the constructor assigns, when no other code of the class gives the field a
// deadline key or another object. A setter that copies the caller's keys in (`this.defaultRequest[key] = value`,
// `Object.assign(this.defaultRequest, values)`) is the caller's later choice: the default is what is judged.
function evaluateThisField(access: ts.PropertyAccessExpression, spec: DeadlineOptionSpec, checker: ts.TypeChecker | undefined, depth: number): DeadlineVerdict {
  const owner = ts.findAncestor(access, ts.isClassLike);
  if (!owner) return { kind: 'unknown' };
  const name = access.name.text;
  const constructor = owner.members.find((member): member is ts.ConstructorDeclaration => ts.isConstructorDeclaration(member) && member.body !== undefined);
  let initial: ts.Expression | undefined;
  let writes = 0;
  let unknown = false;
  forEachDescendant(
    owner,
    (node) => {
      if (!ts.isPropertyAccessExpression(node) || node.expression.kind !== ts.SyntaxKind.ThisKeyword || node.name.text !== name) return undefined;
      const parent = node.parent;
      if (ts.isBinaryExpression(parent) && parent.left === node && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        writes += 1;
        if (ts.findAncestor(node, ts.isConstructorDeclaration) === constructor && ts.isExpressionStatement(parent.parent)) initial = parent.right;
        else unknown = true;
      } else if (ts.isPropertyAccessExpression(parent) && parent.expression === node) {
        const assigned = parent.parent;
        if (ts.isBinaryExpression(assigned) && assigned.left === parent && boundsCall(parent.name.text, spec)) unknown = true;
      }
      return undefined;
    },
    { crossFunctions: true },
  );
  if (unknown || writes !== 1 || !initial) return { kind: 'unknown' };
  const verdict = evaluateDeadlineOptions(initial, spec, checker, depth + 1);
  return verdict.kind === 'none' ? { kind: 'none' } : verdict;
}

// A parameter given a new value once, by a statement of the function body itself, before `use`.
function getSingleReassignment(parameter: ts.ParameterDeclaration, use: ts.Identifier, checker: ts.TypeChecker | undefined): ts.Expression | undefined {
  const fn = parameter.parent;
  const body = ts.isFunctionLike(fn) && 'body' in fn ? fn.body : undefined;
  if (!body || !ts.isBlock(body) || !ts.isIdentifier(parameter.name)) return undefined;
  let found: ts.BinaryExpression | undefined;
  for (const reference of findBindingReferences(parameter.name, body, checker)) {
    const parent = reference.parent;
    if (isAssignment(parent) && parent.left === reference) {
      if (found || parent.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return undefined;
      found = parent;
    }
  }
  if (!found || !ts.isExpressionStatement(found.parent) || found.parent.parent !== body) return undefined;
  return found.getEnd() <= use.getStart() ? found.right : undefined;
}

// The objects a merge combines: `mergeData(defaults, options)`, `Object.assign({}, a, b)`, `_.merge(a, b)`, `{ ...a, ...b }`.
function getMergeSources(node: ts.Expression): ts.Expression[] | undefined {
  const value = unwrapExpression(node);
  if (ts.isObjectLiteralExpression(value)) return [value];
  if (!ts.isCallExpression(value)) return undefined;
  const path = getAccessPath(value.expression);
  const name = path?.slice(path.lastIndexOf('.') + 1);
  if (!name || !/^(?:merge\w*|assign|extend|defaults(?:Deep)?|deepmerge)$/iu.test(name)) return undefined;
  return value.arguments.some(ts.isSpreadElement) ? undefined : [...value.arguments];
}

function assignedKey(access: ts.PropertyAccessExpression | ts.ElementAccessExpression): string | undefined {
  if (ts.isPropertyAccessExpression(access)) return access.name.text;
  const argument = unwrapExpression(access.argumentExpression);
  return ts.isStringLiteralLike(argument) ? argument.text : undefined;
}

// Whether writing this key could give the call a deadline (an unknown key could).
function boundsCall(key: string | undefined, spec: DeadlineOptionSpec): boolean {
  return key === undefined || spec.timeoutKeys.includes(key) || (spec.signal && key === 'signal') || (spec.opaqueKeys?.includes(key) ?? false);
}

// Two sources of one options object: a deadline in either bounds the call.
function combine(a: DeadlineVerdict, b: DeadlineVerdict): DeadlineVerdict {
  for (const kind of ['deadline', 'unknown', 'disabled', 'optional'] as const) {
    if (a.kind === kind) return a;
    if (b.kind === kind) return b;
  }
  return { kind: 'none' };
}

function propertyNameText(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name)) return name.text;
  return undefined;
}
