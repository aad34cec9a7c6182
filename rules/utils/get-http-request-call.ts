import ts from '../engine/typescript.cjs';

import type { DeadlineOptionSpec } from './evaluate-deadline-options.js';
import { getAccessPath } from './get-access-path.js';
import { getImportOf } from './get-import-of.js';
import { getImportedModule } from './get-imported-module.js';
import type { ImportedBinding } from './get-imported-module.js';
import { isUnresolvedType } from './is-unresolved-type.js';
import { resolveClientInstance } from './resolve-client-instance.js';
import type { ClientInstance } from './resolve-client-instance.js';
import { unwrapExpression } from './unwrap-expression.js';
import { forEachDescendant } from './for-each-descendant.js';

export type HttpRequestCall =
  /** A client call this analysis does not model (its options cannot be located): never reported. */
  | { kind: 'unsupported' }
  | {
      kind: 'request';
      /** The library, as messages name it. */
      client: string;
      /** The per-call options argument; undefined when absent, 'unknown' when the call shape hides it. */
      options: ts.Expression | undefined | 'unknown';
      /** Where the options argument goes. */
      optionsIndex: number;
      spec: DeadlineOptionSpec;
      /** How to add a deadline with this client, for the message. */
      remedy: string;
      /** The axios/got instance the call goes through, whose creation options also count. */
      instance?: ClientInstance;
      /** Methods of the returned object that set a deadline afterwards (`req.setTimeout`, superagent `.timeout()`). */
      resultMethods?: readonly string[];
      /** Only an explicit `0` is a finding: the client's defaults are finite (undici). */
      disabledOnly?: boolean;
    };

const AXIOS_SPEC: DeadlineOptionSpec = { timeoutKeys: ['timeout'], signal: true, opaqueKeys: ['cancelToken'] };
const AXIOS_URL_METHODS = new Set(['get', 'delete', 'head', 'options']);
const AXIOS_DATA_METHODS = new Set(['post', 'put', 'patch', 'postForm', 'putForm', 'patchForm']);
// got's `timeout.lookup/connect/secureConnect` bound only the connection, not the response.
const GOT_BOUNDING_TIMEOUTS = new Set(['request', 'response', 'socket', 'send', 'read']);
const GOT_SPEC: DeadlineOptionSpec = { timeoutKeys: ['timeout'], signal: true, isBoundingValue: isGotBoundingTimeout };
const GOT_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'stream']);
const SUPERAGENT_METHODS = new Set(['get', 'post', 'put', 'patch', 'del', 'delete', 'head', 'options']);
const NODE_HTTP_MODULES = new Set(['http', 'https', 'node:http', 'node:https']);
const NODE_HTTP_SPEC: DeadlineOptionSpec = { timeoutKeys: ['timeout'], signal: true, opaqueKeys: ['agent'] };
const GRAPHQL_SPEC: DeadlineOptionSpec = { timeoutKeys: [], signal: true, opaqueKeys: ['fetch'] };
const UNDICI_SPEC: DeadlineOptionSpec = { timeoutKeys: ['headersTimeout', 'bodyTimeout'], signal: true };
const NO_OPTIONS: DeadlineOptionSpec = { timeoutKeys: [], signal: false };
const URL_NAME = /url|uri|href|endpoint|link/iu;
// Every method through which some client above makes a request (node:http's `request` and `get` included).
const REQUEST_METHODS = new Set([...AXIOS_URL_METHODS, ...AXIOS_DATA_METHODS, 'request', ...GOT_METHODS, ...SUPERAGENT_METHODS]);

const REMEDY = {
  axios: 'Set `timeout` (ms) in the request config, in axios.create() or on axios.defaults.',
  got: 'Set `timeout: { request: ms }` in the call or in got.extend().',
  superagent: 'Chain `.timeout({ response, deadline })`.',
  http: 'Pass `timeout` or `signal`, or call `req.setTimeout(ms, () => req.destroy())`.',
  graphql: 'Pass `signal: AbortSignal.timeout(ms)` with the object form of request().',
  graphqlClient: 'Pass a `fetch` with a deadline, or a `signal` to each request.',
};

// Recognises an outbound HTTP request made through a known client and locates its options:
//   axios.get(url, config)   axios.post(url, data, config)   axios(config)   api.get(url) (api = axios.create(...))
//   got(url, options)   got.post(url, options)   client.get(url) (client = got.extend(...))
//   superagent.get(url)...   http.request(options, cb)   https.get(url, cb)   request(url, query) from graphql-request
//   new GraphQLClient(url, options)   request(url, options) from undici (only `...Timeout: 0` matters there)
export function getHttpRequestCall(node: ts.CallExpression | ts.NewExpression, checker: ts.TypeChecker | undefined): HttpRequestCall | undefined {
  const callee = unwrapExpression(node.expression);
  const args = node.arguments ?? ts.factory.createNodeArray();
  if (ts.isNewExpression(node)) return getGraphQLClient(node, callee, args);
  if (ts.isPropertyAccessExpression(callee)) {
    const method = callee.name.text;
    // `logger.info(...)`, `res.json(...)`: no client requests through that name, so whose it is does not matter.
    if (!REQUEST_METHODS.has(method)) return undefined;
    const instance = resolveClientInstance(callee.expression, checker);
    if (instance) return methodCall(instance, method, args, checker);
    const receiver = unwrapExpression(callee.expression);
    if (ts.isIdentifier(receiver) && (method === 'request' || method === 'get')) {
      const imported = getImportOf(receiver);
      if (imported && NODE_HTTP_MODULES.has(imported.module) && (imported.imported === '*' || imported.imported === 'default')) {
        return nodeHttpCall(args, checker);
      }
    }
    return undefined;
  }
  const instance = resolveClientInstance(callee, checker);
  if (instance) return directCall(instance, args, checker);
  if (!ts.isIdentifier(callee)) return undefined;
  const imported = getImportOf(callee);
  if (!imported) return undefined;
  if (NODE_HTTP_MODULES.has(imported.module) && (imported.imported === 'request' || imported.imported === 'get')) {
    return nodeHttpCall(args, checker);
  }
  if (imported.module === 'graphql-request' && (imported.imported === 'request' || imported.imported === 'rawRequest')) {
    const first = args[0] && unwrapExpression(args[0]);
    if (!first) return undefined;
    if (ts.isObjectLiteralExpression(first) || (ts.isIdentifier(first) && !isUrlLike(first, checker))) {
      return { kind: 'request', client: 'graphql-request', options: first, optionsIndex: 0, spec: GRAPHQL_SPEC, remedy: REMEDY.graphql };
    }
    return { kind: 'request', client: 'graphql-request', options: undefined, optionsIndex: 0, spec: GRAPHQL_SPEC, remedy: REMEDY.graphql };
  }
  if (imported.module === 'undici' && imported.imported === 'request') {
    return { kind: 'request', client: 'undici', options: args[1], optionsIndex: 1, spec: UNDICI_SPEC, remedy: '', disabledOnly: true };
  }
  return undefined;
}

function methodCall(
  instance: ClientInstance,
  method: string,
  args: ts.NodeArray<ts.Expression>,
  checker: ts.TypeChecker | undefined,
): HttpRequestCall | undefined {
  if (instance.library === 'axios') {
    const index = AXIOS_URL_METHODS.has(method) ? 1 : AXIOS_DATA_METHODS.has(method) ? 2 : method === 'request' ? 0 : -1;
    if (index < 0 || args.length === 0) return undefined;
    return { kind: 'request', client: 'axios', options: args[index], optionsIndex: index, spec: AXIOS_SPEC, remedy: REMEDY.axios, instance };
  }
  if (instance.library === 'got') {
    if (!GOT_METHODS.has(method) || args.length === 0) return undefined;
    return gotCall(instance, args, checker);
  }
  if (!SUPERAGENT_METHODS.has(method) || args.length === 0) return undefined;
  return superagentCall();
}

function directCall(instance: ClientInstance, args: ts.NodeArray<ts.Expression>, checker: ts.TypeChecker | undefined): HttpRequestCall | undefined {
  const first = args[0];
  if (!first) return undefined;
  if (instance.library === 'superagent') return args.length >= 2 ? superagentCall() : undefined;
  if (instance.library === 'got') return gotCall(instance, args, checker);
  // axios(url, config?) or axios(config)
  if (isUrlLike(first, checker)) {
    return { kind: 'request', client: 'axios', options: args[1], optionsIndex: 1, spec: AXIOS_SPEC, remedy: REMEDY.axios, instance };
  }
  return { kind: 'request', client: 'axios', options: first, optionsIndex: 0, spec: AXIOS_SPEC, remedy: REMEDY.axios, instance };
}

function gotCall(instance: ClientInstance, args: ts.NodeArray<ts.Expression>, checker: ts.TypeChecker | undefined): HttpRequestCall {
  const first = args[0]!;
  const urlFirst = isUrlLike(first, checker);
  return {
    kind: 'request',
    client: 'got',
    options: urlFirst ? args[1] : first,
    optionsIndex: urlFirst ? 1 : 0,
    spec: GOT_SPEC,
    remedy: REMEDY.got,
    instance,
  };
}

function superagentCall(): HttpRequestCall {
  return {
    kind: 'request',
    client: 'superagent',
    options: undefined,
    optionsIndex: -1,
    spec: NO_OPTIONS,
    remedy: REMEDY.superagent,
    resultMethods: ['timeout'],
  };
}

// http.request(url[, options][, cb]) or http.request(options[, cb])
function nodeHttpCall(args: ts.NodeArray<ts.Expression>, checker: ts.TypeChecker | undefined): HttpRequestCall | undefined {
  const first = args[0];
  if (!first) return undefined;
  const base = { kind: 'request', client: 'node:http', spec: NODE_HTTP_SPEC, remedy: REMEDY.http, resultMethods: ['setTimeout'] } as const;
  if (isUrlLike(first, checker)) {
    const second = args[1] && unwrapExpression(args[1]);
    const options = second && !ts.isArrowFunction(second) && !ts.isFunctionExpression(second) ? args[1] : undefined;
    return { ...base, options, optionsIndex: 1 };
  }
  return { ...base, options: first, optionsIndex: 0 };
}

function getGraphQLClient(node: ts.NewExpression, callee: ts.Expression, args: ts.NodeArray<ts.Expression>): HttpRequestCall | undefined {
  // The file's import table first: only a name bound to graphql-request needs the scope check for shadowing.
  const fromGraphQLRequest = (identifier: ts.Identifier): ImportedBinding | undefined =>
    getImportedModule(identifier.getSourceFile(), identifier.text)?.module === 'graphql-request' ? getImportOf(identifier) : undefined;
  const isClient = ts.isIdentifier(callee)
    ? fromGraphQLRequest(callee)?.imported === 'GraphQLClient'
    : ts.isPropertyAccessExpression(callee) &&
      callee.name.text === 'GraphQLClient' &&
      ts.isIdentifier(callee.expression) &&
      fromGraphQLRequest(callee.expression) !== undefined;
  if (!isClient || args.length === 0) return undefined;
  // Requests that pass their own signal make the client's options irrelevant.
  if (fileSignalsGraphQLRequests(node.getSourceFile())) return { kind: 'unsupported' };
  return { kind: 'request', client: 'GraphQLClient', options: args[1], optionsIndex: 1, spec: GRAPHQL_SPEC, remedy: REMEDY.graphqlClient };
}

function fileSignalsGraphQLRequests(sourceFile: ts.SourceFile): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      ['request', 'rawRequest', 'batchRequests'].includes(node.expression.name.text) &&
      node.arguments.some(
        (argument) =>
          ts.isObjectLiteralExpression(argument) &&
          argument.properties.some((property) => property.name !== undefined && ts.isIdentifier(property.name) && property.name.text === 'signal'),
      )
    ) {
      found = true;
      return;
    }
  };
  forEachDescendant(sourceFile, visit, { crossFunctions: true });
  return found;
}

function isGotBoundingTimeout(value: ts.Expression): boolean | undefined {
  if (ts.isNumericLiteral(value)) return true;
  if (!ts.isObjectLiteralExpression(value)) return undefined;
  let bounded = false;
  for (const property of value.properties) {
    if (ts.isSpreadAssignment(property)) return undefined;
    if (property.name && ts.isIdentifier(property.name) && GOT_BOUNDING_TIMEOUTS.has(property.name.text)) bounded = true;
  }
  return bounded;
}

// The first argument is a URL rather than an options object.
function isUrlLike(node: ts.Expression, checker: ts.TypeChecker | undefined): boolean {
  const value = unwrapExpression(node);
  if (ts.isStringLiteralLike(value) || ts.isTemplateExpression(value) || ts.isBinaryExpression(value)) return true;
  if (ts.isNewExpression(value) && getAccessPath(value.expression) === 'URL') return true;
  if (ts.isObjectLiteralExpression(value)) return false;
  if (checker) {
    const type = checker.getTypeAtLocation(value);
    if (!isUnresolvedType(type)) {
      return (type.flags & ts.TypeFlags.StringLike) !== 0 || type.getSymbol()?.getName() === 'URL';
    }
  }
  const path = getAccessPath(value);
  if (path) return URL_NAME.test(path.slice(path.lastIndexOf('.') + 1));
  return ts.isCallExpression(value) && ts.isPropertyAccessExpression(value.expression) && value.expression.name.text === 'toString';
}
