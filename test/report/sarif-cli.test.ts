import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { SarifLog } from '../../src/report/sarif/types.js';
import { createProject } from '../escalate/cli.js';
import { goodAnswer, SECRETS } from '../escalate/fixture.js';
import { type MessagesApiServer, startMessagesApiServer } from '../escalate/messages-api-server.js';
import { runInProcess } from '../helpers/run-cli.js';
import { FIXTURES, parseValidSarif, referenceLineHashes, ROOT } from './sarif-support.js';

const run = promisify(execFile);
const BIN = path.join(ROOT, 'bin/resilint.js');

interface Run {
  stdout: string;
  code: number;
}

/** The CLI in this process (test/helpers/run-cli.ts); exit code 2 fails the test with its stderr, 1 only means findings. */
async function resilint(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const result = await runInProcess(args, { cwd, env });
  if (result.code === 2) throw new Error(`resilint ${args.join(' ')} failed: ${result.stderr}`);
  return { stdout: result.stdout, code: result.code };
}

/** The same through the real binary, for the run that checks what a CI job reads: stdout and the exit code. */
async function resilintBinary(cwd: string, args: string[]): Promise<Run> {
  try {
    const { stdout } = await run(process.execPath, [BIN, ...args], {
      cwd,
      maxBuffer: 64 * 2 ** 20,
      env: { ...process.env, ANTHROPIC_API_KEY: '', NO_COLOR: '1' },
    });
    return { stdout, code: 0 };
  } catch (error) {
    // execFile rejects with the exit code and output on a non-zero exit; 1 only means findings.
    if (!(error instanceof Error) || !('code' in error) || typeof error.code !== 'number' || error.code === 2) {
      const stderr = error instanceof Error && 'stderr' in error ? String(error.stderr) : String(error);
      throw new Error(`resilint ${args.join(' ')} failed: ${stderr}`, { cause: error });
    }
    return { stdout: 'stdout' in error ? String(error.stdout) : '', code: error.code };
  }
}

interface JsonReport {
  findings: { ruleId: string; file: string; line: number; column: number; fingerprint: string }[];
}

describe('resilint analyze --format sarif (the CLI, and once the real binary)', () => {
  it('writes valid SARIF whose results match the JSON report, with GitHub line hashes', async () => {
    const fixture = path.join(FIXTURES, 'sarif-service');
    const sarif = await resilintBinary(fixture, [
      'analyze',
      '--format',
      'sarif',
      '--no-cache',
      '--llm',
      'off',
      '--sarif-category',
      'e2e',
      '--fail-on',
      'warning',
    ]);
    const json = await resilint(fixture, ['analyze', '--format', 'json', '--no-cache', '--llm', 'off']);
    const log = parseValidSarif(sarif.stdout);
    // Every fixture file analyzed (a crashing rule would show here as an internal-error notice).
    expect(log.runs[0]!.invocations[0]!.toolExecutionNotifications).toEqual([]);
    expect(log.runs[0]!.invocations[0]!.executionSuccessful).toBe(true);
    expect(sarif.code).toBe(1);
    const report = JSON.parse(json.stdout) as JsonReport;
    const results = log.runs[0]!.results;
    expect(log.runs[0]!.automationDetails?.id).toBe('e2e/');
    expect(results).toHaveLength(report.findings.length);
    for (const finding of report.findings) {
      const result = results.find((candidate) => candidate.partialFingerprints?.['resilint/v1'] === finding.fingerprint);
      expect(result, `${finding.file}:${finding.line}`).toBeDefined();
      const { artifactLocation, region } = result!.locations[0]!.physicalLocation;
      expect([result!.ruleId, decodeURIComponent(artifactLocation.uri), region?.startLine, region?.startColumn]).toEqual([
        finding.ruleId,
        finding.file,
        finding.line,
        finding.column,
      ]);
      const text = fs.readFileSync(path.join(fixture, finding.file), 'utf8');
      expect(result!.partialFingerprints?.primaryLocationLineHash).toBe(referenceLineHashes(text)[finding.line - 1]);
    }
  });

  it('writes a parse-error notification for a file that does not parse, and results: [] for an empty folder', async () => {
    // A copy outside the repository: in place, the nearest tsconfig above the fixture is the repository's own,
    // which excludes it, and loading that program is most of the run.
    const brokenProject = fs.mkdtempSync(path.join(os.tmpdir(), 'resilint-sarif-parse-error-'));
    fs.cpSync(path.join(FIXTURES, 'sarif-parse-error'), brokenProject, { recursive: true });
    const broken = await resilint(brokenProject, ['analyze', '--format', 'sarif', '--no-cache', '--llm', 'off']);
    fs.rmSync(brokenProject, { recursive: true, force: true });
    const brokenRun = parseValidSarif(broken.stdout).runs[0]!;
    expect(brokenRun.results).toEqual([]);
    expect(brokenRun.invocations[0]!.executionSuccessful).toBe(false);
    expect(brokenRun.invocations[0]!.toolExecutionNotifications?.map((notification) => notification.descriptor?.id)).toEqual(['parse-error']);

    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'resilint-sarif-cli-'));
    try {
      const result = await resilint(empty, ['analyze', '--format', 'sarif', '--no-cache', '--llm', 'off']);
      expect(result.code).toBe(0);
      const log: SarifLog = parseValidSarif(result.stdout);
      expect(log.runs[0]!.results).toEqual([]);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  it('merges shard SARIF files into the results of the unsharded run', async () => {
    const fixture = path.join(FIXTURES, 'sarif-service');
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'resilint-sarif-merge-'));
    try {
      const whole = parseValidSarif((await resilint(fixture, ['analyze', '--format', 'sarif', '--no-cache', '--llm', 'off'])).stdout);
      const files: string[] = [];
      for (const shard of ['1/2', '2/2']) {
        const file = path.join(out, `shard-${shard[0]}.sarif`);
        await resilint(fixture, ['analyze', '--shard', shard, '--format', 'sarif', '--output', file, '--no-cache', '--llm', 'off']);
        files.push(file);
      }
      const merged = parseValidSarif((await resilint(fixture, ['merge', '--format', 'sarif', ...files])).stdout);
      expect(merged.runs).toHaveLength(1);
      expect(merged.runs[0]!.results).toEqual(whole.runs[0]!.results);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('resilint analyze --format sarif --llm on (the CLI, a loopback Messages API)', () => {
  let server: MessagesApiServer;
  let cwd: string;

  beforeAll(async () => {
    server = await startMessagesApiServer({ script: (request) => goodAnswer(request) });
    cwd = createProject(['src/users.ts', 'src/secrets.ts', 'src/config.ts']);
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(cwd, { recursive: true, force: true });
  });

  it('puts the model explanation and the verified fix in message.text and fixes, and no secret anywhere', async () => {
    const env = { ANTHROPIC_API_KEY: server.apiKey, ANTHROPIC_BASE_URL: server.url };
    const { stdout } = await resilint(cwd, ['analyze', 'src', '--format', 'sarif', '--llm', 'on', '--no-cache'], env);
    const run = parseValidSarif(stdout).runs[0]!;
    expect(server.requests.length).toBeGreaterThan(0);
    expect(run.results.length).toBeGreaterThanOrEqual(3);
    for (const result of run.results) {
      expect(result.message.text).toMatch(/\n\nWhy \([^)]*confirmed\): \S/u);
      expect(result.properties).toMatchObject({ explanationSource: 'model', verdict: 'confirmed' });
    }
    const users = run.results.find(
      (result) => result.locations[0]!.physicalLocation.artifactLocation.uri === 'src/users.ts' && result.ruleId === 'resilint/no-swallowed-error',
    );
    expect(users?.message.text).toContain('Fix (proposed by the model, verified by re-running the rules): Rethrow the error with its cause');
    expect(users?.fixes?.[0]?.artifactChanges[0]?.replacements[0]?.insertedContent?.text).toContain("throw new Error('Parsing failed', { cause: error });");
    for (const secret of Object.values(SECRETS)) expect(stdout).not.toContain(secret);
  });

  it('keeps every result and reports the failed model calls as warnings when the API is down', async () => {
    // retry-after 10 ms: the SDK's retries happen, without their backoff of about a second each.
    server.script(() => ({ kind: 'error', status: 500, type: 'api_error', message: 'down', retryAfter: '0.01' }));
    const env = { ANTHROPIC_API_KEY: server.apiKey, ANTHROPIC_BASE_URL: server.url };
    const down = parseValidSarif((await resilint(cwd, ['analyze', 'src', '--format', 'sarif', '--llm', 'on', '--no-cache'], env)).stdout).runs[0]!;
    const off = parseValidSarif((await resilint(cwd, ['analyze', 'src', '--format', 'sarif', '--llm', 'off', '--no-cache'])).stdout).runs[0]!;
    expect(down.results).toEqual(off.results);
    const invocation = down.invocations[0]!;
    expect(invocation.executionSuccessful).toBe(true);
    const llmNotifications = (invocation.toolExecutionNotifications ?? []).filter((notification) => notification.descriptor?.id.startsWith('llm-'));
    expect(llmNotifications.length).toBeGreaterThan(0);
    expect(llmNotifications.every((notification) => notification.level === 'warning')).toBe(true);
  });
});
