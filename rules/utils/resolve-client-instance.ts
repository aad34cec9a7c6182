import ts from '../engine/typescript.cjs';

import { findLocalDeclaration } from './find-local-declaration.js';
import { getAccessPath } from './get-access-path.js';
import { getImportOf } from './get-import-of.js';
import { unwrapExpression } from './unwrap-expression.js';

/** An HTTP client object a call goes through: the library's default export or an instance made from it. */
export interface ClientInstance {
  library: 'axios' | 'got' | 'superagent';
  /** The library object itself (`axios`, `got`), or `<factory>(options)` that made this instance. */
  factory: ts.CallExpression | undefined;
  /** The instance this one was made from (`api.create(...)`), whose options it inherits. */
  parent?: ClientInstance;
  /** The receiver's access path in the file (`api`, `this.http`), for `x.defaults.timeout = ...` lookups. */
  path: string | undefined;
}

const FACTORY_METHOD: Record<ClientInstance['library'], string | undefined> = { axios: 'create', got: 'extend', superagent: undefined };
const MODULE_LIBRARY: Record<string, ClientInstance['library']> = { axios: 'axios', got: 'got', superagent: 'superagent' };
const fieldFactories = new WeakMap<ts.ClassLikeDeclaration, Map<string, ts.Expression>>();

// The client an expression denotes, from imports and the factory calls that made it (types only follow
// an instance exported from another file):
//   import axios from 'axios'        axios                                -> axios, factory undefined
//   const api = axios.create({ baseURL })   api                           -> axios, factory `axios.create({ baseURL })`
//   this.http = got.extend({ prefixUrl })   this.http                     -> got, factory `got.extend(...)`
//   import { api } from './http' (typed: `export const api = axios.create(...)` there)
//   const request = require('superagent')   request                       -> superagent
export function resolveClientInstance(node: ts.Expression, checker: ts.TypeChecker | undefined, depth = 0): ClientInstance | undefined {
  if (depth > 3) return undefined;
  const expression = unwrapExpression(node);
  const path = getAccessPath(expression);
  if (ts.isIdentifier(expression)) {
    const imported = getImportOf(expression);
    if (imported) {
      const library = MODULE_LIBRARY[imported.module];
      if (library && (imported.imported === 'default' || imported.imported === '*' || imported.imported === library)) {
        return { library, factory: undefined, path };
      }
      return checker ? resolveAcrossFiles(expression, checker, depth) : undefined;
    }
    const declaration = findLocalDeclaration(expression);
    if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer && ts.isIdentifier(declaration.name)) {
      return fromFactory(declaration.initializer, path, checker, depth);
    }
    return undefined;
  }
  if (path?.startsWith('this.')) {
    const owner = enclosingClass(expression);
    const initializer = owner && factoriesByField(owner).get(path);
    return initializer ? fromFactory(initializer, path, checker, depth) : undefined;
  }
  return undefined;
}

function fromFactory(initializer: ts.Expression, path: string | undefined, checker: ts.TypeChecker | undefined, depth: number): ClientInstance | undefined {
  const value = unwrapExpression(initializer);
  if (ts.isCallExpression(value) && ts.isPropertyAccessExpression(value.expression)) {
    const base = resolveClientInstance(value.expression.expression, checker, depth + 1);
    if (base && FACTORY_METHOD[base.library] === value.expression.name.text) {
      // An instance of an instance keeps the parent's options under its own.
      return { library: base.library, factory: value, path, ...(base.factory && { parent: base }) };
    }
    return undefined;
  }
  // const client = axios;
  return resolveClientInstance(value, checker, depth + 1);
}

// `import { api } from './http'`: follow the alias to `export const api = axios.create(...)`.
function resolveAcrossFiles(identifier: ts.Identifier, checker: ts.TypeChecker, depth: number): ClientInstance | undefined {
  let symbol = checker.getSymbolAtLocation(identifier);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const declaration = symbol?.valueDeclaration;
  if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return undefined;
  const instance = fromFactory(declaration.initializer, undefined, checker, depth + 1);
  return instance && { ...instance, path: getAccessPath(identifier) };
}

function enclosingClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isClassLike(current)) return current;
  }
  return undefined;
}

// this.http = axios.create(...) in a constructor, or a field `private http = axios.create(...)`, of one class
// (not of the classes nested in it), by `this.` path; the last one in the class wins. Read once per class that
// a `this.x` receiver is in, not per file: most classes never call through a field.
function factoriesByField(owner: ts.ClassLikeDeclaration): Map<string, ts.Expression> {
  let found = fieldFactories.get(owner);
  if (found) return found;
  const map = new Map<string, ts.Expression>();
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyDeclaration(node) && node.parent === owner && node.initializer && ts.isIdentifier(node.name)) {
      map.set(`this.${node.name.text}`, node.initializer);
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const target = getAccessPath(node.left);
      if (target?.startsWith('this.')) map.set(target, node.right);
    }
    // A nested class's fields and assignments are its own.
    if (!ts.isClassLike(node)) ts.forEachChild(node, visit);
  };
  ts.forEachChild(owner, visit);
  found = map;
  fieldFactories.set(owner, found);
  return found;
}
