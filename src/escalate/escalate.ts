import Anthropic from '@anthropic-ai/sdk';
import fs from 'node:fs/promises';
import path from 'node:path';

import type { Finding, Notification, NotificationKind } from '../findings/finding.js';
import { SEVERITY_RANK } from '../findings/finding.js';
import { ruleDocExplanation } from './rule-doc-explanation.js';
import type { LlmStats } from '../report/types.js';
import type { ModelAnswer } from './answer-schema.js';
import { validateAnswer } from './answer-schema.js';
import { AnswerCache, cacheKey } from './answer-cache.js';
import { collectBatch, runBatch } from './batch.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { createClient, DEFAULT_BASE_URL } from './client.js';
import type { RegionContext } from './context.js';
import { gatherContext, RedactedSources } from './context.js';
import { escapeModelText } from './escape.js';
import { findSecretsInRequest } from './outbound-guard.js';
import type { AnalysisSession } from './host.js';
import type { EscalationOptions } from './options.js';
import type { Price, TokenUsage } from './pricing.js';
import {
  BATCH_DISCOUNT,
  CURRENT_MODELS,
  emptyStats,
  estimateCostUsd,
  FALLBACK_PRICE,
  getPrice,
  PRICES_SOURCE,
  PRICES_STALE_AFTER_DAYS,
  PRICES_TAKEN_ON,
  pricesAgeDays,
} from './pricing.js';
import { loadPromptsOrThrow } from './prompts.js';
import type { CachePrefix, MessageRequest, RequestBuilder, RequestTask } from './request.js';
import { cachePrefix, createRequestBuilder } from './request.js';
import { PendingBatches } from './pending-batches.js';
import { triageFromAnswer } from './triage.js';
import { verifyFix } from './verify-fix.js';

export type { AnalysisSession } from './host.js';
export type { EscalationOptions } from './options.js';
export { formatLlmStats } from './format-stats.js';
export { ruleDocExplanation } from './rule-doc-explanation.js';

export interface EscalationResult {
  findings: Finding[];
  notifications: Notification[];
  stats: LlmStats;
}

type StopReason = 'deadline' | 'circuit' | 'budget' | 'max-escalations' | 'fatal' | 'interrupted';

const STOP_KINDS: Readonly<Record<StopReason, NotificationKind>> = {
  deadline: 'llm-deadline',
  circuit: 'llm-circuit-open',
  budget: 'llm-budget-exhausted',
  'max-escalations': 'llm-max-escalations',
  fatal: 'llm-fatal',
  interrupted: 'interrupted',
};

/** A request ready to go: its answer cache key, the cost reserved for it, the model it goes to, its cache prefix. */
interface Send {
  key: string;
  projected: number;
  lane: Lane;
  prefixKey: string;
}

/** Answered without a request (cache, dry run, a cap), or to be sent. */
type Prepared = { answer: ModelAnswer | undefined } | { send: Send };

const NOT_ASKED: Prepared = { answer: undefined };

/** A request waiting for the batch, and how to hand its answer back. */
interface Queued {
  finding: Finding;
  request: MessageRequest;
  send: Send;
  resolve(answer: ModelAnswer | undefined): void;
}

/** An answer for one region, shared by every finding with the same dedupe key. */
interface Resolved {
  answer: ModelAnswer | undefined;
  /** The finding the answer's line numbers refer to. */
  line: number;
}

/** One model and what it is asked, with its spend so far (for the projection of its next request). */
interface Lane {
  model: string;
  task: RequestTask;
  builder: RequestBuilder;
  price: Price;
  answered: number;
  costUsd: number;
  /** Output tokens of the answers so far: the projection of the next request's output. */
  outputTokens: number;
}

interface Region {
  line: number;
  editable: RegionContext['editable'];
}

/**
 * Escalates flagged regions to the model and returns every input finding, in order, each with an
 * explanation (the model's, or the rule doc's when the model was not asked or did not answer) and a
 * model fix when one survives verification. Never throws for an LLM problem: those become notifications.
 */
export async function escalate(
  findings: Finding[],
  host: AnalysisSession,
  options: EscalationOptions,
  /** Aborted on the first SIGINT/SIGTERM: the stage stops, requests in flight are aborted, answers so far are kept. */
  interrupt?: AbortSignal,
): Promise<EscalationResult> {
  const stats = emptyStats();
  const notifications: Notification[] = [];
  const out = findings.map((finding) => ({ ...finding }));
  try {
    await runEscalation(out, host, options, stats, notifications, interrupt);
  } catch (error) {
    notifications.push({
      level: 'error',
      kind: 'llm-internal-error',
      message: `Escalation stopped on an unexpected error; static findings are complete: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
  for (const finding of out) finding.explanation ??= ruleDocExplanation(finding.ruleId);
  stats.estimatedCostUsd = Math.round(stats.estimatedCostUsd * 1e6) / 1e6;
  return { findings: out, notifications, stats };
}

async function runEscalation(
  findings: Finding[],
  host: AnalysisSession,
  options: EscalationOptions,
  stats: LlmStats,
  notifications: Notification[],
  interrupt: AbortSignal | undefined,
): Promise<void> {
  if (options.mode === 'off') return;
  if (options.mode !== 'dry-run' && !options.apiKey) {
    if (options.mode === 'on') {
      notifications.push({
        level: 'warning',
        kind: 'llm-no-key',
        message: '--llm on was given but ANTHROPIC_API_KEY is not set; explanations come from the rule docs.',
      });
    }
    return;
  }

  const candidates = findings
    .map((finding, index) => ({ finding, index }))
    .filter(
      ({ finding }) =>
        !finding.suppression &&
        SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[options.minSeverity] &&
        (!options.families || options.families.includes(finding.family)),
    );
  if (candidates.length === 0) return;

  const prompts = loadPromptsOrThrow();
  const sources = new RedactedSources();
  // The explain lane answers every finding; with --llm-fix-model, a confirmed finding without a rule fix
  // is asked once more, of that model, for the fix only.
  const lane = (model: string, task: RequestTask): Lane => {
    const price = getPrice(model);
    if (!price && options.mode !== 'dry-run') {
      notifications.push({
        level: 'warning',
        kind: 'llm-unknown-price',
        message: `No price known for model ${model} (prices of ${PRICES_TAKEN_ON}: ${CURRENT_MODELS.join(', ')}); cost estimates and the budget use the dearest known rates, ${FALLBACK_PRICE.input}/${FALLBACK_PRICE.output} USD per million input/output tokens.`,
      });
    }
    return {
      model,
      task,
      builder: createRequestBuilder(prompts, model, options.maxOutputTokens, task, options.promptLayout),
      price: price ?? FALLBACK_PRICE,
      answered: 0,
      costUsd: 0,
      outputTokens: 0,
    };
  };
  const explainLane = lane(options.model, options.fixModel ? 'explain' : 'explain-and-fix');
  const fixLane = options.fixModel ? lane(options.fixModel, 'fix') : undefined;
  const age = pricesAgeDays(new Date());
  if (age > PRICES_STALE_AFTER_DAYS && options.mode !== 'dry-run') {
    notifications.push({
      level: 'note',
      kind: 'llm-prices-stale',
      message: `The price table was taken on ${PRICES_TAKEN_ON}, ${age} days ago; cost estimates may be off. Current prices: ${PRICES_SOURCE}.`,
    });
  }
  const cache = options.cacheDir && options.mode !== 'dry-run' ? new AnswerCache(path.resolve(host.cwd, options.cacheDir)) : undefined;
  const client = options.mode === 'dry-run' ? undefined : createClient(options);
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), options.deadlineMs);
  timer.unref?.();

  const state = {
    stopped: undefined as StopReason | undefined,
    notStarted: 0,
    requestsStarted: 0,
    reservedUsd: 0,
    answered: 0,
    dryRunFiles: 0,
    awaitingEarlierBatch: 0,
  };
  const stop = (reason: StopReason, message: string) => {
    if (state.stopped) return;
    state.stopped = reason;
    notifications.push({ level: 'warning', kind: STOP_KINDS[reason], message });
  };
  deadline.signal.addEventListener('abort', () =>
    stop('deadline', `The LLM stage passed its deadline of ${options.deadlineMs} ms; the remaining findings keep their rule-doc explanations.`),
  );
  const onInterrupt = () =>
    stop(
      'interrupted',
      'Interrupted: the LLM stage stopped and requests in flight were aborted; answers received so far are kept, the other findings keep their rule-doc explanations.',
    );
  if (interrupt?.aborted) onInterrupt();
  else interrupt?.addEventListener('abort', onInterrupt, { once: true });
  // Deadline and interrupt end the stage; the breaker also aborts what is in flight when it opens.
  const stopSignal = interrupt ? AbortSignal.any([deadline.signal, interrupt]) : deadline.signal;
  const breaker = new CircuitBreaker(options.circuitBreakerThreshold);
  const requestSignal = AbortSignal.any([stopSignal, breaker.signal]);
  const settle = (outcome: 'success' | 'failure' | 'aborted'): void => {
    if (breaker.release(outcome)) {
      stop(
        'circuit',
        `Circuit breaker opened after ${breaker.consecutiveFailures} consecutive failed requests or unusable answers; requests in flight were aborted and no other was started.`,
      );
    }
  };
  const baselines = new Map<string, Finding[]>();
  const baseline = (file: string, text: string): Finding[] => {
    let found = baselines.get(file);
    if (!found) baselines.set(file, (found = host.lintText(file, text)));
    return found;
  };
  const regions = new Map<string, { prepared: Promise<void>; resolved: Promise<Resolved> }>();
  /** Cache prefixes of the requests projected so far: a later request with one reads it from the cache. */
  const projectedPrefixes = new Set<string>();
  /** Cache prefix -> the first direct request with it, which the others of that prefix wait for. */
  const primers = new Map<string, Promise<void>>();
  const batched = options.batch && options.mode !== 'dry-run';
  // Batches left running at a deadline are collected by a later run: only worth it when answers are cached.
  const pending = batched && cache ? new PendingBatches(cache.directory) : undefined;
  /** Answer cache key -> id of a batch from an earlier run that is still answering it: not sent again. */
  let answeredElsewhere = new Map<string, string>();
  const waitingFor = new Set<string>();
  const queue: Queued[] = [];
  const enqueue = (finding: Finding, request: MessageRequest, send: Send): Promise<ModelAnswer | undefined> =>
    new Promise((resolve) => queue.push({ finding, request, send, resolve }));
  const dryRunDirectory = path.resolve(host.cwd, options.dryRunDir);
  if (options.mode === 'dry-run') await fs.mkdir(dryRunDirectory, { recursive: true });

  /** Everything before a request leaves: the last secret check, the dry run, the answer cache, the caps. */
  const prepareRegion = async (finding: Finding, context: RegionContext, request: MessageRequest, lane: Lane, direct: boolean): Promise<Prepared> => {
    const leaked = findSecretsInRequest(request);
    if (leaked.length > 0) {
      notifications.push({
        level: 'error',
        kind: 'llm-secret-blocked',
        message: `${finding.ruleId}: the request still held a secret-shaped value after redaction (${leaked.join(', ')}); it was not ${options.mode === 'dry-run' ? 'written' : 'sent'}.`,
        file: finding.file,
        line: finding.line,
      });
      return NOT_ASKED;
    }
    if (options.mode === 'dry-run') {
      state.dryRunFiles += 1;
      const name = `${String(state.dryRunFiles).padStart(4, '0')}-${context.hash.slice(0, 12)}.json`;
      const record = {
        method: 'POST',
        url: `${(options.baseURL ?? DEFAULT_BASE_URL).replace(/\/$/u, '')}/v1/messages`,
        headers: { 'content-type': 'application/json', 'anthropic-version': '(set by @anthropic-ai/sdk)', 'x-api-key': '(your key, not written)' },
        finding: { ruleId: finding.ruleId, file: finding.file, line: finding.line },
        promptHash: lane.builder.promptHash,
        redactions: context.redactions.length,
        body: request,
      };
      await fs.writeFile(path.join(dryRunDirectory, name), `${JSON.stringify(record, null, 2)}\n`);
      return NOT_ASKED;
    }
    const key = cacheKey({ model: lane.model, promptHash: lane.builder.promptHash, ruleId: finding.ruleId, contextHash: context.hash });
    if (cache) {
      const cached = await cache.read(key);
      if (cached.status === 'hit') {
        stats.cacheHits += 1;
        return { answer: cached.answer };
      }
      if (cached.status === 'corrupt') {
        const repair = cached.repaired ? 'removed it' : 'could not remove it';
        notifications.push({
          level: 'warning',
          kind: 'llm-cache-corrupt',
          message: `A broken answer cache entry (${cached.reason}): ${repair} and asked again.`,
          file: finding.file,
          line: finding.line,
        });
      }
    }
    const earlierBatch = answeredElsewhere.get(key);
    if (earlierBatch) {
      waitingFor.add(earlierBatch);
      state.awaitingEarlierBatch += 1;
      return NOT_ASKED;
    }
    if (state.stopped) {
      state.notStarted += 1;
      return NOT_ASKED;
    }
    if (state.requestsStarted >= options.maxEscalations) {
      stop(
        'max-escalations',
        `Stopped after ${options.maxEscalations} escalations (--max-escalations); the remaining findings keep their rule-doc explanations.`,
      );
      state.notStarted += 1;
      return NOT_ASKED;
    }
    const prefix = cachePrefix(request);
    const projected = projectCost(prefix, request.max_tokens, lane, projectedPrefixes.has(prefix.key)) * (direct ? 1 : BATCH_DISCOUNT);
    projectedPrefixes.add(prefix.key);
    if (options.budgetUsd !== undefined && stats.estimatedCostUsd + state.reservedUsd + projected > options.budgetUsd) {
      stop(
        'budget',
        `Stopped escalating: the next request would take the estimated cost past the budget of ${options.budgetUsd} USD (spent ${stats.estimatedCostUsd.toFixed(4)} USD).`,
      );
      state.notStarted += 1;
      return NOT_ASKED;
    }
    if (!direct) {
      state.requestsStarted += 1;
      state.reservedUsd += projected;
    }
    return { send: { key, projected, lane, prefixKey: prefix.key } };
  };

  /**
   * One request through `messages.create`, within the breaker. The first request of a cache prefix goes
   * alone: the API writes the prefix once it answers, so the others of that prefix read it instead of each
   * writing it again.
   */
  const sendDirect = async (finding: Finding, request: MessageRequest, send: Send): Promise<ModelAnswer | undefined> => {
    const prefix = send.prefixKey;
    const primer = primers.get(prefix);
    if (primer) {
      await primer;
      return sendNow(finding, request, send);
    }
    let release!: () => void;
    primers.set(prefix, new Promise<void>((resolve) => (release = resolve)));
    try {
      return await sendNow(finding, request, send);
    } finally {
      release();
    }
  };

  const sendNow = async (finding: Finding, request: MessageRequest, { key, projected, lane }: Send): Promise<ModelAnswer | undefined> => {
    if (!(await breaker.acquire(stopSignal))) {
      state.notStarted += 1;
      return undefined;
    }
    if (state.stopped) {
      breaker.release('aborted');
      state.notStarted += 1;
      return undefined;
    }
    state.requestsStarted += 1;
    state.reservedUsd += projected;
    let message: Anthropic.Message;
    try {
      stats.requests += 1;
      message = await client!.messages.create(request, { signal: requestSignal });
    } catch (error) {
      state.reservedUsd -= projected;
      const failure = classifyFailure(error);
      if (failure.kind === 'llm-deadline') {
        settle('aborted');
        const why = breaker.isOpen ? 'the circuit breaker opened' : interrupt?.aborted ? 'interrupted' : 'the stage deadline passed';
        notifications.push({
          level: 'warning',
          kind: 'llm-aborted',
          message: `${finding.ruleId}: the request in flight was aborted (${why}).`,
          file: finding.file,
          line: finding.line,
        });
        return undefined;
      }
      notifications.push({ level: 'warning', kind: failure.kind, message: `${finding.ruleId}: ${failure.message}`, file: finding.file, line: finding.line });
      if (failure.fatal) stop('fatal', `Escalation stopped: ${failure.message}`);
      settle('failure');
      return undefined;
    }
    state.reservedUsd -= projected;
    return acceptMessage(message, finding, key, lane, 1, settle);
  };

  /**
   * A message from the API turned into an answer: usage and cost counted (times `factor`, the batch
   * discount), refusals, cut-off, non-JSON and off-schema answers discarded with a notification, valid
   * answers cached. `outcome` tells the breaker (direct requests) what the answer was worth.
   */
  const acceptMessage = async (
    message: Anthropic.Message,
    finding: Finding,
    key: string,
    lane: Lane,
    factor: number,
    outcome: (result: 'success' | 'failure') => void,
  ): Promise<ModelAnswer | undefined> => {
    const cost = countUsage(stats, message, lane.price, factor);
    lane.costUsd += cost;
    lane.answered += 1;
    lane.outputTokens += message.usage?.output_tokens ?? 0;
    state.answered += 1;

    const requestId = (message as { _request_id?: string | null })._request_id;
    const where = { file: finding.file, line: finding.line };
    const suffix = requestId ? ` (request ${requestId})` : '';
    if (message.stop_reason === 'refusal') {
      outcome('failure');
      notifications.push({ level: 'warning', kind: 'llm-refusal', message: `${finding.ruleId}: the model declined to answer${suffix}.`, ...where });
      return undefined;
    }
    if (message.stop_reason === 'max_tokens') {
      outcome('failure');
      notifications.push({
        level: 'warning',
        kind: 'llm-invalid-answer',
        message: `${finding.ruleId}: the answer was cut off at max_tokens${suffix}; discarded.`,
        ...where,
      });
      return undefined;
    }
    const text = message.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      outcome('failure');
      notifications.push({ level: 'warning', kind: 'llm-invalid-answer', message: `${finding.ruleId}: the answer is not JSON${suffix}; discarded.`, ...where });
      return undefined;
    }
    const validated = validateAnswer(parsed);
    if ('errors' in validated) {
      outcome('failure');
      notifications.push({
        level: 'warning',
        kind: 'llm-invalid-answer',
        message: `${finding.ruleId}: the answer does not match the schema (${escapeModelText(validated.errors, 300)})${suffix}; discarded.`,
        ...where,
      });
      return undefined;
    }
    outcome('success');
    if (cache) {
      const written = await cache.write(key, validated.answer, lane.model);
      if (!written.ok) {
        notifications.push({
          level: 'warning',
          kind: 'llm-cache-write',
          message: `Could not write the answer cache in ${path.relative(host.cwd, cache.directory) || '.'} (${written.reason}); this answer will be asked for again next run.`,
        });
      }
    }
    return validated.answer;
  };

  /**
   * Batches earlier runs left running: answers of those that ended go to the answer cache (and their cost
   * into this run's stats); the keys of those still running are not sent again.
   */
  const collectPending = async (): Promise<Map<string, string>> => {
    const running = new Map<string, string>();
    for (const record of await pending!.list()) {
      const collected = stopSignal.aborted
        ? ({ status: 'running' } as const)
        : await collectBatch(
            client!,
            record.id,
            record.items.map((item) => item.customId),
            stopSignal,
          );
      if (collected.status === 'running' || collected.status === 'failed') {
        for (const item of record.items) running.set(item.key, record.id);
        if (collected.status === 'failed') {
          notifications.push({
            level: 'warning',
            kind: 'llm-batch-unread',
            message: `Could not read batch ${record.id}, left running by an earlier run (${classifyFailure(collected.error).message}); its findings are not sent again, a later run reads it.`,
          });
        }
        continue;
      }
      await pending!.remove(record.id);
      if (collected.status === 'gone') {
        notifications.push({
          level: 'note',
          kind: 'llm-batch-gone',
          message: `Batch ${record.id}, left running by an earlier run, is no longer known to the API; its findings are asked again.`,
        });
        continue;
      }
      let answers = 0;
      for (const item of record.items) {
        const outcome = collected.outcomes.get(item.customId);
        if (outcome?.type !== 'succeeded') continue;
        countUsage(stats, outcome.message, getPrice(record.model) ?? FALLBACK_PRICE, BATCH_DISCOUNT);
        const answer = answerOf(outcome.message);
        if (answer && (await cache!.write(item.key, answer, record.model)).ok) answers += 1;
      }
      const unusable = record.items.length - answers;
      notifications.push({
        level: 'note',
        kind: 'llm-batch-collected',
        message: `Collected ${answers} answer(s) into the answer cache from batch ${record.id}, left running by an earlier run (its cost is in this run's stats)${unusable > 0 ? `; ${unusable} of its ${record.items.length} request(s) gave no usable answer and are asked again` : ''}.`,
      });
    }
    return running;
  };

  /** The queued requests as one Message Batch, at half the price; every queued region is resolved, with or without an answer. */
  const sendBatch = async (entries: Queued[]): Promise<void> => {
    const items = entries.map((entry, position) => ({ customId: `r${position + 1}-${entry.send.key.slice(0, 16)}`, request: entry.request }));
    const byId = new Map(entries.map((entry, position) => [items[position]!.customId, entry]));
    const run = await runBatch(client!, items, {
      pollMs: options.batchPollMs,
      signal: stopSignal,
      keepOnStop: () => pending !== undefined && !interrupt?.aborted,
    });
    for (const entry of entries) state.reservedUsd -= entry.send.projected;
    const unanswered = () => {
      for (const entry of entries) entry.resolve(undefined);
    };
    const pendingRecord = (id: string) => ({
      id,
      model: options.model,
      createdAt: new Date().toISOString(),
      items: items.map((item, position) => ({ customId: item.customId, key: entries[position]!.send.key })),
    });
    if (run.status === 'not-created') {
      const failure = classifyFailure(run.error);
      const why = failure.kind === 'llm-deadline' ? (interrupt?.aborted ? 'interrupted' : 'the stage deadline passed') : failure.message;
      notifications.push({
        level: 'warning',
        kind: failure.kind === 'llm-deadline' ? 'llm-aborted' : failure.kind,
        message: `The batch of ${entries.length} request(s) was not created (${why}); those findings keep their rule-doc explanations.`,
      });
      if (failure.fatal) stop('fatal', `Escalation stopped: ${failure.message}`);
      unanswered();
      return;
    }
    stats.requests += entries.length;
    const status = run.status === 'stopped' ? run.fate : run.status;
    const batchStats: NonNullable<LlmStats['batch']> = {
      id: run.id,
      requests: entries.length,
      status,
      succeeded: 0,
      errored: 0,
      expired: 0,
      canceled: 0,
      priceFactor: BATCH_DISCOUNT,
    };
    stats.batch = batchStats;
    if (run.status === 'stopped') {
      const processing = run.counts?.processing ?? entries.length;
      const why = state.stopped === 'interrupted' ? 'the run was interrupted' : `the deadline of ${options.deadlineMs} ms passed`;
      let fate: string = run.fate;
      if (run.fate === 'left-running') {
        const recorded = await pending!.add(pendingRecord(run.id));
        fate = recorded
          ? `it keeps running, and the next run with --llm-batch and this answer cache collects its answers instead of paying for them again`
          : `it could not be recorded in ${path.relative(host.cwd, pending!.directory) || '.'} for a later run to collect, so ${await client!.messages.batches
              .cancel(run.id, {}, { timeout: 10_000, maxRetries: 0 })
              .then(() => 'it was canceled')
              .catch(() => 'it was left to expire (the cancel request failed)')}`;
      } else {
        fate = run.fate === 'canceled' ? 'it was canceled' : 'it was left to expire (the cancel request failed)';
      }
      notifications.push({
        level: 'warning',
        kind: 'llm-batch-pending',
        message: `Batch ${run.id} had not ended when ${why} (${processing} of ${entries.length} request(s) still processing); ${fate}. Its ${entries.length} finding(s) keep their rule-doc explanations in this report; answers from the cache were used. Batches can take up to 24 hours: give --llm-deadline the time your CI job can wait.`,
      });
      unanswered();
      return;
    }
    if (run.status === 'failed') {
      const failure = classifyFailure(run.error);
      const aborted = failure.kind === 'llm-deadline';
      const why = aborted ? `reading it was aborted (${interrupt?.aborted ? 'interrupted' : 'the stage deadline passed'})` : failure.message;
      const later = pending ? await pending.add(pendingRecord(run.id)) : false;
      notifications.push({
        level: 'warning',
        kind: aborted ? 'llm-aborted' : failure.kind,
        message: `Batch ${run.id}: ${why}; its findings keep their rule-doc explanations${later ? ', and the next run with --llm-batch and this answer cache reads it again' : ''}.`,
      });
      if (failure.fatal) stop('fatal', `Escalation stopped: ${failure.message}`);
      unanswered();
      return;
    }
    const unusable = { expired: 0, canceled: 0, missing: 0 };
    await Promise.all(
      [...run.outcomes].map(async ([customId, outcome]) => {
        const entry = byId.get(customId)!;
        const { finding } = entry;
        if (outcome.type === 'succeeded') {
          batchStats.succeeded += 1;
          entry.resolve(await acceptMessage(outcome.message, finding, entry.send.key, entry.send.lane, BATCH_DISCOUNT, () => undefined));
          return;
        }
        if (outcome.type === 'errored') {
          batchStats.errored += 1;
          notifications.push({
            level: 'warning',
            kind: 'llm-batch-errored',
            message: `${finding.ruleId}: its request in batch ${run.id} failed (${escapeModelText(outcome.errorType, 60)}: ${escapeModelText(outcome.errorMessage, 300)}); the finding keeps its rule-doc explanation.`,
            file: finding.file,
            line: finding.line,
          });
        } else {
          if (outcome.type !== 'missing') batchStats[outcome.type] += 1;
          unusable[outcome.type] += 1;
        }
        entry.resolve(undefined);
      }),
    );
    const said = { expired: 'expired before the API processed them', canceled: 'were canceled', missing: 'had no result line' } as const;
    for (const type of ['expired', 'canceled', 'missing'] as const) {
      if (unusable[type] === 0) continue;
      notifications.push({
        level: 'warning',
        kind: `llm-batch-${type}`,
        message: `${unusable[type]} of ${entries.length} request(s) in batch ${run.id} ${said[type]}; those findings keep their rule-doc explanations and are asked again next run.`,
      });
    }
  };

  /** A region's answer; `prepared` settles once it is answered from the cache, skipped, or queued for the batch. */
  const resolveRegion = (
    finding: Finding,
    context: RegionContext,
    request: MessageRequest,
    lane: Lane,
    direct: boolean,
  ): { prepared: Promise<void>; answer: Promise<ModelAnswer | undefined> } => {
    const prepared = prepareRegion(finding, context, request, lane, direct);
    const answer = prepared.then((result) => {
      if ('answer' in result) return result.answer;
      return direct ? sendDirect(finding, request, result.send) : enqueue(finding, request, result.send);
    });
    return { prepared: prepared.then(() => undefined), answer };
  };

  const internalError = (finding: Finding, error: unknown): void => {
    notifications.push({
      level: 'warning',
      kind: 'llm-internal-error',
      message: `${finding.ruleId}: ${error instanceof Error ? error.message : String(error)}`,
      file: finding.file,
      line: finding.line,
    });
  };

  // With --llm-batch the answers arrive after every region is queued: handling a finding ends once its
  // region is prepared, and applying the answer waits here.
  const applying: Promise<void>[] = [];
  const handle = async ({ finding, index }: { finding: Finding; index: number }): Promise<void> => {
    if (state.stopped) {
      state.notStarted += 1;
      return;
    }
    let context: RegionContext;
    try {
      context = await gatherContext(host, finding, options.maxContextChars, sources);
    } catch (error) {
      notifications.push({
        level: 'warning',
        kind: 'llm-context-failed',
        message: `${finding.ruleId}: could not gather context (${error instanceof Error ? error.message : String(error)}); not escalated.`,
        file: finding.file,
        line: finding.line,
      });
      return;
    }
    // The explain lane answers every finding; with --llm-fix-model, a confirmed finding without a rule fix
    // is asked once more, of the fix model, for the fix only (always directly: its batch has been sent).
    const ask = (current: Lane, key: string, direct: boolean): { prepared: Promise<void>; resolved: Promise<Resolved> } => {
      let region = regions.get(key);
      if (!region) {
        const request = current.builder.build(finding.family, finding.ruleId, context.text);
        const resolving = resolveRegion(finding, context, request, current, direct);
        region = { prepared: resolving.prepared, resolved: resolving.answer.then((answer) => ({ answer, line: finding.line })) };
        regions.set(key, region);
      }
      return region;
    };
    const explain = ask(explainLane, context.dedupeKey, !batched);
    const apply = explain.resolved.then(async ({ answer, line }) => {
      if (!answer) return;
      const fixed =
        fixLane && answer.verdict === 'confirmed' && !findings[index]!.fix ? await ask(fixLane, `fix\0${context.dedupeKey}`, true).resolved : undefined;
      const explained = applyAnswer(
        findings[index]!,
        { ...answer, fix: null },
        { line, editable: context.editable },
        host,
        { model: explainLane.model, triage: options.triage },
        notifications,
        baseline,
      );
      const fix = fixLane ? fixed?.answer?.fix : answer.fix;
      const fixLine = fixLane ? (fixed?.line ?? line) : line;
      findings[index] = fix ? withFix(explained, fix, { line: fixLine, editable: context.editable }, host, notifications, baseline) : explained;
    });
    if (!batched) return apply;
    await explain.prepared;
    applying.push(apply.catch((error: unknown) => internalError(finding, error)));
  };

  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < candidates.length) {
      const candidate = candidates[next]!;
      next += 1;
      try {
        await handle(candidate);
      } catch (error) {
        internalError(candidate.finding, error);
      }
    }
  };
  try {
    if (pending) answeredElsewhere = await collectPending();
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, candidates.length)) }, worker));
    if (queue.length > 0) {
      const entries = queue.splice(0);
      try {
        await sendBatch(entries);
      } finally {
        // Whatever happened, no finding waits for an answer that will not come (resolving twice is a no-op).
        for (const entry of entries) entry.resolve(undefined);
      }
    }
    await Promise.all(applying);
  } finally {
    clearTimeout(timer);
    interrupt?.removeEventListener('abort', onInterrupt);
  }
  if (state.awaitingEarlierBatch > 0) {
    notifications.push({
      level: 'note',
      kind: 'llm-batch-awaited',
      message: `${state.awaitingEarlierBatch} finding(s) are still being answered by ${[...waitingFor].join(', ')}, left running by an earlier run: not sent again; they keep their rule-doc explanations until a later run collects the answers.`,
    });
  }
  // Prompt caching fails silently below the model's minimum prefix: say so, it multiplies the input cost.
  if (state.answered >= 2 && stats.cacheReadInputTokens === 0) {
    notifications.push({
      level: 'note',
      kind: 'llm-cache-unused',
      message: `${state.answered} answers and no prompt-cache read: the shared prefix was billed as fresh input each time (shorter than ${options.model}'s minimum cacheable prefix, or the cache expired between requests).`,
    });
  }
  if (state.notStarted > 0) {
    notifications.push({
      level: 'note',
      kind: 'llm-not-escalated',
      message: `${state.notStarted} finding(s) were not escalated (${state.stopped ?? 'stopped'}).`,
    });
  }
  if (options.mode === 'dry-run') {
    notifications.push({
      level: 'note',
      kind: 'llm-dry-run',
      message: `Dry run: wrote ${state.dryRunFiles} request(s) to ${path.relative(host.cwd, dryRunDirectory) || '.'}; nothing was sent.`,
    });
  }
}

function applyAnswer(
  finding: Finding,
  answer: ModelAnswer,
  region: Region,
  host: AnalysisSession,
  options: Pick<EscalationOptions, 'model' | 'triage'>,
  notifications: Notification[],
  baseline: (file: string, text: string) => Finding[],
): Finding {
  const { model } = options;
  const triage = triageFromAnswer(answer, model, options.triage);
  const explained: Finding = {
    ...finding,
    explanation: {
      source: 'model',
      text: escapeModelText(answer.explanation),
      verdict: answer.verdict,
      confidence: answer.confidence,
      model,
    },
    ...(triage && { triage }),
  };
  return answer.fix ? withFix(explained, answer.fix, region, host, notifications, baseline) : explained;
}

/** The finding with the model's fix when it passes verification; otherwise unchanged, with a notification. */
function withFix(
  finding: Finding,
  fix: NonNullable<ModelAnswer['fix']>,
  region: Region,
  host: AnalysisSession,
  notifications: Notification[],
  baseline: (file: string, text: string) => Finding[],
): Finding {
  if (fix.edits.length === 0 || finding.fix) return finding;
  // The answer was written for the region at `region.line`; `editable` is already in this finding's lines.
  const delta = finding.line - region.line;
  const verification = verifyFix(host, finding, fix, delta, baseline, region.editable);
  if (verification.ok) return { ...finding, fix: verification.fix };
  notifications.push({
    level: 'note',
    kind: 'llm-fix-unverified',
    message: `${finding.ruleId}: the model's fix was dropped: ${verification.reason}.`,
    file: finding.file,
    line: finding.line,
  });
  return finding;
}

/** The valid answer a message holds, if any: for answers collected without their findings, so without notices. */
function answerOf(message: Anthropic.Message): ModelAnswer | undefined {
  if (message.stop_reason === 'refusal' || message.stop_reason === 'max_tokens') return undefined;
  try {
    const validated = validateAnswer(JSON.parse(message.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('')));
    return 'answer' in validated ? validated.answer : undefined;
  } catch {
    return undefined;
  }
}

/** Adds a message's tokens to the stats, and its cost at `price` times `factor` (0.5 in a batch). */
/** Adds a message's usage and cost to the stats; returns the cost. */
function countUsage(stats: LlmStats, message: Anthropic.Message, price: Price, factor: number): number {
  const usage = toUsage(message.usage);
  stats.inputTokens += usage.inputTokens;
  stats.outputTokens += usage.outputTokens;
  stats.cacheReadInputTokens += usage.cacheReadInputTokens;
  stats.cacheCreationInputTokens += usage.cacheCreationInputTokens;
  const cost = estimateCostUsd(usage, price) * factor;
  stats.estimatedCostUsd += cost;
  return cost;
}

function toUsage(usage: Anthropic.Usage | undefined): TokenUsage {
  return {
    inputTokens: usage?.input_tokens ?? 0,
    outputTokens: usage?.output_tokens ?? 0,
    cacheReadInputTokens: usage?.cache_read_input_tokens ?? 0,
    cacheCreationInputTokens: usage?.cache_creation_input_tokens ?? 0,
  };
}

/** Output tokens assumed for an answer before any has arrived: an explanation of a few sentences and a short fix. */
export const ASSUMED_OUTPUT_TOKENS = 300;

/**
 * The cost to reserve for a request: about 3.5 characters per token; the cached prefix (up to the last
 * breakpoint) is a cache write for the first request with it and a read for the others (`prefixSeen`),
 * which wait for the first; the rest is fresh input; the output is the lane's average so far, or a typical
 * answer before the first one (never the `max_tokens` ceiling). A prefix under the model's minimum is
 * not cached and counts as fresh input.
 */
export function projectCost(
  { chars, freshChars }: Pick<CachePrefix, 'chars' | 'freshChars'>,
  maxTokens: number,
  lane: Pick<Lane, 'answered' | 'outputTokens' | 'price'>,
  prefixSeen: boolean,
): number {
  const prefixTokens = Math.ceil(chars / 3.5);
  const cached = prefixTokens >= lane.price.minCacheableTokens;
  const outputTokens = lane.answered > 0 ? Math.ceil(lane.outputTokens / lane.answered) : Math.min(maxTokens, ASSUMED_OUTPUT_TOKENS);
  return estimateCostUsd(
    {
      inputTokens: Math.ceil(freshChars / 3.5) + (cached ? 0 : prefixTokens),
      outputTokens,
      cacheReadInputTokens: cached && prefixSeen ? prefixTokens : 0,
      cacheCreationInputTokens: cached && !prefixSeen ? prefixTokens : 0,
    },
    lane.price,
  );
}

function classifyFailure(error: unknown): { kind: NotificationKind; message: string; fatal?: boolean } {
  const requestId = error instanceof Anthropic.APIError && error.requestID ? ` (request ${error.requestID})` : '';
  if (error instanceof Anthropic.APIUserAbortError) return { kind: 'llm-deadline', message: 'aborted at the deadline' };
  if (error instanceof Anthropic.APIConnectionTimeoutError) return { kind: 'llm-timeout', message: 'the request timed out after the SDK retries' };
  if (error instanceof Anthropic.APIConnectionError) return { kind: 'llm-connection', message: `could not reach the API: ${error.message}` };
  if (error instanceof Anthropic.APIError) {
    const status = error.status;
    if (status === 401 || status === 403) return { kind: 'llm-auth', message: `the API rejected the key (${status})${requestId}`, fatal: true };
    if (status === 429) return { kind: 'llm-rate-limited', message: `rate limited (429) after the SDK retries${requestId}` };
    if (status === 529) return { kind: 'llm-overloaded', message: `the API is overloaded (529) after the SDK retries${requestId}` };
    if (status !== undefined && status >= 500) return { kind: 'llm-server-error', message: `the API failed (${status}) after the SDK retries${requestId}` };
    return { kind: 'llm-request-error', message: `the API refused the request (${status ?? 'no status'}): ${escapeModelText(error.message, 300)}${requestId}` };
  }
  return { kind: 'llm-internal-error', message: error instanceof Error ? error.message : String(error) };
}
