import ts from '../engine/typescript.cjs';

import { findLocalDeclaration } from './find-local-declaration.js';
import { getEnclosingFunction } from './get-enclosing-function.js';
import { unwrapExpression } from './unwrap-expression.js';

const CLOSE_EVENTS = new Set(['close', 'end']);

// A resource an object opens and keeps in a field, whose 'close' listener only forgets it: the field is cleared and
// nothing reopens the resource, reports the close or schedules anything, so every later use waits for, or fails
// without, a replacement that only the opening method makes (amqp-connection-manager's channel wrapper: a channel
// the broker closes on a 404 is dropped, and the next channel comes only with a reconnect of a healthy connection):
//   async onConnect() { const channel = await conn.createChannel(); this._channel = channel;
//     channel.on('close', () => this.onChannelClose(channel)); }
//   onChannelClose(channel) { if (this._channel === channel) this._channel = undefined; }
// The listener may clear the field itself or call one method of the class that only does. Not: a listener that
// does anything else (emits, logs, reconnects, rejects waiters), a value that is not a local of the opening method,
// nor a class that assigns the field anywhere else (a lazy getter reopens it on the next use).
export function getForgottenResource(call: ts.CallExpression): { field: string } | undefined {
  const callee = unwrapExpression(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || !['on', 'once', 'addListener'].includes(callee.name.text)) return undefined;
  const [event, handler] = call.arguments;
  if (!event || !handler || !ts.isStringLiteral(event) || !CLOSE_EVENTS.has(event.text)) return undefined;
  const listener = unwrapExpression(handler);
  if (!ts.isArrowFunction(listener) && !ts.isFunctionExpression(listener)) return undefined;
  const resource = unwrapExpression(callee.expression);
  const opener = getEnclosingFunction(call);
  if (!ts.isIdentifier(resource) || !opener || !ts.isMethodDeclaration(opener) || !ts.isClassLike(opener.parent)) return undefined;
  const declaration = findLocalDeclaration(resource);
  if (!declaration || !ts.isVariableDeclaration(declaration) || getEnclosingFunction(declaration) !== opener) return undefined;
  const classNode = opener.parent;
  const stored = storedFields(opener, resource.text);
  const cleared = new Set<string>();
  if (stored.size === 0 || !onlyClears(listener.body, classNode, cleared, true)) return undefined;
  const field = [...cleared].find((name) => stored.has(name));
  if (!field || assignedElsewhere(classNode, opener, field)) return undefined;
  return { field };
}

// The fields the method stores the value in: `this._channel = channel`.
function storedFields(method: ts.MethodDeclaration, name: string): Set<string> {
  const fields = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && node !== method) return;
    const field = thisFieldAssigned(node);
    if (
      field &&
      ts.isBinaryExpression(node) &&
      ts.isIdentifier(unwrapExpression(node.right)) &&
      (unwrapExpression(node.right) as ts.Identifier).text === name
    ) {
      fields.add(field);
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(method, visit);
  return fields;
}

function thisFieldAssigned(node: ts.Node): string | undefined {
  if (!ts.isBinaryExpression(node) || node.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return undefined;
  const target = unwrapExpression(node.left);
  return ts.isPropertyAccessExpression(target) && target.expression.kind === ts.SyntaxKind.ThisKeyword ? target.name.text : undefined;
}

function isNothing(expression: ts.Expression): boolean {
  const value = unwrapExpression(expression);
  return value.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(value) && value.text === 'undefined') || ts.isVoidExpression(value);
}

// Every statement clears a field of `this` (`this.f = undefined`), under an `if` with no `else`, or (from the listener
// itself) calls one method of the class that only does.
function onlyClears(body: ts.Node, classNode: ts.ClassLikeDeclaration, cleared: Set<string>, followCalls: boolean): boolean {
  const statements = ts.isBlock(body) ? body.statements : undefined;
  if (!statements) return ts.isExpression(body) && clearsOrCalls(body, classNode, cleared, followCalls);
  if (statements.length === 0) return false;
  return statements.every((statement) => {
    if (ts.isIfStatement(statement)) return !statement.elseStatement && onlyClears(statement.thenStatement, classNode, cleared, followCalls);
    if (ts.isBlock(statement)) return onlyClears(statement, classNode, cleared, followCalls);
    return ts.isExpressionStatement(statement) && clearsOrCalls(statement.expression, classNode, cleared, followCalls);
  });
}

function clearsOrCalls(expression: ts.Expression, classNode: ts.ClassLikeDeclaration, cleared: Set<string>, followCalls: boolean): boolean {
  const value = unwrapExpression(expression);
  const field = thisFieldAssigned(value);
  if (field && ts.isBinaryExpression(value) && isNothing(value.right)) {
    cleared.add(field);
    return true;
  }
  if (!followCalls || !ts.isCallExpression(value)) return false;
  const callee = unwrapExpression(value.expression);
  if (!ts.isPropertyAccessExpression(callee) || callee.expression.kind !== ts.SyntaxKind.ThisKeyword) return false;
  const method = classNode.members.find(
    (member): member is ts.MethodDeclaration => ts.isMethodDeclaration(member) && ts.isIdentifier(member.name) && member.name.text === callee.name.text,
  );
  return method?.body !== undefined && onlyClears(method.body, classNode, cleared, false);
}

// A value (not null or undefined) given to the field outside the opening method: the class reopens it elsewhere.
function assignedElsewhere(classNode: ts.ClassLikeDeclaration, opener: ts.MethodDeclaration, field: string): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || node === opener) return;
    if (thisFieldAssigned(node) === field && ts.isBinaryExpression(node) && !isNothing(node.right)) found = true;
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(classNode, visit);
  return found;
}
