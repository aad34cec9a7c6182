import ts from '../engine/typescript.cjs';

import { getCalleeDeclarations } from './get-callee-declarations.js';
import { isOverloadImplementation } from './is-overload-implementation.js';
import { returnsValue } from './returns-value.js';
import { isAsyncFunction } from './is-async-function.js';

export type DeclaredReturnKind = 'promise' | 'other';

// Whether a call returns a promise, read from the callee's declarations when they settle it exactly as the
// checker would (its signatures' return types all thenable, or none), so the checker need not type the
// receiver, the callee or the arguments:
//   async save() {}   save(): Promise<void>   load(): PromiseLike<T>   const save = async () => {}  -> 'promise'
//   set(k: string, v: T): void   has(k): boolean   size(): number | undefined   close() { this.x = 1; }  -> 'other'
//   super(...)                                                                                            -> 'other'
// Undefined (ask the checker) for anything else: a return type naming a user type or a type parameter,
// `any`, a `Promise` that is not the global one, overloads that disagree, a function that returns a value
// without declaring its type, generators, JavaScript (JSDoc types), and every callee `getCalleeDeclarations`
// cannot resolve without typing.
export function getDeclaredReturnKind(call: ts.CallExpression, checker: ts.TypeChecker): DeclaredReturnKind | undefined {
  // The checker types every `super(...)` call `void`, whatever the base class.
  if (call.expression.kind === ts.SyntaxKind.SuperKeyword) return 'other';
  const callee = getCalleeDeclarations(call, checker);
  if (!callee) return undefined;
  const { declarations, owner } = callee;
  let kind: DeclaredReturnKind | undefined;
  for (let index = 0; index < declarations.length; index++) {
    const declaration = declarations[index]!;
    if (isOverloadImplementation(declaration, declarations[index - 1])) continue;
    const next = kindOfDeclaration(declaration, owner, checker);
    if (next === undefined || (kind !== undefined && next !== kind)) return undefined;
    kind = next;
  }
  return kind;
}

function kindOfDeclaration(declaration: ts.Declaration, owner: ts.Symbol | undefined, checker: ts.TypeChecker): DeclaredReturnKind | undefined {
  if (declaration.flags & ts.NodeFlags.JavaScriptFile) return undefined;
  if (ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration) || ts.isMethodSignature(declaration)) {
    return kindOfSignature(declaration, owner, checker);
  }
  if (ts.isPropertyDeclaration(declaration) || ts.isPropertySignature(declaration) || ts.isParameter(declaration) || ts.isVariableDeclaration(declaration)) {
    // save: () => Promise<void>      save = async () => {}      next: NextFunction (type NextFunction = (error?: unknown) => void)
    if (declaration.type) {
      const type = functionTypeOf(declaration.type, checker);
      return type && kindOfTypeNode(type.type, owner, checker);
    }
    let initializer = ts.isPropertySignature(declaration) ? undefined : declaration.initializer;
    while (initializer && ts.isParenthesizedExpression(initializer)) initializer = initializer.expression;
    if (initializer && (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer))) return kindOfSignature(initializer, owner, checker);
  }
  return undefined;
}

// A function type, written out or named by a type alias without type parameters.
function functionTypeOf(type: ts.TypeNode, checker: ts.TypeChecker): ts.FunctionTypeNode | undefined {
  while (ts.isParenthesizedTypeNode(type)) type = type.type;
  if (ts.isFunctionTypeNode(type)) return type;
  if (!ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName) || type.typeArguments) return undefined;
  let symbol = checker.getSymbolAtLocation(type.typeName);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const [alias] = symbol?.declarations ?? [];
  if (symbol?.declarations?.length !== 1 || !alias || !ts.isTypeAliasDeclaration(alias) || alias.typeParameters) return undefined;
  if (alias.flags & ts.NodeFlags.JavaScriptFile) return undefined;
  let aliased = alias.type;
  while (ts.isParenthesizedTypeNode(aliased)) aliased = aliased.type;
  return ts.isFunctionTypeNode(aliased) ? aliased : undefined;
}

function kindOfSignature(
  fn: ts.FunctionLikeDeclaration | ts.MethodSignature,
  owner: ts.Symbol | undefined,
  checker: ts.TypeChecker,
): DeclaredReturnKind | undefined {
  if ((fn as ts.FunctionLikeDeclaration).asteriskToken) return undefined;
  const isAsync = isAsyncFunction(fn);
  if (fn.type) {
    const kind = kindOfTypeNode(fn.type, owner, checker);
    // `async f(): string` is an error whose type is the annotation: leave it to the checker
    return isAsync && kind !== 'promise' ? undefined : kind;
  }
  if (isAsync) return 'promise';
  // No annotation: the body infers `void` (or `never`) when it returns no value; anything else needs the checker.
  const body = (fn as ts.FunctionLikeDeclaration).body;
  return body && ts.isBlock(body) && !returnsValue(body) ? 'other' : undefined;
}

// What a return type annotation makes the call: a keyword, literal or array of such is never thenable
// (unless a global augmentation gave String, Object... a `then`), `Promise<T>` / `PromiseLike<T>` always is
// when the name is the global one, a union is thenable when a member is.
function kindOfTypeNode(type: ts.TypeNode, owner: ts.Symbol | undefined, checker: ts.TypeChecker): DeclaredReturnKind | undefined {
  const other = (apparent?: string): DeclaredReturnKind | undefined =>
    (apparent === undefined || lacksThen(checker, apparent)) && lacksThen(checker, 'Object') ? 'other' : undefined;
  switch (type.kind) {
    case ts.SyntaxKind.VoidKeyword:
    case ts.SyntaxKind.UndefinedKeyword:
    case ts.SyntaxKind.NeverKeyword:
      return 'other';
    case ts.SyntaxKind.StringKeyword:
    case ts.SyntaxKind.TemplateLiteralType:
      return other('String');
    case ts.SyntaxKind.NumberKeyword:
      return other('Number');
    case ts.SyntaxKind.BooleanKeyword:
      return other('Boolean');
    case ts.SyntaxKind.BigIntKeyword:
      return other('BigInt');
    case ts.SyntaxKind.SymbolKeyword:
      return other('Symbol');
    case ts.SyntaxKind.ObjectKeyword:
      return other();
    case ts.SyntaxKind.ParenthesizedType:
      return kindOfTypeNode((type as ts.ParenthesizedTypeNode).type, owner, checker);
    case ts.SyntaxKind.LiteralType: {
      const literal = (type as ts.LiteralTypeNode).literal;
      if (literal.kind === ts.SyntaxKind.NullKeyword) return 'other';
      if (literal.kind === ts.SyntaxKind.TrueKeyword || literal.kind === ts.SyntaxKind.FalseKeyword) return other('Boolean');
      if (ts.isStringLiteral(literal) || ts.isNoSubstitutionTemplateLiteral(literal)) return other('String');
      if (ts.isNumericLiteral(literal) || ts.isPrefixUnaryExpression(literal)) return other('Number');
      if (ts.isBigIntLiteral(literal)) return other('BigInt');
      return undefined;
    }
    case ts.SyntaxKind.TypePredicate:
      // x is Foo -> boolean; asserts x (is Foo) -> void
      return (type as ts.TypePredicateNode).assertsModifier ? 'other' : other('Boolean');
    case ts.SyntaxKind.ArrayType:
      return kindOfTypeNode((type as ts.ArrayTypeNode).elementType, owner, checker) === 'other' ? other('Array') : undefined;
    case ts.SyntaxKind.ThisType:
      // m(): this -> the receiver's own class or interface (plain: no bases), thenable only with its own `then`
      return owner?.members && !owner.members.has(ts.escapeLeadingUnderscores('then')) ? other() : undefined;
    case ts.SyntaxKind.UnionType: {
      let kind: DeclaredReturnKind = 'other';
      for (const member of (type as ts.UnionTypeNode).types) {
        const next = kindOfTypeNode(member, owner, checker);
        if (next === undefined) return undefined;
        if (next === 'promise') kind = 'promise';
      }
      return kind;
    }
    case ts.SyntaxKind.TypeReference: {
      const reference = type as ts.TypeReferenceNode;
      if (!ts.isIdentifier(reference.typeName) || reference.typeArguments?.length !== 1) return undefined;
      const name = reference.typeName.text;
      if (name !== 'Promise' && name !== 'PromiseLike') return undefined;
      const global = globalInterface(checker, name);
      const resolved = checker.resolveName(name, reference, ts.SymbolFlags.Type, false);
      return global !== undefined && resolved === global && global.members?.has(ts.escapeLeadingUnderscores('then')) ? 'promise' : undefined;
    }
    default:
      return undefined;
  }
}

const globals = new WeakMap<ts.TypeChecker, Map<string, ts.Symbol | undefined>>();

// The global interface a name resolves to where nothing shadows it: Promise, String, Object...
function globalInterface(checker: ts.TypeChecker, name: string): ts.Symbol | undefined {
  let byName = globals.get(checker);
  if (!byName) globals.set(checker, (byName = new Map()));
  if (!byName.has(name)) byName.set(name, checker.resolveName(name, undefined, ts.SymbolFlags.Type, false));
  return byName.get(name);
}

// No `then` among the global interface's members, and no base it could inherit one from
// (`interface String` and `declare var String: StringConstructor` share the symbol).
function lacksThen(checker: ts.TypeChecker, name: string): boolean {
  const symbol = globalInterface(checker, name);
  return (
    symbol?.members !== undefined &&
    !symbol.members.has(ts.escapeLeadingUnderscores('then')) &&
    (symbol.declarations ?? []).every(
      (declaration) => ts.isVariableDeclaration(declaration) || (ts.isInterfaceDeclaration(declaration) && !declaration.heritageClauses),
    )
  );
}
