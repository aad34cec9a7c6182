import type { Notification } from '../findings/finding.js';
import type { LaneSpend } from './cost.js';
import type { EscalationOptions } from './options.js';
import { CURRENT_MODELS, FALLBACK_PRICE, getPrice, PRICES_SOURCE, PRICES_STALE_AFTER_DAYS, PRICES_TAKEN_ON, pricesAgeDays } from './pricing.js';
import type { Prompts } from './prompts.js';
import type { RequestBuilder, RequestTask } from './request.js';
import { createRequestBuilder } from './request.js';

/** One model and what it is asked, with its spend so far (for the projection of its next request). */
export interface Lane extends LaneSpend {
  model: string;
  task: RequestTask;
  builder: RequestBuilder;
  costUsd: number;
}

/** A lane for `model`; a model the price table does not know is priced at the dearest rates, with a warning. */
export function createLane(model: string, task: RequestTask, prompts: Prompts, options: EscalationOptions, notifications: Notification[]): Lane {
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
}

/**
 * The explain lane answers every finding; with --llm-fix-model, a confirmed finding without a rule fix is
 * asked once more, of that model, for the fix only.
 */
export function createLanes(prompts: Prompts, options: EscalationOptions, notifications: Notification[]): { explain: Lane; fix: Lane | undefined } {
  return {
    explain: createLane(options.model, options.fixModel ? 'explain' : 'explain-and-fix', prompts, options, notifications),
    fix: options.fixModel ? createLane(options.fixModel, 'fix', prompts, options, notifications) : undefined,
  };
}

/** A note when the price table is older than PRICES_STALE_AFTER_DAYS. */
export function notePriceAge(options: EscalationOptions, notifications: Notification[], now: Date): void {
  const age = pricesAgeDays(now);
  if (age <= PRICES_STALE_AFTER_DAYS || options.mode === 'dry-run') return;
  notifications.push({
    level: 'note',
    kind: 'llm-prices-stale',
    message: `The price table was taken on ${PRICES_TAKEN_ON}, ${age} days ago; cost estimates may be off. Current prices: ${PRICES_SOURCE}.`,
  });
}
