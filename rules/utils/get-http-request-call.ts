import ts from '../engine/typescript.cjs';

import { getCatalogueIndex } from '../models/get-catalogue-index.js';
import type { PackageRow } from '../models/get-catalogue-index.js';
import type { LibraryModel, OutboundCallRow } from '../models/library-model.js';
import type { DeadlineOptionSpec } from './evaluate-deadline-options.js';
import { findOutboundCallModel } from './find-outbound-call-model.js';
import type { ExportOrigin } from './find-outbound-call-model.js';
import { forEachDescendant } from './for-each-descendant.js';
import { getDeadlineSpec } from './get-deadline-spec.js';
import { getImportOf } from './get-import-of.js';
import { getImportedModule } from './get-imported-module.js';
import { getOptionsArgument } from './get-options-argument.js';
import type { ClientDefaults } from './has-client-default-deadline.js';
import { resolveClientInstance } from './resolve-client-instance.js';
import type { ClientInstance } from './resolve-client-instance.js';
import { unwrapExpression } from './unwrap-expression.js';

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
      /** The client instance the call goes through, whose creation options also count. */
      instance?: ClientInstance;
      /** Where the package keeps defaults for every request (`axios.defaults`), if it does. */
      defaults?: ClientDefaults;
      /** Methods of the returned object that set a deadline afterwards (`req.setTimeout`, superagent `.timeout()`). */
      resultMethods?: readonly string[];
      /** The option suggestions insert into the call's options (`timeout`), if any. */
      suggested?: string;
      /** Only an explicit `0` is a finding: the client's defaults are finite (undici). */
      disabledOnly?: boolean;
    };

// Recognises an outbound HTTP request made through a client of the catalogue (a `request` row) and locates its options:
//   axios.get(url, config)   axios.post(url, data, config)   axios(config)   api.get(url) (api = axios.create(...))
//   got(url, options)   got.post(url, options)   client.get(url) (client = got.extend(...))
//   superagent.get(url)...   http.request(options, cb)   https.get(url, cb)   request(url, query) from graphql-request
//   new GraphQLClient(url, options)   request(url, options) from undici (only `...Timeout: 0` matters there)
export function getHttpRequestCall(
  node: ts.CallExpression | ts.NewExpression,
  checker: ts.TypeChecker | undefined,
  models: readonly LibraryModel[],
  dependencies: Readonly<Record<string, string>>,
): HttpRequestCall | undefined {
  const callee = unwrapExpression(node.expression);
  const args = node.arguments ?? ts.factory.createNodeArray();
  if (ts.isNewExpression(node)) {
    const origin = getConstructedExport(callee);
    const found = origin && findOutboundCallModel(models, origin, 'new', ['request']);
    if (!found || args.length < (found.row.minArguments ?? 1)) return undefined;
    // Requests that pass their own signal make the client's options irrelevant.
    if (found.row.signalledMethods && fileSignalsRequests(node.getSourceFile(), found.row.signalledMethods)) return { kind: 'unsupported' };
    return describe(found, args, checker, dependencies, undefined);
  }
  let instance: ClientInstance | undefined;
  let method = '()';
  if (ts.isPropertyAccessExpression(callee)) {
    method = callee.name.text;
    // `logger.info(...)`, `res.json(...)`: no client requests through that name, so whose it is does not matter.
    if (!getCatalogueIndex(models).outboundMethods.has(method)) return undefined;
    instance = resolveClientInstance(callee.expression, checker, models);
  } else {
    instance = resolveClientInstance(callee, checker, models);
  }
  if (!instance) return undefined;
  const found = findOutboundCallModel(models, { module: instance.module, imported: instance.export }, method, ['request']);
  if (!found || args.length < (found.row.minArguments ?? 1)) return undefined;
  return describe(found, args, checker, dependencies, instance);
}

function describe(
  { package: pkg, row }: PackageRow<OutboundCallRow>,
  args: readonly ts.Expression[],
  checker: ts.TypeChecker | undefined,
  dependencies: Readonly<Record<string, string>>,
  instance: ClientInstance | undefined,
): HttpRequestCall {
  const { options, index } = row.options ? getOptionsArgument(args, row.options, checker) : { options: undefined, index: -1 };
  const resultMethods = row.deadlines.flatMap((option) => (option.where.kind === 'setter' ? [option.where.method] : []));
  const defaults = row.deadlines.flatMap((option) =>
    option.where.kind === 'defaults'
      ? [{ object: option.where.object, options: [option.name], ...(option.where.interceptor && { interceptor: option.where.interceptor }) }]
      : [],
  )[0];
  const suggested = row.deadlines.find((option) => option.suggested && option.where.kind === 'argument')?.name;
  const first = row.deadlines[0];
  return {
    kind: 'request',
    client: row.label ?? pkg,
    options,
    optionsIndex: index,
    spec: getDeadlineSpec(row, dependencies),
    remedy: row.remedy ?? (first ? `Set \`${first.name}\`${first.unit === 'signal' ? '' : ` (${first.unit})`}.` : ''),
    ...(instance && { instance }),
    ...(defaults && { defaults }),
    ...(resultMethods.length > 0 && { resultMethods }),
    ...(suggested && { suggested }),
    ...(row.deadlines.every((option) => option.defaultIsFinite) && { disabledOnly: true }),
  };
}

// The export a `new` constructs: `new GraphQLClient(url)` (a named import), `new gql.GraphQLClient(url)`.
// The file's import table first: only a name bound to an import needs the scope check for shadowing.
function getConstructedExport(callee: ts.Expression): ExportOrigin | undefined {
  const imported = (identifier: ts.Identifier) => (getImportedModule(identifier.getSourceFile(), identifier.text) ? getImportOf(identifier) : undefined);
  if (ts.isIdentifier(callee)) return imported(callee);
  if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.expression)) return undefined;
  const base = imported(callee.expression);
  return base && (base.imported === 'default' || base.imported === '*') ? { module: base.module, imported: callee.name.text } : undefined;
}

function fileSignalsRequests(sourceFile: ts.SourceFile, methods: readonly string[]): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      methods.includes(node.expression.name.text) &&
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
