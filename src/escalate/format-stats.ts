import type { LlmStats } from '../report/types.js';

/** One line for the end of a text report: what the LLM stage did and cost. */
export function formatLlmStats(stats: LlmStats): string {
  return [
    `LLM: ${stats.requests} request${stats.requests === 1 ? '' : 's'}, ${stats.cacheHits} cache hit${stats.cacheHits === 1 ? '' : 's'}`,
    `tokens in ${stats.inputTokens}, out ${stats.outputTokens}, cache read ${stats.cacheReadInputTokens}, cache write ${stats.cacheCreationInputTokens}`,
    `estimated cost $${stats.estimatedCostUsd.toFixed(4)}`,
    ...(stats.batch ? [batchSummary(stats.batch)] : []),
  ].join('; ');
}

/** `batch msgbatch_x at half price: 3 answered, 1 errored` */
export function batchSummary(batch: NonNullable<LlmStats['batch']>): string {
  if (batch.status !== 'ended') return `batch ${batch.id} at half price: ${batch.status}, ${batch.requests} unanswered`;
  const parts = [`${batch.succeeded} answered`];
  for (const kind of ['errored', 'expired', 'canceled'] as const) if (batch[kind] > 0) parts.push(`${batch[kind]} ${kind}`);
  return `batch ${batch.id} at half price: ${parts.join(', ')}`;
}
