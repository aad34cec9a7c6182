import ts from '../engine/typescript.cjs';

import { isOnlyDereferenced } from './is-only-dereferenced.js';
import { isOverloadImplementation } from './is-overload-implementation.js';
import { isWellKnownSymbol } from './is-well-known-symbol.js';

export interface CalleeDeclarations {
  /** The declarations the callee's signatures come from, in the checker's order. */
  declarations: readonly ts.Declaration[];
  /** For a member call, the class or interface it is looked up on (what a `this` return type means). */
  owner?: ts.Symbol;
}

// The declarations a call's callee has, found with symbol lookups only, never typing an expression
// (typing `this.repository` makes the checker resolve the class, its members and their initializers):
//   save(x)                    -> function save / const save = async () => ...   (also imported)
//   this.save(x)               -> `save` of the enclosing class
//   this.repo.save(x)          -> `save` of Repo, for `repo: Repo`, `constructor(private repo: Repo)`, `repo = new Repo()`
//   repo.save(x)               -> the same, for a parameter or a const/let declared with `: Repo` or `= new Repo()`
// Undefined whenever the checker could see a different member than the declarations say: the receiver's
// type comes from anything but a plain class/interface name, that class or interface extends another
// (bases, mixins), has members with computed names or `this is` predicates, the member is optional or
// an accessor, or the receiver is mentioned anywhere as more than `receiver.member` (a mention the
// checker could narrow it by: `instanceof`, a type guard, an assignment, a truthiness test).
export function getCalleeDeclarations(call: ts.CallExpression, checker: ts.TypeChecker): CalleeDeclarations | undefined {
  const callee = call.expression;
  if (call.questionDotToken) return undefined;
  if (ts.isIdentifier(callee)) {
    const declarations = functionDeclarationsOf(callee, checker);
    return declarations && { declarations };
  }
  if (!ts.isPropertyAccessExpression(callee) || callee.questionDotToken || !ts.isIdentifier(callee.name)) return undefined;
  const owner = getReceiverType(callee.expression, callee.name.text, checker);
  const member = owner?.members?.get(ts.escapeLeadingUnderscores(callee.name.text));
  if (!owner || !member?.declarations || member.flags & (ts.SymbolFlags.Optional | ts.SymbolFlags.Accessor)) return undefined;
  const declarations = member.declarations;
  if (member.flags & ts.SymbolFlags.Method) {
    // overloads, or a class method merged with an interface's
    return declarations.every((declaration) => ts.isMethodDeclaration(declaration) || ts.isMethodSignature(declaration)) ? { declarations, owner } : undefined;
  }
  return member.flags & ts.SymbolFlags.Property && declarations.length === 1 ? { declarations, owner } : undefined;
}

// f(x): the function declarations (overloads included) or the single `const f = ...` the name resolves to.
function functionDeclarationsOf(name: ts.Identifier, checker: ts.TypeChecker): readonly ts.Declaration[] | undefined {
  let symbol = checker.getSymbolAtLocation(name);
  if (!symbol) return undefined;
  // The checker reads an imported callee's declared type, never a narrowed one.
  const imported = (symbol.flags & ts.SymbolFlags.Alias) !== 0;
  if (imported) symbol = checker.getAliasedSymbol(symbol);
  const declarations = symbol.declarations;
  if (!declarations?.length) return undefined;
  if (symbol.flags & ts.SymbolFlags.Function) {
    // An interface or namespace of the same name adds no call signature: `function Router(): Router` + `interface Router`
    const functions = declarations.filter(ts.isFunctionDeclaration);
    return declarations.every(
      (declaration) => ts.isFunctionDeclaration(declaration) || ts.isInterfaceDeclaration(declaration) || ts.isModuleDeclaration(declaration),
    )
      ? functions
      : undefined;
  }
  const [declaration] = declarations;
  if (declarations.length !== 1) return undefined;
  // next(error), for `next: NextFunction`: a parameter's annotation, unless the body could narrow it
  if (ts.isParameter(declaration!)) {
    if (!declaration.type || declaration.questionToken || declaration.dotDotDotToken || !ts.isIdentifier(declaration.name)) return undefined;
    return isOnlyDereferenced(declaration.parent, [name.text], undefined) ? declarations : undefined;
  }
  if (!ts.isVariableDeclaration(declaration!) || !isConstOrLet(declaration)) return undefined;
  if (!imported && !isOnlyDereferenced(bindingScope(declaration), [name.text], undefined)) return undefined;
  return declarations;
}

// The class or interface a receiver's type is, read from declarations.
function getReceiverType(receiver: ts.Expression, member: string, checker: ts.TypeChecker): ts.Symbol | undefined {
  if (receiver.kind === ts.SyntaxKind.ThisKeyword) {
    const owner = thisClass(receiver, checker);
    return owner && isOnlyDereferenced(owner.node, ['this'], member) ? owner.symbol : undefined;
  }
  if (ts.isPropertyAccessExpression(receiver) && receiver.expression.kind === ts.SyntaxKind.ThisKeyword && ts.isIdentifier(receiver.name)) {
    // this.repo.save(): `this` must not be narrowed either, or `repo` could be another class's member
    const owner = thisClass(receiver.expression, checker);
    if (!owner) return undefined;
    const field = owner.symbol.members?.get(ts.escapeLeadingUnderscores(receiver.name.text));
    if (!field?.declarations || field.declarations.length !== 1 || field.flags & ts.SymbolFlags.Optional) return undefined;
    const declaration = field.declarations[0]!;
    if (!(ts.isPropertyDeclaration(declaration) || ts.isParameter(declaration)) || declaration.questionToken) return undefined;
    // One scan covers both: every `this` is `this.<name>`, every `this.repo` is `this.repo.<name>`.
    if (!isOnlyDereferenced(owner.node, ['this', receiver.name.text], member)) return undefined;
    return typeOfDeclaration(declaration, checker);
  }
  if (ts.isCallExpression(receiver)) {
    // response.status(404).json(...): what `status` is declared to return (`this`, or a plain class or interface)
    return returnedType(receiver, false, checker);
  }
  if (ts.isIdentifier(receiver)) {
    const symbol = checker.getSymbolAtLocation(receiver);
    if (!symbol || symbol.flags & ts.SymbolFlags.Alias || symbol.declarations?.length !== 1) return undefined;
    const declaration = symbol.declarations[0]!;
    if (declaration.getSourceFile() !== receiver.getSourceFile()) return undefined;
    if (ts.isParameter(declaration)) {
      if (declaration.questionToken || declaration.dotDotDotToken || !ts.isIdentifier(declaration.name)) return undefined;
      if (!isOnlyDereferenced(declaration.parent, [receiver.text], member)) return undefined;
      return typeOfDeclaration(declaration, checker);
    }
    if (!ts.isVariableDeclaration(declaration) || !isConstOrLet(declaration)) return undefined;
    if (!isOnlyDereferenced(bindingScope(declaration), [receiver.text], member)) return undefined;
    return typeOfDeclaration(declaration, checker);
  }
  return undefined;
}

// `repo: Repo` (annotation), or without one `repo = new Repo(...)`, `router = Router()`, `client = await pool.connect()`
// (what the callee is declared to return): the class or interface symbol.
function typeOfDeclaration(
  declaration: ts.PropertyDeclaration | ts.ParameterDeclaration | ts.VariableDeclaration,
  checker: ts.TypeChecker,
): ts.Symbol | undefined {
  if (declaration.type) {
    if (!ts.isTypeReferenceNode(declaration.type) || !ts.isIdentifier(declaration.type.typeName)) return undefined;
    return plainType(checker.getSymbolAtLocation(declaration.type.typeName), checker);
  }
  const initializer = declaration.initializer;
  if (initializer && ts.isCallExpression(initializer)) return returnedType(initializer, false, checker);
  if (initializer && ts.isAwaitExpression(initializer) && ts.isCallExpression(initializer.expression))
    return returnedType(initializer.expression, true, checker);
  if (!initializer || !ts.isNewExpression(initializer) || !ts.isIdentifier(initializer.expression)) return undefined;
  let symbol = checker.getSymbolAtLocation(initializer.expression);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  if (symbol && symbol.flags & ts.SymbolFlags.Class) return plainType(symbol, checker);
  // new Map(): a global `var` the checker could narrow only where the file mentions it as more than `new Map(...)`
  const file = initializer.getSourceFile();
  return isOnlyDereferenced(file, [initializer.expression.text], undefined) ? constructedType(symbol, checker) : undefined;
}

// The class or interface a call returns, when every signature of the callee declares the same one:
//   Router(): Router          status(code: number): this          connect(): Promise<PoolClient> (awaited)
// Awaited, the declared type must be the global `Promise<X>` with X a plain type that has no `then` of its own
// (the checker would unwrap it further).
function returnedType(call: ts.CallExpression, awaited: boolean, checker: ts.TypeChecker): ts.Symbol | undefined {
  const callee = getCalleeDeclarations(call, checker);
  if (!callee) return undefined;
  let returned: ts.Symbol | undefined;
  for (let index = 0; index < callee.declarations.length; index++) {
    const declaration = callee.declarations[index]!;
    if (isOverloadImplementation(declaration, callee.declarations[index - 1])) continue;
    if (!(ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration) || ts.isMethodSignature(declaration))) return undefined;
    if (declaration.flags & ts.NodeFlags.JavaScriptFile) return undefined;
    // `async f(): Router` is an error the checker types its own way
    if (!awaited && ts.getModifiers(declaration)?.some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword)) return undefined;
    let type = declaration.type;
    if (awaited) type = type && promisedTypeNode(type, checker);
    const next =
      type?.kind === ts.SyntaxKind.ThisType && !awaited
        ? callee.owner
        : type && ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName)
          ? plainType(checker.getSymbolAtLocation(type.typeName), checker)
          : undefined;
    if (!next || (returned !== undefined && next !== returned)) return undefined;
    if (awaited && (next.members?.has(ts.escapeLeadingUnderscores('then')) || globalObjectHasThen(checker))) return undefined;
    returned = next;
  }
  return returned;
}

// `interface Object { then(...) }` somewhere: every object would be a thenable.
function globalObjectHasThen(checker: ts.TypeChecker): boolean {
  return checker.resolveName('Object', undefined, ts.SymbolFlags.Type, false)?.members?.has(ts.escapeLeadingUnderscores('then')) !== false;
}

// Promise<X> -> X, for the global Promise only.
function promisedTypeNode(type: ts.TypeNode, checker: ts.TypeChecker): ts.TypeNode | undefined {
  if (!ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName) || type.typeName.text !== 'Promise' || type.typeArguments?.length !== 1)
    return undefined;
  const global = checker.resolveName('Promise', undefined, ts.SymbolFlags.Type, false);
  return global !== undefined && checker.resolveName('Promise', type, ts.SymbolFlags.Type, false) === global ? type.typeArguments[0] : undefined;
}

const constructedTypes = new WeakMap<ts.Symbol, ts.Symbol | null>();

// What `new X(...)` makes when X is a `declare var X: XConstructor` merged with an `interface X`, as the lib
// declares Map, Set, URL...: that interface, when every construct signature of XConstructor returns it
// (any type arguments):
//   interface MapConstructor { new (): Map<any, any>; new <K, V>(entries?: ...): Map<K, V> }  -> Map
function constructedType(symbol: ts.Symbol | undefined, checker: ts.TypeChecker): ts.Symbol | undefined {
  if (!symbol || !(symbol.flags & ts.SymbolFlags.Variable) || !(symbol.flags & ts.SymbolFlags.Interface)) return undefined;
  let constructed = constructedTypes.get(symbol);
  if (constructed === undefined) {
    constructed = null;
    const variables = symbol.declarations?.filter(ts.isVariableDeclaration) ?? [];
    const type = variables.length === 1 ? variables[0]!.type : undefined;
    const constructor =
      type && ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && !type.typeArguments
        ? plainType(checker.getSymbolAtLocation(type.typeName), checker)
        : undefined;
    const signatures = constructor?.declarations?.flatMap((declaration) =>
      ts.isInterfaceDeclaration(declaration) ? declaration.members.filter(ts.isConstructSignatureDeclaration) : [],
    );
    const returnsSymbol = (signature: ts.ConstructSignatureDeclaration): boolean =>
      signature.type !== undefined &&
      ts.isTypeReferenceNode(signature.type) &&
      ts.isIdentifier(signature.type.typeName) &&
      checker.getSymbolAtLocation(signature.type.typeName) === symbol;
    if (signatures?.length && signatures.every(returnsSymbol)) {
      constructed = plainType(symbol, checker) ?? null;
    }
    constructedTypes.set(symbol, constructed);
  }
  return constructed ?? undefined;
}

const plainTypes = new WeakMap<ts.Symbol, boolean>();

// A class or interface whose members are exactly the ones its declarations list: declared in TypeScript
// (not JSDoc), no `extends` (inherited members, mixins), no computed member names (late-bound members)
// but well-known symbols (`[Symbol.iterator]()`, never a named member), no `this is T` / `asserts this`
// predicates (which narrow the receiver). A `var`, function or namespace of the same name adds no
// instance members: `interface Map<K, V>` + `declare var Map: MapConstructor`, `interface Router` + `function Router()`.
function plainType(symbol: ts.Symbol | undefined, checker: ts.TypeChecker): ts.Symbol | undefined {
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  if (!symbol?.declarations?.length || !symbol.members || !(symbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface))) return undefined;
  let plain = plainTypes.get(symbol);
  if (plain === undefined) {
    plain = symbol.declarations.every((declaration) => {
      if (ts.isVariableDeclaration(declaration) || ts.isFunctionDeclaration(declaration) || ts.isModuleDeclaration(declaration)) return true;
      return (
        (ts.isClassDeclaration(declaration) || ts.isInterfaceDeclaration(declaration)) &&
        !(declaration.flags & ts.NodeFlags.JavaScriptFile) &&
        !declaration.heritageClauses?.some((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword) &&
        (declaration.members as readonly (ts.ClassElement | ts.TypeElement)[]).every((member) => isPlainMember(member, checker))
      );
    });
    plainTypes.set(symbol, plain);
  }
  return plain ? symbol : undefined;
}

function isPlainMember(member: ts.ClassElement | ts.TypeElement, checker: ts.TypeChecker): boolean {
  if (member.name && ts.isComputedPropertyName(member.name) && !isWellKnownSymbol(member.name.expression, checker)) return false;
  const type = (member as Partial<ts.SignatureDeclarationBase>).type;
  return !(type && ts.isTypePredicateNode(type) && ts.isThisTypeNode(type.parameterName));
}

// The class whose instance `this` is: through arrow functions, up to a non-static method, constructor,
// accessor or property initializer of a named class declaration. A `function`, an object literal method,
// a static member, a decorator, a computed name or an explicit `this` parameter give undefined.
function thisClass(node: ts.Node, checker: ts.TypeChecker): { node: ts.ClassDeclaration; symbol: ts.Symbol } | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isArrowFunction(current)) continue;
    if (ts.isDecorator(current) || ts.isComputedPropertyName(current)) return undefined;
    if (
      ts.isMethodDeclaration(current) ||
      ts.isConstructorDeclaration(current) ||
      ts.isGetAccessorDeclaration(current) ||
      ts.isSetAccessorDeclaration(current) ||
      ts.isPropertyDeclaration(current)
    ) {
      const cls = current.parent;
      if (!ts.isClassDeclaration(cls) || !cls.name) return undefined;
      if (ts.getModifiers(current)?.some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword)) return undefined;
      if (!ts.isPropertyDeclaration(current) && current.parameters.some((parameter) => ts.isIdentifier(parameter.name) && parameter.name.text === 'this')) {
        return undefined;
      }
      const symbol = plainType(checker.getSymbolAtLocation(cls.name), checker);
      return symbol && { node: cls, symbol };
    }
    if (ts.isFunctionLike(current) || ts.isClassLike(current) || ts.isSourceFile(current) || ts.isClassStaticBlockDeclaration(current)) return undefined;
  }
  return undefined;
}

function isConstOrLet(declaration: ts.VariableDeclaration): boolean {
  return ts.isVariableDeclarationList(declaration.parent) && (declaration.parent.flags & (ts.NodeFlags.Const | ts.NodeFlags.Let)) !== 0;
}

// Where a const/let binding is visible: the block, file or loop that holds its declaration list.
function bindingScope(declaration: ts.VariableDeclaration): ts.Node {
  const list = declaration.parent;
  return ts.isVariableStatement(list.parent) ? list.parent.parent : list.parent;
}
