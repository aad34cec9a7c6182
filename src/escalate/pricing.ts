import type { LlmStats } from '../report/types.js';

/**
 * What one model costs, in USD per million tokens, and how its prompt cache behaves. Cache rates are
 * multiples of `input` because that is how the pricing page relates them; they differ by model (Fable
 * 5.1 reads its cache at 0.025x, Opus and Sonnet 5.5 at 0.05x, the others at 0.1x).
 */
export interface Price {
  input: number;
  output: number;
  /** 5-minute cache write, as a multiple of `input` (the only lifetime resilint asks for). */
  cacheWrite: number;
  /** Cache read ("cache hits and refreshes"), as a multiple of `input`. */
  cacheRead: number;
  /** Shortest prefix the API caches, in tokens: a shorter one is billed as fresh input, without an error. */
  minCacheableTokens: number;
  /** A request whose prompt (input, cache reads and writes) passes `aboveTokens` pays these rates for all of its tokens. */
  longPrompt?: { aboveTokens: number; input: number; output: number };
  /** `current`: in the models overview's lineup; `legacy`: still on the pricing page, superseded. */
  status: 'current' | 'legacy';
}

/** The day PRICES was checked against PRICES_SOURCE. Runs say so when it is older than PRICES_STALE_AFTER_DAYS. */
export const PRICES_TAKEN_ON = '2026-12-03';

export const PRICES_STALE_AFTER_DAYS = 120;

/** Where PRICES comes from: the pricing page (rates, cache rates, batch discount) and each model's overview page (ids, minimums). */
export const PRICES_SOURCE = 'https://platform.claude.com/docs/en/about-claude/pricing';

/** The Message Batches API bills input and output (cache reads and writes included) at half price. */
export const BATCH_DISCOUNT = 0.5;

const FIVE_MINUTE_WRITE = 1.25;

/**
 * List prices (PRICES_SOURCE, PRICES_TAKEN_ON). Minimum cacheable prefixes: 512 (Opus 5, Fable 5), 1,024
 * (Sonnet 5, Opus 4.8, Sonnet 4.6 and 4.5), 2,048 (Opus 4.7) and 4,096 (Opus 4.6 and 4.5, Haiku 4.5) are published; for Fable 5.1 and
 * 5.2 and the 5.5 models we found no published figure and assume 1,024, Sonnet 5's. A prefix under the
 * real minimum shows as zero cache reads in `stats.llm`, and `analyze` says so (`llm-cache-unused`).
 */
export const PRICES: Readonly<Record<string, Price>> = {
  'claude-fable-5-2': { input: 8, output: 40, cacheWrite: FIVE_MINUTE_WRITE, cacheRead: 0.025, minCacheableTokens: 1024, status: 'current' },
  'claude-opus-5-5': { input: 4, output: 20, cacheWrite: FIVE_MINUTE_WRITE, cacheRead: 0.05, minCacheableTokens: 1024, status: 'current' },
  'claude-sonnet-5-5': { input: 2, output: 10, cacheWrite: FIVE_MINUTE_WRITE, cacheRead: 0.1, minCacheableTokens: 1024, status: 'current' },
  'claude-haiku-5-5': {
    input: 0.1,
    output: 0.5,
    cacheWrite: FIVE_MINUTE_WRITE,
    cacheRead: 0.1,
    minCacheableTokens: 1024,
    longPrompt: { aboveTokens: 100_000, input: 0.5, output: 2.5 },
    status: 'current',
  },
  'claude-fable-5-1': { input: 10, output: 50, cacheWrite: FIVE_MINUTE_WRITE, cacheRead: 0.025, minCacheableTokens: 1024, status: 'legacy' },
  'claude-fable-5': { input: 10, output: 50, cacheWrite: FIVE_MINUTE_WRITE, cacheRead: 0.1, minCacheableTokens: 512, status: 'legacy' },
  'claude-opus-5': { input: 5, output: 25, cacheWrite: FIVE_MINUTE_WRITE, cacheRead: 0.1, minCacheableTokens: 512, status: 'legacy' },
  'claude-sonnet-5': { input: 2, output: 10, cacheWrite: FIVE_MINUTE_WRITE, cacheRead: 0.1, minCacheableTokens: 1024, status: 'legacy' },
  'claude-opus-4-8': { input: 5, output: 25, cacheWrite: FIVE_MINUTE_WRITE, cacheRead: 0.1, minCacheableTokens: 1024, status: 'legacy' },
  'claude-opus-4-7': { input: 5, output: 25, cacheWrite: FIVE_MINUTE_WRITE, cacheRead: 0.1, minCacheableTokens: 2048, status: 'legacy' },
  'claude-opus-4-6': { input: 5, output: 25, cacheWrite: FIVE_MINUTE_WRITE, cacheRead: 0.1, minCacheableTokens: 4096, status: 'legacy' },
  'claude-opus-4-5': { input: 5, output: 25, cacheWrite: FIVE_MINUTE_WRITE, cacheRead: 0.1, minCacheableTokens: 4096, status: 'legacy' },
  'claude-sonnet-4-6': { input: 3, output: 15, cacheWrite: FIVE_MINUTE_WRITE, cacheRead: 0.1, minCacheableTokens: 1024, status: 'legacy' },
  'claude-sonnet-4-5': { input: 3, output: 15, cacheWrite: FIVE_MINUTE_WRITE, cacheRead: 0.1, minCacheableTokens: 1024, status: 'legacy' },
  'claude-haiku-4-5': { input: 1, output: 5, cacheWrite: FIVE_MINUTE_WRITE, cacheRead: 0.1, minCacheableTokens: 4096, status: 'legacy' },
};

/** The ids of the current lineup, cheapest first. */
export const CURRENT_MODELS: readonly string[] = Object.entries(PRICES)
  .filter(([, price]) => price.status === 'current')
  .sort(([, a], [, b]) => a.input - b.input)
  .map(([id]) => id);

/**
 * For a model missing from the table: each rate at the dearest the table knows, so a budget is never
 * underestimated (the run also gets an `llm-unknown-price` notice).
 */
export const FALLBACK_PRICE: Price = (() => {
  const all = Object.values(PRICES);
  const max = (pick: (price: Price) => number) => Math.max(...all.map(pick));
  return {
    input: max((price) => price.longPrompt?.input ?? price.input),
    output: max((price) => price.longPrompt?.output ?? price.output),
    cacheWrite: max((price) => price.cacheWrite),
    cacheRead: max((price) => price.cacheRead),
    minCacheableTokens: max((price) => price.minCacheableTokens),
    status: 'legacy',
  };
})();

/** Whole days between PRICES_TAKEN_ON and `now`. */
export function pricesAgeDays(now: Date): number {
  return Math.floor((now.getTime() - Date.parse(`${PRICES_TAKEN_ON}T00:00:00Z`)) / 86_400_000);
}

/** The table's entry for a model id, also for a dated snapshot id (`claude-haiku-4-5-20251001`); undefined when unknown. */
export function getPrice(model: string): Price | undefined {
  return PRICES[model] ?? PRICES[model.replace(/-\d{8}$/u, '')];
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadInputTokens: number;
  cacheCreationInputTokens: number;
}

/** The cost of one request's usage; `batch` applies the Message Batches discount. */
export function estimateCostUsd(usage: TokenUsage, price: Price, options: { batch?: boolean } = {}): number {
  const prompt = usage.inputTokens + usage.cacheReadInputTokens + usage.cacheCreationInputTokens;
  const long = price.longPrompt && prompt > price.longPrompt.aboveTokens ? price.longPrompt : undefined;
  const input = long?.input ?? price.input;
  const output = long?.output ?? price.output;
  const cost =
    (usage.inputTokens * input +
      usage.outputTokens * output +
      usage.cacheCreationInputTokens * input * price.cacheWrite +
      usage.cacheReadInputTokens * input * price.cacheRead) /
    1_000_000;
  return options.batch ? cost * BATCH_DISCOUNT : cost;
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
