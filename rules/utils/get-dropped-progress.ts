import ts from '../engine/typescript.cjs';

import { findLocalDeclaration } from './find-local-declaration.js';
import { forEachDescendant } from './for-each-descendant.js';
import { getEnclosingFunction } from './get-enclosing-function.js';
import { getEnclosingTry } from './get-enclosing-try.js';
import { getOwnCalleeName } from './get-own-callee-name.js';
import { isAsyncFunction } from './is-async-function.js';
import { unwrapExpression } from './unwrap-expression.js';
import { whereWordIsWritten } from './where-word-is-written.js';

export interface DroppedProgress {
  /** The accumulator the function's own error carries: `failedMessagesBatch`. */
  progress: string;
  /** The error class that carries it: `FailedMessagesError`. */
  error: string;
}

// An await whose failure escapes, unguarded, from a function that reports its partial progress in an error of its
// own: the steps already done are dropped with the accumulator, and a caller that retries repeats them (sqs-producer's
// batches, sent one after another):
//   async sendBatch(failed, done, messages, start) {
//     const result = await this.sqs.send(command);                                <- a later batch's failure escapes alone
//     const failedBatch = failed.concat(result.Failed.map((entry) => entry.Id));
//     if (end < messages.length) return this.sendBatch(failedBatch, ..., end);    (the accumulator handed on)
//     if (failedBatch.length > 0) throw new FailedMessagesError(failedBatch);     (the function's own error carries it)
//   }
// and the same with a loop: `for (...) { await send(batch); sent.push(batch.id); } ... throw new PartialError(sent)`.
// The accumulator must carry what earlier steps did: a parameter extended and handed to the function's own recursive
// call after the await, or an array declared before a loop that holds the await and grows in it. Not reported: an
// await inside a try with a catch, an error that carries nothing gathered, a first step before anything was done.
export function getDroppedProgress(node: ts.AwaitExpression): DroppedProgress | undefined {
  const fn = getEnclosingFunction(node);
  if (!fn || !('body' in fn) || !fn.body || !ts.isBlock(fn.body) || !isAsyncFunction(fn)) return undefined;
  let errors = progressErrorsByBody.get(fn.body);
  if (!errors) {
    errors = getProgressErrors(fn.body);
    progressErrorsByBody.set(fn.body, errors);
  }
  // Most functions throw no error of their own that carries anything: asked before the walk up to a try.
  if (errors.length === 0 || getEnclosingTry(node)) return undefined;
  for (const { progress, declaration, error } of errors) {
    if (isRecursionAccumulator(fn, declaration, node) || isLoopAccumulator(declaration, node)) return { progress, error };
  }
  return undefined;
}

// Walked once per function, however many awaits it holds.
const progressErrorsByBody = new WeakMap<ts.Block, readonly ProgressError[]>();

interface ProgressError extends DroppedProgress {
  /** Where the function declares the accumulator: `const failedBatch = failed.concat(...)`. */
  declaration: ts.VariableDeclaration;
}

// `throw new FailedMessagesError(failedBatch)`, `throw new PartialError('...', { sent })`: the variables an error of the
// function's own carries.
function getProgressErrors(body: ts.Block): ProgressError[] {
  const found: ProgressError[] = [];
  // Most bodies throw nothing, and the walk goes only down to where the file writes `throw`.
  const within = throwsIn(body.getSourceFile());
  if (!within?.(body)) return found;
  forEachDescendant(body, (node) => {
    if (!within(node)) return false;
    if (!ts.isThrowStatement(node)) return undefined;
    const thrown = unwrapExpression(node.expression);
    if (!ts.isNewExpression(thrown) || !ts.isIdentifier(thrown.expression)) return undefined;
    for (const argument of thrown.arguments ?? []) {
      for (const name of carriedNames(unwrapExpression(argument))) {
        const declaration = findLocalDeclaration(name);
        // The function's own accumulator: a module's array is shared by every call.
        if (declaration && ts.isVariableDeclaration(declaration) && declaration.pos >= body.pos && declaration.end <= body.end)
          found.push({ progress: name.text, declaration, error: thrown.expression.text });
      }
    }
    return undefined;
  });
  return found;
}

const throwsByFile = new WeakMap<ts.SourceFile, ((node: ts.Node) => boolean) | undefined>();

function throwsIn(file: ts.SourceFile): ((node: ts.Node) => boolean) | undefined {
  if (!throwsByFile.has(file)) throwsByFile.set(file, whereWordIsWritten(file, 'throw'));
  return throwsByFile.get(file);
}

function carriedNames(argument: ts.Expression): ts.Identifier[] {
  if (ts.isIdentifier(argument)) return [argument];
  if (ts.isObjectLiteralExpression(argument)) {
    return argument.properties.flatMap((property) => {
      if (ts.isShorthandPropertyAssignment(property)) return [property.name];
      if (ts.isPropertyAssignment(property)) {
        const value = unwrapExpression(property.initializer);
        return ts.isIdentifier(value) ? [value] : [];
      }
      return [];
    });
  }
  return [];
}

// `const failedBatch = failed.concat(...)` (or `[...failed, ...]`) where `failed` is a parameter, handed back to the
// function's own call, at that parameter's place, after the await.
function isRecursionAccumulator(fn: ts.SignatureDeclaration, declaration: ts.VariableDeclaration, awaited: ts.AwaitExpression): boolean {
  const parameter = extendedParameter(fn, declaration.initializer);
  if (parameter === undefined || !ts.isIdentifier(declaration.name)) return false;
  const name = declaration.name.text;
  const self = ownName(fn);
  if (!self) return false;
  let handedOn = false;
  forEachDescendant(fn, (node) => {
    if (!ts.isCallExpression(node) || node.pos < awaited.end) return undefined;
    const calleeName = getOwnCalleeName(node)?.name;
    const argument = node.arguments[parameter];
    if (calleeName === self && argument && ts.isIdentifier(unwrapExpression(argument)) && (unwrapExpression(argument) as ts.Identifier).text === name)
      handedOn = true;
    return !handedOn;
  });
  return handedOn;
}

function extendedParameter(fn: ts.SignatureDeclaration, initializer: ts.Expression | undefined): number | undefined {
  if (!initializer) return undefined;
  const value = unwrapExpression(initializer);
  let source: ts.Expression | undefined;
  if (ts.isCallExpression(value) && ts.isPropertyAccessExpression(value.expression) && value.expression.name.text === 'concat')
    source = value.expression.expression;
  if (ts.isArrayLiteralExpression(value) && value.elements[0] && ts.isSpreadElement(value.elements[0])) source = value.elements[0].expression;
  const root = source && unwrapExpression(source);
  if (!root || !ts.isIdentifier(root)) return undefined;
  const index = fn.parameters.findIndex((parameter) => ts.isIdentifier(parameter.name) && parameter.name.text === root.text);
  return index === -1 ? undefined : index;
}

function ownName(fn: ts.SignatureDeclaration): string | undefined {
  if ((ts.isMethodDeclaration(fn) || ts.isFunctionDeclaration(fn)) && fn.name && ts.isIdentifier(fn.name)) return fn.name.text;
  if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)) {
    return fn.parent.name.text;
  }
  return undefined;
}

// `const sent = [];` before a loop that holds the await and pushes to it (`sent.push(...)`, `sent = sent.concat(...)`).
function isLoopAccumulator(declaration: ts.VariableDeclaration, awaited: ts.AwaitExpression): boolean {
  const initializer = declaration.initializer && unwrapExpression(declaration.initializer);
  if (!initializer || !ts.isArrayLiteralExpression(initializer) || initializer.elements.length > 0 || !ts.isIdentifier(declaration.name)) return false;
  const name = declaration.name.text;
  for (let current: ts.Node = awaited.parent; !ts.isFunctionLike(current); current = current.parent) {
    if (!ts.isIterationStatement(current, false)) continue;
    if (current.pos < declaration.end) return false;
    let grows = false;
    forEachDescendant(current.statement, (node) => {
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'push') {
        const receiver = unwrapExpression(node.expression.expression);
        if (ts.isIdentifier(receiver) && receiver.text === name) grows = true;
      }
      return !grows;
    });
    return grows;
  }
  return false;
}
