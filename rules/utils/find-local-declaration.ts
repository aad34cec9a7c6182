import ts from '../engine/typescript.cjs';

export type LocalDeclaration = ts.VariableDeclaration | ts.ParameterDeclaration | ts.BindingElement;

// The declaration a name refers to, found lexically in the enclosing blocks and functions (no checker):
//   const raw = req.body; ... raw             -> the VariableDeclaration `raw = req.body`
//   const { body } = req; ... body            -> the BindingElement `body`
//   socket.on('message', (data) => ... data)  -> the ParameterDeclaration `data`
// Function and class declarations, imports and globals give undefined.
export function findLocalDeclaration(identifier: ts.Identifier): LocalDeclaration | undefined {
  const name = identifier.text;
  for (let scope: ts.Node | undefined = identifier.parent; scope; scope = scope.parent) {
    if (ts.isFunctionLike(scope)) {
      for (const parameter of scope.parameters) {
        const found = matchBinding(parameter.name, name);
        if (found) return ts.isIdentifier(found) ? parameter : found;
      }
    }
    if (ts.isBlock(scope) || ts.isSourceFile(scope) || ts.isModuleBlock(scope) || ts.isCaseClause(scope) || ts.isDefaultClause(scope)) {
      for (const statement of scope.statements) {
        if (!ts.isVariableStatement(statement)) continue;
        const found = matchDeclarationList(statement.declarationList, name);
        if (found) return found;
      }
    }
    if ((ts.isForStatement(scope) || ts.isForOfStatement(scope) || ts.isForInStatement(scope)) && scope.initializer) {
      if (ts.isVariableDeclarationList(scope.initializer)) {
        const found = matchDeclarationList(scope.initializer, name);
        if (found) return found;
      }
    }
    if (ts.isCatchClause(scope) && scope.variableDeclaration) {
      const found = matchDeclarationList({ declarations: [scope.variableDeclaration] } as unknown as ts.VariableDeclarationList, name);
      if (found) return found;
    }
  }
  return undefined;
}

function matchDeclarationList(list: ts.VariableDeclarationList, name: string): LocalDeclaration | undefined {
  for (const declaration of list.declarations) {
    const found = matchBinding(declaration.name, name);
    if (found) return ts.isIdentifier(found) ? declaration : found;
  }
  return undefined;
}

// Returns the name node itself for a plain identifier binding, the BindingElement for a destructured one.
function matchBinding(binding: ts.BindingName, name: string): ts.Identifier | ts.BindingElement | undefined {
  if (ts.isIdentifier(binding)) return binding.text === name ? binding : undefined;
  for (const element of binding.elements) {
    if (ts.isOmittedExpression(element)) continue;
    if (ts.isIdentifier(element.name)) {
      if (element.name.text === name) return element;
    } else {
      const nested = matchBinding(element.name, name);
      if (nested) return nested;
    }
  }
  return undefined;
}
