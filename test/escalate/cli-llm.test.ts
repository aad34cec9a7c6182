import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { runInProcess } from '../helpers/run-cli.js';
import { createProject } from './cli.js';
import { goodAnswer, SECRETS } from './fixture.js';
import type { MessagesApiServer } from './messages-api-server.js';
import { startMessagesApiServer } from './messages-api-server.js';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(REPO_ROOT, 'bin/resilint.js');

interface JsonReport {
  findings: {
    ruleId: string;
    file: string;
    line: number;
    explanation?: { source: string; verdict?: string; text: string };
    fix?: { source: string; verified: boolean };
  }[];
  notifications: { kind: string; message: string }[];
  stats: { llm?: { requests: number; cacheHits: number; estimatedCostUsd: number } };
}

/** The real binary, asynchronously: the loopback server lives in this process and must keep answering. */
function run(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The CLI in this process; the first case runs the real binary. */
const inProcess = (args: string[], cwd: string, env: NodeJS.ProcessEnv) => runInProcess(args, { cwd, env });

describe('resilint analyze --llm through the CLI (the first run through the real binary)', () => {
  let server: MessagesApiServer;
  let cwd: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    server = await startMessagesApiServer({ script: (request) => goodAnswer(request) });
    env = { ANTHROPIC_API_KEY: server.apiKey, ANTHROPIC_BASE_URL: server.url };
  });
  const folders: string[] = [];
  afterAll(async () => {
    await server.close();
    for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
  });
  beforeEach(() => {
    server.requests.length = 0;
    server.script((request) => goodAnswer(request));
    cwd = createProject(['src/users.ts', 'src/secrets.ts', 'src/config.ts']);
    folders.push(cwd);
  });

  it('explains findings with the model, then answers from the cache', async () => {
    const first = await run(['analyze', 'src', '--format', 'json', '--llm', 'on'], cwd, env);
    expect(first.stderr).not.toMatch(/Error/u);
    const report = JSON.parse(first.stdout) as JsonReport;
    expect(report.findings.length).toBeGreaterThanOrEqual(3);
    expect(report.findings.every((finding) => finding.explanation?.source === 'model')).toBe(true);
    expect(report.findings.find((finding) => finding.file === 'src/users.ts' && finding.ruleId === 'resilint/no-swallowed-error')?.fix).toMatchObject({
      source: 'model',
      verified: true,
    });
    expect(report.stats.llm?.requests).toBe(server.requests.length);
    for (const request of server.requests) for (const secret of Object.values(SECRETS)) expect(request.raw).not.toContain(secret);

    server.requests.length = 0;
    const second = JSON.parse((await inProcess(['analyze', 'src', '--format', 'json', '--llm', 'on'], cwd, env)).stdout) as JsonReport;
    expect(server.requests).toHaveLength(0);
    expect(second.stats.llm).toMatchObject({ requests: 0, cacheHits: report.findings.length });
  });

  it('writes the whole report when the API fails', async () => {
    // retry-after 10 ms: the SDK's retries happen, without their backoff of about a second each.
    server.script(() => ({ kind: 'error', status: 500, type: 'api_error', message: 'down', retryAfter: '0.01' }));
    const withoutLlm = JSON.parse((await inProcess(['analyze', 'src', '--format', 'json', '--llm', 'off'], cwd, env)).stdout) as JsonReport;
    const failed = JSON.parse((await inProcess(['analyze', 'src', '--format', 'json', '--llm', 'on', '--no-cache'], cwd, env)).stdout) as JsonReport;
    expect(failed.findings.map((finding) => `${finding.file}:${finding.line} ${finding.ruleId}`)).toEqual(
      withoutLlm.findings.map((finding) => `${finding.file}:${finding.line} ${finding.ruleId}`),
    );
    expect(failed.findings.every((finding) => finding.explanation?.source === 'rule-doc')).toBe(true);
    expect(failed.notifications.map((notification) => notification.kind)).toContain('llm-server-error');
  });

  it('--llm dry-run writes requests and sends nothing', async () => {
    const result = await inProcess(['analyze', 'src', '--format', 'json', '--llm', 'dry-run', '--dry-run-dir', 'out'], cwd, {
      ANTHROPIC_API_KEY: '',
      ANTHROPIC_BASE_URL: server.url,
    });
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(server.requests).toHaveLength(0);
    expect(fs.readdirSync(path.join(cwd, 'out'))).toHaveLength(report.findings.length);
  });

  it('rejects a bad --llm value with one message and exit 2', async () => {
    const result = await inProcess(['analyze', 'src', '--llm', 'sometimes'], cwd, env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--llm must be one of off, auto, on, dry-run/u);
  });
});
