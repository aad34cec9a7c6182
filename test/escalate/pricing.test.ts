import fs from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { escalate } from '../../src/escalate/escalate.js';
import { createEscalationOptions, DEFAULT_MODEL } from '../../src/escalate/options.js';
import type { Price } from '../../src/escalate/pricing.js';
import {
  BATCH_DISCOUNT,
  CURRENT_MODELS,
  estimateCostUsd,
  FALLBACK_PRICE,
  getPrice,
  PRICES,
  PRICES_SOURCE,
  PRICES_TAKEN_ON,
  pricesAgeDays,
} from '../../src/escalate/pricing.js';
import { PACKAGE_ROOT } from '../../src/version.js';
import type { Fixture } from './fixture.js';
import { createFixture, goodAnswer } from './fixture.js';
import type { MessagesApiServer, Reply } from './messages-api-server.js';
import { startMessagesApiServer } from './messages-api-server.js';

const usage = { inputTokens: 600, outputTokens: 250, cacheReadInputTokens: 4000, cacheCreationInputTokens: 0 };

describe('price table', () => {
  it('prices the current lineup of the models overview, and the default is its cheapest', () => {
    // The lineup on platform.claude.com's models overview when PRICES_TAKEN_ON was set.
    expect([...CURRENT_MODELS].sort()).toEqual(['claude-fable-5-2', 'claude-haiku-5-5', 'claude-opus-5-5', 'claude-sonnet-5-5']);
    expect(DEFAULT_MODEL).toBe(CURRENT_MODELS[0]);
    for (const id of CURRENT_MODELS) {
      const price = getPrice(id)!;
      expect(price.output, id).toBeGreaterThan(price.input);
      expect(price.cacheWrite, id).toBe(1.25);
      expect(price.cacheRead, id).toBeLessThanOrEqual(0.1);
      expect(price.minCacheableTokens, id).toBeGreaterThan(0);
    }
  });

  it('says when and where it was taken', () => {
    expect(PRICES_TAKEN_ON).toMatch(/^\d{4}-\d{2}-\d{2}$/u);
    expect(PRICES_SOURCE).toMatch(/^https:\/\/platform\.claude\.com\/docs\//u);
    expect(pricesAgeDays(new Date(`${PRICES_TAKEN_ON}T12:00:00Z`))).toBe(0);
    expect(pricesAgeDays(new Date(Date.parse(`${PRICES_TAKEN_ON}T00:00:00Z`) + 121 * 86_400_000))).toBe(121);
  });

  it('agrees with the table in docs/llm.md, date included', () => {
    const doc = fs.readFileSync(path.join(PACKAGE_ROOT, 'docs/llm.md'), 'utf8');
    expect(doc).toContain(PRICES_TAKEN_ON);
    expect(doc).toContain(PRICES_SOURCE);
    const rows = new Map<string, string[]>();
    for (const match of doc.matchAll(/^\| `(claude-[a-z0-9-]+)`[^|]*\|([^\n]+)\|$/gmu)) {
      rows.set(
        match[1]!,
        match[2]!.split('|').map((cell) => cell.trim()),
      );
    }
    expect([...rows.keys()].sort()).toEqual(Object.keys(PRICES).sort());
    for (const [id, cells] of rows) {
      const price = PRICES[id]!;
      const usd = (value: number) => String(Math.round(value * 10_000) / 10_000);
      expect(cells.slice(0, 5), id).toEqual([
        usd(price.input),
        usd(price.output),
        usd(price.input * price.cacheWrite),
        usd(price.input * price.cacheRead),
        price.minCacheableTokens.toLocaleString('en-US'),
      ]);
    }
  });

  it('resolves a dated snapshot id and knows nothing of an unknown one', () => {
    expect(getPrice('claude-haiku-4-5-20251001')).toBe(PRICES['claude-haiku-4-5']);
    expect(getPrice('claude-haiku-9-9')).toBeUndefined();
  });

  it('falls back to the dearest rate of each kind for an unknown model', () => {
    for (const price of Object.values(PRICES)) {
      expect(estimateCostUsd(usage, FALLBACK_PRICE)).toBeGreaterThanOrEqual(estimateCostUsd(usage, price));
      expect(FALLBACK_PRICE.input).toBeGreaterThanOrEqual(price.longPrompt?.input ?? price.input);
      expect(FALLBACK_PRICE.output).toBeGreaterThanOrEqual(price.longPrompt?.output ?? price.output);
    }
  });

  it('prices cache reads and writes with the model rates, long prompts and batches', () => {
    const haiku = PRICES['claude-haiku-5-5']!;
    // 600 x 0.10 + 250 x 0.50 + 4000 x 0.10 x 0.1, per million.
    expect(estimateCostUsd(usage, haiku)).toBeCloseTo(0.000225, 9);
    expect(estimateCostUsd(usage, haiku, { batch: true })).toBeCloseTo(0.000225 * BATCH_DISCOUNT, 9);
    const sonnet: Price = PRICES['claude-sonnet-5-5']!;
    expect(estimateCostUsd({ ...usage, cacheReadInputTokens: 0, cacheCreationInputTokens: 4000 }, sonnet)).toBeCloseTo(
      (600 * 2 + 250 * 10 + 4000 * 2.5) / 1e6,
      9,
    );
    // Over 100k prompt tokens, Haiku 5.5 bills every token of the request at its long-prompt rates.
    const long = { inputTokens: 101_000, outputTokens: 1000, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 };
    expect(estimateCostUsd(long, haiku)).toBeCloseTo((101_000 * 0.5 + 1000 * 2.5) / 1e6, 9);
  });
});

describe('unknown model', () => {
  let fixture: Fixture;
  let server: MessagesApiServer;
  beforeAll(async () => {
    [fixture, server] = await Promise.all([createFixture(), startMessagesApiServer()]);
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(fixture.cwd, { recursive: true, force: true });
  });

  it('gets a notice and the dearest known price, never a silent fallback', async () => {
    const wire = { input_tokens: 600, output_tokens: 250, cache_read_input_tokens: 4000, cache_creation_input_tokens: 0 };
    server.script((request) => ({ ...(goodAnswer(request) as Extract<Reply, { kind: 'answer' }>), usage: wire }));
    const options = { mode: 'on' as const, apiKey: server.apiKey, baseURL: server.url, cacheDir: undefined, maxRetries: 0, concurrency: 1 };
    const unknown = await escalate(fixture.of('src/dup-a.ts'), fixture.session, createEscalationOptions({ ...options, model: 'claude-haiku-9-9' }));
    const notice = unknown.notifications.find((notification) => notification.kind === 'llm-unknown-price');
    expect(notice).toMatchObject({ level: 'warning' });
    expect(notice!.message).toContain('claude-haiku-9-9');
    expect(notice!.message).toContain(CURRENT_MODELS[0]);
    expect(unknown.stats.estimatedCostUsd).toBeCloseTo(estimateCostUsd(usage, FALLBACK_PRICE), 6);
    expect(server.requests.at(-1)!.body.model).toBe('claude-haiku-9-9');

    const known = await escalate(fixture.of('src/dup-a.ts'), fixture.session, createEscalationOptions({ ...options, model: 'claude-haiku-5-5' }));
    expect(known.notifications.map((notification) => notification.kind)).not.toContain('llm-unknown-price');
    expect(known.stats.estimatedCostUsd).toBeCloseTo(estimateCostUsd(usage, PRICES['claude-haiku-5-5']!), 6);
  });
});
