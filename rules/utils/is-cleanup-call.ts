import ts from '../engine/typescript.cjs';

import { unwrapExpression } from './unwrap-expression.js';

const CLEANUP_METHODS = new Set([
  'close',
  'unlink',
  'unlinkSync',
  'rm',
  'rmSync',
  'rmdir',
  'destroy',
  'dispose',
  'release',
  'end',
  'disconnect',
  'quit',
  'kill',
  'abort',
  'cancel',
  'return',
  'removeAllListeners',
  'removeListener',
  'unsubscribe',
  'unref',
  'terminate',
]);

// A call that releases a resource, whose failure is usually not worth more than a best-effort attempt:
//   handle.close()   fs.unlink(tmp)   fs.rmSync(dir, { recursive: true })   client.release()   socket.destroy()
//   await redis.quit()   child.kill()   iterator.return()
export function isCleanupCall(expression: ts.Expression): boolean {
  let value = unwrapExpression(expression);
  if (ts.isAwaitExpression(value)) value = unwrapExpression(value.expression);
  if (!ts.isCallExpression(value)) return false;
  const callee = unwrapExpression(value.expression);
  const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
  return name !== undefined && CLEANUP_METHODS.has(name);
}
