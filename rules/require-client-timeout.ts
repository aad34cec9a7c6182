import ts from './engine/typescript.cjs';

import { createRule } from './engine/create-rule.js';
import type { OutboundCallRow } from './models/library-model.js';
import type { SuggestionReport } from './engine/types.js';
import { connectsToLocalPath } from './utils/connects-to-local-path.js';
import { evaluateDeadlineOptions } from './utils/evaluate-deadline-options.js';
import { getDeadlineSpec } from './utils/get-deadline-spec.js';
import { getOptInDeadline } from './utils/get-opt-in-deadline.js';
import { getNetworkClientCreation } from './utils/get-network-client-creation.js';
import type { NetworkClientCreation } from './utils/get-network-client-creation.js';
import { getResultDeadline } from './utils/get-result-deadline.js';
import { insertObjectProperty } from './utils/insert-object-property.js';
import { isConnectDeadlineOffByDefault } from './utils/is-connect-deadline-off-by-default.js';
import { unwrapExpression } from './utils/unwrap-expression.js';

export interface RequireClientTimeoutOptions {
  /**
   * The `connectionTimeoutMillis` that suggestions insert into pg configs.
   * @default 10000
   */
  connectionTimeoutMillis?: number;
}

type Options = [RequireClientTimeoutOptions];
type MessageIds =
  | 'pgWithoutConnectionTimeout'
  | 'mongoWithoutSocketTimeout'
  | 'socketWithoutTimeout'
  | 'socketTimeoutOffByDefault'
  | 'connectDeadlineOffByDefault'
  | 'answerDeadlineOptIn'
  | 'timeoutDisabled'
  | 'addConnectionTimeout';

export default createRule<Options, MessageIds>({
  name: 'require-client-timeout',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require network and database clients to be created with connect and query timeouts',
      family: 'timeouts',
      recommended: 'recommended',
      typeInformation: 'optional',
      precision: 'high',
      cwe: ['CWE-400', 'CWE-1088'],
    },
    hasSuggestions: true,
    messages: {
      pgWithoutConnectionTimeout:
        'This pg {{factory}} has no `connectionTimeoutMillis` (nor statement or query timeout): pg waits forever (default 0) to connect or to get a pooled client when the database is unreachable or saturated.',
      mongoWithoutSocketTimeout:
        'This MongoDB connection sets neither `timeoutMS` nor `socketTimeoutMS`: an operation on an open connection can wait forever (socketTimeoutMS defaults to 0).',
      socketWithoutTimeout:
        "This socket has no timeout: a peer that stops answering keeps it open forever. Pass `timeout` or call `socket.setTimeout(ms)` and destroy the socket on 'timeout'.",
      socketTimeoutOffByDefault:
        "This socket's only timeout is set when an option that has no default is set: by default a peer that stops answering keeps it open forever. Give the option a default, or pass `timeout`.",
      connectDeadlineOffByDefault:
        "This connection attempt's only deadline is a timer armed when a timeout option is positive, and that option defaults to 0 or is absent: by default a server that never answers keeps it waiting forever. Give the option a positive default.",
      answerDeadlineOptIn:
        'This promise settles only when the peer answers, and the only deadline, `this.{{field}}`, is set only by the opt-in `{{setter}}()`: by default a peer that never answers leaves it pending forever. Give the deadline a default, or fail pending answers when the connection closes.',
      timeoutDisabled: '`{{option}}: 0` disables the timeout of this {{client}} client: it can wait forever.',
      addConnectionTimeout: 'Add `connectionTimeoutMillis: {{ms}}`.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          connectionTimeoutMillis: {
            type: 'integer',
            minimum: 1,
            description: 'The connectionTimeoutMillis that suggestions insert into pg configs.',
          },
        },
      },
    ],
    defaultOptions: [{ connectionTimeoutMillis: 10_000 }],
  },
  check(context) {
    const { connectionTimeoutMillis = 10_000 } = context.options[0] ?? {};
    const ms = connectionTimeoutMillis >= 10_000 ? String(connectionTimeoutMillis).replace(/\B(?=(\d{3})+(?!\d))/gu, '_') : String(connectionTimeoutMillis);
    const { checker, sourceFile } = context;

    return {
      CallExpression: checkCreation,
      NewExpression: checkCreation,
    };

    function checkCreation(node: ts.CallExpression | ts.NewExpression): void {
      const creation = getNetworkClientCreation(node, context.project.models);
      if (!creation) {
        if (ts.isCallExpression(node) && isConnectDeadlineOffByDefault(node)) context.report({ node, messageId: 'connectDeadlineOffByDefault' });
        const optIn = ts.isNewExpression(node) ? getOptInDeadline(node) : undefined;
        if (optIn) context.report({ node, messageId: 'answerDeadlineOptIn', data: { field: optIn.field, setter: optIn.setter } });
        return;
      }
      const { row } = creation;
      // A Unix socket or a named pipe: the peer is a process of this machine, not a host across a network.
      if (row.localPathOption && connectsToLocalPath(node.arguments ?? [], row.localPathOption, checker)) return;
      const spec = getDeadlineSpec(row, context.project.dependencies);
      const setters = getSetterMethods(row);
      const verdict = evaluateDeadlineOptions(creation.options, spec, checker);
      if (verdict.kind === 'deadline') return;
      if (verdict.kind === 'unknown') {
        // Options the file cannot see whole, but a socket whose only `setTimeout` waits for an option that is
        // absent by default (`if (timeout) sock.setTimeout(timeout)`): the code's own deadline is off by default.
        if (row.waits === 'socket' && getResultDeadline(node, setters, checker) === 'optional') {
          context.report({ node, messageId: 'socketTimeoutOffByDefault' });
        }
        return;
      }
      if (verdict.kind === 'disabled') {
        context.report({ node, messageId: 'timeoutDisabled', data: { option: verdict.key, client: creation.client } });
        return;
      }
      // Defaults that bound the client (mysql2's and ioredis's connectTimeout): only an explicit 0 is a finding.
      if (row.deadlines.every((option) => option.defaultIsFinite)) return;
      if (creation.uri && uriCarries(creation.uri, row)) return;
      switch (row.waits) {
        case 'connect':
          context.report({
            node,
            messageId: 'pgWithoutConnectionTimeout',
            data: { factory: creation.factory },
            ...(pgSuggestion(node, creation, verdict.kind === 'none' ? verdict.object : undefined) ?? {}),
          });
          return;
        case 'operation':
          context.report({ node, messageId: 'mongoWithoutSocketTimeout' });
          return;
        default: {
          const result = getResultDeadline(node, setters, checker);
          if (result === 'optional') context.report({ node, messageId: 'socketTimeoutOffByDefault' });
          else if (result === 'none') context.report({ node, messageId: 'socketWithoutTimeout' });
        }
      }
    }

    function pgSuggestion(
      node: ts.CallExpression | ts.NewExpression,
      creation: NetworkClientCreation,
      object: ts.ObjectLiteralExpression | undefined,
    ): { suggest: SuggestionReport<MessageIds>[] } | undefined {
      const suggested = creation.row.deadlines.find((option) => option.suggested);
      if (!suggested) return undefined;
      const property = `${suggested.name}: ${ms}`;
      if (object && creation.options && unwrapExpression(creation.options) === object) {
        return { suggest: [{ messageId: 'addConnectionTimeout', data: { ms }, edits: insertObjectProperty(object, property, sourceFile) }] };
      }
      const args = node.arguments;
      if (args && args.length === 0) {
        // new Pool() -> new Pool({ connectionTimeoutMillis: 10_000 })
        const open = sourceFile.text.indexOf('(', node.expression.getEnd());
        if (open >= 0)
          return { suggest: [{ messageId: 'addConnectionTimeout', data: { ms }, edits: [{ range: [open + 1, open + 1], text: `{ ${property} }` }] }] };
      }
      return undefined;
    }
  },
});

// A connection-string literal that sets a deadline itself: `postgres://...?connect_timeout=5`.
function uriCarries(uri: ts.Expression, row: OutboundCallRow): boolean {
  const parameters = row.deadlines.flatMap((option) => (option.uriParameter ? [option.uriParameter] : []));
  if (parameters.length === 0) return false;
  const value = unwrapExpression(uri);
  const text = ts.isStringLiteralLike(value) ? value.text : ts.isTemplateExpression(value) ? value.getText() : undefined;
  if (text === undefined) return false;
  return new RegExp(`[?&](?:${parameters.join('|')})=`, 'iu').test(text);
}

// The methods that give what the call made a deadline afterwards (`socket.setTimeout(ms)`).
function getSetterMethods(row: OutboundCallRow): string[] {
  return row.deadlines.flatMap((option) => (option.where.kind === 'setter' ? [option.where.method] : []));
}
