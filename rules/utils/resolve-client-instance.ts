import ts from '../engine/typescript.cjs';

import type { LibraryModel } from '../models/library-model.js';
import { findLocalDeclaration } from './find-local-declaration.js';
import { findOutboundCallModel } from './find-outbound-call-model.js';
import { getAccessPath } from './get-access-path.js';
import { getImportOf } from './get-import-of.js';
import { unwrapExpression } from './unwrap-expression.js';
import { mayHideNamesIn } from './where-word-is-written.js';

/** An HTTP client object a call goes through: an export of a package the catalogue knows, or an instance made from one. */
export interface ClientInstance {
  /** The import specifier of the package (`axios`, `node:https`). */
  module: string;
  /** The export it is, or was made from (`default`, `request`). */
  export: string;
  /** undefined for the export itself (`axios`, `got`); `<factory>(options)` that made this instance. */
  factory: ts.CallExpression | undefined;
  /** The instance this one was made from (`api.create(...)`), whose options it inherits. */
  parent?: ClientInstance;
  /** The receiver's access path in the file (`api`, `this.http`), for `x.defaults.timeout = ...` lookups. */
  path: string | undefined;
}

const CLIENT_KINDS = ['request', 'instance'] as const;
const fieldFactories = new WeakMap<ts.ClassLikeDeclaration, Map<string, ts.Expression | undefined>>();

// The client an expression denotes, from imports of packages with request rows in the catalogue and the `instance`
// calls that made it (types only follow an instance exported from another file):
//   import axios from 'axios'        axios                                -> axios, factory undefined
//   const api = axios.create({ baseURL })   api                           -> axios, factory `axios.create({ baseURL })`
//   this.http = got.extend({ prefixUrl })   this.http                     -> got, factory `got.extend(...)`
//   import { api } from './http' (typed: `export const api = axios.create(...)` there)
//   const request = require('superagent')   request                       -> superagent
//   import { request } from 'node:http'     request                       -> node:http, export `request`
//   exports.protocols = { 'http:': http, 'https:': https }   exports.protocols[url.protocol]   -> http
//   const transport = http2 ? adapter : protocols[protocol]   transport   -> the branch that is a client
export function resolveClientInstance(
  node: ts.Expression,
  checker: ts.TypeChecker | undefined,
  models: readonly LibraryModel[],
  depth = 0,
): ClientInstance | undefined {
  if (depth > 3) return undefined;
  const expression = unwrapExpression(node);
  const path = getAccessPath(expression);
  if (ts.isIdentifier(expression)) {
    const imported = getImportOf(expression);
    if (imported) {
      if (findOutboundCallModel(models, imported, undefined, CLIENT_KINDS)) {
        return { module: imported.module, export: imported.imported === '*' ? 'default' : imported.imported, factory: undefined, path };
      }
      return checker ? resolveAcrossFiles(expression, checker, models, depth) : undefined;
    }
    const declaration = findLocalDeclaration(expression);
    if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer && ts.isIdentifier(declaration.name)) {
      return fromFactory(declaration.initializer, path, checker, models, depth);
    }
    return undefined;
  }
  if (ts.isElementAccessExpression(expression)) return fromTable(expression, checker, models, depth);
  if (path?.startsWith('this.')) {
    const owner = enclosingClass(expression);
    const initializer = owner && getFieldFactory(owner, path);
    return initializer ? fromFactory(initializer, path, checker, models, depth) : undefined;
  }
  return undefined;
}

function fromFactory(
  initializer: ts.Expression,
  path: string | undefined,
  checker: ts.TypeChecker | undefined,
  models: readonly LibraryModel[],
  depth: number,
): ClientInstance | undefined {
  const value = unwrapExpression(initializer);
  if (ts.isCallExpression(value) && ts.isPropertyAccessExpression(value.expression)) {
    const base = resolveClientInstance(value.expression.expression, checker, models, depth + 1);
    if (base && findOutboundCallModel(models, { module: base.module, imported: base.export }, value.expression.name.text, ['instance'])) {
      // An instance of an instance keeps the parent's options under its own.
      return { module: base.module, export: base.export, factory: value, path, ...(base.factory && { parent: base }) };
    }
    return undefined;
  }
  // const client = http2 ? wrapper : http: the branch that is a client sends these options too.
  if (ts.isConditionalExpression(value)) {
    return fromFactory(value.whenTrue, path, checker, models, depth + 1) ?? fromFactory(value.whenFalse, path, checker, models, depth + 1);
  }
  // const client = axios;
  return resolveClientInstance(value, checker, models, depth + 1);
}

// `protocols[url.protocol]` with `exports.protocols = { 'http:': http, 'https:': https }` (or a `const` of it) at the
// top of the file: the client a key picks, or any of them for a computed key.
function fromTable(
  access: ts.ElementAccessExpression,
  checker: ts.TypeChecker | undefined,
  models: readonly LibraryModel[],
  depth: number,
): ClientInstance | undefined {
  const tablePath = getAccessPath(access.expression);
  if (!tablePath) return undefined;
  const tables: ts.ObjectLiteralExpression[] = [];
  for (const statement of access.getSourceFile().statements) {
    if (
      ts.isExpressionStatement(statement) &&
      ts.isBinaryExpression(statement.expression) &&
      statement.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken
    ) {
      const { left, right } = statement.expression;
      if (getAccessPath(left) === tablePath) tables.push(ts.isObjectLiteralExpression(right) ? right : ts.factory.createObjectLiteralExpression());
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name) && declaration.name.text === tablePath && declaration.initializer) {
          const value = unwrapExpression(declaration.initializer);
          tables.push(ts.isObjectLiteralExpression(value) ? value : ts.factory.createObjectLiteralExpression());
        }
      }
    }
  }
  if (tables.length !== 1) return undefined;
  const key = unwrapExpression(access.argumentExpression);
  for (const property of tables[0]!.properties) {
    if (!ts.isPropertyAssignment(property) && !ts.isShorthandPropertyAssignment(property)) continue;
    if (ts.isStringLiteralLike(key) && !(ts.isStringLiteral(property.name) || ts.isIdentifier(property.name) ? property.name.text === key.text : false))
      continue;
    const value = ts.isPropertyAssignment(property) ? property.initializer : property.name;
    const instance = ts.isIdentifier(unwrapExpression(value)) ? resolveClientInstance(value, checker, models, depth + 1) : undefined;
    if (instance) return { ...instance, path: undefined };
  }
  return undefined;
}

// `import { api } from './http'`: follow the alias to `export const api = axios.create(...)`.
function resolveAcrossFiles(identifier: ts.Identifier, checker: ts.TypeChecker, models: readonly LibraryModel[], depth: number): ClientInstance | undefined {
  let symbol = checker.getSymbolAtLocation(identifier);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const declaration = symbol?.valueDeclaration;
  if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return undefined;
  const instance = fromFactory(declaration.initializer, undefined, checker, models, depth + 1);
  return instance && { ...instance, path: getAccessPath(identifier) };
}

function enclosingClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isClassLike(current)) return current;
  }
  return undefined;
}

// What a class (not a class nested in it) last sets `this.http` to, in document order:
//   constructor() { this.http = axios.create(...) }   private http = axios.create(...)   this['http'] = ...
// Every such assignment spells the field's name, so only the places that do are looked at, not the whole class.
function getFieldFactory(owner: ts.ClassLikeDeclaration, path: string): ts.Expression | undefined {
  let byPath = fieldFactories.get(owner);
  if (!byPath) {
    byPath = new Map();
    fieldFactories.set(owner, byPath);
  }
  if (!byPath.has(path)) byPath.set(path, findFieldFactory(owner, path));
  return byPath.get(path);
}

function findFieldFactory(owner: ts.ClassLikeDeclaration, path: string): ts.Expression | undefined {
  const text = owner.getSourceFile().text.slice(owner.pos, owner.end);
  const name = path.slice(path.lastIndexOf('.') + 1);
  let last: { node: ts.Node; value: ts.Expression } | undefined;
  const consider = (node: ts.Node): void => {
    const value = assignedValue(node, owner, path);
    if (value && (!last || comesAfter(node, last.node))) last = { node, value };
  };
  // An escape can spell the name otherwise than as itself: `this.\u0068ttp`, `this['h\x74tp']`.
  if (mayHideNamesIn(text)) {
    forEachOwnNode(owner, consider);
    return last?.value;
  }
  for (let index = text.indexOf(name); index !== -1; index = text.indexOf(name, index + 1)) {
    // The assignments around this spelling of the name, up to the class; a nested class's are its own.
    for (let node = deepestNodeAt(owner, owner.pos + index); node !== owner && !ts.isClassLike(node); node = node.parent) consider(node);
  }
  return last?.value;
}

// `this.http = value` or the field `http = value` of `owner`, for `path` `this.http`.
function assignedValue(node: ts.Node, owner: ts.ClassLikeDeclaration, path: string): ts.Expression | undefined {
  if (ts.isPropertyDeclaration(node)) {
    return node.parent === owner && node.initializer && ts.isIdentifier(node.name) && `this.${node.name.text}` === path ? node.initializer : undefined;
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    return getAccessPath(node.left) === path ? node.right : undefined;
  }
  return undefined;
}

// Document (pre-)order: a later start, or the same start deeper inside.
function comesAfter(node: ts.Node, other: ts.Node): boolean {
  const start = node.getStart();
  const otherStart = other.getStart();
  if (start !== otherStart) return start > otherStart;
  for (let current = node.parent; current; current = current.parent) if (current === other) return true;
  return false;
}

function deepestNodeAt(root: ts.Node, position: number): ts.Node {
  let node = root;
  for (;;) {
    const child = ts.forEachChild(node, (candidate) => (candidate.pos <= position && position < candidate.end ? candidate : undefined));
    if (!child) return node;
    node = child;
  }
}

// Every node of a class outside the classes nested in it, in document order.
function forEachOwnNode(owner: ts.ClassLikeDeclaration, callback: (node: ts.Node) => void): void {
  const visit = (node: ts.Node): void => {
    callback(node);
    if (!ts.isClassLike(node)) ts.forEachChild(node, visit);
  };
  ts.forEachChild(owner, visit);
}
