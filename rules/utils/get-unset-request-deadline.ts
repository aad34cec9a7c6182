import ts from '../engine/typescript.cjs';

import { forEachDescendant } from './for-each-descendant.js';
import { getConstInitializer } from './get-const-initializer.js';
import { unwrapExpression } from './unwrap-expression.js';

const SEND = /^(?:send|request|sendRequest)$/u;

// The deadline option an HTTP request config sent through the project's own client (a method the checker finds
// declared in the project, not in a package) leaves out, when the project arms that deadline only when the option
// is set (`guarded`, from getGuardedDeadlineOptions):
//   const request = { method: 'GET', url, headers };     // no `timeout`
//   return this.httpClient.send(request);                 -> 'timeout'
//   (and somewhere in the project: const timeout = config.timeout; if (timeout) req.setTimeout(timeout, onTimeout))
// A config with the option, a spread or a computed key, one written to after it is built, a config without both
// `method` and `url`, a client from a package (an axios instance made elsewhere), no checker, or a project with no
// such guard gives undefined.
export function getUnsetRequestDeadline(
  call: ts.CallExpression,
  checker: ts.TypeChecker | undefined,
  getGuarded: () => ReadonlySet<string>,
): string | undefined {
  if (!checker) return undefined;
  const callee = unwrapExpression(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || !SEND.test(callee.name.text) || call.arguments.length !== 1) return undefined;
  const argument = unwrapExpression(call.arguments[0]!);
  const config = ts.isIdentifier(argument) ? getConstInitializer(argument) : argument;
  const literal = config && unwrapExpression(config);
  if (!literal || !ts.isObjectLiteralExpression(literal)) return undefined;
  const keys = new Set<string>();
  for (const property of literal.properties) {
    if (!(ts.isPropertyAssignment(property) || ts.isShorthandPropertyAssignment(property))) return undefined;
    if (!(ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))) return undefined;
    keys.add(property.name.text);
  }
  if (!keys.has('method') || !keys.has('url') || keys.has('signal')) return undefined;
  if (ts.isIdentifier(argument) && isWrittenTo(argument)) return undefined;
  if (keys.has('timeout') || !getGuarded().has('timeout')) return undefined;
  const declarations = checker.getSymbolAtLocation(callee.name)?.declarations ?? [];
  const own = declarations.length > 0 && declarations.every((declaration) => !/[\\/]node_modules[\\/]/u.test(declaration.getSourceFile().fileName));
  return own ? 'timeout' : undefined;
}

// `request.timeout = ms`, `Object.assign(request, extra)`: the config is completed elsewhere in the function.
function isWrittenTo(name: ts.Identifier): boolean {
  const fn = ts.findAncestor(name, ts.isFunctionLike) ?? name.getSourceFile();
  let written = false;
  forEachDescendant(fn, (node) => {
    if (written) return false;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = unwrapExpression(node.left);
      if ((ts.isPropertyAccessExpression(left) || ts.isElementAccessExpression(left)) && left.expression.getText() === name.text) written = true;
    } else if (ts.isCallExpression(node) && node.arguments[0] && unwrapExpression(node.arguments[0]).getText() === name.text) {
      if (/(?:^|\.)(?:assign|merge|extend)$/u.test(node.expression.getText())) written = true;
    }
    return undefined;
  });
  return written;
}
