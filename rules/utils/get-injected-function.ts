import ts from '../engine/typescript.cjs';

import { findLocalDeclaration } from './find-local-declaration.js';
import { forEachDescendant } from './for-each-descendant.js';
import { getAccessPath } from './get-access-path.js';
import { getEnclosingFunction } from './get-enclosing-function.js';
import { getModuleExports } from './get-module-exports.js';
import { getRequiredModuleCalls } from './get-required-module-calls.js';
import { resolveRelativeRequire } from './resolve-relative-require.js';
import { unwrapExpression } from './unwrap-expression.js';
import { isAssignment } from './is-assignment.js';

type FunctionWithBody = ts.FunctionDeclaration | ts.MethodDeclaration | ts.ArrowFunction | ts.FunctionExpression;

// Links followed from the call to the function (a property, a name, a require, an init's caller): enough for an
// object handed down two modules (node-red: index.js -> api/index.js -> api/flows.js) and then to its member.
const MAX_DEPTH = 12;

// The function a call runs when the root of its receiver is a module variable that the module's exported `init`
// (any exported function) takes from its caller, in plain JavaScript that wires its modules by hand, so that no type
// follows the object (node-red's runtime):
//   api/flows.js   var runtime;  module.exports = { init: function (_runtime) { runtime = _runtime; }, ... }
//                  runtime.settings.set('runtimeFlowState', state)                          -> settings.js's `set`
//   api/index.js   var runtime;  var api = module.exports = { init: function (_runtime) { runtime = _runtime; api.flows.init(runtime); },
//                                                             flows: require('./flows') }
//   index.js       var settings = require('./settings');  var runtime = { settings: settings };  externalAPI.init(runtime)
//   settings.js    var persistentSettings = { set: function (prop, value) { ...; return storage.saveSettings(...); } };
//                  module.exports = persistentSettings;
// The variable must be assigned once, from the parameter, in the exported function itself; every call of that function
// the project makes through a `require` must hand the same object (a literal, a module's exports), read through its
// properties (no spread, one property of the name). Anything else, or no program: undefined.
export function getInjectedFunction(call: ts.CallExpression, program: ts.Program | undefined): FunctionWithBody | undefined {
  if (!program) return undefined;
  const callee = unwrapExpression(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  let root = unwrapExpression(callee.expression);
  while (ts.isPropertyAccessExpression(root)) root = unwrapExpression(root.expression);
  if (!ts.isIdentifier(root)) return undefined;
  const variable = getModuleVariable(root);
  if (!variable || variable.initializer) return undefined;
  const value = resolveValue(callee, program, 0);
  return value && isFunctionWithBody(value) ? value : undefined;
}

function isFunctionWithBody(node: ts.Node): node is FunctionWithBody {
  return (
    (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && node.body !== undefined
  );
}

// The object literal or function an expression evaluates to, as far as these links show.
function resolveValue(expression: ts.Expression, program: ts.Program, depth: number): ts.Node | undefined {
  if (depth > MAX_DEPTH) return undefined;
  let value = unwrapExpression(expression);
  while (ts.isBinaryExpression(value) && value.operatorToken.kind === ts.SyntaxKind.EqualsToken) value = unwrapExpression(value.right);
  if (ts.isObjectLiteralExpression(value) || ts.isArrowFunction(value) || ts.isFunctionExpression(value)) return value;
  const required = resolveRelativeRequire(value, (fileName) => program.getSourceFile(fileName));
  if (required) {
    const exported = getModuleExports(required);
    return exported && resolveValue(exported, program, depth + 1);
  }
  if (ts.isIdentifier(value)) {
    const variable = getModuleVariable(value);
    if (!variable) return findFunctionDeclaration(value);
    const assignments = getAssignments(variable);
    if (variable.initializer) return assignments.length === 0 ? resolveValue(variable.initializer, program, depth + 1) : undefined;
    return assignments.length === 1 ? resolveInjected(variable, assignments[0]!, program, depth + 1) : undefined;
  }
  if (ts.isPropertyAccessExpression(value)) {
    const owner = resolveValue(value.expression, program, depth + 1);
    if (!owner || !ts.isObjectLiteralExpression(owner) || owner.properties.some(ts.isSpreadAssignment)) return undefined;
    const name = value.name.text;
    const matches = owner.properties.filter((property) => property.name && propertyName(property.name) === name);
    const property = matches.length === 1 ? matches[0]! : undefined;
    if (!property) return undefined;
    if (ts.isPropertyAssignment(property)) return resolveValue(property.initializer, program, depth + 1);
    if (ts.isShorthandPropertyAssignment(property)) return resolveValue(property.name, program, depth + 1);
    return ts.isMethodDeclaration(property) && property.body ? property : undefined;
  }
  return undefined;
}

// `runtime = _runtime` in the exported `init(_runtime)`: what every project call of `init` hands it.
function resolveInjected(variable: ts.VariableDeclaration, assignment: ts.BinaryExpression, program: ts.Program, depth: number): ts.Node | undefined {
  const source = unwrapExpression(assignment.right);
  const parameter = ts.isIdentifier(source) ? findLocalDeclaration(source) : undefined;
  if (!parameter || !ts.isParameter(parameter) || !ts.isIdentifier(parameter.name) || getEnclosingFunction(assignment) !== parameter.parent) return undefined;
  const fn = parameter.parent;
  const member = getExportedName(fn, program, depth);
  if (member === undefined) return undefined;
  const index = fn.parameters.indexOf(parameter);
  const calls = getRequiredModuleCalls(program, variable.getSourceFile(), member);
  let agreed: ts.Node | undefined;
  for (const call of calls) {
    const argument = call.arguments[index];
    const value = argument && resolveValue(argument, program, depth + 1);
    if (!value || (agreed && value !== agreed)) return undefined;
    agreed = value;
  }
  return agreed;
}

// The name a module exports a function under: `module.exports = { init: function (r) {...} }`, `exports.init = ...`.
function getExportedName(fn: ts.SignatureDeclaration, program: ts.Program, depth: number): string | undefined {
  const parent = fn.parent;
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && parent.right === fn) {
    const match = /^(?:module\.)?exports\.([^.]+)$/u.exec(getAccessPath(parent.left) ?? '');
    if (match) return match[1];
  }
  const exported = getModuleExports(fn.getSourceFile());
  const object = exported && resolveValue(exported, program, depth + 1);
  if (!object || !ts.isObjectLiteralExpression(object)) return undefined;
  for (const property of object.properties) {
    const name = property.name && propertyName(property.name);
    if (name === undefined) continue;
    if (property === fn) return name;
    if (ts.isPropertyAssignment(property) && unwrapExpression(property.initializer) === fn) return name;
    if (ts.isShorthandPropertyAssignment(property) && ts.isFunctionDeclaration(fn) && fn.name?.text === name) return name;
  }
  return undefined;
}

// A `var`/`let`/`const` at the top level of its file.
function getModuleVariable(identifier: ts.Identifier): ts.VariableDeclaration | undefined {
  const declaration = findLocalDeclaration(identifier);
  if (!declaration || !ts.isVariableDeclaration(declaration) || !ts.isIdentifier(declaration.name)) return undefined;
  const statement = declaration.parent.parent;
  return ts.isVariableStatement(statement) && ts.isSourceFile(statement.parent) ? declaration : undefined;
}

const assignmentsByVariable = new WeakMap<ts.VariableDeclaration, ts.BinaryExpression[]>();

// Every `name = value` of the variable in its file (a shadowing local is another variable).
function getAssignments(variable: ts.VariableDeclaration): readonly ts.BinaryExpression[] {
  const known = assignmentsByVariable.get(variable);
  if (known) return known;
  const name = (variable.name as ts.Identifier).text;
  const found: ts.BinaryExpression[] = [];
  forEachDescendant(
    variable.getSourceFile(),
    (node) => {
      if (isAssignment(node)) {
        const target = unwrapExpression(node.left);
        if (ts.isIdentifier(target) && target.text === name && findLocalDeclaration(target) === variable) found.push(node);
      }
      return true;
    },
    { crossFunctions: true },
  );
  assignmentsByVariable.set(variable, found);
  return found;
}

function findFunctionDeclaration(identifier: ts.Identifier): ts.FunctionDeclaration | undefined {
  if (findLocalDeclaration(identifier)) return undefined;
  return identifier
    .getSourceFile()
    .statements.find(
      (statement): statement is ts.FunctionDeclaration => ts.isFunctionDeclaration(statement) && statement.name?.text === identifier.text && !!statement.body,
    );
}

function propertyName(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name) ? name.text : undefined;
}
