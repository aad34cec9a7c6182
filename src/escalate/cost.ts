import type Anthropic from '@anthropic-ai/sdk';

import type { LlmStats } from '../report/types.js';
import type { Price, TokenUsage } from './pricing.js';
import { estimateCostUsd } from './pricing.js';
import type { CachePrefix } from './request.js';

/** Output tokens assumed for an answer before any has arrived: an explanation of a few sentences and a short fix. */
export const ASSUMED_OUTPUT_TOKENS = 300;

/** What the projection of a lane's next request reads: its price and the answers so far. */
export interface LaneSpend {
  price: Price;
  /** Answers received so far. */
  answered: number;
  /** Output tokens of the answers so far: the projection of the next request's output. */
  outputTokens: number;
}

/**
 * The cost to reserve for a request: about 3.5 characters per token; the cached prefix (up to the last
 * breakpoint) is a cache write for the first request with it and a read for the others (`prefixSeen`),
 * which wait for the first; the rest is fresh input; the output is the lane's average so far, or a typical
 * answer before the first one (never the `max_tokens` ceiling). A prefix under the model's minimum is
 * not cached and counts as fresh input.
 */
export function projectCost({ chars, freshChars }: Pick<CachePrefix, 'chars' | 'freshChars'>, maxTokens: number, lane: LaneSpend, prefixSeen: boolean): number {
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

/** Adds a message's tokens to the stats, and its cost at `price` times `factor` (0.5 in a batch); returns the cost. */
export function countUsage(stats: LlmStats, message: Anthropic.Message, price: Price, factor: number): number {
  const usage = toUsage(message.usage);
  stats.inputTokens += usage.inputTokens;
  stats.outputTokens += usage.outputTokens;
  stats.cacheReadInputTokens += usage.cacheReadInputTokens;
  stats.cacheCreationInputTokens += usage.cacheCreationInputTokens;
  const cost = estimateCostUsd(usage, price) * factor;
  stats.estimatedCostUsd += cost;
  return cost;
}

/** The API's usage object (snake_case, cache fields nullable) as the price table reads it. */
export function toUsage(
  usage:
    | (Pick<Anthropic.Usage, 'input_tokens' | 'output_tokens'> & Partial<Pick<Anthropic.Usage, 'cache_read_input_tokens' | 'cache_creation_input_tokens'>>)
    | undefined,
): TokenUsage {
  return {
    inputTokens: usage?.input_tokens ?? 0,
    outputTokens: usage?.output_tokens ?? 0,
    cacheReadInputTokens: usage?.cache_read_input_tokens ?? 0,
    cacheCreationInputTokens: usage?.cache_creation_input_tokens ?? 0,
  };
}
