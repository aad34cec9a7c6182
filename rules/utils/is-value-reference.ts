import ts from '../engine/typescript.cjs';

// Whether an identifier refers to a binding's value, rather than naming a member, a declaration, a property
// key, a type or a label:
//   log(err)   err.code   return repo   [repo]                                            -> true
//   x.save   A.B (right side)   { save: x }   save() {}   const save = ...   { save } = x   -> false
//   function save() {}   class Repo {}   interface Repo {}   type Repo = ...   Map<string, T>   break retry;
export function isValueReference(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent)) return parent.expression === node;
  if (ts.isQualifiedName(parent)) return parent.left === node;
  if (ts.isTypeReferenceNode(parent) || ts.isBreakOrContinueStatement(parent) || ts.isLabeledStatement(parent)) return false;
  if (ts.isBindingElement(parent)) return parent.name !== node && parent.propertyName !== node;
  if (
    ts.isPropertyAssignment(parent) ||
    ts.isMethodDeclaration(parent) ||
    ts.isPropertyDeclaration(parent) ||
    ts.isMethodSignature(parent) ||
    ts.isPropertySignature(parent) ||
    ts.isGetAccessorDeclaration(parent) ||
    ts.isSetAccessorDeclaration(parent) ||
    ts.isParameter(parent) ||
    ts.isVariableDeclaration(parent) ||
    ts.isFunctionDeclaration(parent) ||
    ts.isFunctionExpression(parent) ||
    ts.isClassDeclaration(parent) ||
    ts.isInterfaceDeclaration(parent) ||
    ts.isTypeAliasDeclaration(parent)
  ) {
    return parent.name !== node;
  }
  return true;
}
