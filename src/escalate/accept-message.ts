import type Anthropic from '@anthropic-ai/sdk';
import path from 'node:path';

import type { ModelAnswer } from './answer-schema.js';
import { readAnswerList, validateAnswer } from './answer-schema.js';
import { countUsage } from './cost.js';
import { escapeModelText } from './escape.js';
import type { Lane } from './lane.js';
import type { Outgoing, RequestMember } from './prepare-request.js';
import type { Stage } from './stage.js';

/**
 * A message from the API turned into answers: usage and cost counted (times `factor`, the batch
 * discount); a refusal, a cut-off answer, one that is not JSON or not a list is discarded with a
 * notification; then each member's item is validated on its own: a valid one is cached and handed to its
 * finding, a missing or broken one costs that finding only (a notification, and its rule-doc
 * explanation). `outcome` tells the breaker (direct requests) what the answer was worth: a success when
 * at least one item was usable. Members without an answer are left to the caller.
 */
export async function acceptAnswers(
  stage: Stage,
  { lane, members }: Pick<Outgoing, 'lane' | 'members'>,
  message: Anthropic.Message,
  factor: number,
  outcome: (result: 'success' | 'failure') => void,
): Promise<void> {
  countLaneUsage(stage, message, lane, factor);
  const requestId = (message as { _request_id?: string | null })._request_id;
  const notice = (member: RequestMember, why: string, kind: 'llm-refusal' | 'llm-invalid-answer' = 'llm-invalid-answer'): void => {
    const { finding } = member;
    const others = members.length > 1 ? ` (${member.id} of ${members.length} findings in one request)` : '';
    stage.notifications.push({
      level: 'warning',
      kind,
      message: `${finding.ruleId}: ${why}${others}${requestId ? ` (request ${requestId})` : ''}${kind === 'llm-refusal' ? '' : '; discarded'}.`,
      file: finding.file,
      line: finding.line,
    });
  };
  const unusable = (why: string, kind?: 'llm-refusal' | 'llm-invalid-answer'): void => {
    outcome('failure');
    for (const member of members) notice(member, why, kind);
  };
  if (message.stop_reason === 'refusal') return unusable('the model declined to answer', 'llm-refusal');
  if (message.stop_reason === 'max_tokens') return unusable('the answer was cut off at max_tokens');
  let parsed: unknown;
  try {
    parsed = JSON.parse(messageText(message));
  } catch {
    return unusable('the answer is not JSON');
  }
  const list = readAnswerList(parsed);
  if ('errors' in list) return unusable(`the answer does not match the schema (${list.errors})`);
  const answered: [RequestMember, ModelAnswer][] = [];
  for (const member of members) {
    const item = list.items.get(member.id);
    const validated = item === undefined ? undefined : validateAnswer(item);
    if (!validated) notice(member, `the answer has no item for ${member.id}`);
    else if ('errors' in validated) notice(member, `the answer does not match the schema (${escapeModelText(validated.errors, 300)})`);
    else answered.push([member, validated.answer]);
  }
  outcome(answered.length > 0 ? 'success' : 'failure');
  for (const [member, answer] of answered) {
    await cacheAnswer(stage, member.key, answer, lane.model);
    member.resolve(answer);
  }
}

/** The valid answers a message holds, by finding id: for answers collected without their findings, so without notices. */
export function answersOf(message: Anthropic.Message): Map<string, ModelAnswer> {
  const answers = new Map<string, ModelAnswer>();
  if (message.stop_reason === 'refusal' || message.stop_reason === 'max_tokens') return answers;
  try {
    const list = readAnswerList(JSON.parse(messageText(message)));
    if ('errors' in list) return answers;
    for (const [id, item] of list.items) {
      const validated = validateAnswer(item);
      if ('answer' in validated) answers.set(id, validated.answer);
    }
  } catch {
    // not JSON: no answer
  }
  return answers;
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
