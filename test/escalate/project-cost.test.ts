import { describe, expect, it } from 'vitest';

import { ASSUMED_OUTPUT_TOKENS, projectCost } from '../../src/escalate/escalate.js';
import { estimateCostUsd, getPrice } from '../../src/escalate/pricing.js';
import type { MessageRequest } from '../../src/escalate/request.js';
import { cachePrefix } from '../../src/escalate/request.js';

const price = getPrice('claude-sonnet-5-5')!;

function request(prefixChars: number, freshChars: number): MessageRequest {
  return {
    model: 'claude-sonnet-5-5',
    max_tokens: 2048,
    system: [{ type: 'text', text: 'p'.repeat(prefixChars), cache_control: { type: 'ephemeral' } }],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'f'.repeat(freshChars) }] }],
  } as MessageRequest;
}

const fresh = { answered: 0, outputTokens: 0, price };

const project = (body: MessageRequest, lane: Parameters<typeof projectCost>[2], prefixSeen: boolean): number =>
  projectCost(cachePrefix(body), body.max_tokens, lane, prefixSeen);

describe('the cost reserved for a request (issue 9: the budget stopped too early)', () => {
  it('counts the cached prefix as a write for the first request and a read for the others', () => {
    const body = request(35_000, 3_500);
    const output = ASSUMED_OUTPUT_TOKENS;
    expect(project(body, fresh, false)).toBeCloseTo(
      estimateCostUsd({ inputTokens: 1_000, outputTokens: output, cacheReadInputTokens: 0, cacheCreationInputTokens: 10_000 }, price),
      9,
    );
    expect(project(body, fresh, true)).toBeCloseTo(
      estimateCostUsd({ inputTokens: 1_000, outputTokens: output, cacheReadInputTokens: 10_000, cacheCreationInputTokens: 0 }, price),
      9,
    );
    expect(project(body, fresh, true)).toBeLessThan(project(body, fresh, false) / 3);
  });

  it('bills a prefix under the minimum cacheable length as fresh input', () => {
    const body = request(350, 350);
    expect(project(body, fresh, true)).toBeCloseTo(
      estimateCostUsd({ inputTokens: 200, outputTokens: ASSUMED_OUTPUT_TOKENS, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 }, price),
      9,
    );
  });

  it('projects the output from the answers so far once they have arrived', () => {
    expect(project(request(35_000, 3_500), { answered: 4, outputTokens: 400, price }, true)).toBeCloseTo(
      estimateCostUsd({ inputTokens: 1_000, outputTokens: 100, cacheReadInputTokens: 10_000, cacheCreationInputTokens: 0 }, price),
      9,
    );
  });
});
