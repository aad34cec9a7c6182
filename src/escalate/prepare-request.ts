import fs from 'node:fs/promises';
import path from 'node:path';

import type { Finding } from '../findings/finding.js';
import type { ModelAnswer } from './answer-schema.js';
import { cacheKey } from './answer-cache.js';
import { DEFAULT_BASE_URL } from './client.js';
import type { RegionContext } from './context.js';
import { projectCost } from './cost.js';
import type { Lane } from './lane.js';
import { findSecretsInRequest } from './outbound-guard.js';
import { BATCH_DISCOUNT } from './pricing.js';
import type { MessageRequest } from './request.js';
import { cachePrefix } from './request.js';
import type { Stage } from './stage.js';

/** A request ready to go: its answer cache key, the cost reserved for it, the model it goes to, its cache prefix. */
export interface Send {
  key: string;
  projected: number;
  lane: Lane;
  prefixKey: string;
}

/** Answered without a request (cache, dry run, a cap), or to be sent. */
export type Prepared = { answer: ModelAnswer | undefined } | { send: Send };

const NOT_ASKED: Prepared = { answer: undefined };

/**
 * Everything before a request leaves, in order: the last secret check, the dry run, the answer cache, a
 * batch of an earlier run still answering it, the stop, `--max-escalations`, the budget. A batched request
 * (`direct` false) takes its place and reserves its cost here; a direct one when it is sent.
 */
export async function prepareRequest(
  stage: Stage,
  finding: Finding,
  context: RegionContext,
  request: MessageRequest,
  lane: Lane,
  direct: boolean,
): Promise<Prepared> {
  if (blockedForSecrets(stage, finding, request)) return NOT_ASKED;
  if (stage.options.mode === 'dry-run') {
    await writeDryRun(stage, finding, context, request, lane);
    return NOT_ASKED;
  }
  const key = cacheKey({ model: lane.model, promptHash: lane.builder.promptHash, ruleId: finding.ruleId, contextHash: context.hash });
  const cached = await readCache(stage, key);
  if (cached) return { answer: cached };
  if (awaitedFromEarlierBatch(stage, key) || !withinCaps(stage)) return NOT_ASKED;
  const prefix = cachePrefix(request);
  const projected = projectCost(prefix, request.max_tokens, lane, stage.projectedPrefixes.has(prefix.key)) * (direct ? 1 : BATCH_DISCOUNT);
  stage.projectedPrefixes.add(prefix.key);
  if (!withinBudget(stage, projected)) return NOT_ASKED;
  if (!direct) {
    stage.counters.requestsStarted += 1;
    stage.counters.reservedUsd += projected;
  }
  return { send: { key, projected, lane, prefixKey: prefix.key } };
}

/** The last check: a secret-shaped value still in the body stops the request, with an error naming its kinds. */
function blockedForSecrets(stage: Stage, finding: Finding, request: MessageRequest): boolean {
  const leaked = findSecretsInRequest(request);
  if (leaked.length === 0) return false;
  stage.notifications.push({
    level: 'error',
    kind: 'llm-secret-blocked',
    message: `${finding.ruleId}: the request still held a secret-shaped value after redaction (${leaked.join(', ')}); it was not ${stage.options.mode === 'dry-run' ? 'written' : 'sent'}.`,
    file: finding.file,
    line: finding.line,
  });
  return true;
}

async function writeDryRun(stage: Stage, finding: Finding, context: RegionContext, request: MessageRequest, lane: Lane): Promise<void> {
  stage.counters.dryRunFiles += 1;
  const name = `${String(stage.counters.dryRunFiles).padStart(4, '0')}-${context.hash.slice(0, 12)}.json`;
  const record = {
    method: 'POST',
    url: `${(stage.options.baseURL ?? DEFAULT_BASE_URL).replace(/\/$/u, '')}/v1/messages`,
    headers: { 'content-type': 'application/json', 'anthropic-version': '(set by @anthropic-ai/sdk)', 'x-api-key': '(your key, not written)' },
    finding: { ruleId: finding.ruleId, file: finding.file, line: finding.line },
    promptHash: lane.builder.promptHash,
    redactions: context.redactions.length,
    body: request,
  };
  await fs.writeFile(path.join(stage.dryRunDirectory, name), `${JSON.stringify(record, null, 2)}\n`);
}

/** The cached answer for `key`; a broken entry is reported and asked again. */
async function readCache(stage: Stage, key: string): Promise<ModelAnswer | undefined> {
  if (!stage.cache) return undefined;
  const cached = await stage.cache.read(key);
  if (cached.status === 'hit') {
    stage.stats.cacheHits += 1;
    return cached.answer;
  }
  if (cached.status === 'corrupt') {
    stage.notifications.push({
      level: 'warning',
      kind: 'llm-cache-corrupt',
      message: `A broken answer cache entry (${cached.reason}): ${cached.repaired ? 'removed it' : 'could not remove it'} and asked again.`,
    });
  }
  return undefined;
}

function awaitedFromEarlierBatch(stage: Stage, key: string): boolean {
  const earlierBatch = stage.answeredElsewhere.get(key);
  if (!earlierBatch) return false;
  stage.waitingFor.add(earlierBatch);
  stage.counters.awaitingEarlierBatch += 1;
  return true;
}

/** False once the stage has stopped or `--max-escalations` requests were started (which stops it). */
function withinCaps(stage: Stage): boolean {
  const { counters, options } = stage;
  if (!counters.stopped && counters.requestsStarted >= options.maxEscalations) {
    stage.stop(
      'max-escalations',
      `Stopped after ${options.maxEscalations} escalations (--max-escalations); the remaining findings keep their rule-doc explanations.`,
    );
  } else if (!counters.stopped) {
    return true;
  }
  counters.notStarted += 1;
  return false;
}

function withinBudget(stage: Stage, projected: number): boolean {
  const { counters, options, stats } = stage;
  if (options.budgetUsd === undefined || stats.estimatedCostUsd + counters.reservedUsd + projected <= options.budgetUsd) return true;
  stage.stop(
    'budget',
    `Stopped escalating: the next request would take the estimated cost past the budget of ${options.budgetUsd} USD (spent ${stats.estimatedCostUsd.toFixed(4)} USD).`,
  );
  counters.notStarted += 1;
  return false;
}
