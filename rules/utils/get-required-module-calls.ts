import ts from '../engine/typescript.cjs';

import { createProjectIndex } from './create-project-index.js';
import { findLocalDeclaration } from './find-local-declaration.js';
import { forEachDescendant } from './for-each-descendant.js';
import { getAccessPath } from './get-access-path.js';
import { resolveRelativeRequire } from './resolve-relative-require.js';
import { unwrapExpression } from './unwrap-expression.js';

type CallIndex = ReadonlyMap<string, readonly ts.CallExpression[]>;

const getIndex = createProjectIndex<CallIndex>(collect);

// The calls other project files make of a member of a CommonJS module, through a name bound at their top level to
// its `require`, or through a property of a top-level object literal that holds it:
//   var externalAPI = require('./api');  ...  externalAPI.init(runtime)                      -> api/index.js, `init`
//   var api = module.exports = { flows: require('./flows'), init(r) { api.flows.init(r); } }  -> flows.js, `init`
// Without a program, nothing (a file does not require itself).
export function getRequiredModuleCalls(program: ts.Program | undefined, module: ts.SourceFile, member: string): readonly ts.CallExpression[] {
  return getIndex(program, module).get(key(module.fileName, member)) ?? [];
}

function key(fileName: string, member: string): string {
  return `${fileName}\0${member}`;
}

function collect(files: readonly ts.SourceFile[]): CallIndex {
  const byName = new Map(files.map((file) => [file.fileName, file]));
  const getFile = (fileName: string): ts.SourceFile | undefined => byName.get(fileName);
  const calls = new Map<string, ts.CallExpression[]>();
  for (const file of files) {
    const bindings = new Map<string, { module: ts.SourceFile; declaration: ts.VariableDeclaration }>();
    for (const statement of file.statements) {
      if (!ts.isVariableStatement(statement)) continue;
      for (const declaration of statement.declarationList.declarations) {
        if (!ts.isIdentifier(declaration.name) || !declaration.initializer) continue;
        const name = declaration.name.text;
        let value = unwrapExpression(declaration.initializer);
        while (ts.isBinaryExpression(value) && value.operatorToken.kind === ts.SyntaxKind.EqualsToken) value = unwrapExpression(value.right);
        const required = resolveRelativeRequire(value, getFile);
        if (required) bindings.set(name, { module: required, declaration });
        if (!ts.isObjectLiteralExpression(value)) continue;
        for (const property of value.properties) {
          if (!ts.isPropertyAssignment(property) || !(ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))) continue;
          const held = resolveRelativeRequire(property.initializer, getFile);
          if (held) bindings.set(`${name}.${property.name.text}`, { module: held, declaration });
        }
      }
    }
    if (bindings.size === 0) continue;
    forEachDescendant(
      file,
      (node) => {
        if (!ts.isCallExpression(node)) return true;
        const callee = unwrapExpression(node.expression);
        if (!ts.isPropertyAccessExpression(callee)) return true;
        const path = getAccessPath(callee.expression);
        const binding = path === undefined ? undefined : bindings.get(path);
        let root = unwrapExpression(callee.expression);
        while (ts.isPropertyAccessExpression(root)) root = unwrapExpression(root.expression);
        // a parameter or local of the same name is another value
        if (binding && ts.isIdentifier(root) && findLocalDeclaration(root) === binding.declaration) {
          const entry = key(binding.module.fileName, callee.name.text);
          const list = calls.get(entry);
          if (list) list.push(node);
          else calls.set(entry, [node]);
        }
        return true;
      },
      { crossFunctions: true },
    );
  }
  return calls;
}
