import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';

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

/**
 * The CLI module's `main` (src/cli/main.ts) in this process, with the argv, cwd and environment the binary
 * would get: what bin/resilint.js adds (signal and crash handlers, the exit code) is tested through the
 * binary in a few cases; everything else runs here, where TypeScript and the rules load once per test file
 * instead of once per run (2-3 s each on 2 busy cores). Neither stream is a terminal, as in `runCli`.
 */
export async function runInProcess(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<CliRun> {
  const { main } = await import('../../src/cli/main.js');
  const stdout = new TextSink();
  const stderr = new TextSink();
  const code = await main(args, {
    stdout,
    stderr,
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: '1', ANTHROPIC_API_KEY: '', ...options.env },
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** A stream that keeps what is written to it. */
class TextSink extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.text += chunk.toString();
    callback();
  }
}

/** A fresh copy of a fixture folder under the OS temp dir, so tests can change it freely. */
export function copyFixture(name: string): string {
  const target = fs.mkdtempSync(path.join(os.tmpdir(), `resilint-${name.replace(/\W/gu, '-')}-`));
  fs.cpSync(path.join(REPO_ROOT, 'test/fixtures', name), target, { recursive: true });
  return target;
}
