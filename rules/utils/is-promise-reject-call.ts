import ts from '../engine/typescript.cjs';

// A direct rejection through the Promise constructor's static method:
//   Promise.reject(reason)    return Promise.reject(new Error('x'))
export function isPromiseRejectCall(call: ts.CallExpression): boolean {
  const callee = call.expression;
  return ts.isPropertyAccessExpression(callee) && callee.name.text === 'reject' && ts.isIdentifier(callee.expression) && callee.expression.text === 'Promise';
}
