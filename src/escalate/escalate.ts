import Anthropic from '@anthropic-ai/sdk';
import fs from 'node:fs/promises';
import path from 'node:path';

import type { Finding, Notification } from '../findings/finding.js';
import { SEVERITY_RANK } from '../findings/finding.js';
import { ruleDocExplanation } from './rule-doc-explanation.js';
import type { LlmStats } from '../report/types.js';
import type { ModelAnswer } from './answer-schema.js';
import { validateAnswer } from './answer-schema.js';
import { AnswerCache, cacheKey } from './answer-cache.js';
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
import type { MessageRequest, RequestBuilder, RequestTask } from './request.js';
import { cachePrefixKey, createRequestBuilder } from './request.js';
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

const STOP_KINDS: Readonly<Record<StopReason, string>> = {
  deadline: 'llm-deadline',
  circuit: 'llm-circuit-open',
  budget: 'llm-budget-exhausted',
  'max-escalations': 'llm-max-escalations',
  fatal: 'llm-fatal',
  interrupted: 'interrupted',
};

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
    return { model, task, builder: createRequestBuilder(prompts, model, options.maxOutputTokens, task, options.promptLayout), price: price ?? FALLBACK_PRICE, answered: 0, costUsd: 0 };
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
  };
  const stop = (reason: StopReason, message: string) => {
    if (state.stopped) return;
    state.stopped = reason;
    notifications.push({ level: 'warning', kind: STOP_KINDS[reason], message });
  };
  deadline.signal.addEventListener('abort', () =>
    stop('deadline', `The LLM stage passed its deadline of ${options.deadlineMs} ms; the remaining findings keep their rule-doc explanations.`),
  );
  const onInterrupt = () => stop('interrupted', 'Interrupted: the LLM stage stopped and requests in flight were aborted; answers received so far are kept, the other findings keep their rule-doc explanations.');
  if (interrupt?.aborted) onInterrupt();
  else interrupt?.addEventListener('abort', onInterrupt, { once: true });
  // Deadline and interrupt end the stage; the breaker also aborts what is in flight when it opens.
  const stopSignal = interrupt ? AbortSignal.any([deadline.signal, interrupt]) : deadline.signal;
  const breaker = new CircuitBreaker(options.circuitBreakerThreshold);
  const requestSignal = AbortSignal.any([stopSignal, breaker.signal]);
  const settle = (outcome: 'success' | 'failure' | 'aborted'): void => {
    if (breaker.release(outcome)) {
      stop('circuit', `Circuit breaker opened after ${breaker.consecutiveFailures} consecutive failed requests or unusable answers; requests in flight were aborted and no other was started.`);
    }
  };
  const baselines = new Map<string, Finding[]>();
  const baseline = (file: string, text: string): Finding[] => {
    let found = baselines.get(file);
    if (!found) baselines.set(file, (found = host.lintText(file, text)));
    return found;
  };
  const regions = new Map<string, Promise<Resolved>>();
  const primers = new Map<string, Promise<void>>();
  const dryRunDirectory = path.resolve(host.cwd, options.dryRunDir);
  if (options.mode === 'dry-run') await fs.mkdir(dryRunDirectory, { recursive: true });

  const resolveRegion = async (finding: Finding, context: RegionContext, lane: Lane): Promise<ModelAnswer | undefined> => {
    const request = lane.builder.build(finding.family, finding.ruleId, context.text);
    const leaked = findSecretsInRequest(request);
    if (leaked.length > 0) {
      notifications.push({
        level: 'error',
        kind: 'llm-secret-blocked',
        message: `${finding.ruleId}: the request still held a secret-shaped value after redaction (${leaked.join(', ')}); it was not ${options.mode === 'dry-run' ? 'written' : 'sent'}.`,
        file: finding.file,
        line: finding.line,
      });
      return undefined;
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
      return undefined;
    }
    const key = cacheKey({ model: lane.model, promptHash: lane.builder.promptHash, ruleId: finding.ruleId, contextHash: context.hash });
    if (cache) {
      const cached = await cache.read(key);
      if (cached.status === 'hit') {
        stats.cacheHits += 1;
        return cached.answer;
      }
      if (cached.status === 'corrupt') {
        const repair = cached.repaired ? 'removed it' : 'could not remove it';
        notifications.push({ level: 'warning', kind: 'llm-cache-corrupt', message: `A broken answer cache entry (${cached.reason}): ${repair} and asked again.`, file: finding.file, line: finding.line });
      }
    }
    // The first request of a cache prefix goes alone: the API writes the prefix once it answers, so the
    // others of that prefix read it instead of each writing it again.
    const prefix = cachePrefixKey(request);
    const primer = primers.get(prefix);
    if (primer) {
      await primer;
      return send(finding, request, lane, key);
    }
    let release!: () => void;
    primers.set(prefix, new Promise<void>((resolve) => (release = resolve)));
    try {
      return await send(finding, request, lane, key);
    } finally {
      release();
    }
  };

  const send = async (finding: Finding, request: MessageRequest, lane: Lane, key: string): Promise<ModelAnswer | undefined> => {
    if (state.stopped) {
      state.notStarted += 1;
      return undefined;
    }
    if (state.requestsStarted >= options.maxEscalations) {
      stop('max-escalations', `Stopped after ${options.maxEscalations} escalations (--max-escalations); the remaining findings keep their rule-doc explanations.`);
      state.notStarted += 1;
      return undefined;
    }
    const projected = projectCost(request, lane);
    if (options.budgetUsd !== undefined && stats.estimatedCostUsd + state.reservedUsd + projected > options.budgetUsd) {
      stop('budget', `Stopped escalating: the next request would take the estimated cost past the budget of ${options.budgetUsd} USD (spent ${stats.estimatedCostUsd.toFixed(4)} USD).`);
      state.notStarted += 1;
      return undefined;
    }
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
        notifications.push({ level: 'warning', kind: 'llm-aborted', message: `${finding.ruleId}: the request in flight was aborted (${why}).`, file: finding.file, line: finding.line });
        return undefined;
      }
      notifications.push({ level: 'warning', kind: failure.kind, message: `${finding.ruleId}: ${failure.message}`, file: finding.file, line: finding.line });
      if (failure.fatal) stop('fatal', `Escalation stopped: ${failure.message}`);
      settle('failure');
      return undefined;
    }
    state.reservedUsd -= projected;
    const usage = toUsage(message.usage);
    stats.inputTokens += usage.inputTokens;
    stats.outputTokens += usage.outputTokens;
    stats.cacheReadInputTokens += usage.cacheReadInputTokens;
    stats.cacheCreationInputTokens += usage.cacheCreationInputTokens;
    const cost = estimateCostUsd(usage, lane.price);
    stats.estimatedCostUsd += cost;
    lane.costUsd += cost;
    lane.answered += 1;
    state.answered += 1;

    const requestId = (message as { _request_id?: string | null })._request_id;
    const where = { file: finding.file, line: finding.line };
    const suffix = requestId ? ` (request ${requestId})` : '';
    if (message.stop_reason === 'refusal') {
      settle('failure');
      notifications.push({ level: 'warning', kind: 'llm-refusal', message: `${finding.ruleId}: the model declined to answer${suffix}.`, ...where });
      return undefined;
    }
    if (message.stop_reason === 'max_tokens') {
      settle('failure');
      notifications.push({ level: 'warning', kind: 'llm-invalid-answer', message: `${finding.ruleId}: the answer was cut off at max_tokens${suffix}; discarded.`, ...where });
      return undefined;
    }
    const text = message.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      settle('failure');
      notifications.push({ level: 'warning', kind: 'llm-invalid-answer', message: `${finding.ruleId}: the answer is not JSON${suffix}; discarded.`, ...where });
      return undefined;
    }
    const validated = validateAnswer(parsed);
    if ('errors' in validated) {
      settle('failure');
      notifications.push({
        level: 'warning',
        kind: 'llm-invalid-answer',
        message: `${finding.ruleId}: the answer does not match the schema (${escapeModelText(validated.errors, 300)})${suffix}; discarded.`,
        ...where,
      });
      return undefined;
    }
    settle('success');
    if (cache) {
      const written = await cache.write(key, validated.answer, lane.model);
      if (!written.ok) {
        notifications.push({ level: 'warning', kind: 'llm-cache-write', message: `Could not write the answer cache in ${path.relative(host.cwd, cache.directory) || '.'} (${written.reason}); this answer will be asked for again next run.` });
      }
    }
    return validated.answer;
  };

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
    const ask = (current: Lane, key: string): Promise<Resolved> => {
      let region = regions.get(key);
      if (!region) {
        region = resolveRegion(finding, context, current).then((answer) => ({ answer, line: finding.line }));
        regions.set(key, region);
      }
      return region;
    };
    const { answer, line } = await ask(explainLane, context.dedupeKey);
    if (!answer) return;
    let fixed: Resolved | undefined;
    if (fixLane && answer.verdict === 'confirmed' && !findings[index]!.fix) fixed = await ask(fixLane, `fix\0${context.dedupeKey}`);
    const explained = applyAnswer(findings[index]!, { ...answer, fix: null }, { line, editable: context.editable }, host, explainLane.model, notifications, baseline);
    const fix = fixLane ? fixed?.answer?.fix : answer.fix;
    const fixLine = fixLane ? (fixed?.line ?? line) : line;
    findings[index] = fix ? withFix(explained, fix, { line: fixLine, editable: context.editable }, host, notifications, baseline) : explained;
  };

  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < candidates.length) {
      const candidate = candidates[next]!;
      next += 1;
      try {
        await handle(candidate);
      } catch (error) {
        notifications.push({
          level: 'warning',
          kind: 'llm-internal-error',
          message: `${candidate.finding.ruleId}: ${error instanceof Error ? error.message : String(error)}`,
          file: candidate.finding.file,
          line: candidate.finding.line,
        });
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, candidates.length)) }, worker));
  } finally {
    clearTimeout(timer);
    interrupt?.removeEventListener('abort', onInterrupt);
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
    notifications.push({ level: 'note', kind: 'llm-not-escalated', message: `${state.notStarted} finding(s) were not escalated (${state.stopped ?? 'stopped'}).` });
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
  model: string,
  notifications: Notification[],
  baseline: (file: string, text: string) => Finding[],
): Finding {
  const explained: Finding = {
    ...finding,
    explanation: {
      source: 'model',
      text: escapeModelText(answer.explanation),
      verdict: answer.verdict,
      confidence: answer.confidence,
      model,
    },
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

function toUsage(usage: Anthropic.Usage | undefined): TokenUsage {
  return {
    inputTokens: usage?.input_tokens ?? 0,
    outputTokens: usage?.output_tokens ?? 0,
    cacheReadInputTokens: usage?.cache_read_input_tokens ?? 0,
    cacheCreationInputTokens: usage?.cache_creation_input_tokens ?? 0,
  };
}

// Before any answer of the lane: about 3.5 characters per token, all as uncached input, and a quarter
// of max_tokens as output. After answers arrive: their average actual cost, prompt-cache savings included.
function projectCost(request: MessageRequest, lane: Lane): number {
  if (lane.answered > 0) return lane.costUsd / lane.answered;
  const characters = JSON.stringify(request.system).length + JSON.stringify(request.messages).length;
  return estimateCostUsd(
    { inputTokens: Math.ceil(characters / 3.5), outputTokens: Math.ceil(request.max_tokens / 4), cacheReadInputTokens: 0, cacheCreationInputTokens: 0 },
    lane.price,
  );
}

function classifyFailure(error: unknown): { kind: string; message: string; fatal?: boolean } {
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
