import ts from '../engine/typescript.cjs';

import { forEachDescendant } from './for-each-descendant.js';
import { getEnclosingFunction } from './get-enclosing-function.js';
import { unwrapExpression } from './unwrap-expression.js';

// A request whose response body an async generator hands on as a stream, chunk by chunk: the generator's
// consumer pulls it (an upload that streams the download into its own request) and decides how long to wait,
// as it would for a response returned to it:
//   async function* download(url) { const { body } = await fetch(url); yield* body; }
//   async function* download(url) { const res = await fetch(url); yield* res.body; }
//   async function* download(url) { const res = await fetch(url); for await (const chunk of res.body) yield chunk; }
// Not handed on: a generator that yields what it parsed (`yield (await res.json()).items`: pages it fetched
// itself, one after the other), or a body read in the generator.
export function yieldsResponseBody(call: ts.CallExpression): boolean {
  const fn = getEnclosingFunction(call);
  if (!fn || !ts.isFunctionLike(fn) || !('asteriskToken' in fn) || !fn.asteriskToken) return false;
  // const { body } = await fetch(url)  /  const res = await fetch(url)
  const awaited = call.parent;
  if (!ts.isAwaitExpression(awaited) || !ts.isVariableDeclaration(awaited.parent) || awaited.parent.initializer !== awaited) return false;
  const name = awaited.parent.name;
  const bodies = new Set<string>();
  let response: string | undefined;
  if (ts.isIdentifier(name)) response = name.text;
  else if (ts.isObjectBindingPattern(name)) {
    for (const element of name.elements) {
      const key = element.propertyName ?? element.name;
      if (ts.isIdentifier(key) && key.text === 'body' && ts.isIdentifier(element.name)) bodies.add(element.name.text);
    }
  }
  const isBody = (expression: ts.Expression | undefined): boolean => {
    if (!expression) return false;
    const value = unwrapExpression(expression);
    if (ts.isIdentifier(value)) return bodies.has(value.text);
    return ts.isPropertyAccessExpression(value) && value.name.text === 'body' && ts.isIdentifier(value.expression) && value.expression.text === response;
  };
  let handsOn = false;
  forEachDescendant(fn, (node) => {
    if (handsOn) return false;
    // yield* body
    if (ts.isYieldExpression(node) && node.asteriskToken && isBody(node.expression)) handsOn = true;
    // for await (const chunk of res.body) yield chunk;
    if (ts.isForOfStatement(node) && isBody(node.expression) && ts.isVariableDeclarationList(node.initializer)) {
      const chunk = node.initializer.declarations[0]?.name;
      if (chunk && ts.isIdentifier(chunk) && yieldsName(node.statement, chunk.text)) handsOn = true;
    }
    return !handsOn;
  });
  return handsOn;
}

function yieldsName(statement: ts.Statement, name: string): boolean {
  let found = false;
  forEachDescendant(statement, (node) => {
    if (ts.isYieldExpression(node) && !node.asteriskToken && node.expression) {
      const value = unwrapExpression(node.expression);
      if (ts.isIdentifier(value) && value.text === name) found = true;
    }
    return !found;
  });
  return found;
}
