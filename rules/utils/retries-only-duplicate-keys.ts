import ts from '../engine/typescript.cjs';

import { getConstInitializer } from './get-const-initializer.js';
import { unwrapExpression } from './unwrap-expression.js';

const DUPLICATE_KEY_NAME = /unique|duplicate/iu;
// 40001: Postgres's serialization_failure, the same race where every transaction is serializable (CockroachDB).
const DUPLICATE_KEY_CODES = new Set(['23505', 'P2002', 'ER_DUP_ENTRY', '11000', '40001']);

// Whether a catch goes round again only for a unique-key violation: it rethrows anything else first.
// Such a retry is the find-or-create race (two inserts of the same key; the retry finds the row the other
// one wrote), settled at once by the database, not a dependency that is failing and needs time:
//   catch (err) { if (!(err instanceof UniqueConstraintError) || attempt >= attempts) throw err; ... }
//   catch (error) { if (!isUniqueViolation(error)) throw error; }
//   catch (e) { if (e.code !== '23505') throw e; }            (Postgres; also P2002, ER_DUP_ENTRY, 11000)
//   catch (e) { if (e?.code !== SERIALIZATION_FAILURE) throw e; }   (a const '40001': the race under SERIALIZABLE)
export function retriesOnlyDuplicateKeys(catchClause: ts.CatchClause): boolean {
  const binding = catchClause.variableDeclaration?.name;
  if (!binding || !ts.isIdentifier(binding)) return false;
  return catchClause.block.statements.some(
    (statement) =>
      ts.isIfStatement(statement) &&
      !statement.elseStatement &&
      rethrows(statement.thenStatement, binding.text) &&
      operands(statement.expression, ts.SyntaxKind.BarBarToken).some((condition) => isNotDuplicateKey(condition, binding.text)),
  );
}

// Whether a recursive retry inside a catch runs only for a unique-key violation: the call sits under an `if`
// whose condition requires one (`&&` with anything else is fine):
//   catch (error) { if (error.code === PrismaError.UNIQUE_CONSTRAINT_VIOLATION) return this.create(user, input); }
//   catch (err) { if (err instanceof UniqueConstraintError && attempt < 3) return insert(row, attempt + 1); }
export function isDuplicateKeyRetryCall(call: ts.Node, catchClause: ts.CatchClause): boolean {
  const binding = catchClause.variableDeclaration?.name;
  if (!binding || !ts.isIdentifier(binding)) return false;
  for (let node: ts.Node = call; node !== catchClause.block; node = node.parent) {
    const parent = node.parent;
    if (
      ts.isIfStatement(parent) &&
      parent.thenStatement === node &&
      operands(parent.expression, ts.SyntaxKind.AmpersandAmpersandToken).some((condition) => isDuplicateKey(condition, binding.text))
    ) {
      return true;
    }
    if (ts.isFunctionLike(parent)) return false;
  }
  return false;
}

// err instanceof UniqueConstraintError   isUniqueViolation(err)   err.code === 'P2002'   err.code === PrismaError.UNIQUE_…
function isDuplicateKey(condition: ts.Expression, name: string): boolean {
  if (ts.isBinaryExpression(condition) && condition.operatorToken.kind === ts.SyntaxKind.InstanceOfKeyword) {
    return isName(condition.left, name) && DUPLICATE_KEY_NAME.test(condition.right.getText());
  }
  if (ts.isCallExpression(condition)) {
    return condition.arguments.some((argument) => isName(argument, name)) && DUPLICATE_KEY_NAME.test(condition.expression.getText());
  }
  return isBinary(condition, [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken]) && comparesDuplicateKeyCode(condition, name, true);
}

// !(err instanceof UniqueConstraintError)   !isUniqueViolation(err)   err.code !== '23505'
function isNotDuplicateKey(condition: ts.Expression, name: string): boolean {
  if (ts.isPrefixUnaryExpression(condition) && condition.operator === ts.SyntaxKind.ExclamationToken) {
    const tested = unwrapExpression(condition.operand);
    return (ts.isCallExpression(tested) || isBinary(tested, [ts.SyntaxKind.InstanceOfKeyword])) && isDuplicateKey(tested, name);
  }
  return (
    isBinary(condition, [ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken]) && comparesDuplicateKeyCode(condition, name, false)
  );
}

// `err.code` against a duplicate-key code (`'23505'`, `11000`) or, with `namedConstants`, a constant named for it
// (`PrismaError.UNIQUE_CONSTRAINT_VIOLATION`), either side of the operator.
function comparesDuplicateKeyCode(comparison: ts.BinaryExpression, name: string, namedConstants: boolean): boolean {
  const sides = [unwrapExpression(comparison.left), unwrapExpression(comparison.right)];
  const access = sides.find((side) => ts.isPropertyAccessExpression(side) && isName(side.expression, name));
  const value = sides.find((side) => side !== access);
  if (!access || !value) return false;
  if (ts.isStringLiteral(value) || ts.isNumericLiteral(value)) return DUPLICATE_KEY_CODES.has(value.text);
  // `const SERIALIZATION_FAILURE = '40001'`
  const constant = ts.isIdentifier(value) ? getConstInitializer(value) : undefined;
  if (constant && (ts.isStringLiteral(constant) || ts.isNumericLiteral(constant))) return DUPLICATE_KEY_CODES.has(constant.text);
  return namedConstants && ts.isPropertyAccessExpression(value) && DUPLICATE_KEY_NAME.test(value.name.text);
}

function isBinary(node: ts.Node, operators: readonly ts.SyntaxKind[]): node is ts.BinaryExpression {
  return ts.isBinaryExpression(node) && operators.includes(node.operatorToken.kind);
}

function rethrows(statement: ts.Statement, name: string): boolean {
  const only = ts.isBlock(statement) && statement.statements.length === 1 ? statement.statements[0]! : statement;
  return ts.isThrowStatement(only) && isName(only.expression, name);
}

// a || b || c -> [a, b, c] with `||`; a && b -> [a, b] with `&&`
function operands(condition: ts.Expression, operator: ts.SyntaxKind): ts.Expression[] {
  const value = unwrapExpression(condition);
  if (ts.isBinaryExpression(value) && value.operatorToken.kind === operator) {
    return [...operands(value.left, operator), ...operands(value.right, operator)];
  }
  return [value];
}

function isName(expression: ts.Expression, name: string): boolean {
  const value = unwrapExpression(expression);
  return ts.isIdentifier(value) && value.text === name;
}
