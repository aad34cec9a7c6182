import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
export const BIN = path.join(REPO_ROOT, 'bin/resilint.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `resilint` binary (built dist/) in `cwd`; a run killed at `timeoutMs` has code -1. */
export function runCli(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): CliRun {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ANTHROPIC_API_KEY: '', ...options.env },
    timeout: options.timeoutMs ?? 120_000,
    maxBuffer: 64 * 2 ** 20,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh copy of a fixture folder under the OS temp dir, so tests can change it freely. */
export function copyFixture(name: string): string {
  const target = fs.mkdtempSync(path.join(os.tmpdir(), `resilint-${name.replace(/\W/gu, '-')}-`));
  fs.cpSync(path.join(REPO_ROOT, 'test/fixtures', name), target, { recursive: true });
  return target;
}
