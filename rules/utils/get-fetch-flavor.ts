import ts from '../engine/typescript.cjs';

import type { PackageRow } from '../models/get-catalogue-index.js';
import type { LibraryModel, OutboundCallRow } from '../models/library-model.js';
import { collectFetchAliases } from './collect-fetch-aliases.js';
import { findOutboundCallModel } from './find-outbound-call-model.js';
import { findMemberDeclarations } from './find-member-declarations.js';
import { getAccessPath } from './get-access-path.js';
import { getImportOf } from './get-import-of.js';
import { isUnresolvedType } from './is-unresolved-type.js';
import { unwrapExpression } from './unwrap-expression.js';

/** The global fetch, as the catalogue knows it (`fetch` of the pseudo-package `globalThis`). */
const GLOBAL_FETCH = { module: 'globalThis', imported: 'fetch' };
const GLOBAL_PATHS = new Set(['globalThis.fetch', 'window.fetch', 'self.fetch', 'global.fetch']);
const KEYWORD_TYPES = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.VoidKeyword,
  ts.SyntaxKind.UndefinedKeyword,
  ts.SyntaxKind.StringKeyword,
  ts.SyntaxKind.NumberKeyword,
  ts.SyntaxKind.BooleanKeyword,
  ts.SyntaxKind.BigIntKeyword,
  ts.SyntaxKind.SymbolKeyword,
  ts.SyntaxKind.ObjectKeyword,
  ts.SyntaxKind.NeverKeyword,
  ts.SyntaxKind.AnyKeyword,
  ts.SyntaxKind.UnknownKeyword,
]);
const FETCH_TYPE_WORDS = /\b(?:fetch|RequestInit|Response)\b/u;
const fileMentionsFetchTypes = new WeakMap<ts.SourceFile, boolean>();

// Which fetch a call invokes, if any, as its `fetch` row of the catalogue:
//   fetch(url)   globalThis.fetch(url)                                            -> the global fetch's row
//   import { fetch } from 'undici'   import fetch from 'node-fetch'               -> the package's row
//   this.fetchImpl(url) / f(url) typed `typeof fetch` or `(input: RequestInfo, init?: RequestInit) => Promise<Response>`
//   without types: f(url) where `const f = options.fetch ?? fetch` in the file    -> the global fetch's row
// Not fetch: a function declared in the program with a body (a wrapper that may add its own deadline),
// a local `function fetch()`, ky, ofetch, a class's own `fetch()` method.
export function getFetchFlavor(
  call: ts.CallExpression,
  checker: ts.TypeChecker | undefined,
  models: readonly LibraryModel[],
  extraNames: readonly string[] = [],
): PackageRow<OutboundCallRow> | undefined {
  const found = getFetchKind(call, checker, models, extraNames);
  return found === 'global' ? findOutboundCallModel(models, GLOBAL_FETCH, '()', ['fetch']) : found;
}

function getFetchKind(
  call: ts.CallExpression,
  checker: ts.TypeChecker | undefined,
  models: readonly LibraryModel[],
  extraNames: readonly string[],
): PackageRow<OutboundCallRow> | 'global' | undefined {
  const callee = unwrapExpression(call.expression);
  const path = getAccessPath(callee);
  const imported = ts.isIdentifier(callee) ? getImportOf(callee) : undefined;
  if (imported) {
    const row = findOutboundCallModel(models, imported, '()', ['fetch']);
    if (row) return row;
  }
  const typed = checker && mayBeFetchMember(callee, extraNames) ? getTypedVerdict(callee, checker) : undefined;
  if (typed === 'fetch') return 'global';
  // Resolved to something else: only a configured name still counts.
  if (typed === 'other') return path && extraNames.includes(lastSegment(path)) ? 'global' : undefined;
  if (path === undefined) return undefined;
  if (ts.isIdentifier(callee)) {
    if (imported) return undefined;
    if (callee.text === 'fetch' && !declaresFetch(callee)) return 'global';
  }
  if (GLOBAL_PATHS.has(path)) return 'global';
  if (collectFetchAliases(callee.getSourceFile()).has(path)) return 'global';
  return extraNames.includes(lastSegment(path)) ? 'global' : undefined;
}

// Whether types are worth asking about this callee. Asking the checker about every method call of a
// program costs a third of the analysis, so members qualify only with evidence: a name that says fetch
// (`this.fetchImpl`, `options.fetch`, `deps.customFetch`), a configured name, or an in-file declaration
// whose annotation mentions fetch (`interface Deps { http: typeof fetch }`).
function mayBeFetchMember(callee: ts.Expression, extraNames: readonly string[]): boolean {
  if (ts.isIdentifier(callee)) return true;
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const name = callee.name.text;
  if (/fetch/iu.test(name) || extraNames.includes(name)) return true;
  const sourceFile = callee.getSourceFile();
  // An annotation is text of the file: a file that never writes these words has none that mentions them.
  let mentions = fileMentionsFetchTypes.get(sourceFile);
  if (mentions === undefined) {
    mentions = FETCH_TYPE_WORDS.test(sourceFile.text);
    fileMentionsFetchTypes.set(sourceFile, mentions);
  }
  return (
    mentions &&
    findMemberDeclarations(callee.expression, name).some((declaration) => {
      const type = (declaration as { type?: ts.TypeNode }).type;
      return type !== undefined && FETCH_TYPE_WORDS.test(type.getText());
    })
  );
}

// What types say of the callee: `fetch`-typed, something else, or nothing (undefined: the syntactic checks
// decide). Resolving the name is cheap; typing the callee is what costs, so the declaration answers when it can:
//   load(url)        `load` a function or method with a body, or a class: never fetch itself (a wrapper is
//                    analyzed on its own) -> undefined
//   setInterval(f)   a name nothing declares (no DOM or Node types): it would type as `any` -> undefined
//   _fetch(url)      typed `Function` (`this.fetch = options.fetch || globalThis.fetch`, the option's JSDoc
//                    `{Function}` absorbing fetch's type): says nothing -> undefined
//   operation()      a parameter `operation: () => Promise<T>` or `done: (err?: Error) => void`: a function
//                    type that cannot be fetch's (no parameter, or a result that is no `Promise<Response>`) -> other
function getTypedVerdict(callee: ts.Expression, checker: ts.TypeChecker): 'fetch' | 'other' | undefined {
  if (ts.isIdentifier(callee)) {
    let symbol = checker.getSymbolAtLocation(callee);
    if (!symbol) return undefined;
    if (callee.text !== 'fetch') {
      if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
      const declarations = symbol.declarations ?? [];
      if (declarations.length > 0 && declarations.every(isWrapperDeclaration)) return undefined;
      if (declarations.length === 1 && isNonFetchFunctionParameter(declarations[0]!)) return 'other';
    }
  }
  const type = checker.getTypeAtLocation(callee);
  if (isUnresolvedType(type)) return undefined;
  // `options.fetch || globalThis.fetch` with a JSDoc `{Function}` option reduces to `Function`: no signature, no
  // verdict; the syntactic checks decide.
  if (type.getCallSignatures().length === 0 && type.getSymbol()?.getName() === 'Function') return undefined;
  return isFetchType(checker, type, callee) ? 'fetch' : 'other';
}

function isWrapperDeclaration(declaration: ts.Declaration): boolean {
  return (
    ((ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration)) && declaration.body !== undefined) || ts.isClassDeclaration(declaration)
  );
}

// A parameter annotated with a function type `isFetchType` rejects whatever the arguments: no parameter besides
// `this`, or a result that is a keyword type or `Promise<T>` of a type parameter `T` (printed `Promise<T>`).
// Its type at a call is that function type, possibly narrowed to nothing or joined with `undefined` (`op?:`):
// never a signature of another shape.
function isNonFetchFunctionParameter(declaration: ts.Declaration): boolean {
  if (!ts.isParameter(declaration) || declaration.dotDotDotToken || !declaration.type || !ts.isFunctionTypeNode(declaration.type)) return false;
  const fn = declaration.type;
  const parameters = fn.parameters.filter((parameter) => !(ts.isIdentifier(parameter.name) && parameter.name.text === 'this'));
  if (parameters.length === 0) return true;
  const result = fn.type;
  if (KEYWORD_TYPES.has(result.kind)) return true;
  if (!ts.isTypeReferenceNode(result) || !ts.isIdentifier(result.typeName) || result.typeName.text !== 'Promise') return false;
  const argument = result.typeArguments?.length === 1 ? result.typeArguments[0] : undefined;
  if (!argument || !ts.isTypeReferenceNode(argument) || !ts.isIdentifier(argument.typeName) || argument.typeArguments) return false;
  const name = argument.typeName.text;
  // The nearest type parameters in scope: the function type's own, then those of the function declaring the parameter.
  const owner = declaration.parent;
  const scopes = [fn.typeParameters, ts.isFunctionLike(owner) ? owner.typeParameters : undefined];
  for (const typeParameters of scopes) {
    if (typeParameters?.some((parameter) => parameter.name.text === name)) return name !== 'Response';
  }
  return false;
}

function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf('.') + 1);
}

// A `fetch` declared in the file (function, variable or parameter) is not the global one.
function declaresFetch(identifier: ts.Identifier): boolean {
  for (let scope: ts.Node | undefined = identifier.parent; scope; scope = scope.parent) {
    if (ts.isFunctionLike(scope) && scope.parameters.some((parameter) => ts.isIdentifier(parameter.name) && parameter.name.text === 'fetch')) {
      return true;
    }
    if (ts.isBlock(scope) || ts.isSourceFile(scope) || ts.isModuleBlock(scope)) {
      for (const statement of scope.statements) {
        if (ts.isFunctionDeclaration(statement) && statement.name?.text === 'fetch') return true;
        if (
          ts.isVariableStatement(statement) &&
          statement.declarationList.declarations.some((declaration) => ts.isIdentifier(declaration.name) && declaration.name.text === 'fetch')
        ) {
          return true;
        }
      }
    }
  }
  return false;
}

// `typeof fetch` or a function type shaped like it: a RequestInit parameter and a Promise<Response> result,
// declared without a body (a body would be a wrapper analyzed on its own).
function isFetchType(checker: ts.TypeChecker, type: ts.Type, location: ts.Node): boolean {
  return type.getCallSignatures().some((signature) => {
    const declaration = signature.getDeclaration() as ts.SignatureDeclaration | undefined;
    if (declaration && (declaration as ts.FunctionLikeDeclarationBase).body) return false;
    // Cheap filter first: this runs for every call in a typed program.
    const returnType = signature.getReturnType();
    if (returnType.getSymbol()?.getName() !== 'Promise' || signature.parameters.length === 0) return false;
    if (!mayPrintAsPromiseOfResponse(checker, returnType)) return false;
    const returns = checker.typeToString(returnType);
    if (!/^Promise<Response>$/u.test(returns)) return false;
    return signature.parameters.some((parameter) => /\bRequestInit\b/u.test(checker.typeToString(checker.getTypeOfSymbolAtLocation(parameter, location))));
  });
}

// Whether `typeToString` could print this Promise type as `Promise<Response>`: a type argument must print as
// `Response`, which takes a symbol (or alias) of that name, or an anonymous one printed by the name that holds it.
// Ruling it out from symbols skips building the string for the `Promise<User>`s of a program.
//   Promise<Response>  Promise<R> (type R = Response)   -> maybe     Promise<User>  Promise<void>  -> no
function mayPrintAsPromiseOfResponse(checker: ts.TypeChecker, type: ts.Type): boolean {
  const reference = type.flags & ts.TypeFlags.Object && (type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference;
  if (type.aliasSymbol || !reference) return true;
  return checker.getTypeArguments(type as ts.TypeReference).some((argument) => {
    const names = [argument.getSymbol()?.getName(), argument.aliasSymbol?.getName()];
    return names.some((name) => name !== undefined && (name === 'Response' || name === 'default' || name.startsWith('__')));
  });
}
