import ts from '../engine/typescript.cjs';

const cache = new WeakMap<ts.TypeChecker, Map<string, boolean>>();

// Whether a computed member name is a well-known symbol: `Symbol.<name>` where `Symbol` is the global one
// and SymbolConstructor declares `<name>` a `unique symbol`, so the member can never be a named one:
//   [Symbol.iterator](): MapIterator<[K, V]>     readonly [Symbol.toStringTag]: string   -> true
//   [key]() {} (const key = 'save')              [Symbol.for('x')]: 1                    -> false
//   [Symbol.iterator] where a local `Symbol` shadows the global                           -> false
export function isWellKnownSymbol(expression: ts.Expression, checker: ts.TypeChecker): boolean {
  if (!ts.isPropertyAccessExpression(expression) || !ts.isIdentifier(expression.expression) || !ts.isIdentifier(expression.name)) return false;
  if (expression.expression.text !== 'Symbol') return false;
  const global = checker.resolveName('Symbol', undefined, ts.SymbolFlags.Value, false);
  if (!global || checker.getSymbolAtLocation(expression.expression) !== global) return false;
  let byName = cache.get(checker);
  if (!byName) cache.set(checker, (byName = new Map()));
  const name = expression.name.text;
  let known = byName.get(name);
  if (known === undefined) {
    known = isUniqueSymbolMember(global, name, checker);
    byName.set(name, known);
  }
  return known;
}

// `declare var Symbol: SymbolConstructor` and every `interface SymbolConstructor` (none extending another)
// declaring `readonly <name>: unique symbol`.
function isUniqueSymbolMember(global: ts.Symbol, name: string, checker: ts.TypeChecker): boolean {
  const variables = global.declarations?.filter(ts.isVariableDeclaration) ?? [];
  const type = variables.length === 1 ? variables[0]!.type : undefined;
  if (!type || !ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) return false;
  const constructor = checker.getSymbolAtLocation(type.typeName);
  if (!constructor?.declarations?.every((declaration) => ts.isInterfaceDeclaration(declaration) && !declaration.heritageClauses)) return false;
  const member = constructor.members?.get(ts.escapeLeadingUnderscores(name));
  return (
    member?.declarations?.every(
      (declaration) =>
        ts.isPropertySignature(declaration) &&
        declaration.type !== undefined &&
        ts.isTypeOperatorNode(declaration.type) &&
        declaration.type.operator === ts.SyntaxKind.UniqueKeyword &&
        declaration.type.type.kind === ts.SyntaxKind.SymbolKeyword,
    ) ?? false
  );
}
