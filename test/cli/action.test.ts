import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { BIN, copyFixture, REPO_ROOT } from '../helpers/run-cli.js';

// The GitHub Action's analyze step (scripts/action/analyze.sh, run by action.yml) in bash, as the runner
// runs it: inputs in RESILINT_* variables, outputs appended to $GITHUB_OUTPUT.

const SCRIPT = path.join(REPO_ROOT, 'scripts/action/analyze.sh');

let closedPort: number;

beforeAll(async () => {
  // A loopback port with nothing listening: the registry of a failed install, without leaving the machine.
  closedPort = await new Promise<number>((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
});

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
});

function runStep(cwd: string, env: Record<string, string>): { status: number | null; stdout: string; outputs: Record<string, string> } {
  const outputFile = path.join(cwd, 'github-output.txt');
  fs.writeFileSync(outputFile, '');
  const result = spawnSync('bash', [SCRIPT], {
    cwd,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      HOME: os.tmpdir(),
      GITHUB_OUTPUT: outputFile,
      RUNNER_TEMP: cwd,
      RESILINT_PATHS: 'src',
      RESILINT_FAIL_ON: 'error',
      RESILINT_BASELINE: '',
      RESILINT_LLM: 'off',
      RESILINT_CATEGORY: 'resilint',
      RESILINT_SARIF: 'resilint.sarif',
      RESILINT_ARGS: '',
      ...env,
    },
    timeout: 120_000,
  });
  const outputs = Object.fromEntries(
    fs
      .readFileSync(outputFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split('=', 2) as [string, string]),
  );
  return { status: result.status, stdout: `${result.stdout}${result.stderr}`, outputs };
}

describe('the action analyze step', () => {
  it('reports an install that fails as a failure to install, not as findings, and writes no SARIF', () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'resilint-action-'));
    folders.push(cwd);
    const run = runStep(cwd, {
      RESILINT_VERSION: '0.1.0',
      npm_config_registry: `http://127.0.0.1:${closedPort}/`,
      npm_config_fetch_retries: '0',
      npm_config_cache: path.join(cwd, 'npm-cache'),
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('::error title=resilint::Could not install resilint@0.1.0 from the npm registry');
    expect(run.stdout).not.toContain('Findings at or above');
    expect(run.outputs['exit-code']).toBe('2');
    expect(fs.existsSync(path.join(cwd, 'resilint.sarif'))).toBe(false);
  });

  it('runs the given command, writes the SARIF and reports findings as exit code 1', () => {
    const cwd = copyFixture('cli/service');
    folders.push(cwd);
    // The fixture's findings are warnings (rules below high precision): fail-on warning counts them.
    const run = runStep(cwd, { RESILINT_COMMAND: `node ${BIN}`, RESILINT_VERSION: '', RESILINT_FAIL_ON: 'warning' });
    expect(run.status).toBe(0);
    expect(run.outputs).toEqual({ 'exit-code': '1', 'sarif-file': 'resilint.sarif' });
    expect(run.stdout).toContain("::error title=resilint::Findings at or above 'warning'.");
    const sarif = JSON.parse(fs.readFileSync(path.join(cwd, 'resilint.sarif'), 'utf8')) as { version: string; runs: { results: unknown[] }[] };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.results.length).toBeGreaterThan(0);
  });

  it('treats a command that exits 1 without writing the SARIF as a failure to run', () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'resilint-action-'));
    folders.push(cwd);
    const run = runStep(cwd, { RESILINT_COMMAND: 'false', RESILINT_VERSION: '' });
    expect(run.outputs['exit-code']).toBe('2');
    expect(run.stdout).toContain('resilint analyze failed with exit code 2');
    expect(run.stdout).not.toContain('Findings at or above');
  });
});
