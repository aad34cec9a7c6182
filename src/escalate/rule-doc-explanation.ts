import { rules } from '../../rules/index.js';
import type { Explanation } from '../findings/finding.js';
import { getRuleDoc } from '../findings/rule-docs.js';

/** The built-in explanation: the rule doc's "Failure mode", else the rule's description. */
export function ruleDocExplanation(ruleId: string): Explanation {
  const name = ruleId.replace(/^resilint\//u, '');
  const failureMode = getRuleDoc(name)?.failureMode;
  const description = (rules as Record<string, { meta: { docs: { description: string } } }>)[name]?.meta.docs.description;
  return { source: 'rule-doc', text: failureMode || description || `See the documentation of ${ruleId}.` };
}
