import type { LlmStats } from '../report/types.js';

/** USD per million tokens. Cache writes (5-minute) cost 1.25x input, cache reads 0.1x input. */
export interface Price {
  input: number;
  output: number;
}

/** List prices of current models (docs/llm.md); update with the model list. */
export const PRICES: Readonly<Record<string, Price>> = {
  'claude-opus-4-6': { input: 5, output: 25 },
  'claude-opus-4-5': { input: 5, output: 25 },
  'claude-sonnet-4-6': { input: 3, output: 15 },
  'claude-sonnet-4-5': { input: 3, output: 15 },
  'claude-haiku-4-5': { input: 1, output: 5 },
};

/** For a model missing from the table: the dearest known price, so a budget is never underestimated. */
export const FALLBACK_PRICE: Price = { input: 15, output: 75 };

export function getPrice(model: string): Price | undefined {
  return PRICES[model] ?? PRICES[model.replace(/-\d{8}$/u, '')];
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadInputTokens: number;
  cacheCreationInputTokens: number;
}

export function estimateCostUsd(usage: TokenUsage, price: Price): number {
  return (
    (usage.inputTokens * price.input +
      usage.outputTokens * price.output +
      usage.cacheCreationInputTokens * price.input * 1.25 +
      usage.cacheReadInputTokens * price.input * 0.1) /
    1_000_000
  );
}

export function emptyStats(): LlmStats {
  return {
    requests: 0,
    cacheHits: 0,
    inputTokens: 0,
    outputTokens: 0,
    cacheReadInputTokens: 0,
    cacheCreationInputTokens: 0,
    estimatedCostUsd: 0,
  };
}
