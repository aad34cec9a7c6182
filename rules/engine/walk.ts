import ts from './typescript.cjs';

import type { Listeners } from './types.js';

type Handler = (node: ts.Node) => void;

/** A listener and the index of the listener set it came from. */
interface Entry {
  handler: Handler;
  set: number;
}

/** Handlers by syntax kind (an array indexed by `node.kind`: cheaper than a map on every node). */
interface CompiledListeners {
  enter: (Entry[] | undefined)[];
  exit: (Entry[] | undefined)[];
  empty: boolean;
}

/** Calls a node's handlers. */
type Dispatch = (entries: readonly Entry[], node: ts.Node) => void;

/**
 * Walks the raw TypeScript AST once, in document order, calling every listener set for each node.
 * Both hosts use it: ESLint with one rule's listeners, `analyze` with all enabled rules' listeners,
 * so each rule sees exactly the same sequence of nodes in both.
 *
 * Without `onError` a throwing listener ends the walk with its error. With it, the set whose listener threw is
 * called no more on this file, `onError` gets the set's index and the error, and the other sets carry on.
 */
export function walk(sourceFile: ts.SourceFile, listenerSets: readonly Listeners[], onError?: (set: number, error: unknown) => void): void {
  const compiled = compile(listenerSets);
  if (compiled.empty) return;
  const { enter, exit } = compiled;
  const dispatch = onError ? isolating(listenerSets.length, onError) : dispatchAll;
  // Recursion while the tree is shallow (faster), an explicit stack below MAX_RECURSION levels: a 2,000-link
  // `.then()` chain or a long `+` chain is as deep as it is long, and a recursive walk would run out of call
  // stack on it (and lose the whole file).
  let depth = 0;
  const visit = (node: ts.Node): undefined => {
    if (depth >= MAX_RECURSION) {
      walkWithStack(node, compiled, dispatch);
      return undefined;
    }
    const entering = enter[node.kind];
    if (entering) dispatch(entering, node);
    depth += 1;
    ts.forEachChild(node, visit);
    depth -= 1;
    const exiting = exit[node.kind];
    if (exiting) dispatch(exiting, node);
    return undefined;
  };
  visit(sourceFile);
}

function dispatchAll(entries: readonly Entry[], node: ts.Node): void {
  for (const entry of entries) entry.handler(node);
}

// One try per call, in the walk itself: a wrapper closure around every listener costs a call on every node.
function isolating(sets: number, onError: (set: number, error: unknown) => void): Dispatch {
  const failed: boolean[] = Array.from({ length: sets }, () => false);
  return (entries, node) => {
    for (const entry of entries) {
      if (failed[entry.set]) continue;
      try {
        entry.handler(node);
      } catch (error) {
        failed[entry.set] = true;
        onError(entry.set, error);
      }
    }
  };
}

const MAX_RECURSION = 400;

function walkWithStack(root: ts.Node, { enter, exit }: CompiledListeners, dispatch: Dispatch): void {
  const stack: { node: ts.Node; exiting: boolean }[] = [{ node: root, exiting: false }];
  const children: ts.Node[] = [];
  const collect = (child: ts.Node): undefined => {
    children.push(child);
    return undefined;
  };
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const { node, exiting } = top;
    const entries = exiting ? exit[node.kind] : enter[node.kind];
    if (entries) dispatch(entries, node);
    if (exiting) continue;
    if (exit[node.kind]) stack.push({ node, exiting: true });
    children.length = 0;
    ts.forEachChild(node, collect);
    for (let index = children.length - 1; index >= 0; index -= 1) stack.push({ node: children[index]!, exiting: false });
  }
}

function compile(listenerSets: readonly Listeners[]): CompiledListeners {
  const compiled: CompiledListeners = { enter: [], exit: [], empty: true };
  for (const [set, listeners] of listenerSets.entries()) {
    for (const [key, handler] of Object.entries(listeners) as [string, Handler | undefined][]) {
      if (!handler) continue;
      const { kind, isExit } = parseKey(key);
      const table = isExit ? compiled.exit : compiled.enter;
      (table[kind] ??= []).push({ handler, set });
      compiled.empty = false;
    }
  }
  return compiled;
}

// `CallExpression` or `CallExpression:exit`, parsed once per key (each file compiles every rule's listeners again).
const parsedKeys = new Map<string, { kind: ts.SyntaxKind; isExit: boolean }>();

function parseKey(key: string): { kind: ts.SyntaxKind; isExit: boolean } {
  let parsed = parsedKeys.get(key);
  if (!parsed) {
    const isExit = key.endsWith(':exit');
    const kindName = isExit ? key.slice(0, -':exit'.length) : key;
    const kind = (ts.SyntaxKind as unknown as Record<string, ts.SyntaxKind | undefined>)[kindName];
    if (kind === undefined) {
      throw new TypeError(`Unknown syntax kind in listener "${key}"`);
    }
    parsed = { kind, isExit };
    parsedKeys.set(key, parsed);
  }
  return parsed;
}
