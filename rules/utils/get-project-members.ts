import ts from '../engine/typescript.cjs';

import { createProjectIndex } from './create-project-index.js';
import { getAccessPath } from './get-access-path.js';

/** Member name (or `class Name`) -> every declaration of it in the project's own files. */
export type ProjectMembers = ReadonlyMap<string, readonly ts.Node[]>;

// Every place the project's own files (not declaration files, not node_modules) give a member its value,
// by member name, for resolving `receiver.name()` when the receiver's type is unknown:
//   class Broker { connect() {} }          -> connect: the method
//   { connect: async () => {}, send }      -> connect: the arrow; send: the shorthand
//   this.handler = handler; x.run = fn     -> handler: the assignment; run: the assignment
//   [PRIVATE.SEND](request) {}             -> [PRIVATE.SEND]: the method
//   class KafkaJSError extends Error {}    -> `class KafkaJSError`: the class
// Without a program, the file's own declarations only.
export const getProjectMembers: (program: ts.Program | undefined, sourceFile: ts.SourceFile) => ProjectMembers = createProjectIndex(collect);

function collect(files: readonly ts.SourceFile[]): ProjectMembers {
  const members = new Map<string, ts.Node[]>();
  const add = (name: string | undefined, node: ts.Node): void => {
    if (name === undefined) return;
    const list = members.get(name);
    if (list) list.push(node);
    else members.set(name, [node]);
  };
  const visit = (node: ts.Node): void => {
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
    }
    ts.forEachChild(node, visit);
  };
  for (const file of files) visit(file);
  return members;
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
