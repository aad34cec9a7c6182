import ts from '../engine/typescript.cjs';

import { createProjectIndex } from './create-project-index.js';
import { forEachDescendant } from './for-each-descendant.js';
import { getAccessPath } from './get-access-path.js';
import { getProjectMembers } from './get-project-members.js';
import { unwrapExpression } from './unwrap-expression.js';

interface ProjectIndex {
  /** Member name -> every `x.name` read in the project's own files. */
  reads: Map<string, ts.PropertyAccessExpression[]>;
  /** Function name -> its declarations (`function f() {}`, `const f = () => {}`). */
  functions: Map<string, ts.FunctionLikeDeclaration[]>;
  answers: Map<string, boolean>;
}

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
  const index = getIndex(program, sourceFile);
  const name = access.name.text;
  let answer = index.answers.get(name);
  if (answer === undefined) {
    // A getter that returns the same member of another object (`get closed() { return this.sub.closed; }`)
    // asks this question again: taken as yes while it is being answered.
    index.answers.set(name, true);
    answer = decide(name, index, getProjectMembers(program, sourceFile).get(name) ?? [], program);
    index.answers.set(name, answer);
  }
  return answer;
}

function decide(name: string, index: ProjectIndex, members: readonly ts.Node[], program: ts.Program | undefined): boolean {
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
    if (!value || !isDeferredCreation(value, index)) return false;
  }
  return (index.reads.get(name) ?? []).every(isSettledOrAwaited);
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
function isDeferredCreation(value: ts.Expression, index: ProjectIndex): boolean {
  const call = unwrapExpression(value);
  if (!ts.isCallExpression(call)) return false;
  let callee = unwrapExpression(call.expression);
  if (ts.isBinaryExpression(callee) && callee.operatorToken.kind === ts.SyntaxKind.CommaToken) callee = unwrapExpression(callee.right);
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  const factories = name === undefined ? undefined : index.functions.get(name);
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

const getIndex = createProjectIndex(collect);

function collect(files: readonly ts.SourceFile[]): ProjectIndex {
  const reads = new Map<string, ts.PropertyAccessExpression[]>();
  const functions = new Map<string, ts.FunctionLikeDeclaration[]>();
  const add = <T>(map: Map<string, T[]>, name: string, node: T): void => {
    const list = map.get(name);
    if (list) list.push(node);
    else map.set(name, [node]);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.name)) add(reads, node.name.text, node);
    else if (ts.isFunctionDeclaration(node) && node.name) add(functions, node.name.text, node);
    else if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      const value = unwrapExpression(node.initializer);
      if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) add(functions, node.name.text, value);
    }
    ts.forEachChild(node, visit);
  };
  for (const file of files) visit(file);
  return { reads, functions, answers: new Map() };
}
