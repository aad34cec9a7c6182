import ts from '../engine/typescript.cjs';

import { getAccessPath } from './get-access-path.js';

const LOG_METHODS = new Set([
  'log',
  'info',
  'warn',
  'warning',
  'error',
  'debug',
  'trace',
  'fatal',
  'notice',
  'verbose',
  'silly',
  'critical',
  'crit',
  'alert',
  'emerg',
]);

// A call that only writes a log line:
//   console.error(err)   logger.warn(...)   this.logger.error(...)   log.info(...)   fastify.log.error(...)
//   req.log.warn(...)    debug('...')       log(err)
// The receiver's last name must look like a logger (console, *log*, *logger*), so `queue.error(...)` is not one.
export function isLoggingCall(call: ts.CallExpression): boolean {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return /^(log|debug|logError|logWarning|warn)$/u.test(callee.text);
  if (!ts.isPropertyAccessExpression(callee)) return false;
  if (!LOG_METHODS.has(callee.name.text)) return false;
  const receiver = getAccessPath(callee.expression);
  if (receiver === undefined) return false;
  const last = receiver.slice(receiver.lastIndexOf('.') + 1);
  return last === 'console' || /log/iu.test(last);
}
