import type Anthropic from '@anthropic-ai/sdk';

import type { Finding } from '../findings/finding.js';
import { acceptMessage } from './accept-message.js';
import type { ModelAnswer } from './answer-schema.js';
import { classifyFailure } from './failures.js';
import type { Send } from './prepare-request.js';
import type { MessageRequest } from './request.js';
import type { Stage } from './stage.js';
import { abortReason } from './stage.js';

export type DirectSender = (finding: Finding, request: MessageRequest, send: Send) => Promise<ModelAnswer | undefined>;

/**
 * Sends requests one by one through `messages.create`, within the circuit breaker. The first request of a
 * cache prefix goes alone: the API writes the prefix once it answers, so the others of that prefix read it
 * instead of each writing it again.
 */
export function createDirectSender(stage: Stage): DirectSender {
  /** Cache prefix -> the first request with it, which the others of that prefix wait for. */
  const primers = new Map<string, Promise<void>>();
  return async (finding, request, send) => {
    const primer = primers.get(send.prefixKey);
    if (primer) {
      await primer;
      return sendNow(stage, finding, request, send);
    }
    let release!: () => void;
    primers.set(send.prefixKey, new Promise<void>((resolve) => (release = resolve)));
    try {
      return await sendNow(stage, finding, request, send);
    } finally {
      release();
    }
  };
}

async function sendNow(stage: Stage, finding: Finding, request: MessageRequest, send: Send): Promise<ModelAnswer | undefined> {
  const { counters } = stage;
  if (!(await stage.breaker.acquire(stage.stopSignal))) {
    counters.notStarted += 1;
    return undefined;
  }
  if (counters.stopped) {
    stage.breaker.release('aborted');
    counters.notStarted += 1;
    return undefined;
  }
  counters.requestsStarted += 1;
  counters.reservedUsd += send.projected;
  let message: Anthropic.Message;
  try {
    stage.stats.requests += 1;
    message = await stage.client!.messages.create(request, { signal: stage.requestSignal });
  } catch (error) {
    counters.reservedUsd -= send.projected;
    failed(stage, finding, error);
    return undefined;
  }
  counters.reservedUsd -= send.projected;
  return acceptMessage(stage, message, finding, send.key, send.lane, 1, (outcome) => stage.settle(outcome));
}

/** A request that did not come back: aborted by us (deadline, interrupt, breaker), or failed after the SDK's retries. */
function failed(stage: Stage, finding: Finding, error: unknown): void {
  const failure = classifyFailure(error);
  if (failure.kind === 'llm-deadline') {
    stage.settle('aborted');
    stage.notifications.push({
      level: 'warning',
      kind: 'llm-aborted',
      message: `${finding.ruleId}: the request in flight was aborted (${abortReason(stage)}).`,
      file: finding.file,
      line: finding.line,
    });
    return;
  }
  stage.notifications.push({ level: 'warning', kind: failure.kind, message: `${finding.ruleId}: ${failure.message}`, file: finding.file, line: finding.line });
  if (failure.fatal) stage.stop('fatal', `Escalation stopped: ${failure.message}`);
  stage.settle('failure');
}
