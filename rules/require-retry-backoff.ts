import ts from './engine/typescript.cjs';

import { createRule } from './engine/create-rule.js';
import type { DelayClass, DelayScope } from './utils/classify-delay.js';
import { classifyDelay } from './utils/classify-delay.js';
import { forEachDescendant } from './utils/for-each-descendant.js';
import { getDelayAmount } from './utils/get-delay-amount.js';
import type { BackoffModel } from './models/library-model.js';
import { getImmediateGuardedRetry } from './utils/get-immediate-guarded-retry.js';
import { getImportedModule } from './utils/get-imported-module.js';
import { isModuleOfPackage } from './utils/is-module-of-package.js';
import { getObjectProperty } from './utils/get-object-property.js';
import { getRecursionCounters } from './utils/get-recursion-counters.js';
import { getRecursiveRetry } from './utils/get-recursive-retry.js';
import type { RecursiveRetry } from './utils/get-recursive-retry.js';
import type { RetryLibraryCall } from './utils/get-retry-library-call.js';
import { getRetryLibraryCall } from './utils/get-retry-library-call.js';
import { getRetryLoop } from './utils/get-retry-loop.js';
import { getStaticNumber } from './utils/get-static-number.js';
import { getUpdatedCounters } from './utils/get-updated-counters.js';
import { isDelayCall } from './utils/is-delay-call.js';
import { isNeverMetGuarded } from './utils/is-never-met-guarded.js';
import { isDuplicateKeyRetryCall, retriesOnlyDuplicateKeys } from './utils/retries-only-duplicate-keys.js';
import { unwrapExpression } from './utils/unwrap-expression.js';

type Options = [];
type MessageIds = 'noDelay' | 'fixedDelay' | 'libraryNoDelay' | 'libraryFixedDelay';

interface Verdict {
  messageId: 'noDelay' | 'fixedDelay';
  /** The retry itself: the loop, or the call that retries. A fixed wait is named in the message, not reported at. */
  node: ts.Node;
  /** The fixed wait, for `fixedDelay`. */
  delay?: ts.Node;
}

export default createRule<Options, MessageIds>({
  name: 'require-retry-backoff',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require retries to wait with a growing or jittered delay',
      family: 'retries',
      recommended: 'strict-type-checked',
      typeInformation: 'none',
      precision: 'low',
      cwe: ['CWE-400'],
    },
    messages: {
      noDelay: 'This retry tries again immediately after a failure: wait between attempts with a delay that grows per attempt and carries jitter.',
      fixedDelay:
        'This retry waits the same {{delay}} after every failure: every client retries in lockstep against the recovering dependency. Grow the delay per attempt (`base * 2 ** attempt`) and add jitter (`Math.random()`).',
      libraryNoDelay: '{{library}} is configured to retry with no delay between attempts: {{hint}}.',
      libraryFixedDelay: '{{library}} is configured to retry after the same delay every time with no jitter: {{hint}}.',
    },
    schema: [],
    defaultOptions: [],
  },
  check(context) {
    const { sourceFile } = context;
    const report = (verdict: Verdict): void => {
      const data = verdict.delay ? { delay: describeDelay(verdict.delay, sourceFile) } : undefined;
      context.report({ node: verdict.node, messageId: verdict.messageId, ...(data && { data }) });
    };
    const checkLoop = (node: ts.Node): void => {
      const verdict = judgeRetryLoop(node, sourceFile);
      if (verdict) report(verdict);
    };

    return {
      WhileStatement: checkLoop,
      DoStatement: checkLoop,
      ForStatement: checkLoop,
      ForOfStatement: checkLoop,
      CallExpression(node) {
        const recursive = getRecursiveRetry(node, context.project.models);
        if (recursive) {
          const verdict = judgeRecursion(recursive, sourceFile);
          if (verdict) report(verdict);
          return;
        }
        const immediate = getImmediateGuardedRetry(node, context.program);
        if (immediate) {
          report({ messageId: 'noDelay', node: immediate });
          return;
        }
        const library = getRetryLibraryCall(node, sourceFile, context.project.models);
        const found = library && judgeRetryLibrary(library, sourceFile);
        if (found) context.report(found);
      },
    };
  },
});

// A loop that retries: judged by the waits in its body, unless it is a short second try or a duplicate-key race.
function judgeRetryLoop(node: ts.Node, sourceFile: ts.SourceFile): Verdict | undefined {
  const retry = getRetryLoop(node);
  // Poll loops may wait a fixed interval by design; only attempts that end in success or failure are judged.
  if (!retry || retry.kind !== 'retry') return undefined;
  // `for (let i = 0; i < 2; i++)`: one immediate second try (a stale keep-alive socket) is no retry series.
  const iterations = countIterations(retry.loop);
  if (iterations !== undefined && iterations <= 2) return undefined;
  // The find-or-create race: a duplicate key is settled at once, nothing needs time to recover.
  if (retry.tries.every((attempt) => attempt.catchClause && retriesOnlyDuplicateKeys(attempt.catchClause))) return undefined;
  const delays = collectDelays(retry.loop.statement, sourceFile);
  const verdict = judgeDelays(delays, { scope: retry.loop, counters: getUpdatedCounters(retry.loop) }, retry.loop);
  return verdict;
}

function judgeRecursion(recursive: RecursiveRetry, sourceFile: ts.SourceFile): Verdict | undefined {
  // `request(options, /* finalCall */ true)`: one more attempt after fixing something, not a retry series.
  if (isOneShot(recursive)) return undefined;
  const { call, handler, timer, relay, fn } = recursive;
  // The find-or-create race, retried by calling again: a duplicate key is settled at once.
  if (ts.isCatchClause(handler) && isDuplicateKeyRetryCall(call, handler)) return undefined;
  const counters = new Set([...getRecursionCounters(recursive), ...getUpdatedCounters(fn), ...(relay ? getUpdatedCounters(relay) : [])]);
  // The wait nearest the failure first: the timer around the call, then the handler, then the whole function.
  const notSelf = (delay: ts.CallExpression | ts.NewExpression): boolean => !isSameCallee(delay, call);
  const inHandler = collectDelays(handler, sourceFile, true).filter(notSelf);
  const delays = timer ? [timer] : inHandler.length > 0 ? inHandler : collectDelays(relay ?? fn, sourceFile, true).filter(notSelf);
  return judgeDelays(delays, { scope: relay ?? fn, counters }, call);
}

/** A retry library's options that retry at once or after the same wait, reported at the option (or the call). */
interface LibraryReport {
  node: ts.Node;
  messageId: 'libraryNoDelay' | 'libraryFixedDelay';
  data: { library: string; hint: string };
}

// A retry library's call: the options that make it retry at once or after the same wait every time, by the
// backoff its catalogue row describes.
function judgeRetryLibrary({ library, row, call, options }: RetryLibraryCall, sourceFile: ts.SourceFile): LibraryReport | undefined {
  const { backoff } = row;
  if (!backoff || !isComplete(backoff)) return undefined;
  // `retries: 0`: no retry to space out.
  const cap = getObjectProperty(options, row.cap);
  if (cap.kind === 'found' && isStaticZero(cap.value)) return undefined;
  switch (backoff.kind) {
    case 'factor':
      return judgeFactor(library, backoff, options);
    case 'delay-function':
      return judgeDelayFunction(library, backoff, call, options);
    default:
      return judgeStrategy(library, backoff, call, options, sourceFile);
  }
}

// A user row's backoff is checked by a flat schema: one missing the parts its kind needs says nothing.
function isComplete(backoff: BackoffModel): boolean {
  const parts: Partial<Record<string, unknown>> = backoff;
  const needs = { factor: ['factor', 'factorDefault', 'jitter'], 'delay-function': ['option', 'zeroDelays', 'hint'], strategy: ['option', 'constant', 'hint'] };
  return needs[backoff.kind].every((part) => parts[part] !== undefined);
}

// node-retry: min(random * max(minTimeout, 1) * factor ** attempt, maxTimeout); exponential-backoff likewise with
// `timeMultiple` and `jitter`. A factor of at most 1 with no jitter waits the same every time; so does a maximum at or
// below the minimum.
function judgeFactor(library: string, backoff: BackoffModel & { kind: 'factor' }, options: ts.Expression | undefined): LibraryReport | undefined {
  const factor = getObjectProperty(options, backoff.factor);
  const jitter = getObjectProperty(options, backoff.jitter.option);
  const jitterOff = jitter.kind === 'found' ? isWritten(jitter.value, backoff.jitter.off) : jitter.kind === 'missing' && !backoff.jitter.default;
  if (factor.kind === 'found' && !ts.isMethodDeclaration(factor.value) && jitterOff) {
    const value = getStaticNumber(factor.value);
    if (value !== undefined && value <= 1) {
      const hint = `use a \`${backoff.factor}\` above 1 (the default is ${backoff.factorDefault}) or \`${backoff.jitter.option}: ${backoff.jitter.on}\``;
      return { node: factor.property, messageId: 'libraryFixedDelay', data: { library, hint } };
    }
  }
  if (!backoff.minDelay || !backoff.maxDelay) return undefined;
  const maxDelay = getObjectProperty(options, backoff.maxDelay);
  const minDelay = getObjectProperty(options, backoff.minDelay.option);
  if (maxDelay.kind === 'found' && !ts.isMethodDeclaration(maxDelay.value)) {
    const max = getStaticNumber(maxDelay.value);
    const min =
      minDelay.kind === 'missing'
        ? backoff.minDelay.default
        : minDelay.kind === 'found' && !ts.isMethodDeclaration(minDelay.value)
          ? getStaticNumber(minDelay.value)
          : undefined;
    if (max !== undefined && min !== undefined && max <= min) {
      const hint = `\`${backoff.maxDelay}\` at or below \`${backoff.minDelay.option}\` clamps every wait to the same value`;
      return { node: maxDelay.property, messageId: 'libraryFixedDelay', data: { library, hint } };
    }
  }
  return undefined;
}

// A value as the row writes it: `false`, or a string such as `'none'` (any quotes).
function isWritten(value: ts.Expression | ts.MethodDeclaration, written: string): boolean {
  if (ts.isMethodDeclaration(value)) return false;
  const expression = unwrapExpression(value);
  if (/^['"]/u.test(written)) return ts.isStringLiteralLike(expression) && expression.text === written.slice(1, -1);
  return expression.getText() === written;
}

// axios-retry: `retryDelay` computes each wait; without it (or with `noDelay`) it retries at once.
function judgeDelayFunction(
  library: string,
  backoff: BackoffModel & { kind: 'delay-function' },
  call: ts.CallExpression,
  options: ts.Expression | undefined,
): LibraryReport | undefined {
  const { hint } = backoff;
  const lookup = options ? getObjectProperty(options, backoff.option) : undefined;
  if (lookup === undefined || lookup.kind === 'missing') {
    return { node: call, messageId: 'libraryNoDelay', data: { library, hint } };
  }
  if (lookup.kind !== 'found') return undefined;
  const value = lookup.value;
  const delayClass = ts.isMethodDeclaration(value) ? classifyFunctionResult(value) : classifyRetryDelayValue(value, backoff.zeroDelays);
  if (delayClass === 'zero') {
    return { node: lookup.property, messageId: 'libraryNoDelay', data: { library, hint } };
  } else if (delayClass === 'fixed') {
    return { node: lookup.property, messageId: 'libraryFixedDelay', data: { library, hint } };
  }
  return undefined;
}

function classifyRetryDelayValue(value: ts.Expression, zeroDelays: readonly string[]): DelayClass {
  const expression = unwrapExpression(value);
  if (ts.isArrowFunction(expression) || ts.isFunctionExpression(expression)) return classifyFunctionResult(expression);
  const name = ts.isIdentifier(expression) ? expression.text : ts.isPropertyAccessExpression(expression) ? expression.name.text : undefined;
  if (name !== undefined && zeroDelays.includes(name)) return 'zero';
  return 'unknown';
}

// cockatiel: `backoff` holds a backoff object; without it, or with the package's constant one, every wait is the same.
function judgeStrategy(
  library: string,
  backoff: BackoffModel & { kind: 'strategy' },
  call: ts.CallExpression,
  options: ts.Expression | undefined,
  sourceFile: ts.SourceFile,
): LibraryReport | undefined {
  const { hint } = backoff;
  const lookup = options ? getObjectProperty(options, backoff.option) : undefined;
  if (lookup === undefined || lookup.kind === 'missing') {
    return { node: call, messageId: 'libraryNoDelay', data: { library, hint } };
  }
  if (lookup.kind !== 'found' || ts.isMethodDeclaration(lookup.value)) return undefined;
  const value = unwrapExpression(lookup.value);
  if (!ts.isNewExpression(value) || !ts.isIdentifier(value.expression)) return undefined;
  const binding = getImportedModule(sourceFile, value.expression.text);
  if (!binding || !isModuleOfPackage(binding.module, library) || binding.imported !== backoff.constant) return undefined;
  const amount = value.arguments?.[0];
  const zero = amount === undefined || getStaticNumber(amount) === 0;
  return { node: lookup.property, messageId: zero ? 'libraryNoDelay' : 'libraryFixedDelay', data: { library, hint } };
}

// Delay calls that run between attempts: in the loop body, or anywhere in a recursive function (its callbacks too);
// not one under a guard its value almost never meets (`Number.isInteger(delay)` of a jittered delay).
function collectDelays(scope: ts.Node, sourceFile: ts.SourceFile, crossFunctions = false): (ts.CallExpression | ts.NewExpression)[] {
  const delays: (ts.CallExpression | ts.NewExpression)[] = [];
  forEachDescendant(
    scope,
    (node) => {
      if (isDelayCall(node)) {
        if (!isNeverMetGuarded(node, scope)) delays.push(node);
        return false;
      }
      if (ts.isCallExpression(node) && callsLocalDelayHelper(node, sourceFile) && !isNeverMetGuarded(node, scope)) delays.push(node);
      return undefined;
    },
    { crossFunctions },
  );
  return delays;
}

// `await this.pause()` / `await cooldown()` where the helper, declared in this file, waits itself: its amount is
// the helper's business (classified as unknown).
function callsLocalDelayHelper(call: ts.CallExpression, sourceFile: ts.SourceFile): boolean {
  const callee = call.expression;
  const helpers = getDelayHelpers(sourceFile);
  if (ts.isIdentifier(callee)) return helpers.functions.has(callee.text);
  if (ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword) {
    return helpers.members.has(callee.name.text);
  }
  return false;
}

interface DelayHelpers {
  /** `function pause() {}`, `const pause = () => ...` */
  functions: Set<string>;
  /** class methods and arrow-function properties, called through `this`. */
  members: Set<string>;
}

const delayHelpersByFile = new WeakMap<ts.SourceFile, DelayHelpers>();

function getDelayHelpers(sourceFile: ts.SourceFile): DelayHelpers {
  let helpers = delayHelpersByFile.get(sourceFile);
  if (helpers) return helpers;
  const found: DelayHelpers = { functions: new Set(), members: new Set() };
  const visit = (node: ts.Node): void => {
    addHelper(node, found);
  };
  forEachDescendant(sourceFile, visit, { crossFunctions: true });
  helpers = found;
  delayHelpersByFile.set(sourceFile, helpers);
  return helpers;
}

function addHelper(node: ts.Node, helpers: DelayHelpers): void {
  if (!ts.isFunctionLike(node) || !containsDelay(node)) return;
  if (ts.isFunctionDeclaration(node) && node.name) helpers.functions.add(node.name.text);
  if (ts.isMethodDeclaration(node) && ts.isIdentifier(node.name)) helpers.members.add(node.name.text);
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) {
    const { parent } = node;
    if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) helpers.functions.add(parent.name.text);
    if (ts.isPropertyDeclaration(parent) && ts.isIdentifier(parent.name)) helpers.members.add(parent.name.text);
  }
}

function containsDelay(fn: ts.Node): boolean {
  let found = false;
  forEachDescendant(
    fn,
    (node) => {
      if (isDelayCall(node)) found = true;
      return !found;
    },
    { crossFunctions: true },
  );
  return found;
}

// No delay call, or only zero ones: noDelay on the retry; only fixed (or zero) ones: fixedDelay on the first fixed.
// How many times `for (let i = A; i < B; i++)` (or `<=`) runs when A and B are static; undefined otherwise.
function countIterations(loop: ts.Node): number | undefined {
  if (!ts.isForStatement(loop) || !loop.initializer || !loop.condition || !loop.incrementor) return undefined;
  if (!ts.isVariableDeclarationList(loop.initializer) || loop.initializer.declarations.length !== 1) return undefined;
  const declaration = loop.initializer.declarations[0]!;
  if (!ts.isIdentifier(declaration.name) || !declaration.initializer) return undefined;
  const start = getStaticNumber(declaration.initializer);
  const condition = unwrapExpression(loop.condition);
  if (start === undefined || !ts.isBinaryExpression(condition)) return undefined;
  const left = unwrapExpression(condition.left);
  if (!ts.isIdentifier(left) || left.text !== declaration.name.text) return undefined;
  const end = getStaticNumber(condition.right);
  if (end === undefined) return undefined;
  if (condition.operatorToken.kind === ts.SyntaxKind.LessThanToken) return end - start;
  if (condition.operatorToken.kind === ts.SyntaxKind.LessThanEqualsToken) return end - start + 1;
  return undefined;
}

function isOneShot({ call, fn }: RecursiveRetry): boolean {
  return fn.parameters.some((parameter, index) => {
    const argument = call.arguments[index];
    if (!argument) return false;
    const kind = unwrapExpression(argument).kind;
    return kind === ts.SyntaxKind.TrueKeyword || kind === ts.SyntaxKind.FalseKeyword;
  });
}

// A delay named as a schedule (`this.interval * 1000`, `POLL_MS`, `heartbeatPeriod`) paces a poll or heartbeat,
// restarted after a crash: not a retry delay.
const SCHEDULE_NAME = /interval|period|poll|heartbeat|tick|cron|schedule/iu;

function namesSchedule(node: ts.Node): boolean {
  if (ts.isIdentifier(node)) return SCHEDULE_NAME.test(node.text);
  return ts.forEachChild(node, (child) => (namesSchedule(child) ? true : undefined)) ?? false;
}

function judgeDelays(delays: readonly (ts.CallExpression | ts.NewExpression)[], scope: DelayScope, retryNode: ts.Node): Verdict | undefined {
  if (delays.length === 0) return { messageId: 'noDelay', node: retryNode };
  let firstFixed: ts.Node | undefined;
  for (const delay of delays) {
    const delayClass = classifyDelayCall(delay, scope);
    if (delayClass === 'growing' || delayClass === 'unknown') return undefined;
    if (delayClass === 'fixed') {
      const amount = getDelayAmount(delay);
      if (amount.kind === 'expression' && namesSchedule(amount.expression)) return undefined;
      firstFixed ??= delay;
    }
  }
  return firstFixed ? { messageId: 'fixedDelay', node: retryNode, delay: firstFixed } : { messageId: 'noDelay', node: retryNode };
}

function classifyDelayCall(delay: ts.CallExpression | ts.NewExpression, scope: DelayScope): DelayClass {
  if (!isDelayCall(delay)) return 'unknown';
  const amount = getDelayAmount(delay);
  if (amount.kind === 'none') return 'zero';
  if (amount.kind === 'unknown') return 'unknown';
  return classifyDelay(amount.expression, scope);
}

function classifyFunctionResult(fn: ts.ArrowFunction | ts.FunctionExpression | ts.MethodDeclaration): DelayClass {
  const counters = new Set(fn.parameters.flatMap((p) => (ts.isIdentifier(p.name) ? [p.name.text] : [])));
  const scope: DelayScope = { scope: fn, counters };
  if (fn.body && !ts.isBlock(fn.body)) return classifyDelay(fn.body, scope);
  const results: DelayClass[] = [];
  if (fn.body) {
    forEachDescendant(fn.body, (node) => {
      if (ts.isReturnStatement(node)) results.push(node.expression ? classifyDelay(node.expression, scope) : 'unknown');
    });
  }
  if (results.length === 0) return 'unknown';
  if (results.includes('growing')) return 'growing';
  if (results.includes('unknown')) return 'unknown';
  return results.every((r) => r === 'zero') ? 'zero' : 'fixed';
}

function describeDelay(node: ts.Node, sourceFile: ts.SourceFile): string {
  if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
    const amount = getDelayAmount(node);
    if (amount.kind === 'expression') return `\`${amount.expression.getText(sourceFile)}\` ms`;
  }
  return 'delay';
}

// The retried function's own name may read like a delay (`fetchWithDelay`): its calls are attempts, not waits.
function isSameCallee(delay: ts.CallExpression | ts.NewExpression, call: ts.CallExpression): boolean {
  return ts.isCallExpression(delay) && delay.expression.getText() === call.expression.getText();
}

function isStaticZero(value: ts.Expression | ts.MethodDeclaration): boolean {
  return !ts.isMethodDeclaration(value) && getStaticNumber(value) === 0;
}
