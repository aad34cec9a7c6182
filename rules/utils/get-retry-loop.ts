import ts from '../engine/typescript.cjs';

import { findLocalDeclaration } from './find-local-declaration.js';
import { getAccessPath } from './get-access-path.js';
import { forEachDescendant } from './for-each-descendant.js';
import { getUpdatedCounters } from './get-updated-counters.js';
import { isProcessExitCall } from './is-process-exit-call.js';
import { unwrapExpression } from './unwrap-expression.js';

export type LoopStatement = ts.WhileStatement | ts.DoStatement | ts.ForStatement | ts.ForOfStatement;

export interface RetryLoop {
  loop: LoopStatement;
  /** The try statements of this loop (not of inner loops or functions) whose catch lets the loop go round again. */
  tries: ts.TryStatement[];
  /**
   * `retry`: an attempt either succeeds and leaves the loop or fails into the catch.
   * `poll`: the attempt may also finish without success and go round (`if (job.done) return job;`).
   */
  kind: 'retry' | 'poll';
  /** The loop condition alone never ends it: absent, `true`, or only success flags (`while (!done)`). */
  endless: boolean;
}

// A loop that runs an operation until it succeeds and goes round again after a caught failure:
//   while (true) { try { return await op(); } catch (e) { log(e); } }
//   for (;;) { try { await connect(); break; } catch { await sleep(1000); } }
//   let done = false; while (!done) { try { await op(); done = true; } catch {} }
//   for (let i = 0; i < 3; i++) { try { return await op(); } catch {} }           (bounded, still a retry loop)
//   while (true) { let r; try { r = await op(); } catch { continue; } return r; }
//   do { try { const res = await op(); if (res.ok || !shouldRetry(res)) return res; } catch {} } while (...)
// Not retry loops: a loop with no try, a catch that always leaves the loop (throw/return/break), a worker loop whose
// try succeeds into the next iteration (`while (true) { const job = await next(); try { await run(job); } catch {} }`),
// and loops whose attempts differ, so they iterate rather than retry:
//   for (const host of hosts) { try { return await connect(host); } catch {} }          (failover over alternatives)
//   for (let i = 0; i < parsers.length; i++) { try { return parsers[i](text); } catch {} }
//   for (;;) { try { return await stat(dir); } catch { dir = path.dirname(dir); } }       (walking up a tree)
//   for (let i = 0; i < 5; i++) { try { return await insert(randomUUID()); } catch {} }    (a fresh value each time)
//   while (!doc) { apply(json, op); try { doc = parse(json); } catch { op = ops.shift(); } }  (taking from a queue)
//   while (true) { try { return await this.cursor.next(); } catch (e) { await this.resume(e); } }
//     where resume() rethrows what it cannot recover and assigns `this.cursor = ...`      (a new cursor each time)
export function getRetryLoop(node: ts.Node): RetryLoop | undefined {
  if (!ts.isWhileStatement(node) && !ts.isDoStatement(node) && !ts.isForStatement(node) && !ts.isForOfStatement(node)) {
    return undefined;
  }
  const condition = ts.isForOfStatement(node) ? undefined : ts.isForStatement(node) ? node.condition : node.expression;
  const ownTries = getOwnTries(node);
  // Only names some attempt sets count as success flags; a flag set elsewhere (a signal handler) is a stop flag.
  const flags = ts.isForOfStatement(node) ? [] : getSuccessFlags(condition).filter((flag) => ownTries.some((t) => assignsFlag(t.tryBlock, flag)));
  const endless = !ts.isForOfStatement(node) && isAlwaysTrue(condition, flags);

  const tries: ts.TryStatement[] = [];
  let kind: RetryLoop['kind'] | undefined;
  const counters = getUpdatedCounters(node);
  for (const tryStatement of ownTries) {
    const catchClause = tryStatement.catchClause;
    if (!catchClause || alwaysLeaves(catchClause.block)) continue;
    if (attemptsDiffer(node, tryStatement, counters)) continue;
    const tryKind = getAttemptKind(node, tryStatement, flags);
    if (!tryKind) continue;
    tries.push(tryStatement);
    if (kind !== 'retry') kind = tryKind;
  }
  if (!kind) return undefined;
  return { loop: node, tries, kind, endless };
}

function getOwnTries(loop: LoopStatement): ts.TryStatement[] {
  const tries: ts.TryStatement[] = [];
  // From the loop itself, so a body that is a bare try statement (`while (true) try { ... } catch {}`) counts.
  forEachDescendant(
    loop,
    (child) => {
      if (ts.isTryStatement(child)) tries.push(child);
    },
    { crossLoops: false },
  );
  return tries;
}

// How a try inside the loop makes it a retry loop, if it does.
function getAttemptKind(loop: LoopStatement, tryStatement: ts.TryStatement, flags: readonly string[]): RetryLoop['kind'] | undefined {
  const statements = tryStatement.tryBlock.statements;
  if (flags.some((flag) => assignsFlag(tryStatement.tryBlock, flag))) return 'retry';
  // Trailing throws turn a bad result into a failure: `if (res.ok) return res; throw new HttpError(res)`.
  let end = statements.length - 1;
  while (end >= 0 && ts.isThrowStatement(statements[end]!)) end--;
  const trailingThrow = end < statements.length - 1;
  for (let index = 0; index <= end; index++) {
    if (leavesLoop(statements[index]!, loop)) return 'retry';
  }
  const last = statements[end];
  if (last && ts.isIfStatement(last) && leavesLoop(last.thenStatement, loop)) {
    // `if (response.ok || !shouldRetry(response)) return response;`: the result that stays is one the code retries.
    return trailingThrow || (last.elseStatement && alwaysLeaves(last.elseStatement)) || namesRetry(last.expression) ? 'retry' : 'poll';
  }
  // The statements after the try when it sits directly in the loop body.
  const body = loop.statement;
  const position = ts.isBlock(body) ? body.statements.indexOf(tryStatement as unknown as ts.Statement) : -1;
  const after = ts.isBlock(body) && position >= 0 ? body.statements.slice(position + 1) : [];
  // `catch { continue; }` skipping a success exit placed after the try.
  if (containsContinue(tryStatement.catchClause!.block) && after.some((statement) => leavesLoop(statement, loop))) return 'retry';
  // `try { result = await op(); } catch { ... } if (result) break;`: a success check on what the attempt assigned.
  // (A negated check, `if (!job) break;`, is a worker running out of work, not a success.)
  for (const statement of after) {
    if (!ts.isIfStatement(statement) || !leavesLoop(statement.thenStatement, loop)) continue;
    const flag = getPositiveFlag(statement.expression);
    if (flag && assignsFlag(tryStatement.tryBlock, flag)) return 'retry';
  }
  return undefined;
}

// `return x;` `break;` (unlabelled, or labelled with this loop's label), or a block ending in one.
function leavesLoop(statement: ts.Statement, loop: LoopStatement): boolean {
  if (ts.isReturnStatement(statement)) return true;
  if (ts.isBreakStatement(statement)) {
    if (!statement.label) return true;
    return ts.isLabeledStatement(loop.parent) && loop.parent.label.text === statement.label.text;
  }
  if (ts.isBlock(statement)) {
    const last = statement.statements[statement.statements.length - 1];
    return last !== undefined && leavesLoop(last, loop);
  }
  return false;
}

// The block cannot fall through: its last statement throws, returns or breaks (on every branch of a final if).
function alwaysLeaves(statement: ts.Statement): boolean {
  if (ts.isThrowStatement(statement) || ts.isReturnStatement(statement) || ts.isBreakStatement(statement)) return true;
  if (ts.isExpressionStatement(statement)) return isProcessExitCall(statement.expression);
  if (ts.isBlock(statement)) {
    const last = statement.statements[statement.statements.length - 1];
    return last !== undefined && alwaysLeaves(last);
  }
  if (ts.isIfStatement(statement)) {
    return statement.elseStatement !== undefined && alwaysLeaves(statement.thenStatement) && alwaysLeaves(statement.elseStatement);
  }
  return false;
}

function containsContinue(block: ts.Block): boolean {
  let found = false;
  forEachDescendant(
    block,
    (child) => {
      if (ts.isContinueStatement(child)) found = true;
      return !found;
    },
    { crossLoops: false },
  );
  return found;
}

// Names whose truthiness the condition waits for: `!done`, `!connected && ...`, `result === undefined`.
function getSuccessFlags(condition: ts.Expression | undefined): string[] {
  if (!condition) return [];
  const expression = unwrapExpression(condition);
  if (ts.isPrefixUnaryExpression(expression) && expression.operator === ts.SyntaxKind.ExclamationToken) {
    const operand = unwrapExpression(expression.operand);
    return ts.isIdentifier(operand) ? [operand.text] : [];
  }
  if (ts.isBinaryExpression(expression)) {
    const operator = expression.operatorToken.kind;
    if (operator === ts.SyntaxKind.AmpersandAmpersandToken) {
      return [...getSuccessFlags(expression.left), ...getSuccessFlags(expression.right)];
    }
    if (operator === ts.SyntaxKind.EqualsEqualsEqualsToken || operator === ts.SyntaxKind.EqualsEqualsToken) {
      const left = unwrapExpression(expression.left);
      const right = unwrapExpression(expression.right);
      if (ts.isIdentifier(left) && isEmptyValue(right)) return [left.text];
    }
  }
  return [];
}

// `ok`, `result !== undefined`, `conn != null`: the name whose truthiness the check waits for.
function getPositiveFlag(condition: ts.Expression): string | undefined {
  const expression = unwrapExpression(condition);
  if (ts.isIdentifier(expression)) return expression.text;
  if (
    ts.isBinaryExpression(expression) &&
    (expression.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsEqualsToken || expression.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsToken)
  ) {
    const left = unwrapExpression(expression.left);
    if (ts.isIdentifier(left) && isEmptyValue(unwrapExpression(expression.right))) return left.text;
  }
  return undefined;
}

function isEmptyValue(node: ts.Expression): boolean {
  return node.kind === ts.SyntaxKind.NullKeyword || node.kind === ts.SyntaxKind.FalseKeyword || (ts.isIdentifier(node) && node.text === 'undefined');
}

// The condition is absent, `true`/`1`, or made only of success flags joined by `&&`.
function isAlwaysTrue(condition: ts.Expression | undefined, flags: readonly string[]): boolean {
  if (!condition) return true;
  const expression = unwrapExpression(condition);
  if (expression.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (ts.isNumericLiteral(expression)) return Number(expression.text) !== 0;
  if (ts.isBinaryExpression(expression) && expression.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) {
    return isAlwaysTrue(expression.left, flags) && isAlwaysTrue(expression.right, flags);
  }
  const own = getSuccessFlags(expression);
  return own.length > 0 && own.every((flag) => flags.includes(flag));
}

function assignsFlag(block: ts.Block, flag: string): boolean {
  let found = false;
  forEachDescendant(block, (child) => {
    if (ts.isBinaryExpression(child) && child.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(child.left) && child.left.text === flag) {
      found = true;
    }
    return !found;
  });
  return found;
}

const FRESH_VALUE = /random|uuid|nanoid|cuid|ulid|generateid|newid/iu;

function calleeName(expression: ts.Expression): string | undefined {
  if (ts.isIdentifier(expression)) return expression.text;
  if (ts.isPropertyAccessExpression(expression)) return expression.name.text;
  return undefined;
}

// The next attempt is not the same operation: it reads the next alternative or a value the loop walked on.
function attemptsDiffer(loop: LoopStatement, tryStatement: ts.TryStatement, counters: ReadonlySet<string>): boolean {
  const inputs = collectInputs(tryStatement.tryBlock, loop);
  if (ts.isForOfStatement(loop) && ts.isVariableDeclarationList(loop.initializer)) {
    for (const declaration of loop.initializer.declarations) {
      if (bindingNames(declaration.name).some((name) => inputs.has(name))) return true;
    }
  }
  let differs = false;
  // The loop steps through alternatives: `hosts[i]`, in the attempt or in a declaration it reads.
  forEachDescendant(
    loop.statement,
    (child) => {
      if (ts.isElementAccessExpression(child)) {
        const index = unwrapExpression(child.argumentExpression);
        if (ts.isIdentifier(index) && counters.has(index.text)) differs = true;
      }
      return !differs;
    },
    { crossFunctions: true },
  );
  // A fresh value per attempt (`insert({ id: randomUUID() })` after a unique-key collision).
  forEachDescendant(
    tryStatement.tryBlock,
    (child) => {
      if (ts.isCallExpression(child) && FRESH_VALUE.test(calleeName(child.expression) ?? '')) differs = true;
      return !differs;
    },
    { crossFunctions: true },
  );
  if (differs) return true;
  if (delegatesToState(tryStatement, loop)) return true;
  if (rebuildsAttemptTarget(tryStatement, loop)) return true;
  if (consumesQueue(loop, tryStatement)) return true;
  const tryBlock = tryStatement.tryBlock;
  forEachDescendant(loop.statement, (child) => {
    if (differs) return false;
    if (child === tryBlock) return false;
    if (
      ts.isBinaryExpression(child) &&
      child.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isIdentifier(child.left) &&
      inputs.has(child.left.text) &&
      dependsOn(child.right, child.left.text, loop, 0)
    ) {
      differs = true;
    }
    return !differs;
  });
  return differs;
}

// The loop takes the next item off a queue between attempts, so each attempt works on more or other data:
//   while (!doc) { applyPatch(json, [op]); try { doc = parse(json); } catch { op = ops.shift(); } }
// or off an iterator whose end it checks, so the attempts run out with the items (failover over a host list):
//   while (!connection) { const item = hosts.next(); if (item.done) throw new NoHostAvailableError(); try { ... } catch {} }
function consumesQueue(loop: LoopStatement, tryStatement: ts.TryStatement): boolean {
  let consumes = false;
  forEachDescendant(loop.statement, (child) => {
    if (consumes || child === tryStatement.tryBlock) return false;
    if (ts.isCallExpression(child) && ts.isPropertyAccessExpression(child.expression) && QUEUE_TAKES.has(child.expression.name.text)) {
      consumes = true;
    }
    if (isIteratorStep(child, loop)) consumes = true;
    return !consumes;
  });
  return consumes;
}

// `const item = iterator.next()`, not awaited, whose `item.done` the loop reads: the iterator protocol.
function isIteratorStep(node: ts.Node, loop: LoopStatement): boolean {
  if (
    !ts.isVariableDeclaration(node) ||
    !ts.isIdentifier(node.name) ||
    !node.initializer ||
    !ts.isCallExpression(node.initializer) ||
    node.initializer.arguments.length > 0 ||
    !ts.isPropertyAccessExpression(node.initializer.expression) ||
    node.initializer.expression.name.text !== 'next'
  ) {
    return false;
  }
  const item = node.name.text;
  let readsDone = false;
  forEachDescendant(loop.statement, (child) => {
    if (readsDone) return false;
    if (ts.isPropertyAccessExpression(child) && child.name.text === 'done' && ts.isIdentifier(child.expression) && child.expression.text === item) {
      readsDone = true;
    }
    return !readsDone;
  });
  return readsDone;
}

const QUEUE_TAKES = new Set(['shift', 'pop', 'splice']);

// Names the attempt reads, directly or through declarations made inside the loop (`const url = base + page`).
function collectInputs(block: ts.Block, loop: LoopStatement): Set<string> {
  const inputs = new Set<string>();
  const add = (root: ts.Node, depth: number): void => {
    forEachDescendant(
      root,
      (child) => {
        if (!ts.isIdentifier(child) || inputs.has(child.text)) return;
        if (ts.isPropertyAccessExpression(child.parent) && child.parent.name === child) return;
        inputs.add(child.text);
        const declaration = depth < 3 ? findLocalDeclaration(child) : undefined;
        if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer && isInside(declaration, loop)) {
          add(declaration.initializer, depth + 1);
        }
      },
      { crossFunctions: true },
    );
  };
  add(block, 0);
  return inputs;
}

// `dir = path.dirname(dir)`, or `dir = parent` where `const parent = path.dirname(dir)` is declared in the loop.
function dependsOn(expression: ts.Expression, name: string, loop: LoopStatement, depth: number): boolean {
  if (depth > 3) return false;
  const check = (node: ts.Node): boolean => {
    if (ts.isIdentifier(node)) {
      if (ts.isPropertyAccessExpression(node.parent) && node.parent.name === node) return false;
      if (node.text === name) return true;
      const declaration = findLocalDeclaration(node);
      return (
        declaration !== undefined &&
        ts.isVariableDeclaration(declaration) &&
        declaration.initializer !== undefined &&
        isInside(declaration, loop) &&
        dependsOn(declaration.initializer, name, loop, depth + 1)
      );
    }
    return ts.forEachChild(node, (child) => (check(child) ? true : undefined)) ?? false;
  };
  return check(expression);
}

function isInside(node: ts.Node, container: ts.Node): boolean {
  return node.pos >= container.pos && node.end <= container.end;
}

function bindingNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((element) => (ts.isOmittedExpression(element) ? [] : bindingNames(element.name)));
}

// The catch lets an object the attempt is built from decide: `if (!this.state.recoversFrom(error)) throw error;`
// where the next attempt reads `this.state.buildRequest()`. The recovery changes the attempt and owns its limit.
function delegatesToState(tryStatement: ts.TryStatement, loop: LoopStatement): boolean {
  const catchClause = tryStatement.catchClause;
  if (!catchClause) return false;
  const receivers: string[] = [];
  forEachDescendant(catchClause.block, (child) => {
    if (!ts.isIfStatement(child)) return;
    const leaves = alwaysLeaves(child.thenStatement);
    if (!leaves) return;
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
        const receiver = getAccessPath(node.expression.expression);
        if (receiver && receiver.includes('.')) receivers.push(receiver);
      }
      ts.forEachChild(node, visit);
    };
    visit(child.expression);
  });
  if (receivers.length === 0) return false;
  const paths = collectInputPaths(tryStatement.tryBlock, loop);
  return receivers.some((receiver) => paths.has(receiver));
}

// Access paths (and their prefixes) the attempt reads, through declarations made inside the loop.
function collectInputPaths(block: ts.Block, loop: LoopStatement): Set<string> {
  const paths = new Set<string>();
  const seen = new Set<ts.Node>();
  const add = (root: ts.Node, depth: number): void => {
    forEachDescendant(
      root,
      (child) => {
        if (ts.isPropertyAccessExpression(child)) {
          const path = getAccessPath(child);
          if (path) {
            const parts = path.split('.');
            for (let end = 2; end <= parts.length; end++) paths.add(parts.slice(0, end).join('.'));
          }
        }
        if (ts.isIdentifier(child) && depth < 3) {
          let declaration: ts.Node | undefined = findLocalDeclaration(child);
          // `const { params } = state.build()`: the destructured declaration's initializer.
          while (declaration && ts.isBindingElement(declaration)) declaration = declaration.parent.parent;
          if (declaration && !seen.has(declaration) && ts.isVariableDeclaration(declaration) && declaration.initializer && isInside(declaration, loop)) {
            seen.add(declaration);
            add(declaration.initializer, depth + 1);
          }
        }
      },
      { crossFunctions: true },
    );
  };
  add(block, 0);
  return paths;
}

const RETRY_NAME = /retry|retries|retriable|retryable/iu;

// A condition that asks a retry predicate: `!shouldRetry(response)`, `!isRetryable(res.status)`, `retries.has(code)`.
function namesRetry(condition: ts.Expression): boolean {
  if (ts.isIdentifier(condition)) return RETRY_NAME.test(condition.text);
  return ts.forEachChild(condition, (child) => (ts.isExpression(child) && namesRetry(child) ? true : undefined)) ?? false;
}

// The catch awaits a recovery, a method of the same class that rebuilds what the attempt runs on (`this.cursor = ...`,
// itself or through the class's methods it calls), and a failed recovery leaves the loop: the next attempt runs on a
// new resource, made only after the recovery succeeded (a change stream resuming on a newly selected server).
//   while (true) { try { return await this.cursor.next(); } catch (error) { try { await this.processError(error); } catch (e) { throw e; } } }
function rebuildsAttemptTarget(tryStatement: ts.TryStatement, loop: LoopStatement): boolean {
  const catchClause = tryStatement.catchClause;
  if (!catchClause) return false;
  const paths = collectInputPaths(tryStatement.tryBlock, loop);
  let rebuilds = false;
  forEachDescendant(catchClause.block, (child) => {
    if (rebuilds) return false;
    if (!ts.isCallExpression(child) || !ts.isPropertyAccessExpression(child.expression) || child.expression.expression.kind !== ts.SyntaxKind.ThisKeyword) {
      return undefined;
    }
    if (failureIsKept(child, catchClause.block)) return undefined;
    const cls = findEnclosingClass(loop);
    if (cls && assignsThisPath(cls, child.expression.name.text, paths, new Set(), 0)) rebuilds = true;
    return !rebuilds;
  });
  return rebuilds;
}

// The recovery sits in a try of the catch whose own catch can fall through: its failure would not leave the loop.
function failureIsKept(call: ts.Node, block: ts.Block): boolean {
  for (let node: ts.Node = call; node !== block; node = node.parent) {
    const parent = node.parent;
    if (ts.isTryStatement(parent) && parent.tryBlock === node && parent.catchClause && !alwaysLeaves(parent.catchClause.block)) return true;
  }
  return false;
}

function findEnclosingClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isClassLike(current)) return current;
  }
  return undefined;
}

// Method `name` of the class assigns one of `paths` (`this.cursor = ...`), or calls a method of the class that does,
// outside a try that would swallow the failure.
function assignsThisPath(cls: ts.ClassLikeDeclaration, name: string, paths: ReadonlySet<string>, seen: Set<string>, depth: number): boolean {
  if (depth > 3 || seen.has(name)) return false;
  seen.add(name);
  const method = cls.members.find(
    (member): member is ts.MethodDeclaration => ts.isMethodDeclaration(member) && ts.isIdentifier(member.name) && member.name.text === name && !!member.body,
  );
  const body = method?.body;
  if (!body) return false;
  let assigns = false;
  const callees: string[] = [];
  forEachDescendant(body, (child) => {
    if (assigns) return false;
    // A rebuild whose failure the method swallows could leave the old resource in place and the loop spinning.
    if (ts.isBinaryExpression(child) && child.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(child.left)) {
      const target = getAccessPath(child.left);
      if (target?.startsWith('this.') && paths.has(target) && !failureIsKept(child, body)) assigns = true;
    }
    if (
      ts.isCallExpression(child) &&
      ts.isPropertyAccessExpression(child.expression) &&
      child.expression.expression.kind === ts.SyntaxKind.ThisKeyword &&
      !failureIsKept(child, body)
    ) {
      callees.push(child.expression.name.text);
    }
    return !assigns;
  });
  return assigns || callees.some((callee) => assignsThisPath(cls, callee, paths, seen, depth + 1));
}
