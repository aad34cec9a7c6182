import ts from './engine/typescript.cjs';

import { createRule } from './engine/create-rule.js';
import { getObjectProperty } from './utils/get-object-property.js';
import type { RetryLibrary } from './utils/get-retry-library-call.js';
import { getRetryLibraryCall } from './utils/get-retry-library-call.js';
import { getStaticNumber } from './utils/get-static-number.js';
import { unwrapExpression } from './utils/unwrap-expression.js';

type Options = [
  {
    /**
     * The largest retry count still treated as a bound; larger static counts (`1e9`, `Number.MAX_SAFE_INTEGER`)
     * retry for days and are reported like `Infinity`.
     * @default 100
     */
    maxRetries?: number;
  },
];
type MessageIds = 'retriesForever' | 'absurdCount' | 'missingBound';

// The option that bounds each library's retries.
const COUNT_OPTION: Record<RetryLibrary, string> = {
  'p-retry': 'retries',
  'async-retry': 'retries',
  'promise-retry': 'retries',
  retry: 'retries',
  'axios-retry': 'retries',
  got: 'limit',
  ky: 'limit',
  cockatiel: 'maxAttempts',
  'exponential-backoff': 'numOfAttempts',
};

// Libraries built on node-retry, which read `forever: true`.
const NODE_RETRY_FAMILY = new Set<RetryLibrary>(['p-retry', 'async-retry', 'promise-retry', 'retry']);

export default createRule<Options, MessageIds>({
  name: 'no-unbounded-retry-options',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow retry libraries configured without a finite bound',
      family: 'retries',
      recommended: 'recommended',
      typeInformation: 'none',
      precision: 'high',
      cwe: ['CWE-834', 'CWE-400'],
    },
    messages: {
      retriesForever: '{{library}} is set to retry forever: while the dependency is down each call stays in flight and keeps hitting it.',
      absurdCount: '{{library}} `{{option}}: {{value}}` is no bound in practice: while the dependency is down each call stays in flight and keeps hitting it.',
      missingBound: '{{library}} `retry()` without `maxAttempts` retries forever (its default is Infinity): set a finite `maxAttempts`.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          maxRetries: {
            type: 'number',
            minimum: 0,
            description: 'The largest static retry count still treated as a bound.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ maxRetries: 100 }],
  },
  check(context) {
    const maxRetries = context.options[0]?.maxRetries ?? 100;

    const checkCount = (library: RetryLibrary, option: string, value: ts.Expression, node: ts.Node): void => {
      const count = getStaticNumber(value);
      if (count === undefined || count <= maxRetries) return;
      if (count === Infinity) {
        context.report({ node, messageId: 'retriesForever', data: { library } });
      } else {
        context.report({ node, messageId: 'absurdCount', data: { library, option, value: value.getText(context.sourceFile) } });
      }
    };

    return {
      CallExpression(node) {
        const found = getRetryLibraryCall(node, context.sourceFile);
        if (!found) return;
        const { library, options } = found;
        const option = COUNT_OPTION[library];

        if (NODE_RETRY_FAMILY.has(library)) {
          // A total time budget, or (p-retry) an abort signal, ends the retries however many are allowed.
          if (hasFiniteBudget(options) || (library === 'p-retry' && getObjectProperty(options, 'signal').kind === 'found')) return;
          const forever = getObjectProperty(options, 'forever');
          if (forever.kind === 'found' && isTrue(forever.value)) {
            context.report({ node: forever.property, messageId: 'retriesForever', data: { library } });
            return;
          }
        }

        if (library === 'got' || library === 'ky') {
          // `retry: 5` (a count) or `retry: { limit: 5 }`.
          const retry = getObjectProperty(options, 'retry');
          if (retry.kind !== 'found' || ts.isMethodDeclaration(retry.value)) return;
          const value = unwrapExpression(retry.value);
          if (ts.isObjectLiteralExpression(value) || ts.isIdentifier(value)) {
            const limit = getObjectProperty(value, 'limit');
            if (limit.kind === 'found' && !ts.isMethodDeclaration(limit.value)) checkCount(library, 'retry.limit', limit.value, limit.property);
            return;
          }
          checkCount(library, 'retry', value, retry.property);
          return;
        }

        const count = options ? getObjectProperty(options, option) : undefined;
        if (library === 'cockatiel' && (count === undefined || count.kind === 'missing')) {
          context.report({ node, messageId: 'missingBound', data: { library } });
          return;
        }
        if (count?.kind === 'found' && !ts.isMethodDeclaration(count.value)) checkCount(library, option, count.value, count.property);
      },
    };
  },
});

// `maxRetryTime: 60_000` (node-retry and the libraries built on it); a budget the file cannot see counts.
function hasFiniteBudget(options: ts.Expression | undefined): boolean {
  const budget = getObjectProperty(options, 'maxRetryTime');
  if (budget.kind !== 'found' || ts.isMethodDeclaration(budget.value)) return false;
  return getStaticNumber(budget.value) !== Infinity;
}

function isTrue(node: ts.Expression | ts.MethodDeclaration): boolean {
  return !ts.isMethodDeclaration(node) && unwrapExpression(node).kind === ts.SyntaxKind.TrueKeyword;
}
