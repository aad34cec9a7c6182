import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { FILES, goodAnswer } from './fixture.js';
import type { MessagesApiServer } from './messages-api-server.js';
import { startMessagesApiServer } from './messages-api-server.js';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(REPO_ROOT, 'bin/resilint.js');
const TSCONFIG = {
  compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2023', 'DOM'], strict: true, noEmit: true, types: [] },
  include: ['src'],
};

interface JsonReport {
  findings: { ruleId: string; file: string; line: number; column: number; explanation?: { source: string } }[];
  notifications: { kind: string; message: string }[];
}

interface Child {
  pid: number | undefined;
  /** Resolves when the process has exited. */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  kill(signal: NodeJS.Signals): void;
}

/** The real binary as a child process; the loopback server lives in this process and keeps answering. */
function start(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Child {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { pid: child.pid, done, kill: (signal) => child.kill(signal) };
}

/**
 * Waits until `child` has used `seconds` of CPU (Linux's /proc; 700 ms of wall time elsewhere). The binary
 * listens for signals in its first lines, a few milliseconds of CPU after Node starts; a wait in wall time
 * sent the signal before that once on a machine under a load of 11, and Node itself catches SIGINT from its
 * start, so /proc's signal masks cannot tell when resilint's handler is in place.
 */
async function untilCpu(child: Child, seconds: number): Promise<void> {
  const stat = `/proc/${child.pid}/stat`;
  if (!fs.existsSync(stat)) {
    await new Promise((resolve) => setTimeout(resolve, 700));
    return;
  }
  // utime and stime, in clock ticks (100 a second on Linux), are the 12th and 13th fields after the name.
  const used = (): number => {
    const fields = fs.readFileSync(stat, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  };
  await until(() => !fs.existsSync(stat) || used() >= seconds, `${seconds} s of CPU in the binary`);
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > 60_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const sites = (report: JsonReport) => report.findings.map((finding) => `${finding.file}:${finding.line}:${finding.column} ${finding.ruleId}`);

let server: MessagesApiServer;
const folders: string[] = [];

beforeAll(async () => {
  server = await startMessagesApiServer();
});
afterAll(async () => {
  await server.close();
  for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
});
beforeEach(() => {
  server.requests.length = 0;
});

function project(files: Record<string, string>): string {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'resilint-interrupt-'));
  folders.push(cwd);
  fs.writeFileSync(path.join(cwd, 'tsconfig.json'), JSON.stringify(TSCONFIG));
  fs.writeFileSync(path.join(cwd, 'package.json'), JSON.stringify({ name: 'svc', type: 'module' }));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(cwd, file)), { recursive: true });
    fs.writeFileSync(path.join(cwd, file), text);
  }
  return cwd;
}

describe('an interrupt during the LLM stage', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('%s writes every output with all static findings, the answers so far and "interrupted"; exit 130', async (signal) => {
    // The first request is answered; the next one hangs until the interrupt aborts it.
    server.script((request, index) => (index === 0 ? goodAnswer(request) : { kind: 'hang' }));
    const cwd = project({ 'src/many.ts': FILES['src/many.ts']!, 'src/users.ts': FILES['src/users.ts']! });
    const env = { ANTHROPIC_API_KEY: server.apiKey, ANTHROPIC_BASE_URL: server.url };
    const staticRun = await start(['analyze', 'src', '--format', 'json', '--llm', 'off'], cwd).done;
    const staticReport = JSON.parse(staticRun.stdout) as JsonReport;
    expect(staticReport.findings.length).toBeGreaterThanOrEqual(6);

    const args = [
      'analyze',
      'src',
      '--llm',
      'on',
      '--no-cache',
      '--concurrency',
      '1',
      '--llm-timeout',
      '600000',
      '-f',
      'json',
      '-o',
      'report.json',
      '-f',
      'sarif',
      '-o',
      'report.sarif',
      '-f',
      'text',
      '-o',
      'report.txt',
    ];
    const child = start(args, cwd, env);
    await until(() => server.requests.length === 2, 'the second request');
    child.kill(signal);
    const result = await child.done;

    expect(result.code).toBe(130);
    expect(result.stderr).toContain(`resilint: ${signal}: stopping`);
    const report = JSON.parse(fs.readFileSync(path.join(cwd, 'report.json'), 'utf8')) as JsonReport;
    expect(sites(report)).toEqual(sites(staticReport));
    expect(report.findings.filter((finding) => finding.explanation?.source === 'model')).toHaveLength(1);
    expect(report.notifications.map((notification) => notification.kind)).toEqual(expect.arrayContaining(['interrupted', 'llm-aborted']));
    const sarif = JSON.parse(fs.readFileSync(path.join(cwd, 'report.sarif'), 'utf8')) as {
      runs: { results: unknown[]; invocations: { toolExecutionNotifications?: { message: { text: string } }[] }[] }[];
    };
    expect(sarif.runs[0]!.results).toHaveLength(staticReport.findings.length);
    expect(JSON.stringify(sarif.runs[0]!.invocations)).toContain('Interrupted');
    expect(fs.readFileSync(path.join(cwd, 'report.txt'), 'utf8')).toContain('Interrupted');
    expect(server.requests).toHaveLength(2);
  });
});

describe('an interrupt during the static analysis', () => {
  // Enough files that the static phase lasts well past the moment the signal is sent.
  const many = Object.fromEntries(
    Array.from({ length: 400 }, (_, index) => [
      `src/module-${index}.ts`,
      `import { helper${index} } from './helper-${index}.js';\n${FILES['src/users.ts']!.replaceAll('loadUser', `loadUser${index}`).replaceAll('handler', `handler${index}`)}\nexport const used${index} = helper${index};\n`,
    ]).concat(
      Array.from({ length: 400 }, (_, index) => [
        `src/helper-${index}.ts`,
        `export function helper${index}(value: number): number {\n  return value * ${index};\n}\n`,
      ]),
    ),
  );

  it('writes nothing, says why, and exits 130', async () => {
    const cwd = project(many);
    const child = start(['analyze', 'src', '--no-cache', '--llm', 'off', '-f', 'json', '-o', 'report.json'], cwd);
    await untilCpu(child, 0.5);
    child.kill('SIGINT');
    const result = await child.done;
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/resilint: interrupted during the static analysis; no report was written/u);
    expect(result.stderr).not.toMatch(/\n\s+at /u);
    expect(fs.existsSync(path.join(cwd, 'report.json'))).toBe(false);
    expect(fs.readdirSync(cwd).filter((name) => name.includes('report'))).toEqual([]);
  });

  it('exits at once on a second signal', async () => {
    const cwd = project(many);
    const child = start(['analyze', 'src', '--no-cache', '--llm', 'off', '-f', 'json', '-o', 'report.json'], cwd);
    await untilCpu(child, 0.5);
    child.kill('SIGINT');
    child.kill('SIGTERM');
    const result = await child.done;
    expect(result.code).toBe(130);
    // Two signals sent back to back may be delivered in either order.
    expect(result.stderr).toMatch(/resilint: SIG(?:INT|TERM) again: exiting now\./u);
    expect(fs.existsSync(path.join(cwd, 'report.json'))).toBe(false);
  });
});
