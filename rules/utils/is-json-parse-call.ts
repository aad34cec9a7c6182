import ts from '../engine/typescript.cjs';

import { getAccessPath } from './get-access-path.js';

// `JSON.parse(text)`: a call that throws on malformed input.
export function isJsonParseCall(node: ts.Node): boolean {
  return ts.isCallExpression(node) && getAccessPath(node.expression) === 'JSON.parse';
}
