import ts from '../engine/typescript.cjs';

import { findLocalDeclaration } from './find-local-declaration.js';
import { unwrapExpression } from './unwrap-expression.js';

// The in-file declarations of `receiver.name`, when the receiver's type is visible in the file without a checker:
//   this.save()                         -> `save` in the enclosing class
//   this.repo.save()                    -> `save` in class/interface Repo, for `repo: Repo` / `new Repo()` /
//                                          `constructor(private repo: Repo)`
//   queue.publish()                     -> `publish` in Queue, for `queue: Queue` or `const queue = new Queue()`
//   client.send()  (client: { send(): Promise<void> })  -> the inline type literal's member
// Anything else (imports, globals, untyped values) gives an empty list: no evidence.
export function findMemberDeclarations(receiver: ts.Expression, name: string): ts.Node[] {
  const owner = findTypeOwner(unwrapExpression(receiver));
  return owner ? membersNamed(owner, name) : [];
}

type Owner = ts.ClassLikeDeclaration | ts.InterfaceDeclaration | ts.TypeLiteralNode;

function findTypeOwner(receiver: ts.Expression): Owner | undefined {
  if (receiver.kind === ts.SyntaxKind.ThisKeyword) return enclosingClass(receiver);
  if (ts.isNewExpression(receiver)) return ownerOfTyped(receiver.getSourceFile(), undefined, receiver);
  if (ts.isIdentifier(receiver)) {
    const declaration = findLocalDeclaration(receiver);
    if (!declaration || ts.isBindingElement(declaration)) return undefined;
    return ownerOfTyped(receiver.getSourceFile(), declaration.type, declaration.initializer);
  }
  if (ts.isPropertyAccessExpression(receiver) && receiver.expression.kind === ts.SyntaxKind.ThisKeyword) {
    const cls = enclosingClass(receiver);
    if (!cls) return undefined;
    const field = receiver.name.text;
    for (const member of cls.members) {
      if (ts.isPropertyDeclaration(member) && member.name.getText() === field) {
        return ownerOfTyped(receiver.getSourceFile(), member.type, member.initializer);
      }
      if (ts.isConstructorDeclaration(member)) {
        const parameter = member.parameters.find(
          (candidate) => ts.isIdentifier(candidate.name) && candidate.name.text === field && ts.getModifiers(candidate)?.length,
        );
        if (parameter) return ownerOfTyped(receiver.getSourceFile(), parameter.type, undefined);
      }
    }
  }
  return undefined;
}

function ownerOfTyped(sourceFile: ts.SourceFile, type: ts.TypeNode | undefined, initializer: ts.Expression | undefined): Owner | undefined {
  if (type && ts.isTypeLiteralNode(type)) return type;
  if (type && ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName)) return findTopLevelType(sourceFile, type.typeName.text);
  const value = initializer && unwrapExpression(initializer);
  if (value && ts.isNewExpression(value) && ts.isIdentifier(value.expression)) return findTopLevelType(sourceFile, value.expression.text);
  return undefined;
}

function findTopLevelType(sourceFile: ts.SourceFile, name: string): Owner | undefined {
  for (const statement of sourceFile.statements) {
    if ((ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement)) && statement.name?.text === name) return statement;
    if (ts.isTypeAliasDeclaration(statement) && statement.name.text === name && ts.isTypeLiteralNode(statement.type)) return statement.type;
  }
  return undefined;
}

function enclosingClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isClassLike(current)) return current;
  }
  return undefined;
}

function membersNamed(owner: Owner, name: string): ts.Node[] {
  const members: readonly ts.Node[] = owner.members;
  return members.filter((member) => {
    const memberName = (member as ts.NamedDeclaration).name;
    return (
      memberName !== undefined &&
      (ts.isIdentifier(memberName) || ts.isPrivateIdentifier(memberName) || ts.isStringLiteral(memberName)) &&
      memberName.text === name
    );
  });
}
