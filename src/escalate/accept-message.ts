import type Anthropic from '@anthropic-ai/sdk';
import path from 'node:path';

import type { Finding } from '../findings/finding.js';
import type { ModelAnswer } from './answer-schema.js';
import { validateAnswer } from './answer-schema.js';
import { countUsage } from './cost.js';
import { escapeModelText } from './escape.js';
import type { Lane } from './lane.js';
import type { Stage } from './stage.js';

/**
 * A message from the API turned into an answer: usage and cost counted (times `factor`, the batch
 * discount), refusals, cut-off, non-JSON and off-schema answers discarded with a notification, valid
 * answers cached. `outcome` tells the breaker (direct requests) what the answer was worth.
 */
export async function acceptMessage(
  stage: Stage,
  message: Anthropic.Message,
  finding: Finding,
  key: string,
  lane: Lane,
  factor: number,
  outcome: (result: 'success' | 'failure') => void,
): Promise<ModelAnswer | undefined> {
  countLaneUsage(stage, message, lane, factor);
  const requestId = (message as { _request_id?: string | null })._request_id;
  const unusable = (why: string, kind: 'llm-refusal' | 'llm-invalid-answer' = 'llm-invalid-answer'): undefined => {
    outcome('failure');
    stage.notifications.push({ level: 'warning', kind, message: `${finding.ruleId}: ${why}${requestId ? ` (request ${requestId})` : ''}${kind === 'llm-refusal' ? '' : '; discarded'}.`, file: finding.file, line: finding.line });
    return undefined;
  };
  if (message.stop_reason === 'refusal') return unusable('the model declined to answer', 'llm-refusal');
  if (message.stop_reason === 'max_tokens') return unusable('the answer was cut off at max_tokens');
  let parsed: unknown;
  try {
    parsed = JSON.parse(messageText(message));
  } catch {
    return unusable('the answer is not JSON');
  }
  const validated = validateAnswer(parsed);
  if ('errors' in validated) return unusable(`the answer does not match the schema (${escapeModelText(validated.errors, 300)})`);
  outcome('success');
  await cacheAnswer(stage, key, validated.answer, lane.model);
  return validated.answer;
}

/** The valid answer a message holds, if any: for answers collected without their findings, so without notices. */
export function answerOf(message: Anthropic.Message): ModelAnswer | undefined {
  if (message.stop_reason === 'refusal' || message.stop_reason === 'max_tokens') return undefined;
  try {
    const validated = validateAnswer(JSON.parse(messageText(message)));
    return 'answer' in validated ? validated.answer : undefined;
  } catch {
    return undefined;
  }
}

function countLaneUsage(stage: Stage, message: Anthropic.Message, lane: Lane, factor: number): void {
  lane.costUsd += countUsage(stage.stats, message, lane.price, factor);
  lane.answered += 1;
  lane.outputTokens += message.usage?.output_tokens ?? 0;
  stage.counters.answered += 1;
}

function messageText(message: Anthropic.Message): string {
  return message.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');
}

/** Writes a valid answer to the answer cache; a failed write is a warning, the answer is used anyway. */
async function cacheAnswer(stage: Stage, key: string, answer: ModelAnswer, model: string): Promise<void> {
  if (!stage.cache) return;
  const written = await stage.cache.write(key, answer, model);
  if (written.ok) return;
  stage.notifications.push({
    level: 'warning',
    kind: 'llm-cache-write',
    message: `Could not write the answer cache in ${path.relative(stage.host.cwd, stage.cache.directory) || '.'} (${written.reason}); this answer will be asked for again next run.`,
  });
}
