import fs from 'node:fs';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { escalate } from '../../src/escalate/escalate.js';
import type { EscalationOptions } from '../../src/escalate/options.js';
import { createEscalationOptions } from '../../src/escalate/options.js';
import type { Fixture } from './fixture.js';
import { createFixture, goodAnswer, sites } from './fixture.js';
import type { MessagesApiServer, Reply } from './messages-api-server.js';
import { startMessagesApiServer } from './messages-api-server.js';

// The batch path inside the stage, without the binary: caps, duplicate regions and triage.
let fixture: Fixture;
let server: MessagesApiServer;

beforeAll(async () => {
  [fixture, server] = await Promise.all([createFixture(), startMessagesApiServer()]);
  server.batchPolls = 1;
});
afterAll(async () => {
  await server.close();
  fs.rmSync(fixture.cwd, { recursive: true, force: true });
});
afterEach(() => {
  server.requests.length = 0;
  server.batches.length = 0;
});

function options(overrides: Partial<EscalationOptions> = {}): EscalationOptions {
  return createEscalationOptions({
    mode: 'on',
    apiKey: server.apiKey,
    baseURL: server.url,
    cacheDir: undefined,
    maxRetries: 0,
    requestTimeoutMs: 5_000,
    batch: true,
    batchPollMs: 10,
    ...overrides,
  });
}

describe('escalate with batch: true', () => {
  it('puts at most --max-escalations requests in the batch and says so', async () => {
    server.script((request) => goodAnswer(request));
    const input = fixture.of('src/many.ts');
    expect(input).toHaveLength(5);
    const result = await escalate(input, fixture.session, options({ maxEscalations: 2 }));
    expect(server.requests).toHaveLength(0);
    expect(server.batches.map((batch) => batch.items.length)).toEqual([2]);
    expect(result.notifications.map((notification) => notification.kind)).toContain('llm-max-escalations');
    expect(result.findings.filter((finding) => finding.explanation?.source === 'model')).toHaveLength(2);
    expect(sites(result.findings)).toEqual(sites(input));
  });

  it('sends identical regions once and verifies the fix in each file', async () => {
    server.script((request) => goodAnswer(request));
    const input = [...fixture.of('src/dup-a.ts'), ...fixture.of('src/dup-b.ts')];
    expect(input).toHaveLength(2);
    const result = await escalate(input, fixture.session, options({ concurrency: 2 }));
    expect(server.batches.map((batch) => batch.items.length)).toEqual([1]);
    expect(result.findings.map((finding) => finding.fix?.edits[0]?.startLine)).toEqual([4, 6]);
    expect(result.findings.every((finding) => finding.explanation?.source === 'model')).toBe(true);
  });

  it('triages from batched answers as from direct ones', async () => {
    server.script((): Reply => ({
      kind: 'answer',
      answer: { verdict: 'likely-false-positive', explanation: 'The value is validated upstream; nothing is lost.', confidence: 0.93, fix: null },
    }));
    const input = fixture.of('src/many.ts');
    const result = await escalate(input, fixture.session, options({ triage: 'hide' }));
    expect(result.findings.map((finding) => finding.triage)).toEqual(
      input.map(() => ({ verdict: 'likely-false-positive', confidence: 0.93, model: options().model, action: 'hide' })),
    );
    expect(result.stats.batch).toMatchObject({ status: 'ended', succeeded: input.length });
  });
});
