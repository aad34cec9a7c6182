import ts from '../engine/typescript.cjs';

import { getAccessPath } from './get-access-path.js';
import { getObjectProperty } from './get-object-property.js';
import { isUnresolvedType } from './is-unresolved-type.js';
import { unwrapExpression } from './unwrap-expression.js';

// A socket opened on a local path (a Unix socket or a Windows named pipe) rather than a host, as net reads its
// arguments: an options object with the path option, or a lone string destination with no host after it (a
// non-numeric string is a path, a numeric one a port on localhost):
//   net.connect('/run/app.sock')   net.connect({ path: socketPath })   net.connect(process.argv[2], onConnect)
//   net.connect(path.join(dir, 'ipc.sock'))   net.createConnection(`\\\\.\\pipe\\${name}`)
// Not local: net.connect(6379, host), net.connect({ host, port }), net.connect(port) with a number type.
export function connectsToLocalPath(args: readonly ts.Expression[], pathOption: string, checker: ts.TypeChecker | undefined): boolean {
  const first = args[0] && unwrapExpression(args[0]);
  if (!first) return false;
  if (ts.isObjectLiteralExpression(first)) return getObjectProperty(first, pathOption).kind === 'found';
  // A second argument other than the connect listener is a host: `net.connect(port, host)`.
  const second = args[1] && unwrapExpression(args[1]);
  if (second && !ts.isArrowFunction(second) && !ts.isFunctionExpression(second)) return false;
  return isPathLike(first, checker);
}

function isPathLike(value: ts.Expression, checker: ts.TypeChecker | undefined): boolean {
  if (ts.isStringLiteralLike(value)) return !/^\d+$/u.test(value.text);
  if (ts.isTemplateExpression(value)) return true;
  // path.join(dir, 'app.sock'), path.resolve(...)
  if (ts.isCallExpression(value) && ts.isPropertyAccessExpression(value.expression)) {
    const receiver = getAccessPath(value.expression.expression);
    if (receiver === 'path' || receiver === 'path.posix' || receiver === 'path.win32') return true;
  }
  // A command-line argument: a string, given by the process that started this one.
  if (ts.isElementAccessExpression(value) && getAccessPath(value.expression) === 'process.argv') return true;
  if (checker) {
    const type = checker.getTypeAtLocation(value);
    return !isUnresolvedType(type) && (type.flags & ts.TypeFlags.StringLike) !== 0;
  }
  return false;
}
