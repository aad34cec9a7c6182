import ts from '../engine/typescript.cjs';

import { findLocalDeclaration } from './find-local-declaration.js';
import { getAccessPath } from './get-access-path.js';
import { unwrapExpression } from './unwrap-expression.js';

const REQUEST_ROOTS = new Set(['req', 'request', 'ctx', 'event']);
const REQUEST_PARTS = new Set(['query', 'params', 'headers', 'cookies', 'body', 'rawBody']);
const MESSAGE_ROOTS = new Set(['msg', 'message', 'event', 'evt', 'record', 'delivery', 'packet', 'frame', 'payload']);
const MESSAGE_PARTS = new Set(['content', 'value', 'data', 'body', 'Body', 'Message', 'payload']);
const MESSAGE_EVENTS = new Set(['message', 'data', 'line', 'messageCreate']);
const CACHE_READS = new Set(['get', 'hget', 'getex', 'lpop', 'rpop', 'blpop', 'brpop', 'lindex']);

// Where a value comes from, when its expression shows it is input from outside the process:
//   req.body   ctx.request.body   event.body   req.query.filter   req.headers['x-meta']   -> 'a request'
//   msg.content.toString()   message.value   record.body   event.data                     -> 'a message'
//   socket.on('message', (data) => ... data ...)                                          -> 'a message'
//   fs.readFileSync(p, 'utf8')   await readFile(p)   await fs.promises.readFile(p)         -> 'a file'
//   await res.text()   await response.body.text()                                          -> 'an HTTP response'
//   process.env.CONFIG   process.env['CONFIG']                                             -> 'an environment variable'
//   await redis.get(key)   localStorage.getItem(key)                                       -> 'a cache or store'
// Names are followed to their local `const`/`let` initializer or destructuring (`const { body } = req`).
// Literals, `JSON.stringify(...)` and anything else without such evidence give undefined.
export function getExternalInputOrigin(expression: ts.Expression): string | undefined {
  return originOf(expression, 0);
}

function originOf(expression: ts.Expression, depth: number): string | undefined {
  if (depth > 4) return undefined;
  const value = strip(expression);
  if (ts.isIdentifier(value)) return originOfName(value, depth);
  if (ts.isBinaryExpression(value) && [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken].includes(value.operatorToken.kind)) {
    // process.env.FEATURES ?? '{}'
    return originOf(value.left, depth + 1) ?? originOf(value.right, depth + 1);
  }
  if (ts.isConditionalExpression(value)) return originOf(value.whenTrue, depth + 1) ?? originOf(value.whenFalse, depth + 1);
  if (ts.isCallExpression(value)) return originOfCall(value);
  if (ts.isPropertyAccessExpression(value) || ts.isElementAccessExpression(value)) {
    return originOfPath(pathSegments(value));
  }
  return undefined;
}

// (x)   x as string   await x   x.toString()   x.toString('utf8')   String(x)   x.trim()   x.slice(n)   Buffer.from(x)
function strip(expression: ts.Expression): ts.Expression {
  let value = unwrapExpression(expression);
  for (;;) {
    if (ts.isAwaitExpression(value)) {
      value = unwrapExpression(value.expression);
    } else if (
      ts.isCallExpression(value) &&
      ts.isPropertyAccessExpression(value.expression) &&
      ['toString', 'trim', 'slice', 'substring', 'trimStart', 'trimEnd'].includes(value.expression.name.text)
    ) {
      value = unwrapExpression(value.expression.expression);
    } else if (ts.isCallExpression(value) && value.arguments.length >= 1 && ['String', 'Buffer.from'].includes(getAccessPath(value.expression) ?? '')) {
      value = unwrapExpression(value.arguments[0]!);
    } else {
      return value;
    }
  }
}

function originOfName(identifier: ts.Identifier, depth: number): string | undefined {
  const declaration = findLocalDeclaration(identifier);
  if (!declaration) return undefined;
  if (ts.isVariableDeclaration(declaration)) {
    const initial = declaration.initializer ? originOf(declaration.initializer, depth + 1) : undefined;
    return initial ?? originOfAppends(identifier.text, declaration, depth);
  }
  if (ts.isBindingElement(declaration)) {
    // const { body } = req   ->   req.body
    const pattern = declaration.parent;
    const owner = pattern.parent;
    if (!ts.isObjectBindingPattern(pattern) || !ts.isVariableDeclaration(owner) || !owner.initializer) return undefined;
    const property = declaration.propertyName ?? declaration.name;
    if (!ts.isIdentifier(property) && !ts.isStringLiteral(property)) return undefined;
    const base = strip(owner.initializer);
    const segments = ts.isIdentifier(base) || ts.isPropertyAccessExpression(base) || ts.isElementAccessExpression(base) ? pathSegments(base) : undefined;
    return segments ? originOfPath([...segments, property.text]) : undefined;
  }
  return listenerParameterOrigin(declaration) ?? originOfThenParameter(declaration, depth);
}

// let body = ''; req.on('data', (chunk) => { body += chunk; });   -> body comes from the request
function originOfAppends(name: string, declaration: ts.VariableDeclaration, depth: number): string | undefined {
  const list = declaration.parent;
  if (!ts.isVariableDeclarationList(list) || !(list.flags & ts.NodeFlags.Let) || !ts.isVariableStatement(list.parent)) return undefined;
  let found: string | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken && ts.isIdentifier(node.left) && node.left.text === name) {
      found = originOf(node.right, depth + 1);
    }
    ts.forEachChild(node, visit);
  };
  visit(list.parent.parent);
  return found;
}

// res.text().then((text) => ...)   fetch(url).then((r) => r.text()).then((text) => ...)
function originOfThenParameter(parameter: ts.ParameterDeclaration, depth: number): string | undefined {
  const fn = parameter.parent;
  const call = fn.parent;
  if (!ts.isCallExpression(call) || call.arguments[0] !== fn || fn.parameters[0] !== parameter) return undefined;
  if (!ts.isPropertyAccessExpression(call.expression) || call.expression.name.text !== 'then') return undefined;
  const receiver = unwrapExpression(call.expression.expression);
  if (ts.isCallExpression(receiver) && ts.isPropertyAccessExpression(receiver.expression) && receiver.expression.name.text === 'then') {
    const previous = receiver.arguments[0] && unwrapExpression(receiver.arguments[0]);
    if (previous && ts.isArrowFunction(previous) && !ts.isBlock(previous.body)) return originOf(previous.body, depth + 1);
    return undefined;
  }
  return originOf(receiver, depth + 1);
}

// socket.on('message', (data) => ...)   channel.consume(queue, (msg) => ...)   rl.on('line', (line) => ...)
// req.on('data', (chunk) => ...) is the request body.
function listenerParameterOrigin(parameter: ts.ParameterDeclaration): string | undefined {
  const fn = parameter.parent;
  const call = fn.parent;
  if (!ts.isCallExpression(call) || !call.arguments.includes(fn as ts.Expression)) return undefined;
  if (!ts.isPropertyAccessExpression(call.expression)) return undefined;
  const method = call.expression.name.text;
  if (method === 'consume' || method === 'subscribe') return 'a message';
  const event = call.arguments[0];
  if (!['on', 'once', 'addListener'].includes(method) || event === undefined || !ts.isStringLiteralLike(event) || !MESSAGE_EVENTS.has(event.text)) {
    return undefined;
  }
  const receiver = getAccessPath(call.expression.expression);
  return receiver !== undefined && REQUEST_ROOTS.has(receiver.split('.')[0]!) ? 'a request' : 'a message';
}

function originOfCall(call: ts.CallExpression): string | undefined {
  const path = getAccessPath(call.expression);
  const method = path?.slice(path.lastIndexOf('.') + 1) ?? (ts.isPropertyAccessExpression(call.expression) ? call.expression.name.text : undefined);
  if (method === 'readFileSync' || method === 'readFile') {
    const file = call.arguments[0];
    return file !== undefined && isPackageAssetPath(file) ? undefined : 'a file';
  }
  if (method === 'text' && call.arguments.length === 0) return 'an HTTP response';
  if (method === 'execSync' || method === 'execFileSync') return 'a command output';
  if (method === 'getItem' && path !== undefined && /(local|session)Storage\.getItem$/u.test(path)) return 'a cache or store';
  if (method !== undefined && CACHE_READS.has(method) && path !== undefined) {
    const receiver = path.slice(0, path.lastIndexOf('.'));
    if (/(redis|cache|kv|memcache)/iu.test(receiver)) return 'a cache or store';
  }
  return undefined;
}

// A path into the program's own files, fixed at build time:
//   path.join(__dirname, '../package.json')   new URL('./schema.json', import.meta.url)
//   path.resolve(PACKAGE_ROOT, 'docs', 'config.schema.json')   fileURLToPath(new URL(...))
//   node_path_1.default.resolve(__dirname, '..', 'package.json')   (TypeScript's CommonJS output of `import path from 'node:path'`)
function isPackageAssetPath(expression: ts.Expression): boolean {
  const value = unwrapExpression(expression);
  if (ts.isStringLiteralLike(value)) return true;
  if (ts.isIdentifier(value)) return value.text === '__dirname' || value.text === '__filename' || /^[A-Z][A-Z0-9_]*$/u.test(value.text);
  if (ts.isPropertyAccessExpression(value)) {
    return ts.isMetaProperty(value.expression) && ['dirname', 'filename', 'url'].includes(value.name.text);
  }
  if (ts.isCallExpression(value) || ts.isNewExpression(value)) {
    const callee = getAccessPath(value.expression) ?? '';
    const composes = /^(?:\w*path\w*(?:\.default)?\.)?(?:(?:posix|win32)\.)?(?:join|resolve)$|^(?:\w*url\w*(?:\.default)?\.)?(?:fileURLToPath|URL)$/iu.test(
      callee,
    );
    const args = value.arguments ?? ts.factory.createNodeArray();
    return composes && args.length > 0 && args.every(isPackageAssetPath);
  }
  return false;
}

function pathSegments(node: ts.Expression): string[] | undefined {
  const path = getAccessPath(node);
  return path?.split('.');
}

function originOfPath(segments: readonly string[] | undefined): string | undefined {
  if (!segments || segments.length < 2) return undefined;
  const [root, ...rest] = segments as [string, ...string[]];
  if (root === 'process' && rest[0] === 'env') return 'an environment variable';
  if (REQUEST_ROOTS.has(root) && rest.some((part) => REQUEST_PARTS.has(part))) return 'a request';
  if (MESSAGE_ROOTS.has(root) && rest.some((part) => MESSAGE_PARTS.has(part))) return 'a message';
  return undefined;
}
