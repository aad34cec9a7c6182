import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { Triage } from '../../src/findings/finding.js';
import type { LlmStats } from '../../src/report/types.js';
import { FILES } from './fixture.js';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(REPO_ROOT, 'bin/resilint.js');

export interface JsonReport {
  findings: {
    ruleId: string;
    file: string;
    line: number;
    column: number;
    severity: string;
    explanation?: { source: string; verdict?: string; confidence?: number; text: string };
    triage?: Triage;
    fix?: { source: string; verified: boolean };
  }[];
  notifications: { level: string; kind: string; message: string }[];
  stats: { llm?: LlmStats };
}

export interface CliRun {
  /** Resolves when the process has exited. */
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
  kill(signal: NodeJS.Signals): void;
}

/** The real binary as a child process: the loopback server lives in this process and must keep answering. */
export function startCli(args: string[], cwd: string, env: NodeJS.ProcessEnv): CliRun {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { done, kill: (signal) => child.kill(signal) };
}

export function runCli(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return startCli(args, cwd, env).done;
}

/** A fresh project folder holding `files` of the escalation fixture. */
export function createProject(files: readonly string[]): string {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'resilint-cli-llm-'));
  fs.writeFileSync(
    path.join(cwd, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2023', 'DOM'], strict: true, noEmit: true, types: [] },
      include: ['src'],
    }),
  );
  fs.writeFileSync(path.join(cwd, 'package.json'), JSON.stringify({ name: 'svc', type: 'module' }));
  fs.mkdirSync(path.join(cwd, 'src'));
  for (const file of files) fs.writeFileSync(path.join(cwd, file), FILES[file]!);
  return cwd;
}
