import ts from '../engine/typescript.cjs';

import { getImportedModule } from './get-imported-module.js';
import { unwrapExpression } from './unwrap-expression.js';

export type RetryLibrary = 'p-retry' | 'async-retry' | 'promise-retry' | 'retry' | 'axios-retry' | 'got' | 'ky' | 'cockatiel' | 'exponential-backoff';

export interface RetryLibraryCall {
  library: RetryLibrary;
  call: ts.CallExpression;
  /** The argument holding the retry options, if the call passes one. */
  options: ts.Expression | undefined;
}

const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'stream', 'paginate']);

// A call that configures or runs a retry library, recognised by the callee's import (types not needed):
//   pRetry(run, opts)            import pRetry from 'p-retry'
//   retry(async (bail) => ..., opts)   import retry from 'async-retry'
//   promiseRetry(fn, opts) / promiseRetry(opts, fn)                       'promise-retry'
//   retry.operation(opts)        import retry from 'retry' / import * as retry from 'retry'
//   axiosRetry(client, opts)     import axiosRetry from 'axios-retry'
//   got(url, opts)  got.get(url, opts)  got.extend(opts)                  'got' (ky likewise)
//   retry(handleAll, opts)       import { retry } from 'cockatiel'
//   backOff(fn, opts)            import { backOff } from 'exponential-backoff'
export function getRetryLibraryCall(call: ts.CallExpression, sourceFile: ts.SourceFile): RetryLibraryCall | undefined {
  const callee = unwrapExpression(call.expression);
  const args = call.arguments;
  if (ts.isIdentifier(callee)) {
    const binding = getImportedModule(sourceFile, callee.text);
    if (!binding) return undefined;
    const { module, imported } = binding;
    const whole = imported === 'default' || imported === '*';
    switch (module) {
      case 'p-retry':
      case 'async-retry':
        return whole ? { library: module, call, options: args[1] } : undefined;
      case 'promise-retry': {
        if (!whole) return undefined;
        // Both orders work: promiseRetry(fn, options) and promiseRetry(options, fn).
        const second = args[1];
        const optionsFirst = second !== undefined && isFunction(second) && (args[0] === undefined || !isFunction(args[0]));
        return { library: module, call, options: optionsFirst ? args[0] : args[1] };
      }
      case 'axios-retry':
        return whole ? { library: module, call, options: args[1] } : undefined;
      case 'got':
      case 'ky': {
        if (!whole) return undefined;
        const first = args[0];
        const optionsFirst = first !== undefined && ts.isObjectLiteralExpression(unwrapExpression(first));
        return { library: module, call, options: optionsFirst ? first : args[1] };
      }
      case 'cockatiel':
        return imported === 'retry' ? { library: module, call, options: args[1] } : undefined;
      case 'exponential-backoff':
        return imported === 'backOff' ? { library: module, call, options: args[1] } : undefined;
      default:
        return undefined;
    }
  }
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
    const binding = getImportedModule(sourceFile, callee.expression.text);
    if (!binding) return undefined;
    const method = callee.name.text;
    const whole = binding.imported === 'default' || binding.imported === '*';
    if (!whole) return undefined;
    switch (binding.module) {
      case 'retry':
        return method === 'operation' ? { library: 'retry', call, options: args[0] } : undefined;
      case 'got':
      case 'ky':
        if (method === 'extend' || method === 'create') return { library: binding.module, call, options: args[0] };
        return HTTP_METHODS.has(method) ? { library: binding.module, call, options: args[1] } : undefined;
      case 'cockatiel':
        return method === 'retry' ? { library: 'cockatiel', call, options: args[1] } : undefined;
      case 'exponential-backoff':
        return method === 'backOff' ? { library: 'exponential-backoff', call, options: args[1] } : undefined;
      default:
        return undefined;
    }
  }
  return undefined;
}

function isFunction(node: ts.Expression): boolean {
  const expression = unwrapExpression(node);
  return ts.isArrowFunction(expression) || ts.isFunctionExpression(expression);
}
