import ts from '../engine/typescript.cjs';

import type { PackageRow } from '../models/get-catalogue-index.js';
import type { LibraryModel, OutboundCallRow } from '../models/library-model.js';
import { findLocalDeclaration } from './find-local-declaration.js';
import { findOutboundCallModel } from './find-outbound-call-model.js';
import type { ExportOrigin } from './find-outbound-call-model.js';
import { getImportOf } from './get-import-of.js';
import { getOptionsArgument } from './get-options-argument.js';
import { unwrapExpression } from './unwrap-expression.js';

export interface NetworkClientCreation extends PackageRow<OutboundCallRow> {
  /** How messages name the library (`pg`, `net`). */
  client: string;
  /** What is created, for messages: `Pool`, `Client`, `MongoClient`, `connect`... */
  factory: string;
  /** The options argument, if written. */
  options: ts.Expression | undefined;
  /** A connection string argument (`new Pool(url)`, `new MongoClient(uri)`), which may carry options too. */
  uri?: ts.Expression;
}

// Where a database or socket client is created: a `client` row of the catalogue, found by the callee's import
// (no checker needed):
//   new Pool(config) / new pg.Client(url) / const { Pool } = pg; new Pool()
//   new MongoClient(uri, options)   MongoClient.connect(uri)   mongoose.connect(uri, options)
//   net.connect(port, host)   net.createConnection({ port })   new net.Socket()   import { connect } from 'tls'; connect(...)
//   mysql.createPool(config)   new Redis(options)
export function getNetworkClientCreation(node: ts.CallExpression | ts.NewExpression, models: readonly LibraryModel[]): NetworkClientCreation | undefined {
  const callee = unwrapExpression(node.expression);
  const args = node.arguments ?? ts.factory.createNodeArray<ts.Expression>();
  const site = resolveCallee(callee, ts.isNewExpression(node));
  if (!site) return undefined;
  const found = findOutboundCallModel(models, site.origin, site.method, ['client']);
  if (!found) return undefined;
  const { row } = found;
  const exportName = site.origin.imported === '*' ? 'default' : site.origin.imported;
  const factory =
    row.makes ?? (site.method === 'new' || site.method === '()' ? exportName : exportName === 'default' ? site.method : `${exportName}.${site.method}`);
  const client = row.label ?? found.package;
  const place = row.options ?? { kind: 'argument', argument: args.length };
  const uriAt = row.connectionString;
  if (uriAt !== undefined && place.kind === 'argument' && place.argument === uriAt) {
    // new Pool(url): a connection string where the options go.
    const first = args[uriAt];
    if (first && isStringLike(first)) return { ...found, client, factory, options: undefined, uri: first };
  }
  const { options } = getOptionsArgument(args, place, undefined);
  const uri = uriAt !== undefined && place.kind === 'argument' && place.argument !== uriAt ? args[uriAt] : undefined;
  return { ...found, client, factory, options, ...(uri && { uri }) };
}

function isStringLike(node: ts.Expression): boolean {
  const value = unwrapExpression(node);
  return ts.isStringLiteralLike(value) || ts.isTemplateExpression(value) || (ts.isPropertyAccessExpression(value) && /^process\.env\./u.test(value.getText()));
}

// The export a callee denotes and how it is called:
//   new Pool() (import { Pool } from 'pg')      -> (pg, Pool), new        new pg.Pool()   -> (pg, Pool), new
//   mongoose.connect(uri)                       -> (mongoose, default), connect
//   MongoClient.connect(uri)                    -> (mongodb, MongoClient), connect
//   connect(port) (import { connect } from 'net')   -> (net, connect), ()
function resolveCallee(callee: ts.Expression, isNew: boolean): { origin: ExportOrigin; method: string } | undefined {
  const call = (origin: ExportOrigin): { origin: ExportOrigin; method: string } => ({ origin, method: isNew ? 'new' : '()' });
  if (ts.isIdentifier(callee)) {
    const imported = getImportOf(callee);
    if (imported) return call(imported);
    // import pg from 'pg'; const { Pool } = pg;
    const declaration = findLocalDeclaration(callee);
    if (declaration && ts.isBindingElement(declaration) && ts.isVariableDeclaration(declaration.parent.parent)) {
      const source = declaration.parent.parent.initializer && unwrapExpression(declaration.parent.parent.initializer);
      if (source && ts.isIdentifier(source)) {
        const base = getImportOf(source);
        const name = declaration.propertyName && ts.isIdentifier(declaration.propertyName) ? declaration.propertyName.text : callee.text;
        if (base && (base.imported === 'default' || base.imported === '*')) return call({ module: base.module, imported: name });
      }
    }
    return undefined;
  }
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const name = callee.name.text;
  const receiver = unwrapExpression(callee.expression);
  if (ts.isIdentifier(receiver)) {
    const imported = getImportOf(receiver);
    if (!imported) return undefined;
    const whole = imported.imported === 'default' || imported.imported === '*';
    // new pg.Pool(): the member is the export; MongoClient.connect(uri): a static method of the export.
    if (whole) return isNew ? call({ module: imported.module, imported: name }) : { origin: { module: imported.module, imported: 'default' }, method: name };
    return isNew ? undefined : { origin: imported, method: name };
  }
  // mongodb.MongoClient.connect(uri)
  if (!isNew && ts.isPropertyAccessExpression(receiver) && ts.isIdentifier(receiver.expression)) {
    const imported = getImportOf(receiver.expression);
    if (imported && (imported.imported === 'default' || imported.imported === '*')) {
      return { origin: { module: imported.module, imported: receiver.name.text }, method: name };
    }
  }
  return undefined;
}
