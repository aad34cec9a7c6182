import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { analyze } from '../../src/analyze/analyze.js';
import { escalate } from '../../src/escalate/escalate.js';
import type { AnalysisSession } from '../../src/escalate/host.js';
import type { EscalationOptions } from '../../src/escalate/options.js';
import { createEscalationOptions } from '../../src/escalate/options.js';
import { ruleDocExplanation } from '../../src/escalate/rule-doc-explanation.js';
import type { Finding } from '../../src/findings/finding.js';
import type { MessagesApiServer, RecordedRequest, Reply } from './messages-api-server.js';
import { findingIds, startMessagesApiServer, untrustedBlock } from './messages-api-server.js';

// Three swallowed errors in one function, one in another: the first three go in one request.
const SOURCE = `export function loadAll(a: string, b: string, c: string): unknown[] {
  const out: unknown[] = [];
  try {
    out.push(JSON.parse(a));
  } catch {}
  try {
    out.push(JSON.parse(b));
  } catch {}
  try {
    out.push(JSON.parse(c));
  } catch {}
  return out;
}

export function loadOne(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {}
  return undefined;
}
`;

let cwd: string;
let session: AnalysisSession;
let findings: Finding[];
let server: MessagesApiServer;
let cacheDir: string;

beforeAll(async () => {
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'resilint-grouping-'));
  fs.writeFileSync(
    path.join(cwd, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', strict: true, noEmit: true, types: [] },
      include: ['src'],
    }),
  );
  fs.writeFileSync(path.join(cwd, 'package.json'), JSON.stringify({ name: 'svc', type: 'module' }));
  fs.mkdirSync(path.join(cwd, 'src'));
  fs.writeFileSync(path.join(cwd, 'src/load.ts'), SOURCE);
  const analyzed = await analyze({ cwd, paths: ['.'] });
  session = analyzed.session;
  findings = analyzed.report.findings;
  server = await startMessagesApiServer();
});
afterAll(async () => {
  await server.close();
  fs.rmSync(cwd, { recursive: true, force: true });
});
beforeEach(() => {
  server.requests.length = 0;
  server.batches.length = 0;
  cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'resilint-grouping-cache-'));
  return () => fs.rmSync(cacheDir, { recursive: true, force: true });
});

const run = (overrides: Partial<EscalationOptions> = {}) =>
  escalate(
    findings,
    session,
    createEscalationOptions({ mode: 'on', apiKey: server.apiKey, baseURL: server.url, cacheDir, maxRetries: 0, concurrency: 2, ...overrides }),
  );

/** Each finding id of a request and the lines its own flagged section shows. */
function flaggedById(request: RecordedRequest): Map<string, number[]> {
  const block = untrustedBlock(request);
  const ids = findingIds(request);
  const byId = new Map<string, number[]>();
  for (const id of ids) {
    const section =
      (ids.length === 1 ? /## Flagged lines \([^)]*\)\n([\s\S]*?)\n\n/u : new RegExp(`## Flagged lines of ${id} \\([^)]*\\)\\n([\\s\\S]*?)\\n\\n`, 'u')).exec(
        block,
      )?.[1] ?? '';
    byId.set(
      id,
      section
        .split('\n')
        .flatMap((line) => /^ *(\d+) \| /u.exec(line)?.[1] ?? [])
        .map(Number),
    );
  }
  return byId;
}

/** An answer item for `id` whose explanation names the first line of its flagged section, and whose fix rethrows its own catch. */
function itemFor(request: RecordedRequest, id: string): Record<string, unknown> {
  const line = flaggedById(request).get(id)![0]!;
  const catchLine = SOURCE.split('\n').findIndex((text, index) => index + 1 >= line && /^\s*\} catch \{\}$/u.test(text)) + 1;
  return {
    id,
    verdict: 'confirmed',
    explanation: `The error swallowed at line ${line} hides a malformed payload from the caller.`,
    confidence: 0.9,
    fix: {
      summary: 'Rethrow with the cause',
      edits: [{ startLine: catchLine, endLine: catchLine, replacement: `  } catch (error) {\n    throw new Error('Parsing failed', { cause: error });\n  }` }],
    },
  };
}

const answerEach = (request: RecordedRequest): Reply => ({ kind: 'answers', answers: findingIds(request).map((id) => itemFor(request, id)) });

describe('several findings of one function', () => {
  it('go in one request with one copy of their context, answered as a list, each answer on its own finding', async () => {
    expect(findings.map((finding) => finding.line)).toEqual([5, 8, 11, 18]);
    expect(new Set(findings.map((finding) => finding.ruleId)).size).toBe(1);
    server.script(answerEach);
    const result = await run();

    expect(server.requests).toHaveLength(2);
    const [group, single] = [...server.requests].sort((a, b) => findingIds(b).length - findingIds(a).length);
    expect(findingIds(group!)).toEqual(['F1', 'F2', 'F3']);
    expect(findingIds(single!)).toEqual(['F1']);
    // Each finding's flagged lines under its id; the function they share, once.
    expect([...flaggedById(group!).values()].map((lines) => lines[0])).toEqual([5, 8, 11]);
    const block = untrustedBlock(group!);
    expect(block.match(/## Enclosing function/gu)).toHaveLength(1);
    expect(block.match(/\| export function loadAll/gu)).toHaveLength(1);
    // The answer schema is a list keyed by finding id.
    const schema = group!.body.output_config!.format!.schema as { required: string[]; properties: { answers: { items: { required: string[] } } } };
    expect(schema.required).toEqual(['answers']);
    expect(schema.properties.answers.items.required).toContain('id');

    expect(result.stats.requests).toBe(2);
    for (const finding of result.findings) {
      expect(finding.explanation).toMatchObject({
        source: 'model',
        text: `The error swallowed at line ${finding.line} hides a malformed payload from the caller.`,
      });
      // Each fix is verified alone, on its own finding.
      expect(finding.fix?.edits).toHaveLength(1);
    }
    expect(result.notifications.filter((notification) => notification.level !== 'note')).toEqual([]);
  });

  it('keeps the answers of a partial list: a missing or broken item costs its own finding only', async () => {
    server.script((request) => {
      const ids = findingIds(request);
      if (ids.length === 1) return answerEach(request);
      // F1 answered, F2 off-schema, F3 left out.
      return { kind: 'answers', answers: [itemFor(request, 'F1'), { ...itemFor(request, 'F2'), verdict: 'maybe' }] };
    });
    const result = await run();
    const [first, second, third, other] = result.findings;
    expect(first!.explanation?.source).toBe('model');
    expect(other!.explanation?.source).toBe('model');
    expect(second!.explanation).toEqual(ruleDocExplanation(second!.ruleId));
    expect(third!.explanation).toEqual(ruleDocExplanation(third!.ruleId));
    const invalid = result.notifications.filter((notification) => notification.kind === 'llm-invalid-answer');
    expect(invalid.map((notification) => notification.line)).toEqual([8, 11]);
    expect(invalid[0]!.message).toMatch(
      /does not match the schema \(\/verdict must be equal to one of the allowed values\) \(F2 of 3 findings in one request\)/u,
    );
    expect(invalid[1]!.message).toMatch(/has no item for F3/u);
  });

  it('caches answers per finding: a re-run asks only for the finding without one, alone', async () => {
    server.script((request) => {
      const ids = findingIds(request);
      return { kind: 'answers', answers: ids.length === 1 ? [itemFor(request, 'F1')] : [itemFor(request, 'F1'), itemFor(request, 'F3')] };
    });
    const first = await run();
    expect(first.findings.map((finding) => finding.explanation?.source)).toEqual(['model', 'rule-doc', 'model', 'model']);
    server.requests.length = 0;

    const second = await run();
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(findingIds(request!)).toEqual(['F1']);
    expect(flaggedById(request!).get('F1')![0]).toBe(8);
    expect(second.stats.cacheHits).toBe(3);
    expect(second.findings.map((finding) => finding.explanation?.source)).toEqual(['model', 'model', 'model', 'model']);

    server.requests.length = 0;
    const third = await run();
    expect(server.requests).toHaveLength(0);
    expect(third.stats.cacheHits).toBe(4);
  });

  it('sends the group as one item of a batch and applies its list', async () => {
    server.script(answerEach);
    const result = await run({ batch: true, batchPollMs: 10, cacheDir: undefined });
    expect(server.requests).toHaveLength(0);
    expect(server.batches).toHaveLength(1);
    expect(server.batches[0]!.items.map((item) => findingIds(item.request).length).sort()).toEqual([1, 3]);
    expect(result.stats.batch).toMatchObject({ requests: 2, succeeded: 2 });
    expect(result.findings.map((finding) => finding.explanation?.source)).toEqual(['model', 'model', 'model', 'model']);
  });

  it('a group left running in a batch at the deadline: a later run collects an answer for each of its findings', async () => {
    server.script(() => ({ kind: 'hang' }));
    const first = await run({ batch: true, batchPollMs: 10, deadlineMs: 1_500 });
    expect(first.stats.batch).toMatchObject({ status: 'left-running', requests: 2 });
    expect(first.notifications.find((notification) => notification.kind === 'llm-batch-pending')?.message).toMatch(/Its 4 finding\(s\) keep/u);
    const [batch] = server.batches;
    for (const item of batch!.items) item.reply = answerEach(item.request);

    const collected = await run({ batch: true, batchPollMs: 10 });
    expect(server.batches).toHaveLength(1);
    expect(collected.notifications.find((notification) => notification.kind === 'llm-batch-collected')?.message).toMatch(/^Collected 4 answer\(s\)/u);
    expect(collected.stats.cacheHits).toBe(4);
    expect(collected.findings.map((finding) => finding.explanation?.text)).toEqual(
      [5, 8, 11, 18].map((line) => `The error swallowed at line ${line} hides a malformed payload from the caller.`),
    );
  });
});
