import ts from '../engine/typescript.cjs';

// Whether a declaration is a parameter, or a name bound by destructuring one:
//   function f(signal) {}   function f({ signal }) {}   function f([first, { signal }]) {}
export function isParameterBinding(declaration: ts.Node): boolean {
  let current: ts.Node = declaration;
  while (ts.isBindingElement(current) || ts.isObjectBindingPattern(current) || ts.isArrayBindingPattern(current)) {
    current = current.parent;
  }
  return ts.isParameter(current);
}
