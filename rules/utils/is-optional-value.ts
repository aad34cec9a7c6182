import ts from '../engine/typescript.cjs';

import { isUnresolvedType } from './is-unresolved-type.js';

// Whether a parameter (or a member read from one) is `undefined` unless the caller passes it.
// Types decide when resolved; otherwise the declaration's `?`, `| undefined` or `= {}` does.
export function isOptionalValue(
  use: ts.Expression,
  member: string,
  declaration: ts.ParameterDeclaration | ts.BindingElement | ts.VariableDeclaration,
  checker: ts.TypeChecker | undefined,
): boolean {
  if (checker) {
    const type = checker.getTypeAtLocation(use);
    if (!isUnresolvedType(type)) {
      return type.isUnion() ? type.types.some((part) => (part.flags & ts.TypeFlags.Undefined) !== 0) : (type.flags & ts.TypeFlags.Undefined) !== 0;
    }
  }
  if (ts.isParameter(declaration)) {
    if (ts.isIdentifier(use) && ts.isIdentifier(declaration.name) && declaration.name.text === use.text) {
      return declaration.questionToken !== undefined || (declaration.type !== undefined && unionHasUndefined(declaration.type));
    }
    // `opts.signal`, or `signal` destructured from `opts`: the parameter's declared type (or, in JavaScript,
    // its JSDoc) says whether `signal` is optional.
    if (declaration.type) return hasOptionalMember(declaration.type, member, use.getSourceFile());
    return jsDocMarksOptional(declaration, member);
  }
  if (ts.isBindingElement(declaration)) {
    let parameter: ts.Node = declaration;
    while (!ts.isParameter(parameter)) parameter = parameter.parent;
    const typed = parameter as ts.ParameterDeclaration;
    if (typed.type) return hasOptionalMember(typed.type, member, use.getSourceFile());
    // Untyped `{ signal } = {}`: absent unless passed.
    return typed.initializer !== undefined && ts.isObjectLiteralExpression(typed.initializer) && typed.initializer.properties.length === 0;
  }
  return false;
}

// JavaScript's `@param {AbortSignal} [options.signal]` or `@param {AbortSignal=} options.signal` under the
// function's `@param {object} options` (the parser nests them in that tag's type literal).
function jsDocMarksOptional(parameter: ts.ParameterDeclaration, member: string): boolean {
  if (!ts.isIdentifier(parameter.name)) return false;
  const name = parameter.name.text;
  for (const tag of ts.getJSDocTags(parameter.parent)) {
    if (!ts.isJSDocParameterTag(tag) || !ts.isIdentifier(tag.name) || tag.name.text !== name) continue;
    const literal = tag.typeExpression?.type;
    if (!literal || !ts.isJSDocTypeLiteral(literal)) continue;
    for (const property of literal.jsDocPropertyTags ?? []) {
      const propertyName = ts.isQualifiedName(property.name) ? property.name.right.text : property.name.text;
      if (propertyName !== member) continue;
      return property.isBracketed || (property.typeExpression !== undefined && ts.isJSDocOptionalType(property.typeExpression.type));
    }
  }
  return false;
}

function unionHasUndefined(type: ts.TypeNode): boolean {
  return ts.isUnionTypeNode(type) && type.types.some((part) => part.kind === ts.SyntaxKind.UndefinedKeyword);
}

function hasOptionalMember(type: ts.TypeNode, member: string, sourceFile: ts.SourceFile): boolean {
  const members = membersOf(type, sourceFile, 0);
  const found = members?.find((element) => element.name && ts.isIdentifier(element.name) && element.name.text === member);
  if (!found) return false;
  if (found.questionToken) return true;
  return ts.isPropertySignature(found) && found.type !== undefined && unionHasUndefined(found.type);
}

function membersOf(type: ts.TypeNode, sourceFile: ts.SourceFile, depth: number): readonly ts.TypeElement[] | undefined {
  if (depth > 3) return undefined;
  if (ts.isTypeLiteralNode(type)) return type.members;
  if (ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName)) {
    const name = type.typeName.text;
    for (const statement of sourceFile.statements) {
      const declaration = ts.isExportDeclaration(statement) ? undefined : statement;
      if (declaration && ts.isInterfaceDeclaration(declaration) && declaration.name.text === name) return declaration.members;
      if (declaration && ts.isTypeAliasDeclaration(declaration) && declaration.name.text === name) {
        return membersOf(declaration.type, sourceFile, depth + 1);
      }
    }
  }
  return undefined;
}
