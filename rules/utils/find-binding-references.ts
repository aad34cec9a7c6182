import ts from '../engine/typescript.cjs';

import { isValueReference } from './is-value-reference.js';

// The uses of a variable inside `scope`, as expressions (not declarations, property names or types):
//   catch (err) { log(err); if (err.code) ... }       -> both `err` after the binding
//   .catch((e) => { const f = () => e; })             -> the `e` inside the nested arrow too
// With a checker, symbols decide; without, names do, skipping nested functions, catch clauses and
// blocks that declare the same name again.
export function findBindingReferences(binding: ts.Identifier, scope: ts.Node, checker: ts.TypeChecker | undefined): ts.Identifier[] {
  const symbol = checker?.getSymbolAtLocation(binding);
  const name = binding.text;
  const found: ts.Identifier[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isTypeNode(node)) return;
    if (ts.isIdentifier(node)) {
      if (node !== binding && node.text === name && isValueReference(node)) {
        if (!symbol || checker?.getSymbolAtLocation(node) === symbol) found.push(node);
      }
      return;
    }
    if (!symbol && node !== scope && redeclares(node, name)) return;
    ts.forEachChild(node, visit);
  };
  visit(scope);
  return found;
}

function redeclares(node: ts.Node, name: string): boolean {
  if (ts.isFunctionLike(node)) {
    if (node.parameters.some((parameter) => bindsName(parameter.name, name))) return true;
    return (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node)) && node.name?.text === name;
  }
  if (ts.isCatchClause(node)) return node.variableDeclaration !== undefined && bindsName(node.variableDeclaration.name, name);
  if (ts.isBlock(node)) {
    return node.statements.some(
      (statement) => ts.isVariableStatement(statement) && statement.declarationList.declarations.some((declaration) => bindsName(declaration.name, name)),
    );
  }
  return false;
}

function bindsName(binding: ts.BindingName, name: string): boolean {
  if (ts.isIdentifier(binding)) return binding.text === name;
  return binding.elements.some((element) => !ts.isOmittedExpression(element) && bindsName(element.name, name));
}
