import fs from 'node:fs';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { CircuitBreaker } from '../../src/escalate/circuit-breaker.js';
import { escalate } from '../../src/escalate/escalate.js';
import type { EscalationOptions } from '../../src/escalate/options.js';
import { createEscalationOptions } from '../../src/escalate/options.js';
import type { Fixture } from './fixture.js';
import { createFixture, goodAnswer, sites } from './fixture.js';
import type { MessagesApiServer, Reply } from './messages-api-server.js';
import { startMessagesApiServer } from './messages-api-server.js';

let fixture: Fixture;
let server: MessagesApiServer;

beforeAll(async () => {
  [fixture, server] = await Promise.all([createFixture(), startMessagesApiServer()]);
});
afterAll(async () => {
  await server.close();
  fs.rmSync(fixture.cwd, { recursive: true, force: true });
});
afterEach(() => {
  server.requests.length = 0;
});

function options(overrides: Partial<EscalationOptions> = {}): EscalationOptions {
  return createEscalationOptions({ mode: 'on', apiKey: server.apiKey, baseURL: server.url, cacheDir: undefined, ...overrides });
}

const kinds = (result: { notifications: { kind: string }[] }) => result.notifications.map((notification) => notification.kind);

describe('the circuit breaker against the loopback Messages API', () => {
  it.each<[string, Reply, string]>([
    ['answers that are not JSON', { kind: 'text', text: 'Sure! The code looks fine to me.' }, 'llm-invalid-answer'],
    ['answers that break the schema', { kind: 'answer', answer: { verdict: 'maybe', explanation: '', confidence: 3 } }, 'llm-invalid-answer'],
    ['refusals', { kind: 'text', text: '', stopReason: 'refusal' }, 'llm-refusal'],
    ['answers cut off at max_tokens', { kind: 'text', text: '{"verdict":', stopReason: 'max_tokens' }, 'llm-invalid-answer'],
  ])('opens after 3 %s and pays for no more', async (_name, reply, kind) => {
    server.script(() => reply);
    const input = fixture.of('src/many.ts');
    expect(input).toHaveLength(5);
    const result = await escalate(input, fixture.session, options({ concurrency: 4, maxRetries: 0 }));
    expect(server.requests).toHaveLength(3);
    expect(kinds(result).filter((found) => found === kind)).toHaveLength(3);
    expect(kinds(result)).toContain('llm-circuit-open');
    expect(sites(result.findings)).toEqual(sites(input));
    expect(result.findings.every((finding) => finding.explanation?.source === 'rule-doc')).toBe(true);
  });

  it('sends 3 requests (9 HTTP attempts with 2 retries) to a dead API at concurrency 4, not more', async () => {
    server.script(() => ({ kind: 'error', status: 500, type: 'api_error', message: 'down' }));
    const input = fixture.of('src/many.ts');
    const result = await escalate(input, fixture.session, options({ concurrency: 4, maxRetries: 2 }));
    // Each request is one try plus the SDK's 2 retries.
    expect(server.requests).toHaveLength(9);
    expect(result.stats.requests).toBe(3);
    expect(kinds(result)).toContain('llm-circuit-open');
    expect(result.notifications).toContainEqual(expect.objectContaining({ kind: 'llm-not-escalated', message: expect.stringContaining('2 finding(s)') }));
  });

  it('leaves nothing in flight against a hanging API once it opens', async () => {
    server.script(() => ({ kind: 'hang' }));
    const input = fixture.of('src/many.ts');
    const result = await escalate(input, fixture.session, options({ concurrency: 4, maxRetries: 0, requestTimeoutMs: 300, deadlineMs: 120_000 }));
    expect(server.requests).toHaveLength(3);
    expect(kinds(result)).toContain('llm-circuit-open');
    expect(kinds(result)).not.toContain('llm-deadline');
  });

  it('is reset by a valid answer', async () => {
    server.script((request, index) => (index % 3 === 2 ? goodAnswer(request) : { kind: 'text', text: 'not json' }));
    const input = fixture.of('src/many.ts');
    const result = await escalate(input, fixture.session, options({ concurrency: 1, maxRetries: 0 }));
    expect(server.requests).toHaveLength(5);
    expect(kinds(result)).not.toContain('llm-circuit-open');
  });
});

describe('CircuitBreaker', () => {
  it('aborts its signal when it opens, wakes waiters with false, and lets no request start after', async () => {
    const breaker = new CircuitBreaker(2);
    expect(await breaker.acquire()).toBe(true);
    expect(await breaker.acquire()).toBe(true);
    const waiting = breaker.acquire();
    expect(breaker.release('failure')).toBe(false);
    expect(breaker.signal.aborted).toBe(false);
    expect(breaker.release('failure')).toBe(true);
    expect(breaker.signal.aborted).toBe(true);
    expect(await waiting).toBe(false);
    expect(await breaker.acquire()).toBe(false);
  });

  it('bounds requests in flight by the failures still allowed', async () => {
    const breaker = new CircuitBreaker(3);
    for (let index = 0; index < 3; index += 1) expect(await breaker.acquire()).toBe(true);
    let fourth = false;
    const pending = breaker.acquire().then((value) => (fourth = value));
    await new Promise((resolve) => setImmediate(resolve));
    expect(fourth).toBe(false);
    breaker.release('success');
    await pending;
    expect(fourth).toBe(true);
  });

  it('gives up waiting when the stage stops', async () => {
    const breaker = new CircuitBreaker(1);
    expect(await breaker.acquire()).toBe(true);
    const stop = new AbortController();
    const waiting = breaker.acquire(stop.signal);
    stop.abort();
    expect(await waiting).toBe(false);
  });
});
