import ts from './typescript.cjs';

import type { Listeners } from './types.js';

type Handler = (node: ts.Node) => void;

interface CompiledListeners {
  enter: Map<ts.SyntaxKind, Handler[]>;
  exit: Map<ts.SyntaxKind, Handler[]>;
}

/**
 * Walks the raw TypeScript AST once, in document order, calling every listener set for each node.
 * Both hosts use it: ESLint with one rule's listeners, `analyze` with all enabled rules' listeners,
 * so each rule sees exactly the same sequence of nodes in both.
 */
export function walk(sourceFile: ts.SourceFile, listenerSets: readonly Listeners[]): void {
  const compiled = compile(listenerSets);
  if (compiled.enter.size === 0 && compiled.exit.size === 0) {
    return;
  }
  // An explicit stack, not recursion: a 2,000-link `.then()` chain or a long `+` chain is as deep as it
  // is long, and a recursive walk would run out of call stack on it (and lose the whole file).
  const stack: { node: ts.Node; exiting: boolean }[] = [{ node: sourceFile, exiting: false }];
  const children: ts.Node[] = [];
  const collect = (child: ts.Node): undefined => {
    children.push(child);
    return undefined;
  };
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const { node, exiting } = top;
    const handlers = exiting ? compiled.exit.get(node.kind) : compiled.enter.get(node.kind);
    if (handlers) {
      for (const handler of handlers) handler(node);
    }
    if (exiting) continue;
    if (compiled.exit.has(node.kind)) stack.push({ node, exiting: true });
    children.length = 0;
    ts.forEachChild(node, collect);
    for (let index = children.length - 1; index >= 0; index -= 1) stack.push({ node: children[index]!, exiting: false });
  }
}

function compile(listenerSets: readonly Listeners[]): CompiledListeners {
  const compiled: CompiledListeners = { enter: new Map(), exit: new Map() };
  for (const listeners of listenerSets) {
    for (const [key, handler] of Object.entries(listeners) as [string, Handler | undefined][]) {
      if (!handler) continue;
      const isExit = key.endsWith(':exit');
      const kindName = isExit ? key.slice(0, -':exit'.length) : key;
      const kind = (ts.SyntaxKind as unknown as Record<string, ts.SyntaxKind | undefined>)[kindName];
      if (kind === undefined) {
        throw new TypeError(`Unknown syntax kind in listener "${key}"`);
      }
      const table = isExit ? compiled.exit : compiled.enter;
      const handlers = table.get(kind) ?? [];
      handlers.push(handler);
      table.set(kind, handlers);
    }
  }
  return compiled;
}
