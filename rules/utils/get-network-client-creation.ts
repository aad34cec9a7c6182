import ts from '../engine/typescript.cjs';

import { findLocalDeclaration } from './find-local-declaration.js';
import { getImportOf } from './get-import-of.js';
import type { ImportedBinding } from './get-imported-module.js';
import { unwrapExpression } from './unwrap-expression.js';

export interface NetworkClientCreation {
  client: 'pg' | 'mongodb' | 'mongoose' | 'net' | 'tls' | 'mysql2' | 'ioredis';
  /** What is created, for messages: `Pool`, `Client`, `MongoClient`, `connect`... */
  factory: string;
  /** The options argument, if written. */
  options: ts.Expression | undefined;
  /** Where the options argument goes. */
  optionsIndex: number;
  /** A connection string argument (pg, MongoDB), which may carry options too. */
  uri?: ts.Expression;
}

const PG_MODULES = new Set(['pg', 'pg-pool']);
const NET_MODULES: Record<string, 'net' | 'tls'> = { net: 'net', 'node:net': 'net', tls: 'tls', 'node:tls': 'tls' };
const MYSQL_MODULES = new Set(['mysql2', 'mysql2/promise']);
const MYSQL_FACTORIES = new Set(['createConnection', 'createPool', 'createPoolCluster']);

// Where a database or socket client is created, identified by its package's import (no checker needed):
//   new Pool(config) / new pg.Client(url) / const { Pool } = pg; new Pool()         -> pg
//   new MongoClient(uri, options)   MongoClient.connect(uri)                       -> mongodb
//   mongoose.connect(uri, options)   mongoose.createConnection(uri)                -> mongoose
//   net.connect(port, host)   net.createConnection({ port })   new net.Socket()     -> net   (tls.connect -> tls)
//   mysql.createPool(config) from mysql2                                           -> mysql2
//   new Redis(options) from ioredis                                                -> ioredis
export function getNetworkClientCreation(node: ts.CallExpression | ts.NewExpression): NetworkClientCreation | undefined {
  const callee = unwrapExpression(node.expression);
  const args = node.arguments ?? ts.factory.createNodeArray<ts.Expression>();
  const [member, binding] = resolveCallee(callee);
  if (!binding || member === undefined) return undefined;
  const { module } = binding;
  if (ts.isNewExpression(node)) {
    if (PG_MODULES.has(module) && (member === 'Pool' || member === 'Client' || (module === 'pg-pool' && member === 'default'))) {
      return firstArgument('pg', member === 'default' ? 'Pool' : member, args, true);
    }
    if (module === 'mongodb' && member === 'MongoClient') return mongo('mongodb', 'MongoClient', args);
    if (NET_MODULES[module] === 'net' && member === 'Socket') return firstArgument('net', 'Socket', args, false);
    if (module === 'ioredis' && (member === 'default' || member === 'Redis' || member === 'Cluster')) {
      return {
        client: 'ioredis',
        factory: 'Redis',
        options: args.find((arg) => ts.isObjectLiteralExpression(unwrapExpression(arg))),
        optionsIndex: args.length,
      };
    }
    return undefined;
  }
  if (module === 'mongodb' && member === 'MongoClient.connect') return mongo('mongodb', 'MongoClient.connect', args);
  if (module === 'mongoose' && (member === 'connect' || member === 'createConnection')) return mongo('mongoose', member, args);
  const net = NET_MODULES[module];
  if (net && (member === 'connect' || (net === 'net' && member === 'createConnection'))) {
    // net.connect(options[, listener]) or net.connect(port[, host][, listener])
    const first = args[0] && unwrapExpression(args[0]);
    const options = first && (ts.isObjectLiteralExpression(first) || ts.isIdentifier(first)) && !looksLikePort(first) ? args[0] : undefined;
    return { client: net, factory: member, options, optionsIndex: 0 };
  }
  if (MYSQL_MODULES.has(module) && MYSQL_FACTORIES.has(member)) return firstArgument('mysql2', member, args, false);
  return undefined;
}

function firstArgument(
  client: NetworkClientCreation['client'],
  factory: string,
  args: ts.NodeArray<ts.Expression>,
  stringIsUri: boolean,
): NetworkClientCreation {
  const first = args[0];
  if (first && stringIsUri && isStringLike(first)) return { client, factory, options: undefined, optionsIndex: 0, uri: first };
  return { client, factory, options: first, optionsIndex: 0 };
}

function mongo(client: 'mongodb' | 'mongoose', factory: string, args: ts.NodeArray<ts.Expression>): NetworkClientCreation {
  return { client, factory, options: args[1], optionsIndex: 1, ...(args[0] && { uri: args[0] }) };
}

function isStringLike(node: ts.Expression): boolean {
  const value = unwrapExpression(node);
  return ts.isStringLiteralLike(value) || ts.isTemplateExpression(value) || (ts.isPropertyAccessExpression(value) && /^process\.env\./u.test(value.getText()));
}

function looksLikePort(node: ts.Expression): boolean {
  return ts.isIdentifier(node) && /port/iu.test(node.text);
}

// The member of a package a callee denotes: `Pool` for `new Pool()` (import { Pool } from 'pg'),
// `Pool` for `new pg.Pool()`, `connect` for `mongoose.connect`, `MongoClient.connect`.
function resolveCallee(callee: ts.Expression): [string | undefined, ImportedBinding | undefined] {
  if (ts.isIdentifier(callee)) {
    const imported = getImportOf(callee);
    if (imported) return [imported.imported === '*' ? 'default' : imported.imported, imported];
    // import pg from 'pg'; const { Pool } = pg;
    const declaration = findLocalDeclaration(callee);
    if (declaration && ts.isBindingElement(declaration) && ts.isVariableDeclaration(declaration.parent.parent)) {
      const source = declaration.parent.parent.initializer && unwrapExpression(declaration.parent.parent.initializer);
      if (source && ts.isIdentifier(source)) {
        const base = getImportOf(source);
        const name = declaration.propertyName && ts.isIdentifier(declaration.propertyName) ? declaration.propertyName.text : callee.text;
        if (base && (base.imported === 'default' || base.imported === '*')) return [name, base];
      }
    }
    return [undefined, undefined];
  }
  if (ts.isPropertyAccessExpression(callee)) {
    const receiver = unwrapExpression(callee.expression);
    if (ts.isIdentifier(receiver)) {
      const imported = getImportOf(receiver);
      if (!imported) return [undefined, undefined];
      if (imported.imported === 'default' || imported.imported === '*') return [callee.name.text, imported];
      // MongoClient.connect(uri)
      return [`${imported.imported}.${callee.name.text}`, imported];
    }
    // mongodb.MongoClient.connect(uri)
    if (ts.isPropertyAccessExpression(receiver) && ts.isIdentifier(receiver.expression)) {
      const imported = getImportOf(receiver.expression);
      if (imported && (imported.imported === 'default' || imported.imported === '*')) return [`${receiver.name.text}.${callee.name.text}`, imported];
    }
  }
  return [undefined, undefined];
}
