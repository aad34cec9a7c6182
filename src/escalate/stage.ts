import type Anthropic from '@anthropic-ai/sdk';
import fs from 'node:fs/promises';
import path from 'node:path';

import type { Finding, Notification, NotificationKind } from '../findings/finding.js';
import type { LlmStats } from '../report/types.js';
import { AnswerCache } from './answer-cache.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { createClient } from './client.js';
import type { AnalysisSession } from './host.js';
import type { EscalationOptions } from './options.js';

export type StopReason = 'deadline' | 'circuit' | 'budget' | 'max-escalations' | 'fatal' | 'interrupted';

const STOP_KINDS: Readonly<Record<StopReason, NotificationKind>> = {
  deadline: 'llm-deadline',
  circuit: 'llm-circuit-open',
  budget: 'llm-budget-exhausted',
  'max-escalations': 'llm-max-escalations',
  fatal: 'llm-fatal',
  interrupted: 'interrupted',
};

/** Counters of one run of the stage. */
export interface StageCounters {
  /** Why the stage stopped; nothing is started after it. */
  stopped: StopReason | undefined;
  /** Findings not asked because the stage had stopped. */
  notStarted: number;
  /** Requests started (or queued for the batch): what `--max-escalations` counts. */
  requestsStarted: number;
  /** Projected cost of the requests in flight: the budget counts it as spent. */
  reservedUsd: number;
  /** Messages received. */
  answered: number;
  dryRunFiles: number;
  /** Findings not sent because a batch of an earlier run is answering them. */
  awaitingEarlierBatch: number;
}

/**
 * What every step of one escalation run shares: options, the report's stats and notifications, the
 * counters, the answer cache, the client, and the signals that stop the stage (deadline, interrupt,
 * circuit breaker).
 */
export interface Stage {
  host: AnalysisSession;
  options: EscalationOptions;
  stats: LlmStats;
  notifications: Notification[];
  counters: StageCounters;
  cache: AnswerCache | undefined;
  /** Undefined in a dry run. */
  client: Anthropic | undefined;
  interrupt: AbortSignal | undefined;
  /** Deadline and interrupt: the stage ends. */
  stopSignal: AbortSignal;
  /** `stopSignal`, or the breaker opening: requests in flight are aborted. */
  requestSignal: AbortSignal;
  breaker: CircuitBreaker;
  dryRunDirectory: string;
  /** Cache prefixes of the requests projected so far: a later request with one reads it from the cache. */
  projectedPrefixes: Set<string>;
  /** Answer cache key -> id of a batch from an earlier run that is still answering it: not sent again. */
  answeredElsewhere: Map<string, string>;
  /** Ids of those batches this run's findings wait for. */
  waitingFor: Set<string>;
  /** Stops the stage once, with a warning of the reason's kind. */
  stop(reason: StopReason, message: string): void;
  /** Ends a request taken from the breaker; opens the stage's circuit when it was the last failure allowed. */
  settle(outcome: 'success' | 'failure' | 'aborted'): void;
  /** The findings of a file's text before a fix, computed once per file. */
  baseline(file: string, text: string): Finding[];
  /** Clears the deadline timer and the interrupt listener. */
  dispose(): void;
}

export async function createStage(
  host: AnalysisSession,
  options: EscalationOptions,
  stats: LlmStats,
  notifications: Notification[],
  interrupt: AbortSignal | undefined,
): Promise<Stage> {
  const dryRun = options.mode === 'dry-run';
  const counters: StageCounters = {
    stopped: undefined,
    notStarted: 0,
    requestsStarted: 0,
    reservedUsd: 0,
    answered: 0,
    dryRunFiles: 0,
    awaitingEarlierBatch: 0,
  };
  const stop = (reason: StopReason, message: string): void => {
    if (counters.stopped) return;
    counters.stopped = reason;
    notifications.push({ level: 'warning', kind: STOP_KINDS[reason], message });
  };
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), options.deadlineMs);
  timer.unref?.();
  deadline.signal.addEventListener('abort', () =>
    stop('deadline', `The LLM stage passed its deadline of ${options.deadlineMs} ms; the remaining findings keep their rule-doc explanations.`),
  );
  const onInterrupt = (): void =>
    stop(
      'interrupted',
      'Interrupted: the LLM stage stopped and requests in flight were aborted; answers received so far are kept, the other findings keep their rule-doc explanations.',
    );
  if (interrupt?.aborted) onInterrupt();
  else interrupt?.addEventListener('abort', onInterrupt, { once: true });
  // Deadline and interrupt end the stage; the breaker also aborts what is in flight when it opens.
  const stopSignal = interrupt ? AbortSignal.any([deadline.signal, interrupt]) : deadline.signal;
  const breaker = new CircuitBreaker(options.circuitBreakerThreshold);
  const baselines = new Map<string, Finding[]>();
  const dryRunDirectory = path.resolve(host.cwd, options.dryRunDir);
  if (dryRun) await fs.mkdir(dryRunDirectory, { recursive: true });
  return {
    host,
    options,
    stats,
    notifications,
    counters,
    cache: options.cacheDir && !dryRun ? new AnswerCache(path.resolve(host.cwd, options.cacheDir)) : undefined,
    client: dryRun ? undefined : createClient(options),
    interrupt,
    stopSignal,
    requestSignal: AbortSignal.any([stopSignal, breaker.signal]),
    breaker,
    dryRunDirectory,
    projectedPrefixes: new Set(),
    answeredElsewhere: new Map(),
    waitingFor: new Set(),
    stop,
    settle(outcome) {
      if (!breaker.release(outcome)) return;
      stop(
        'circuit',
        `Circuit breaker opened after ${breaker.consecutiveFailures} consecutive failed requests or unusable answers; requests in flight were aborted and no other was started.`,
      );
    },
    baseline(file, text) {
      let found = baselines.get(file);
      if (!found) baselines.set(file, (found = host.lintText(file, text)));
      return found;
    },
    dispose() {
      clearTimeout(timer);
      interrupt?.removeEventListener('abort', onInterrupt);
    },
  };
}

/** Why an abort happened, in the words of a notification. */
export function abortReason(stage: Stage): string {
  return stage.breaker.isOpen ? 'the circuit breaker opened' : stage.interrupt?.aborted ? 'interrupted' : 'the stage deadline passed';
}

/** The notes that close a run: findings awaited from an earlier batch, a prompt cache never read, findings not asked, the dry run. */
export function noteStageEnd(stage: Stage): void {
  const { counters, notifications, options, stats } = stage;
  if (counters.awaitingEarlierBatch > 0) {
    notifications.push({
      level: 'note',
      kind: 'llm-batch-awaited',
      message: `${counters.awaitingEarlierBatch} finding(s) are still being answered by ${[...stage.waitingFor].join(', ')}, left running by an earlier run: not sent again; they keep their rule-doc explanations until a later run collects the answers.`,
    });
  }
  // Prompt caching fails silently below the model's minimum prefix: say so, it multiplies the input cost.
  if (counters.answered >= 2 && stats.cacheReadInputTokens === 0) {
    notifications.push({
      level: 'note',
      kind: 'llm-cache-unused',
      message: `${counters.answered} answers and no prompt-cache read: the shared prefix was billed as fresh input each time (shorter than ${options.model}'s minimum cacheable prefix, or the cache expired between requests).`,
    });
  }
  if (counters.notStarted > 0) {
    notifications.push({
      level: 'note',
      kind: 'llm-not-escalated',
      message: `${counters.notStarted} finding(s) were not escalated (${counters.stopped ?? 'stopped'}).`,
    });
  }
  if (options.mode === 'dry-run') {
    notifications.push({
      level: 'note',
      kind: 'llm-dry-run',
      message: `Dry run: wrote ${counters.dryRunFiles} request(s) to ${path.relative(stage.host.cwd, stage.dryRunDirectory) || '.'}; nothing was sent.`,
    });
  }
}
