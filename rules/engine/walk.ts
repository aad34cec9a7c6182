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
  const visit = (node: ts.Node): void => {
    const enter = compiled.enter.get(node.kind);
    if (enter) {
      for (const handler of enter) handler(node);
    }
    ts.forEachChild(node, visit);
    const exit = compiled.exit.get(node.kind);
    if (exit) {
      for (const handler of exit) handler(node);
    }
  };
  visit(sourceFile);
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
