import ts from '../engine/typescript.cjs';

import { createNameIndex } from './create-project-index.js';
import { forEachDescendant } from './for-each-descendant.js';
import { getAccessPath } from './get-access-path.js';
import { getProjectFunctions, getProjectMembers, type ProjectFunctions } from './get-project-members.js';
import { unwrapExpression } from './unwrap-expression.js';

// Per program (or file): the answer for each member name.
const answersByFile = new WeakMap<ts.Program | ts.SourceFile, Map<string, boolean>>();

// A read of a member that holds a deferred nobody rejects, so the promise can only resolve:
//   function deferred() { let m = {}; const p = new Promise((resolve, reject) => { m = { resolve, reject }; }); return Object.assign(p, m); }
//   this.iterClosed = deferred();  ...  this.iterClosed.resolve(err);  ...  qi.iterClosed.then(() => sub.unsubscribe())
// (nats' `iterClosed`, `closed`, `_done`): every value the project gives the member is a fresh deferred
// (a call of a function whose executor hands `resolve` and `reject` out without calling them), and every
// read of the member in the project's own files settles it with `.resolve`, waits for it (`.then`,
// `.catch`, `.finally`, `await`, `yield`, `Promise.all([...])`) or returns it. One `.reject`, or a read
// that hands the deferred to anything else (`const d = this.done`, `f(this.done)`), and it may reject.
// What a caller does with a returned deferred is not followed: a `.reject` on `x.closed()` is missed.
// Without a program, the file alone.
export function isResolveOnlyDeferred(access: ts.PropertyAccessExpression, program: ts.Program | undefined): boolean {
  const sourceFile = access.getSourceFile();
  let answers = answersByFile.get(program ?? sourceFile);
  if (!answers) {
    answers = new Map();
    answersByFile.set(program ?? sourceFile, answers);
  }
  const name = access.name.text;
  let answer = answers.get(name);
  if (answer === undefined) {
    // A getter that returns the same member of another object (`get closed() { return this.sub.closed; }`)
    // asks this question again: taken as yes while it is being answered.
    answers.set(name, true);
    answer = decide(name, getProjectMembers(program, sourceFile).get(name) ?? [], program, sourceFile);
    answers.set(name, answer);
  }
  return answer;
}

function decide(name: string, members: readonly ts.Node[], program: ts.Program | undefined, sourceFile: ts.SourceFile): boolean {
  // A method of that name is no thenable (reading `.then` off it fails): only the values given to the member count.
  const values = members.filter((member) => !ts.isMethodDeclaration(member));
  if (values.length === 0) return false;
  for (const member of values) {
    // get closed() { return this.sub.closed; }
    if (ts.isGetAccessorDeclaration(member)) {
      if (!returnsOnlyDeferredReads(member, program)) return false;
      continue;
    }
    const value = ts.isBinaryExpression(member)
      ? member.right
      : ts.isPropertyDeclaration(member) || ts.isPropertyAssignment(member)
        ? member.initializer
        : undefined;
    if (!value || !isDeferredCreation(value, getProjectFunctions(program, sourceFile))) return false;
  }
  return (getReads(program, sourceFile).get(name) ?? []).every(isSettledOrAwaited);
}

function returnsOnlyDeferredReads(getter: ts.GetAccessorDeclaration, program: ts.Program | undefined): boolean {
  if (!getter.body) return false;
  const returned: ts.Expression[] = [];
  let bare = false;
  forEachDescendant(getter.body, (node) => {
    if (!ts.isReturnStatement(node)) return;
    if (node.expression) returned.push(unwrapExpression(node.expression));
    else bare = true;
  });
  return !bare && returned.length > 0 && returned.every((value) => ts.isPropertyAccessExpression(value) && isResolveOnlyDeferred(value, program));
}

// deferred()   util.deferred()   (0, util_1.deferred)()   (CommonJS output of `import { deferred }`)
function isDeferredCreation(value: ts.Expression, functions: ProjectFunctions): boolean {
  const call = unwrapExpression(value);
  if (!ts.isCallExpression(call)) return false;
  let callee = unwrapExpression(call.expression);
  if (ts.isBinaryExpression(callee) && callee.operatorToken.kind === ts.SyntaxKind.CommaToken) callee = unwrapExpression(callee.right);
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  const factories = name === undefined ? undefined : functions.get(name);
  return factories !== undefined && factories.length > 0 && factories.every(isDeferredFactory);
}

// A function that makes a promise and hands its `resolve` and `reject` out instead of calling them:
//   new Promise((resolve, reject) => { methods = { resolve, reject }; })
function isDeferredFactory(fn: ts.FunctionLikeDeclaration): boolean {
  if (!fn.body || !ts.isBlock(fn.body)) return false;
  let found = false;
  let calls = false;
  forEachDescendant(fn.body, (node) => {
    if (!ts.isNewExpression(node) || !ts.isIdentifier(node.expression) || node.expression.text !== 'Promise') return;
    const executor = node.arguments?.[0] && unwrapExpression(node.arguments[0]);
    if (!executor || (!ts.isArrowFunction(executor) && !ts.isFunctionExpression(executor))) return;
    const names = executor.parameters.map((parameter) => (ts.isIdentifier(parameter.name) ? parameter.name.text : undefined));
    if (names.length !== 2 || names.includes(undefined)) return;
    found = true;
    forEachDescendant(
      executor.body,
      (inner) => {
        if (ts.isCallExpression(inner) && ts.isIdentifier(inner.expression) && names.includes(inner.expression.text)) calls = true;
      },
      { crossFunctions: true },
    );
  });
  return found && !calls;
}

const WAITS = new Set(['then', 'catch', 'finally', 'resolve']);

// x.done.resolve(v)   x.done.then(f)   await x.done   yield x.done   return x.done   () => x.done
// Promise.all([x.done, y])   x.done()  (a method of the same name, called)   x.done = deferred()  (its value)
function isSettledOrAwaited(read: ts.PropertyAccessExpression): boolean {
  const parent = read.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.expression === read) {
    return WAITS.has(parent.name.text) && ts.isCallExpression(parent.parent) && parent.parent.expression === parent;
  }
  if (ts.isCallExpression(parent) && parent.expression === read) return true;
  if (ts.isBinaryExpression(parent) && parent.left === read && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) return true;
  if (ts.isAwaitExpression(parent) || ts.isYieldExpression(parent) || ts.isReturnStatement(parent)) return true;
  if (ts.isArrowFunction(parent) && parent.body === read) return true;
  if (ts.isParenthesizedExpression(parent)) return false;
  if (ts.isArrayLiteralExpression(parent) && ts.isCallExpression(parent.parent)) {
    const combinator = getAccessPath(parent.parent.expression);
    return combinator !== undefined && /^Promise\.(?:all|allSettled|race|any)$/u.test(combinator);
  }
  return false;
}

// Member name -> every `x.name` read in the project's own files (asked only once a member's every value is a fresh
// deferred, which few projects have).
const getReads = createNameIndex(collectReads);

function collectReads(file: ts.SourceFile, within: (node: ts.Node) => boolean): ReadonlyMap<string, readonly ts.PropertyAccessExpression[]> {
  const reads = new Map<string, ts.PropertyAccessExpression[]>();
  const visit = (node: ts.Node): void => {
    if (!within(node)) return;
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.name)) {
      const list = reads.get(node.name.text);
      if (list) list.push(node);
      else reads.set(node.name.text, [node]);
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(file, visit);
  return reads;
}
