import ts from '../engine/typescript.cjs';

import { getAccessPath } from './get-access-path.js';
import { unwrapExpression } from './unwrap-expression.js';
import { forEachDescendant } from './for-each-descendant.js';
import { whereTextMatches } from './where-word-is-written.js';

const GLOBAL_FETCH = new Set(['fetch', 'globalThis.fetch', 'window.fetch', 'self.fetch', 'global.fetch']);
// Names under which SDKs keep an injected fetch; `options.fetch` only counts when stored under one of them.
const FETCH_ALIAS_NAME = /^_?(?:fetch|fetchImpl|fetchFn|fetchFunction|fetchImplementation|customFetch|fetcher)$/iu;

const cache = new WeakMap<ts.SourceFile, ReadonlySet<string>>();
const EMPTY: ReadonlySet<string> = new Set();
// Every alias names fetch in its source text: `typeof fetch`, the value `fetch`, `opts.fetchImpl`. The walk goes only
// down the paths to where the file says "fetch" (all of it in a file that may hide it behind an escape, `f\u0065tch`,
// `'f\x65tch'`), and not at all in a file that never does.
const FETCH = /fetch/giu;

// Access paths of the file's variables and fields that hold the global fetch or an injected one (no checker):
//   const f = options.fetch ?? fetch                    -> 'f'
//   this.fetchImpl = opts.fetch ?? globalThis.fetch     -> 'this.fetchImpl'
//   constructor(private readonly fetchFn: typeof fetch = fetch)  -> 'fetchFn', 'this.fetchFn'
//   function send(url, { fetch: doFetch = fetch } = {}) -> 'doFetch'
//   class Sdk { private fetcher = fetch.bind(globalThis) }      -> 'this.fetcher'
export function collectFetchAliases(sourceFile: ts.SourceFile): ReadonlySet<string> {
  const cached = cache.get(sourceFile);
  if (cached) return cached;
  const within = whereTextMatches(sourceFile, FETCH);
  if (!within) {
    cache.set(sourceFile, EMPTY);
    return EMPTY;
  }
  const aliases = new Set<string>();
  const visit = (node: ts.Node): boolean | undefined => {
    if (!within(node)) return false;
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name)) {
      if (holdsFetch(node.name.text, node.initializer, node.type)) aliases.add(node.name.text);
    } else if (ts.isParameter(node) && ts.isIdentifier(node.name)) {
      if (holdsFetch(node.name.text, node.initializer, node.type)) {
        aliases.add(node.name.text);
        if (ts.isConstructorDeclaration(node.parent) && ts.getModifiers(node)?.length) aliases.add(`this.${node.name.text}`);
      }
    } else if (ts.isBindingElement(node) && ts.isIdentifier(node.name)) {
      if (holdsFetch(node.name.text, node.initializer, undefined)) aliases.add(node.name.text);
    } else if (ts.isPropertyDeclaration(node) && ts.isIdentifier(node.name)) {
      // Class fields only: an interface's `fetch?: typeof fetch` says nothing about `this.fetch`.
      if (holdsFetch(node.name.text, node.initializer, node.type)) aliases.add(`this.${node.name.text}`);
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const target = getAccessPath(node.left);
      const name = target?.slice(target.lastIndexOf('.') + 1);
      if (target && name && holdsFetch(name, node.right, undefined)) aliases.add(target);
    }
    return undefined;
  };
  forEachDescendant(sourceFile, visit, { crossFunctions: true });
  cache.set(sourceFile, aliases);
  return aliases;
}

function holdsFetch(name: string, value: ts.Expression | undefined, type: ts.TypeNode | undefined): boolean {
  if (type && isTypeofFetch(type)) return true;
  return value !== undefined && mentionsFetch(value, FETCH_ALIAS_NAME.test(name), 0);
}

function isTypeofFetch(type: ts.TypeNode): boolean {
  if (ts.isUnionTypeNode(type)) return type.types.some(isTypeofFetch);
  if (ts.isParenthesizedTypeNode(type)) return isTypeofFetch(type.type);
  if (!ts.isTypeQueryNode(type)) return false;
  const name = ts.isIdentifier(type.exprName) ? type.exprName.text : `${type.exprName.left.getText()}.${type.exprName.right.text}`;
  return GLOBAL_FETCH.has(name);
}

function mentionsFetch(node: ts.Expression, aliasName: boolean, depth: number): boolean {
  if (depth > 4) return false;
  const value = unwrapExpression(node);
  const path = getAccessPath(value);
  if (path !== undefined) {
    if (GLOBAL_FETCH.has(path)) return true;
    // opts.fetch / config.fetchImpl stored under a fetch-like name
    return aliasName && ts.isPropertyAccessExpression(value) && FETCH_ALIAS_NAME.test(value.name.text);
  }
  if (ts.isBinaryExpression(value)) {
    const operator = value.operatorToken.kind;
    if (operator === ts.SyntaxKind.QuestionQuestionToken || operator === ts.SyntaxKind.BarBarToken) {
      return mentionsFetch(value.left, aliasName, depth + 1) || mentionsFetch(value.right, aliasName, depth + 1);
    }
    return false;
  }
  if (ts.isConditionalExpression(value)) {
    return mentionsFetch(value.whenTrue, aliasName, depth + 1) || mentionsFetch(value.whenFalse, aliasName, depth + 1);
  }
  // fetch.bind(globalThis)
  if (ts.isCallExpression(value) && ts.isPropertyAccessExpression(value.expression) && value.expression.name.text === 'bind') {
    return mentionsFetch(value.expression.expression, aliasName, depth + 1);
  }
  return false;
}
