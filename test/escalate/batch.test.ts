import fs from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { runInProcess } from '../helpers/run-cli.js';
import { createProject, type JsonReport, startCli } from './cli.js';
import { goodAnswer } from './fixture.js';
import type { MessagesApiServer, RecordedRequest, Reply } from './messages-api-server.js';
import { startMessagesApiServer } from './messages-api-server.js';

const SWALLOWED = 'resilint/no-swallowed-error';
/** The CLI in this process; the interrupt case runs the real binary (startCli), which owns the signal handlers. */
const runCli = (args: string[], cwd: string, env: NodeJS.ProcessEnv) => runInProcess(args, { cwd, env });
const ruleOf = (request: RecordedRequest): string => /Rule: (resilint\/[a-z-]+)/u.exec(request.raw)?.[1] ?? '';
const sites = (report: JsonReport): string[] => report.findings.map((finding) => `${finding.file}:${finding.line}:${finding.column} ${finding.ruleId}`);
const kinds = (report: JsonReport): string[] => report.notifications.map((notification) => notification.kind);

describe('--llm-batch through the CLI and the Message Batches API', () => {
  let server: MessagesApiServer;
  let cwd: string;
  let env: NodeJS.ProcessEnv;
  const folders: string[] = [];

  beforeAll(async () => {
    server = await startMessagesApiServer();
    env = { ANTHROPIC_API_KEY: server.apiKey, ANTHROPIC_BASE_URL: server.url };
  });
  afterAll(async () => {
    await server.close();
    for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
  });
  beforeEach(() => {
    server.requests.length = 0;
    server.batches.length = 0;
    server.batchPolls = 2;
    server.script((request) => goodAnswer(request));
    cwd = createProject(['src/users.ts', 'src/secrets.ts', 'src/config.ts']);
    folders.push(cwd);
    // Poll every 20 ms instead of every 10 s.
    fs.writeFileSync(path.join(cwd, 'resilint.config.json'), JSON.stringify({ llm: { batchPollMs: 20 } }));
  });

  const analyze = async (extra: string[] = []) => {
    const result = await runCli(['analyze', 'src', '--format', 'json', '--llm', 'on', '--llm-batch', ...extra], cwd, env);
    expect(result.stderr).not.toMatch(/Error/u);
    return { code: result.code, report: JSON.parse(result.stdout) as JsonReport };
  };

  // Four runs of the CLI with the stage (about 12 s on a quiet machine; 65 s, past the default limit, once under a load of 11).
  it('sends one batch, polls it to the end, answers every finding at half the price, then answers from the cache', async () => {
    // The same usage for every answer, so that the batch and the direct run compare at equal tokens (the
    // server's measured usage would let the direct run read the prompt cache the batch wrote).
    server.script((request) => ({ ...(goodAnswer(request) as Extract<Reply, { kind: 'answer' }>), usage: { input_tokens: 1200, output_tokens: 300 } }));
    const { report } = await analyze();
    expect(server.requests).toHaveLength(0);
    expect(server.batches).toHaveLength(1);
    const [batch] = server.batches;
    expect(batch!.retrieves).toBeGreaterThanOrEqual(2);
    expect(batch!.resultReads).toBe(1);
    expect(batch!.items.length).toBe(report.findings.length);
    expect(report.findings.every((finding) => finding.explanation?.source === 'model')).toBe(true);
    expect(report.findings.find((finding) => finding.file === 'src/users.ts' && finding.ruleId === SWALLOWED)?.fix).toMatchObject({
      source: 'model',
      verified: true,
    });
    expect(report.stats.llm).toMatchObject({
      requests: batch!.items.length,
      cacheHits: 0,
      batch: {
        id: batch!.id,
        requests: batch!.items.length,
        status: 'ended',
        succeeded: batch!.items.length,
        errored: 0,
        expired: 0,
        canceled: 0,
        priceFactor: 0.5,
      },
    });

    // The same requests one by one, with the same usage per answer: the batch cost half.
    const direct = JSON.parse((await runCli(['analyze', 'src', '--format', 'json', '--llm', 'on', '--no-cache'], cwd, env)).stdout) as JsonReport;
    expect(server.requests).toHaveLength(batch!.items.length);
    expect(report.stats.llm!.inputTokens).toBe(direct.stats.llm!.inputTokens);
    expect(report.stats.llm!.estimatedCostUsd).toBeGreaterThan(0);
    expect(report.stats.llm!.estimatedCostUsd).toBeCloseTo(direct.stats.llm!.estimatedCostUsd / 2, 5);

    const again = await analyze();
    expect(server.batches).toHaveLength(1);
    expect(again.report.stats.llm).toMatchObject({ requests: 0, cacheHits: report.findings.length });
    expect(again.report.stats.llm).not.toHaveProperty('batch');

    // Only the finding whose code changed goes in the next batch.
    const file = path.join(cwd, 'src/users.ts');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('return await response.json();', 'return (await response.json()) as unknown;'));
    const changed = await analyze();
    expect(server.batches).toHaveLength(2);
    const changedItems = server.batches[1]!.items;
    expect(changedItems.length).toBeGreaterThan(0);
    expect(changedItems.length).toBeLessThan(report.findings.length);
    for (const item of changedItems) expect(item.request.raw).toContain('as unknown');
    expect(changed.report.stats.llm).toMatchObject({ requests: changedItems.length, cacheHits: report.findings.length - changedItems.length });
    expect(changed.report.findings.every((finding) => finding.explanation?.source === 'model')).toBe(true);
  }, 180_000);

  it('a batch that ends with expired items: the others are answered, the expired keep rule-doc explanations and are asked again', async () => {
    server.script((request): Reply => (ruleOf(request) === SWALLOWED ? { kind: 'expired' } : goodAnswer(request)));
    const { report } = await analyze();
    const expiredItems = server.batches[0]!.items.filter((item) => item.reply.kind === 'expired').length;
    expect(expiredItems).toBeGreaterThan(0);
    expect(expiredItems).toBeLessThan(server.batches[0]!.items.length);
    for (const finding of report.findings) expect(finding.explanation?.source, finding.ruleId).toBe(finding.ruleId === SWALLOWED ? 'rule-doc' : 'model');
    expect(report.stats.llm?.batch).toMatchObject({ status: 'ended', expired: expiredItems, succeeded: server.batches[0]!.items.length - expiredItems });
    expect(report.notifications.find((notification) => notification.kind === 'llm-batch-expired')?.message).toContain(
      `${expiredItems} of ${server.batches[0]!.items.length} request(s) in batch ${server.batches[0]!.id} expired`,
    );

    server.script((request) => goodAnswer(request));
    const next = await analyze();
    expect(server.batches[1]!.items).toHaveLength(expiredItems);
    expect(server.batches[1]!.items.every((item) => ruleOf(item.request) === SWALLOWED)).toBe(true);
    expect(next.report.findings.every((finding) => finding.explanation?.source === 'model')).toBe(true);
  });

  it('errored items: one notice per finding with the API error, the other findings answered', async () => {
    server.script((request): Reply =>
      ruleOf(request) === SWALLOWED ? { kind: 'error', status: 500, type: 'overloaded_error', message: 'Overloaded' } : goodAnswer(request),
    );
    const { report } = await analyze();
    const errored = report.findings.filter((finding) => finding.ruleId === SWALLOWED);
    expect(errored.length).toBeGreaterThan(0);
    const notices = report.notifications.filter((notification) => notification.kind === 'llm-batch-errored');
    expect(notices).toHaveLength(server.batches[0]!.items.filter((item) => item.reply.kind === 'error').length);
    for (const notice of notices)
      expect(notice.message).toMatch(new RegExp(`^${SWALLOWED}: its request in batch ${server.batches[0]!.id} failed \\(overloaded_error: Overloaded\\)`, 'u'));
    for (const finding of report.findings) expect(finding.explanation?.source).toBe(finding.ruleId === SWALLOWED ? 'rule-doc' : 'model');
    expect(report.stats.llm?.batch).toMatchObject({ status: 'ended', errored: notices.length });
  });

  it('SIGINT while the batch runs: the batch is canceled, every output is written without answers, exit 130', async () => {
    server.script(() => ({ kind: 'hang' }));
    const run = startCli(['analyze', 'src', '--llm', 'on', '--llm-batch', '-f', 'json', '-o', 'report.json'], cwd, env);
    for (let waited = 0; !(server.batches[0]?.retrieves ?? 0); waited += 20) {
      if (waited > 60_000) throw new Error('the batch was never polled');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    run.kill('SIGINT');
    const { code } = await run.done;
    expect(code).toBe(130);
    const report = JSON.parse(fs.readFileSync(path.join(cwd, 'report.json'), 'utf8')) as JsonReport;
    expect(report.findings.length).toBe(server.batches[0]!.items.length);
    expect(report.findings.every((finding) => finding.explanation?.source === 'rule-doc')).toBe(true);
    expect(server.batches[0]!.canceled).toBe(true);
    expect(kinds(report)).toEqual(expect.arrayContaining(['interrupted', 'llm-batch-pending']));
    expect(report.notifications.find((notification) => notification.kind === 'llm-batch-pending')?.message).toMatch(
      /had not ended when the run was interrupted/u,
    );
  });

  it('the deadline passes before the batch ends, without an answer cache: the batch is canceled, the report is complete without answers, and says so', async () => {
    server.script(() => ({ kind: 'hang' }));
    const off = JSON.parse((await runCli(['analyze', 'src', '--format', 'json', '--llm', 'off'], cwd, env)).stdout) as JsonReport;
    const started = Date.now();
    // The deadline also bounds preparing the requests (the functions' context, the secret scan): 15 s leaves a
    // busy machine time to create the batch before it passes.
    const { code, report } = await analyze(['--llm-deadline', '15000', '--no-cache']);
    expect(Date.now() - started).toBeLessThan(45_000);
    expect(code).toBe(1);
    expect(sites(report)).toEqual(sites(off));
    expect(report.findings.every((finding) => finding.explanation?.source === 'rule-doc')).toBe(true);
    expect(server.batches).toHaveLength(1);
    expect(server.batches[0]!.canceled).toBe(true);
    expect(server.batches[0]!.resultReads).toBe(0);
    expect(kinds(report)).toEqual(expect.arrayContaining(['llm-deadline', 'llm-batch-pending']));
    expect(report.notifications.find((notification) => notification.kind === 'llm-batch-pending')?.message).toMatch(
      /had not ended when the deadline of 15000 ms passed .*; it was canceled/u,
    );
    expect(report.stats.llm).toMatchObject({ requests: server.batches[0]!.items.length, batch: { status: 'canceled', succeeded: 0 }, estimatedCostUsd: 0 });
  });

  it('the deadline passes with the answer cache on: the batch keeps running, is not sent again, and a later run collects its answers', async () => {
    server.script(() => ({ kind: 'hang' }));
    const first = await analyze(['--llm-deadline', '15000']);
    expect(first.report.findings.every((finding) => finding.explanation?.source === 'rule-doc')).toBe(true);
    expect(server.batches).toHaveLength(1);
    const [batch] = server.batches;
    expect(batch!.canceled).toBe(false);
    expect(first.report.stats.llm?.batch).toMatchObject({ id: batch!.id, status: 'left-running' });
    expect(first.report.notifications.find((notification) => notification.kind === 'llm-batch-pending')?.message).toMatch(
      /it keeps running, and the next run with --llm-batch and this answer cache collects its answers/u,
    );
    expect(fs.readdirSync(path.join(cwd, '.resilint-cache/llm/batches'))).toHaveLength(1);

    // Still running at the next run: its findings are not paid for twice.
    const waiting = await analyze();
    expect(server.batches).toHaveLength(1);
    expect(waiting.report.findings.every((finding) => finding.explanation?.source === 'rule-doc')).toBe(true);
    expect(waiting.report.notifications.find((notification) => notification.kind === 'llm-batch-awaited')?.message).toContain(
      `${batch!.items.length} finding(s) are still being answered by ${batch!.id}`,
    );

    // It ends: the next run reads its results into the answer cache and sends nothing.
    for (const item of batch!.items) item.reply = goodAnswer(item.request);
    const collected = await analyze();
    expect(server.batches).toHaveLength(1);
    expect(server.requests).toHaveLength(0);
    expect(batch!.resultReads).toBe(1);
    expect(collected.report.findings.every((finding) => finding.explanation?.source === 'model')).toBe(true);
    expect(collected.report.notifications.find((notification) => notification.kind === 'llm-batch-collected')?.message).toContain(
      `Collected ${batch!.items.length} answer(s) into the answer cache from batch ${batch!.id}`,
    );
    expect(collected.report.stats.llm).toMatchObject({ requests: 0, cacheHits: batch!.items.length });
    expect(collected.report.stats.llm!.estimatedCostUsd).toBeGreaterThan(0);
    expect(fs.readdirSync(path.join(cwd, '.resilint-cache/llm/batches'))).toHaveLength(0);
  });
});
