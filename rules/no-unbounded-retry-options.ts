import ts from './engine/typescript.cjs';

import { createRule } from './engine/create-rule.js';
import { getObjectProperty } from './utils/get-object-property.js';
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
      missingBound: '{{library}} `{{call}}` without `{{option}}` retries forever (its default is Infinity): set a finite `{{option}}`.',
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

    const checkCount = (library: string, option: string, value: ts.Expression, node: ts.Node): void => {
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
        const found = getRetryLibraryCall(node, context.sourceFile, context.project.models);
        if (!found) return;
        const { library, row, options } = found;

        // A total time budget, or an abort signal, ends the retries however many are allowed.
        if (row.budget?.some((option) => endsRetries(options, option))) return;
        if (row.forever) {
          const forever = getObjectProperty(options, row.forever);
          if (forever.kind === 'found' && isTrue(forever.value)) {
            context.report({ node: forever.property, messageId: 'retriesForever', data: { library } });
            return;
          }
        }

        if (row.policy) {
          // `retry: 5` (a count) or `retry: { limit: 5 }`; no policy, the default cap.
          const policy = getObjectProperty(options, row.policy);
          if (policy.kind !== 'found' || ts.isMethodDeclaration(policy.value)) return;
          const value = unwrapExpression(policy.value);
          if (ts.isObjectLiteralExpression(value) || ts.isIdentifier(value) || !row.policyIsCap) {
            const limit = getObjectProperty(value, row.cap);
            if (limit.kind === 'found' && !ts.isMethodDeclaration(limit.value)) checkCount(library, `${row.policy}.${row.cap}`, limit.value, limit.property);
            return;
          }
          checkCount(library, row.policy, value, policy.property);
          return;
        }

        const count = options ? getObjectProperty(options, row.cap) : undefined;
        if (row.defaultCap === Infinity && (count === undefined || count.kind === 'missing')) {
          context.report({ node, messageId: 'missingBound', data: { library, option: row.cap, call: `${found.name}()` } });
          return;
        }
        if (count?.kind === 'found' && !ts.isMethodDeclaration(count.value)) checkCount(library, row.cap, count.value, count.property);
      },
    };
  },
});

// `maxRetryTime: 60_000`, `signal`: an option that ends the retries, unless it is statically Infinity.
function endsRetries(options: ts.Expression | undefined, option: string): boolean {
  const budget = getObjectProperty(options, option);
  if (budget.kind !== 'found') return false;
  return !ts.isMethodDeclaration(budget.value) && getStaticNumber(budget.value) !== Infinity;
}

function isTrue(node: ts.Expression | ts.MethodDeclaration): boolean {
  return !ts.isMethodDeclaration(node) && unwrapExpression(node).kind === ts.SyntaxKind.TrueKeyword;
}
