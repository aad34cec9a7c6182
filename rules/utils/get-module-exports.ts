import ts from '../engine/typescript.cjs';

import { forEachDescendant } from './for-each-descendant.js';
import { getAccessPath } from './get-access-path.js';
import { unwrapExpression } from './unwrap-expression.js';

// What a CommonJS module's one `module.exports = ...` assigns, at the top level of the file:
//   module.exports = persistentSettings;               -> `persistentSettings`
//   var api = module.exports = { init: ..., ... };     -> the object literal
// A module that assigns `module.exports` more than once, or inside a function: undefined.
export function getModuleExports(file: ts.SourceFile): ts.Expression | undefined {
  if (!exportsByFile.has(file)) exportsByFile.set(file, find(file));
  return exportsByFile.get(file);
}

const exportsByFile = new WeakMap<ts.SourceFile, ts.Expression | undefined>();

function find(file: ts.SourceFile): ts.Expression | undefined {
  const assignments: ts.BinaryExpression[] = [];
  forEachDescendant(
    file,
    (node) => {
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && getAccessPath(node.left) === 'module.exports') {
        assignments.push(node);
      }
      return true;
    },
    { crossFunctions: true },
  );
  const [assignment] = assignments;
  if (assignments.length !== 1 || !assignment) return undefined;
  let statement: ts.Node = assignment;
  while (ts.isBinaryExpression(statement.parent) || ts.isParenthesizedExpression(statement.parent) || ts.isVariableDeclaration(statement.parent)) {
    statement = statement.parent;
  }
  if (ts.isVariableDeclaration(statement)) statement = statement.parent.parent;
  else statement = statement.parent;
  if (statement.parent !== file) return undefined;
  let value = unwrapExpression(assignment.right);
  while (ts.isBinaryExpression(value) && value.operatorToken.kind === ts.SyntaxKind.EqualsToken) value = unwrapExpression(value.right);
  return value;
}
