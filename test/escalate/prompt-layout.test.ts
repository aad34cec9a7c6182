import fs from 'node:fs';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { escalate } from '../../src/escalate/escalate.js';
import { createEscalationOptions } from '../../src/escalate/options.js';
import { loadPromptsOrThrow } from '../../src/escalate/prompts.js';
import type { PromptLayout } from '../../src/escalate/request.js';
import { getRuleDoc } from '../../src/findings/rule-docs.js';
import type { Fixture } from './fixture.js';
import { createFixture, goodAnswer } from './fixture.js';
import type { MessagesApiServer, RecordedRequest } from './messages-api-server.js';
import { countTokens, startMessagesApiServer, untrustedBlock } from './messages-api-server.js';

let fixture: Fixture;
let server: MessagesApiServer;

beforeAll(async () => {
  [fixture, server] = await Promise.all([createFixture(), startMessagesApiServer({ script: (request) => goodAnswer(request), minCacheableTokens: 1024 })]);
});
afterAll(async () => {
  await server.close();
  fs.rmSync(fixture.cwd, { recursive: true, force: true });
});
afterEach(() => {
  server.requests.length = 0;
});

/** The text blocks of a request in prompt order, split at the last cache breakpoint. */
function split(request: RecordedRequest): { cached: string; fresh: string } {
  const blocks = [...request.body.system, ...request.body.messages.flatMap((message) => message.content)];
  const last = blocks.findLastIndex((block) => block.cache_control);
  return {
    cached: blocks
      .slice(0, last + 1)
      .map((block) => block.text)
      .join('\n'),
    fresh: blocks
      .slice(last + 1)
      .map((block) => block.text)
      .join('\n'),
  };
}

const run = (file: string, layout: PromptLayout, concurrency = 1, api = server) =>
  escalate(
    fixture.of(file),
    fixture.session,
    createEscalationOptions({ mode: 'on', apiKey: api.apiKey, baseURL: api.url, cacheDir: undefined, maxRetries: 0, concurrency, promptLayout: layout }),
  );

describe.each<PromptLayout>(['by-rule', 'all-docs'])('prompt layout %s', (layout) => {
  it('puts persona, catalogue, task prompt and rule doc before the last cache breakpoint, and only the finding after it', async () => {
    await run('src/users.ts', layout);
    expect(server.requests).toHaveLength(2);
    const persona = loadPromptsOrThrow().persona.trim();
    for (const request of server.requests) {
      const { cached, fresh } = split(request);
      const ruleId = /^Rule: (resilint\/[a-z-]+)/mu.exec(fresh)![1]!;
      const doc = getRuleDoc(ruleId)!.markdown.trim();
      expect(cached).toContain(doc);
      expect(cached).toContain(persona);
      expect(cached).toContain('## Rule catalogue');
      expect(fresh).not.toContain(doc.split('\n')[0]!);
      expect(fresh).toContain(untrustedBlock(request));
      // The fresh part is the finding: its code block and a few lines around it.
      expect(fresh.length - untrustedBlock(request).length).toBeLessThan(400);
      // The answer schema goes once, as output_config, not also in the prompt.
      expect(request.body.output_config?.format?.type).toBe('json_schema');
      expect(cached).not.toContain('"additionalProperties"');
    }
  });

  it('is measured by the loopback server: after the first request, the shared prefix is read from the cache', async () => {
    // Five findings of one rule, four in flight: the first writes the prefix, the others wait for it and read it.
    const fresh = await startMessagesApiServer({ script: (request) => goodAnswer(request), minCacheableTokens: 1024 });
    try {
      await run('src/many.ts', layout, 4, fresh);
      const [first, ...rest] = fresh.requests;
      expect(rest).toHaveLength(4);
      expect(first!.measured.cache_read_input_tokens).toBe(0);
      const blocks = [...first!.body.system, ...first!.body.messages.flatMap((message) => message.content)].filter((block) => block.cache_control);
      const schema = countTokens(JSON.stringify(first!.body.output_config!.format!.schema));
      expect(first!.measured.cache_creation_input_tokens).toBe(schema + blocks.reduce((sum, block) => sum + countTokens(block.text), 0));
      for (const request of rest) {
        expect(request.measured.cache_creation_input_tokens).toBe(0);
        expect(request.measured.cache_read_input_tokens).toBe(first!.measured.cache_creation_input_tokens);
        expect(request.measured.input_tokens).toBe(countTokens(split(request).fresh));
        expect(request.measured.input_tokens).toBeLessThan(800);
      }
    } finally {
      await fresh.close();
    }
  });
});
