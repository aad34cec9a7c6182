import type Anthropic from '@anthropic-ai/sdk';

import { acceptAnswers } from './accept-message.js';
import { classifyFailure } from './failures.js';
import type { Outgoing } from './prepare-request.js';
import type { Stage } from './stage.js';
import { abortReason } from './stage.js';

/** Sends a request and hands its answers to its members; members left without one are the caller's to resolve. */
export type DirectSender = (outgoing: Outgoing) => Promise<void>;

/**
 * Sends requests one by one through `messages.create`, within the circuit breaker. The first request of a
 * cache prefix goes alone: the API writes the prefix once it answers, so the others of that prefix read it
 * instead of each writing it again.
 */
export function createDirectSender(stage: Stage): DirectSender {
  /** Cache prefix -> the first request with it, which the others of that prefix wait for. */
  const primers = new Map<string, Promise<void>>();
  return async (outgoing) => {
    const primer = primers.get(outgoing.prefixKey);
    if (primer) {
      await primer;
      return sendNow(stage, outgoing);
    }
    let release!: () => void;
    primers.set(outgoing.prefixKey, new Promise<void>((resolve) => (release = resolve)));
    try {
      return await sendNow(stage, outgoing);
    } finally {
      release();
    }
  };
}

async function sendNow(stage: Stage, outgoing: Outgoing): Promise<void> {
  const { counters } = stage;
  if (!(await stage.breaker.acquire(stage.stopSignal))) {
    counters.notStarted += outgoing.members.length;
    return;
  }
  if (counters.stopped) {
    stage.breaker.release('aborted');
    counters.notStarted += outgoing.members.length;
    return;
  }
  counters.requestsStarted += 1;
  counters.reservedUsd += outgoing.projected;
  let message: Anthropic.Message;
  try {
    stage.stats.requests += 1;
    message = await stage.client!.messages.create(outgoing.request, { signal: stage.requestSignal });
  } catch (error) {
    counters.reservedUsd -= outgoing.projected;
    failed(stage, outgoing, error);
    return;
  }
  counters.reservedUsd -= outgoing.projected;
  await acceptAnswers(stage, outgoing, message, 1, (outcome) => stage.settle(outcome));
}

/** A request that did not come back: aborted by us (deadline, interrupt, breaker), or failed after the SDK's retries. */
function failed(stage: Stage, outgoing: Outgoing, error: unknown): void {
  const failure = classifyFailure(error);
  const aborted = failure.kind === 'llm-deadline';
  if (aborted) stage.settle('aborted');
  const why = aborted ? `the request in flight was aborted (${abortReason(stage)})` : failure.message;
  for (const { finding } of outgoing.members) {
    stage.notifications.push({
      level: 'warning',
      kind: aborted ? 'llm-aborted' : failure.kind,
      message: `${finding.ruleId}: ${why}${aborted ? '.' : ''}`,
      file: finding.file,
      line: finding.line,
    });
  }
  if (aborted) return;
  if (failure.fatal) stage.stop('fatal', `Escalation stopped: ${failure.message}`);
  stage.settle('failure');
}
