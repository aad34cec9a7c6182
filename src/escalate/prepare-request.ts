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

/** One finding to ask about, and where its answer goes (resolving twice is a no-op). */
export interface Member {
  finding: Finding;
  context: RegionContext;
  resolve(answer: ModelAnswer | undefined): void;
}

/** A member in a request: its id there (`F1`, ...) and its answer cache key. */
export interface RequestMember extends Member {
  id: string;
  key: string;
}

/** A request ready to go: what it reserves, the model it goes to, its cache prefix, the findings it asks about. */
export interface Outgoing {
  request: MessageRequest;
  lane: Lane;
  projected: number;
  prefixKey: string;
  members: RequestMember[];
}

/** Builds the request about `members` (ids given), one finding or several of one region. */
export type BuildRequest = (members: readonly RequestMember[]) => Promise<MessageRequest>;

/**
 * Everything before a request leaves, in order: each member's answer cache entry and a batch of an earlier
 * run still answering it; then the request about the others, its last secret check, the dry run, the stop,
 * `--max-escalations`, the budget. A batched request (`direct` false) takes its place and reserves its
 * cost here; a direct one when it is sent. Members answered here, or not asked, are resolved here.
 */
export async function prepareRequest(
  stage: Stage,
  lane: Lane,
  members: readonly Member[],
  direct: boolean,
  build: BuildRequest,
): Promise<Outgoing | undefined> {
  const keyed = members.map((member) => ({
    ...member,
    key: cacheKey({ model: lane.model, promptHash: lane.builder.promptHash, ruleId: member.finding.ruleId, contextHash: member.context.hash }),
  }));
  const open: typeof keyed = [];
  for (const member of keyed) {
    const cached = stage.options.mode === 'dry-run' ? undefined : await readCache(stage, member.key);
    if (cached) member.resolve(cached);
    else if (!awaitedFromEarlierBatch(stage, member.key)) open.push(member);
  }
  if (open.length === 0) return undefined;
  const asked = open.map((member, position) => ({ ...member, id: `F${position + 1}` }));
  const request = await build(asked);
  const first = asked[0]!.finding;
  if (blockedForSecrets(stage, first, request)) return undefined;
  if (stage.options.mode === 'dry-run') {
    await writeDryRun(stage, asked, request, lane);
    return undefined;
  }
  if (!withinCaps(stage, asked.length)) return undefined;
  const prefix = cachePrefix(request);
  const projected = projectCost(prefix, request.max_tokens, lane, stage.projectedPrefixes.has(prefix.key)) * (direct ? 1 : BATCH_DISCOUNT);
  stage.projectedPrefixes.add(prefix.key);
  if (!withinBudget(stage, projected, asked.length)) return undefined;
  if (!direct) {
    stage.counters.requestsStarted += 1;
    stage.counters.reservedUsd += projected;
  }
  return { request, lane, projected, prefixKey: prefix.key, members: asked };
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

async function writeDryRun(stage: Stage, members: readonly RequestMember[], request: MessageRequest, lane: Lane): Promise<void> {
  stage.counters.dryRunFiles += 1;
  const name = `${String(stage.counters.dryRunFiles).padStart(4, '0')}-${members[0]!.context.hash.slice(0, 12)}.json`;
  const where = ({ finding }: RequestMember) => ({ ruleId: finding.ruleId, file: finding.file, line: finding.line });
  const record = {
    method: 'POST',
    url: `${(stage.options.baseURL ?? DEFAULT_BASE_URL).replace(/\/$/u, '')}/v1/messages`,
    headers: { 'content-type': 'application/json', 'anthropic-version': '(set by @anthropic-ai/sdk)', 'x-api-key': '(your key, not written)' },
    finding: where(members[0]!),
    ...(members.length > 1 && { findings: members.map((member) => ({ id: member.id, ...where(member) })) }),
    promptHash: lane.builder.promptHash,
    redactions: members.reduce((sum, member) => sum + member.context.redactions.length, 0),
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

/** False once the stage has stopped or `--max-escalations` requests were started (which stops it); `findings` are then not escalated. */
function withinCaps(stage: Stage, findings: number): boolean {
  const { counters, options } = stage;
  if (!counters.stopped && counters.requestsStarted >= options.maxEscalations) {
    stage.stop(
      'max-escalations',
      `Stopped after ${options.maxEscalations} escalations (--max-escalations); the remaining findings keep their rule-doc explanations.`,
    );
  } else if (!counters.stopped) {
    return true;
  }
  counters.notStarted += findings;
  return false;
}

function withinBudget(stage: Stage, projected: number, findings: number): boolean {
  const { counters, options, stats } = stage;
  if (options.budgetUsd === undefined || stats.estimatedCostUsd + counters.reservedUsd + projected <= options.budgetUsd) return true;
  stage.stop(
    'budget',
    `Stopped escalating: the next request would take the estimated cost past the budget of ${options.budgetUsd} USD (spent ${stats.estimatedCostUsd.toFixed(4)} USD).`,
  );
  counters.notStarted += findings;
  return false;
}
