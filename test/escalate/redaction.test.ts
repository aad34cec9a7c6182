import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { analyze } from '../../src/analyze/analyze.js';
import { escalate } from '../../src/escalate/escalate.js';
import { createEscalationOptions } from '../../src/escalate/options.js';
import { findSecretsInRequest } from '../../src/escalate/outbound-guard.js';
import { loadPromptsOrThrow } from '../../src/escalate/prompts.js';
import { redactSecrets } from '../../src/escalate/redact.js';
import { createRequestBuilder } from '../../src/escalate/request.js';
import { rules } from '../../rules/index.js';
import { runInProcess } from '../helpers/run-cli.js';
import { goodAnswer } from './fixture.js';
import type { MessagesApiServer } from './messages-api-server.js';
import { startMessagesApiServer, untrustedBlock } from './messages-api-server.js';
import { createRandom, plantedFile, plantedSecrets } from './secret-kinds.js';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(REPO_ROOT, 'bin/resilint.js');
const KINDS = plantedSecrets();
const TSCONFIG = {
  compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2023', 'DOM'], strict: true, noEmit: true, types: [] },
  include: ['src'],
};

let server: MessagesApiServer;
const folders: string[] = [];

beforeAll(async () => {
  server = await startMessagesApiServer({ script: (request) => goodAnswer(request) });
});
afterAll(async () => {
  await server.close();
  for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
});
beforeEach(() => {
  server.requests.length = 0;
  server.script((request) => goodAnswer(request));
});

function project(files: Record<string, string>): string {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'resilint-redaction-'));
  folders.push(cwd);
  fs.writeFileSync(path.join(cwd, 'tsconfig.json'), JSON.stringify(TSCONFIG));
  fs.writeFileSync(path.join(cwd, 'package.json'), JSON.stringify({ name: 'svc', type: 'module' }));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(cwd, file)), { recursive: true });
    fs.writeFileSync(path.join(cwd, file), text);
  }
  return cwd;
}

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

describe('redactSecrets', () => {
  it(`removes ${KINDS.length} kinds of secrets and keeps the code around them`, async () => {
    expect(KINDS.length).toBeGreaterThanOrEqual(40);
    const text = plantedFile(KINDS);
    const { text: redacted, removed } = await redactSecrets(text, 'src/planted.ts');
    expect(redacted.split('\n')).toHaveLength(text.split('\n').length);
    for (const kind of KINDS) {
      expect(redacted, kind.kind).not.toContain(kind.secret);
      for (const keep of kind.keeps ?? []) expect(redacted, `${kind.kind} keeps ${keep}`).toContain(keep);
    }
    expect(removed.length).toBeGreaterThanOrEqual(KINDS.length);
  });

  it('leaves ordinary code alone', async () => {
    const code = [
      "const cacheKey = 'users:list:page-2';",
      "const tokenType = 'Bearer';",
      "const password = process.env.DB_PASSWORD ?? '';",
      'const url = `postgres://${user}:${password}@db:5432/app`;',
      "const commit = 'e027b7b0d8a6c5f4e3b2a1908f7e6d5c4b3a2910';",
      "const retryPolicy = 'exponential-backoff-with-full-jitter-v2';",
      'const MAX_RETRIES_BEFORE_CIRCUIT_OPENS_2 = 5;',
      'export async function handleCustomerSubscriptionRenewal(): Promise<void> {}',
      "const placeholder = 'postgres://user:password@localhost/db';",
    ].join('\n');
    const redacted = await redactSecrets(code);
    expect(redacted).toEqual({ text: code, removed: [] });
  });
});

describe('what reaches the Messages API', () => {
  it('holds none of the planted secrets, and the code around them', async () => {
    const cwd = project({ 'src/planted.ts': plantedFile(KINDS) });
    const { report, session } = await analyze({ cwd, paths: ['.'] });
    const findings = report.findings.filter((finding) => finding.ruleId === 'resilint/no-swallowed-error');
    expect(findings).toHaveLength(1);
    const result = await escalate(
      findings,
      session,
      createEscalationOptions({ mode: 'on', apiKey: server.apiKey, baseURL: server.url, cacheDir: undefined, maxRetries: 0, maxContextChars: 100_000 }),
    );
    expect(result.notifications).toEqual([]);
    expect(server.requests).toHaveLength(1);
    const request = server.requests[0]!;
    const block = untrustedBlock(request);
    for (const kind of KINDS) {
      expect(request.raw, kind.kind).not.toContain(kind.secret);
      expect(request.raw, kind.kind).not.toContain(JSON.stringify(kind.secret).slice(1, -1));
      for (const keep of kind.keeps ?? []) expect(block, `${kind.kind} keeps ${keep}`).toContain(keep);
    }
    expect(result.findings[0]!.explanation?.source).toBe('model');
  });

  it('refuses to send a body that still holds a secret-shaped value, and says so', async () => {
    // The file name is not code: it reaches the request unredacted, and the last check stops it.
    const token = createRandom(7)(40);
    const cwd = project({
      [`src/${token}.ts`]: 'export function parse(text: string): unknown {\n  try {\n    return JSON.parse(text);\n  } catch {}\n  return undefined;\n}\n',
    });
    const { report, session } = await analyze({ cwd, paths: ['.'] });
    expect(report.findings).toHaveLength(1);
    const result = await escalate(
      report.findings,
      session,
      createEscalationOptions({ mode: 'on', apiKey: server.apiKey, baseURL: server.url, cacheDir: undefined }),
    );
    expect(server.requests).toHaveLength(0);
    expect(result.notifications).toEqual([
      expect.objectContaining({ level: 'error', kind: 'llm-secret-blocked', file: `src/${token}.ts`, message: expect.stringContaining('high-entropy') }),
    ]);
    expect(result.notifications[0]!.message).not.toContain(token);
    expect(result.findings[0]!.explanation?.source).toBe('rule-doc');
  });
});

describe('the last check of a request body', () => {
  it('passes every trusted part: persona, schema, rule catalogue, task prompts and every rule doc, in both layouts', () => {
    for (const layout of ['by-rule', 'all-docs'] as const) {
      const builder = createRequestBuilder(loadPromptsOrThrow(), 'claude-haiku-5-5', 2048, 'explain-and-fix', layout);
      for (const [name, rule] of Object.entries(rules)) {
        const request = builder.build(rule.meta.docs.family, `resilint/${name}`, '<<<UNTRUSTED-CODE-0123456789abcdef\nUNTRUSTED-CODE-0123456789abcdef>>>');
        expect(findSecretsInRequest(request), `${layout} ${name}`).toEqual([]);
      }
    }
  });

  it('finds a secret in any text block', () => {
    const builder = createRequestBuilder(loadPromptsOrThrow(), 'claude-haiku-5-5', 2048);
    for (const kind of KINDS.filter((planted) => planted.code)) {
      const request = builder.build('error-handling', 'resilint/no-swallowed-error', kind.code);
      expect(findSecretsInRequest(request).length, kind.kind).toBeGreaterThan(0);
    }
  });
});

describe('the real binary', () => {
  it('sends and --llm dry-run writes the same bytes, with no secret in either', async () => {
    const cwd = project({ 'src/planted.ts': plantedFile(KINDS) });
    const env = { ANTHROPIC_API_KEY: server.apiKey, ANTHROPIC_BASE_URL: server.url };
    const sent = await run(['analyze', 'src', '--format', 'json', '--llm', 'on', '--no-cache', '--llm-context-chars', '100000', '--quiet'], cwd, env);
    expect(sent.stderr).toBe('');
    expect(server.requests).toHaveLength(1);
    // The model's fix was kept, and the report says what "verified" checked.
    const report = JSON.parse(sent.stdout) as {
      findings: { fix?: { source: string; verified: boolean } }[];
      notifications: { kind: string; message: string }[];
    };
    expect(report.findings.map((finding) => finding.fix)).toContainEqual(expect.objectContaining({ source: 'model', verified: true }));
    expect(report.notifications).toContainEqual(expect.objectContaining({ kind: 'llm-fix-verification', message: expect.stringContaining('@ts-ignore') }));
    // The dry run in this process: the bytes come from the same modules, and a second binary start costs 3 s.
    const dry = await runInProcess(
      ['analyze', 'src', '--format', 'json', '--llm', 'dry-run', '--dry-run-dir', 'out', '--llm-context-chars', '100000', '--quiet'],
      {
        cwd,
        env: { ...env, ANTHROPIC_API_KEY: '' },
      },
    );
    expect(dry.stderr).toBe('');
    const files = fs.readdirSync(path.join(cwd, 'out'));
    expect(files).toHaveLength(1);
    const written = fs.readFileSync(path.join(cwd, 'out', files[0]!), 'utf8');
    expect(JSON.stringify((JSON.parse(written) as { body: unknown }).body)).toBe(server.requests[0]!.raw);
    for (const kind of KINDS) {
      expect(written, kind.kind).not.toContain(JSON.stringify(kind.secret).slice(1, -1));
      expect(server.requests[0]!.raw, kind.kind).not.toContain(JSON.stringify(kind.secret).slice(1, -1));
    }
  });
});
