import ts from '../engine/typescript.cjs';

import { createNameIndex, type NameIndex } from './create-project-index.js';
import { getAccessPath } from './get-access-path.js';
import { unwrapExpression } from './unwrap-expression.js';

/** Member name (or `class Name`) -> every declaration of it in the project's own files. */
export type ProjectMembers = NameIndex<ts.Node>;

/** Function name -> its declarations in the project's own files (`function f() {}`, `const f = () => {}`). */
export type ProjectFunctions = NameIndex<ts.FunctionLikeDeclaration>;

interface FileDeclarations {
  members: ReadonlyMap<string, readonly ts.Node[]>;
  functions: ReadonlyMap<string, readonly ts.FunctionLikeDeclaration[]>;
}

// Every place the project's own files (not declaration files, not node_modules) give a member its value,
// by member name, for resolving `receiver.name()` when the receiver's type is unknown:
//   class Broker { connect() {} }          -> connect: the method
//   { connect: async () => {}, send }      -> connect: the arrow; send: the shorthand
//   this.handler = handler; x.run = fn     -> handler: the assignment; run: the assignment
//   [PRIVATE.SEND](request) {}             -> [PRIVATE.SEND]: the method
//   class KafkaJSError extends Error {}    -> `class KafkaJSError`: the class
// Without a program, the file's own declarations only.
export const getProjectMembers: (program: ts.Program | undefined, sourceFile: ts.SourceFile) => ProjectMembers = createNameIndex(
  (file, within) => collect(file, within).members,
  // `class Broker` is found where `Broker` is written, `[PRIVATE.SEND]` where `SEND` is
  (name) => /^class (.+)$/u.exec(name)?.[1] ?? /([^.[\]]+)\]$/u.exec(name)?.[1] ?? name,
);

// Every function the project's own files declare by name, found by the same walk:
//   function deferred() {}   const deferred = () => {}   const deferred = function () {}
export const getProjectFunctions: (program: ts.Program | undefined, sourceFile: ts.SourceFile) => ProjectFunctions = createNameIndex(
  (file, within) => collect(file, within).functions,
);

function collect(file: ts.SourceFile, within: (node: ts.Node) => boolean): FileDeclarations {
  const members = new Map<string, ts.Node[]>();
  const functions = new Map<string, ts.FunctionLikeDeclaration[]>();
  const add = (name: string | undefined, node: ts.Node): void => {
    if (name === undefined) return;
    const list = members.get(name);
    if (list) list.push(node);
    else members.set(name, [node]);
  };
  const addFunction = (name: string, node: ts.FunctionLikeDeclaration): void => {
    const list = functions.get(name);
    if (list) list.push(node);
    else functions.set(name, [node]);
  };
  const visit = (node: ts.Node): void => {
    if (!within(node)) return;
    if (
      ts.isMethodDeclaration(node) ||
      ts.isPropertyDeclaration(node) ||
      ts.isPropertyAssignment(node) ||
      ts.isShorthandPropertyAssignment(node) ||
      ts.isGetAccessorDeclaration(node)
    ) {
      add(nameOf(node.name), node);
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const target = node.left;
      if (ts.isPropertyAccessExpression(target)) add(target.name.text, node);
      else if (ts.isElementAccessExpression(target)) add(nameOfKey(target.argumentExpression), node);
    } else if (ts.isClassLike(node) && node.name) {
      add(`class ${node.name.text}`, node);
    } else if (ts.isFunctionDeclaration(node) && node.name) {
      addFunction(node.name.text, node);
    } else if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      const value = unwrapExpression(node.initializer);
      if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) addFunction(node.name.text, value);
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(file, visit);
  return { members, functions };
}

function nameOf(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteralLike(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isComputedPropertyName(name)) return nameOfKey(name.expression);
  return undefined;
}

function nameOfKey(key: ts.Expression): string | undefined {
  if (ts.isStringLiteralLike(key)) return key.text;
  const path = getAccessPath(key);
  return path === undefined ? undefined : `[${path}]`;
}
