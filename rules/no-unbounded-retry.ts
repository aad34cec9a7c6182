import type ts from 'typescript';

import { createRule } from './engine/create-rule.js';
import { getOnceListenerCap } from './utils/get-once-listener-cap.js';
import { getRecursionCounters } from './utils/get-recursion-counters.js';
import { getRecursiveRetry } from './utils/get-recursive-retry.js';
import { getRetryLoop } from './utils/get-retry-loop.js';
import { getUpdatedCounters } from './utils/get-updated-counters.js';
import { hasAttemptCap } from './utils/has-attempt-cap.js';
import { hasStopCondition } from './utils/has-stop-condition.js';

type Options = [];
type MessageIds = 'unboundedLoop' | 'unboundedRecursion' | 'capInOnceListener';

export default createRule<Options, MessageIds>({
  name: 'no-unbounded-retry',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow retry loops and recursive retries with no attempt cap and no deadline',
      family: 'retries',
      recommended: 'strict-type-checked',
      typeInformation: 'none',
      precision: 'medium',
      cwe: ['CWE-834', 'CWE-400'],
    },
    messages: {
      unboundedLoop:
        'This loop retries until the operation succeeds, with no attempt cap, deadline or stop signal: while the dependency is down it never gives up and never lets the caller fail.',
      unboundedRecursion:
        '`{{name}}` starts itself again on failure with no attempt cap, deadline or stop signal: while the dependency is down it retries forever.',
      capInOnceListener:
        'This attempt cap is counted in a `once` listener, which runs for the first event only: the count never passes one, so a cap above one never stops the retries. Count in an `on` listener (and remove it when done).',
    },
    schema: [],
    defaultOptions: [],
  },
  check(context) {
    const checkLoop = (node: ts.Node): void => {
      const retry = getRetryLoop(node);
      if (!retry?.endless) return;
      if (hasAttemptCap(node, getUpdatedCounters(node)) || hasStopCondition(node)) return;
      context.report({ node, messageId: 'unboundedLoop' });
    };
    return {
      WhileStatement: checkLoop,
      DoStatement: checkLoop,
      ForStatement: checkLoop,
      CallExpression(node) {
        const deadCap = getOnceListenerCap(node);
        if (deadCap) context.report({ node: deadCap, messageId: 'capInOnceListener' });
        const retry = getRecursiveRetry(node, context.project.models);
        if (!retry) return;
        const scopes: ts.Node[] = retry.relay ? [retry.fn, retry.relay] : [retry.fn];
        const counters = new Set([...getRecursionCounters(retry), ...scopes.flatMap((scope) => [...getUpdatedCounters(scope)])]);
        if (scopes.some((scope) => hasAttemptCap(scope, counters) || hasStopCondition(scope))) return;
        context.report({ node, messageId: 'unboundedRecursion', data: { name: retry.name } });
      },
    };
  },
});
