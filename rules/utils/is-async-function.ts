import ts from '../engine/typescript.cjs';

// Whether a function (or any node that can carry modifiers) is declared `async`:
//   async function load() {}   async () => {}   class C { async run() {} }
export function isAsyncFunction(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword) ?? false);
}
