import type { Triage, TriageAction } from '../findings/finding.js';
import type { ModelAnswer } from './answer-schema.js';

/**
 * The confidence from which a `likely-false-positive` verdict marks the finding. Below it the verdict is
 * only shown with the explanation: a model unsure of its own verdict should not move an exit code.
 */
export const TRIAGE_MIN_CONFIDENCE = 0.8;

export const TRIAGE_ACTIONS: readonly TriageAction[] = ['mark', 'hide'];

/** The triage mark an answer earns, or undefined when it does not judge the finding a false positive with high confidence. */
export function triageFromAnswer(answer: Pick<ModelAnswer, 'verdict' | 'confidence'>, model: string, action: TriageAction): Triage | undefined {
  if (answer.verdict !== 'likely-false-positive' || answer.confidence < TRIAGE_MIN_CONFIDENCE) return undefined;
  return { verdict: 'likely-false-positive', confidence: answer.confidence, model, action };
}
