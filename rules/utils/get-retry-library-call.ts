import ts from '../engine/typescript.cjs';

import { getCatalogueIndex } from '../models/get-catalogue-index.js';
import type { LibraryModel, RetryOptionsRow } from '../models/library-model.js';
import { getImportedModule } from './get-imported-module.js';
import { unwrapExpression } from './unwrap-expression.js';

export interface RetryLibraryCall {
  /** The package, as messages name it. */
  library: string;
  /** What is called, for messages: the export (`retry` of cockatiel) or the method (`operation`). */
  name: string;
  /** The catalogue's row for the call. */
  row: RetryOptionsRow;
  call: ts.CallExpression;
  /** The argument holding the retry options, if the call passes one. */
  options: ts.Expression | undefined;
}

// A call that configures or runs a retry library: a `retryOptions` row of the catalogue, found by the callee's
// import (types not needed):
//   pRetry(run, opts)   retry(async (bail) => ..., opts)   promiseRetry(fn, opts) / promiseRetry(opts, fn)
//   retry.operation(opts)   axiosRetry(client, opts)   got(url, opts)  got.get(url, opts)  got.extend(opts)
//   retry(handleAll, opts) (import { retry } from 'cockatiel')   backOff(fn, opts)
export function getRetryLibraryCall(call: ts.CallExpression, sourceFile: ts.SourceFile, models: readonly LibraryModel[]): RetryLibraryCall | undefined {
  const callee = unwrapExpression(call.expression);
  let binding;
  let method;
  if (ts.isIdentifier(callee)) {
    binding = getImportedModule(sourceFile, callee.text);
    method = '()';
  } else if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
    binding = getImportedModule(sourceFile, callee.expression.text);
    // Methods of the module itself: `retry.operation(...)` on `import retry from 'retry'`, not on a named export.
    if (binding && binding.imported !== 'default' && binding.imported !== '*') return undefined;
    method = callee.name.text;
  }
  if (!binding || !method) return undefined;
  const exportName = binding.imported === '*' ? 'default' : binding.imported;
  const found = getCatalogueIndex(models)
    .rows('retryOptions', binding.module)
    .find(({ row }) => row.methods.includes(method) && (row.export === undefined || row.export === exportName));
  if (!found) return undefined;
  return { library: found.package, name: method === '()' ? exportName : method, row: found.row, call, options: getOptions(call.arguments, found.row.where) };
}

function getOptions(args: ts.NodeArray<ts.Expression>, where: RetryOptionsRow['where']): ts.Expression | undefined {
  const [first, second] = args;
  if (where.or === 'function') {
    // Both orders work: promiseRetry(fn, options) and promiseRetry(options, fn).
    const optionsFirst = second !== undefined && isFunction(second) && (first === undefined || !isFunction(first));
    return optionsFirst ? first : args[where.argument];
  }
  if (where.or === 'object' && first !== undefined && ts.isObjectLiteralExpression(unwrapExpression(first))) return first;
  return args[where.argument];
}

function isFunction(node: ts.Expression): boolean {
  const expression = unwrapExpression(node);
  return ts.isArrowFunction(expression) || ts.isFunctionExpression(expression);
}
