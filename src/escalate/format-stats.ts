import type { LlmStats } from '../report/types.js';

/** One line for the end of a text report: what the LLM stage did and cost. */
export function formatLlmStats(stats: LlmStats): string {
  return [
    `LLM: ${stats.requests} request${stats.requests === 1 ? '' : 's'}, ${stats.cacheHits} cache hit${stats.cacheHits === 1 ? '' : 's'}`,
    `tokens in ${stats.inputTokens}, out ${stats.outputTokens}, cache read ${stats.cacheReadInputTokens}, cache write ${stats.cacheCreationInputTokens}`,
    `estimated cost $${stats.estimatedCostUsd.toFixed(4)}`,
  ].join('; ');
}
