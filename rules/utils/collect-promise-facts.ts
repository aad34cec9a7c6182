import ts from '../engine/typescript.cjs';

import { declaresPromiseReturn } from './declares-promise-return.js';
import { getCalleeKey } from './get-callee-key.js';
import { unwrapExpression } from './unwrap-expression.js';
import { getImportBindings } from './get-import-bindings.js';
import { forEachDescendant } from './for-each-descendant.js';

/** What one file tells about which calls return promises, without types. */
export interface PromiseFacts {
  /** Functions declared in the file as `async` or returning `Promise<...>` / `new Promise(...)`. */
  asyncFunctions: ReadonlySet<string>;
  /** Functions declared in the file that return something else: they override awaited-elsewhere evidence. */
  syncFunctions: ReadonlySet<string>;
  /** Callees that the file awaits or `.then`s somewhere: `db.query`, `this.repo.save` (keys of getCalleeKey). */
  awaitedCallees: ReadonlySet<string>;
  /** Receivers (keys of getCalleeKey) whose HTTP verb methods return promises: axios, got, ky, `axios.create()` instances. */
  httpClients: ReadonlySet<string>;
  /** Receivers (keys of getCalleeKey) whose every method returns a promise: `fs/promises` namespaces, `fs.promises`. */
  promiseNamespaces: ReadonlySet<string>;
  /** Imported or global functions (keys of getCalleeKey) that return promises: `fetch`, `readFile` from fs/promises, axios. */
  promiseFunctions: ReadonlySet<string>;
}

const HTTP_CLIENT_MODULES = new Set(['axios', 'got', 'ky', 'ky-universal', 'node-fetch', 'undici']);
const FS_MODULES = new Set(['fs', 'node:fs']);
const PROMISE_MODULES = new Set([
  'fs/promises',
  'node:fs/promises',
  'timers/promises',
  'node:timers/promises',
  'dns/promises',
  'node:dns/promises',
  'stream/promises',
  'node:stream/promises',
]);

const cache = new WeakMap<ts.SourceFile, PromiseFacts>();

// One pass over a file, cached per SourceFile, collecting the shapes that show a call returns a promise:
//   async function load() {}          const save = async () => {}       function sync() { return 1; }
//   await db.query(sql)   db.query(sql).then(...)
//   import axios from 'axios'          const api = axios.create()        import { readFile } from 'fs/promises'
//   import fs from 'fs' -> fs.promises.readFile(...)                     const got = require('got')
export function collectPromiseFacts(sourceFile: ts.SourceFile): PromiseFacts {
  const cached = cache.get(sourceFile);
  if (cached) return cached;
  const facts = {
    asyncFunctions: new Set<string>(),
    syncFunctions: new Set<string>(),
    awaitedCallees: new Set<string>(),
    httpClients: new Set<string>(),
    promiseNamespaces: new Set<string>(),
    promiseFunctions: new Set<string>(['fetch']),
  };
  const fsNames = new Set<string>();

  const bindModule = (moduleName: string, defaultOrNamespace: string | undefined, named: readonly (readonly [string, string])[]): void => {
    if (HTTP_CLIENT_MODULES.has(moduleName)) {
      if (defaultOrNamespace) {
        facts.httpClients.add(defaultOrNamespace);
        facts.promiseFunctions.add(defaultOrNamespace);
      }
      for (const [imported, local] of named) {
        if (imported === 'default') {
          facts.httpClients.add(local);
          facts.promiseFunctions.add(local);
        } else if (imported === 'fetch' || imported === 'request') {
          facts.promiseFunctions.add(local);
        }
      }
    } else if (PROMISE_MODULES.has(moduleName)) {
      if (defaultOrNamespace) facts.promiseNamespaces.add(defaultOrNamespace);
      for (const [, local] of named) facts.promiseFunctions.add(local);
    } else if (FS_MODULES.has(moduleName)) {
      if (defaultOrNamespace) fsNames.add(defaultOrNamespace);
      for (const [imported, local] of named) {
        if (imported === 'promises') facts.promiseNamespaces.add(local);
      }
    }
  };

  const visit = (node: ts.Node): void => {
    const imported = ts.isImportDeclaration(node) ? getImportBindings(node) : undefined;
    if (imported) {
      bindModule(imported.module, imported.whole, imported.named);
    } else if (ts.isVariableDeclaration(node) && node.initializer) {
      collectVariable(node, node.initializer);
    } else if (ts.isFunctionDeclaration(node) && node.name) {
      (declaresPromiseReturn(node) ? facts.asyncFunctions : facts.syncFunctions).add(node.name.text);
    } else if (ts.isAwaitExpression(node)) {
      const awaited = unwrapExpression(node.expression);
      if (ts.isCallExpression(awaited)) addCallee(awaited);
    } else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'then') {
      const receiver = unwrapExpression(node.expression.expression);
      if (ts.isCallExpression(receiver)) addCallee(receiver);
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      // this.http = axios.create(...)
      const target = getCalleeKey(node.left);
      if (target && isHttpClientFactory(node.right)) facts.httpClients.add(target);
    }
  };

  const addCallee = (call: ts.CallExpression): void => {
    const key = getCalleeKey(call.expression);
    if (key) facts.awaitedCallees.add(key);
  };

  const isHttpClientFactory = (expression: ts.Expression): boolean => {
    const value = unwrapExpression(expression);
    if (!ts.isCallExpression(value) || !ts.isPropertyAccessExpression(value.expression)) return false;
    const receiver = getCalleeKey(value.expression.expression);
    return receiver !== undefined && facts.httpClients.has(receiver) && ['create', 'extend'].includes(value.expression.name.text);
  };

  const collectVariable = (declaration: ts.VariableDeclaration, initializer: ts.Expression): void => {
    const value = unwrapExpression(initializer);
    const required = requiredModule(value);
    if (required !== undefined) {
      if (ts.isIdentifier(declaration.name)) bindModule(required, getCalleeKey(declaration.name), []);
      else if (ts.isObjectBindingPattern(declaration.name)) {
        const named: [string, string][] = [];
        for (const element of declaration.name.elements) {
          if (!ts.isIdentifier(element.name)) continue;
          const imported = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : element.name.text;
          named.push([imported, getCalleeKey(element.name) ?? element.name.text]);
        }
        bindModule(required, undefined, named);
      }
      return;
    }
    if (!ts.isIdentifier(declaration.name)) return;
    if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) {
      (declaresPromiseReturn(value) ? facts.asyncFunctions : facts.syncFunctions).add(declaration.name.text);
    } else if (isHttpClientFactory(value)) {
      facts.httpClients.add(getCalleeKey(declaration.name) ?? declaration.name.text);
    } else if (ts.isPropertyAccessExpression(value) && value.name.text === 'promises') {
      // const fsp = fs.promises
      const receiver = getCalleeKey(value.expression);
      if (receiver && fsNames.has(receiver)) facts.promiseNamespaces.add(getCalleeKey(declaration.name) ?? declaration.name.text);
    }
  };

  forEachDescendant(sourceFile, visit, { crossFunctions: true });
  for (const name of fsNames) facts.promiseNamespaces.add(`${name}.promises`);
  cache.set(sourceFile, facts);
  return facts;
}

function requiredModule(value: ts.Expression): string | undefined {
  if (
    ts.isCallExpression(value) &&
    ts.isIdentifier(value.expression) &&
    value.expression.text === 'require' &&
    value.arguments.length === 1 &&
    ts.isStringLiteralLike(value.arguments[0]!)
  ) {
    return value.arguments[0].text;
  }
  return undefined;
}
