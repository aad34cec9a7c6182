import ts from 'typescript';

// A function that receives a promise's rejection reason:
//   p.catch((err) => ...)            p.catch(function (err) { ... })
//   p.then(onValue, (err) => ...)    p.then(undefined, (err) => ...)
// Only inline function expressions count: a named handler (`p.catch(handleError)`) is checked where it is declared.
export function isRejectionCallback(node: ts.Node): node is ts.ArrowFunction | ts.FunctionExpression {
  if (!ts.isArrowFunction(node) && !ts.isFunctionExpression(node)) return false;
  const call = node.parent;
  if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression)) return false;
  const method = call.expression.name.text;
  if (method === 'catch') return call.arguments[0] === node;
  if (method === 'then') return call.arguments[1] === node;
  return false;
}
