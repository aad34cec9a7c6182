import path from 'node:path';

import ts from '../engine/typescript.cjs';

import { unwrapExpression } from './unwrap-expression.js';

const SUFFIXES = ['', '.js', '.cjs', '.ts', '.cts', '/index.js', '/index.cjs', '/index.ts', '/index.cts'];

// The project file a relative `require` loads, looked up by name among the program's files (no file system):
//   require('./settings')   in lib/index.js   -> lib/settings.js
//   require('./api')        in lib/index.js   -> lib/api/index.js
// A package (`require('async-mutex')`), a computed specifier, or a file the lookup does not know: undefined.
export function resolveRelativeRequire(expression: ts.Expression, getFile: (fileName: string) => ts.SourceFile | undefined): ts.SourceFile | undefined {
  const call = unwrapExpression(expression);
  if (!ts.isCallExpression(call) || !ts.isIdentifier(call.expression) || call.expression.text !== 'require' || call.arguments.length !== 1) return undefined;
  const specifier = call.arguments[0]!;
  if (!ts.isStringLiteralLike(specifier) || !specifier.text.startsWith('.')) return undefined;
  const base = path.posix.join(path.posix.dirname(call.getSourceFile().fileName), specifier.text);
  for (const suffix of SUFFIXES) {
    const file = getFile(base + suffix);
    if (file) return file;
  }
  return undefined;
}
