import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { Ajv } from 'ajv';

import { BIN, REPO_ROOT } from '../helpers/run-cli.js';
import type { Content, FuzzBatch, FuzzCase, Special } from './arbitraries.js';

/** What one run of the binary on one batch did wrong; all zero for a good run. */
export interface BatchVerdict {
  inputs: number;
  crashes: number;
  hangs: number;
  lostFindings: number;
  /** Notifications of kind internal-error (a rule that failed on a file): counted, allowed. */
  ruleErrors: number;
  problems: string[];
  /** The workspace, kept when something went wrong, for reproducing. */
  workspace?: string;
  ms: number;
}

interface JsonReport {
  findings: { file: string; line: number; ruleId: string; severity: 'note' | 'warning' | 'error' }[];
  notifications: { kind: string }[];
}

/** Lowest first: a finding counts for `failOn` at its level and above. */
const SEVERITY_ORDER = ['note', 'warning', 'error'];

const validateReport = new Ajv({ allErrors: true, strict: false }).compile(
  JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'docs/report.schema.json'), 'utf8')) as object,
);

const CONTROL_FIXTURE = path.join(REPO_ROOT, 'test/fixtures/cli/service');
const STACK_FRAME = /\n\s+at /u;

/** The control folder's findings with the default configuration, as `file:line ruleId`. */
export function controlFindings(): string[] {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'resilint-fuzz-control-'));
  try {
    fs.cpSync(CONTROL_FIXTURE, path.join(workspace, 'control'), { recursive: true });
    const run = spawnSync(process.execPath, [BIN, 'analyze', '-f', 'json', '--no-cache', 'control'], { cwd: workspace, encoding: 'utf8', env: cliEnv() });
    const findings = siteList(JSON.parse(run.stdout) as JsonReport);
    if (findings.length === 0) throw new Error(`The control folder has no findings: ${run.stderr}`);
    return findings;
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

/** How one run of the binary ended. */
interface RunOutcome {
  status: number | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

/**
 * Writes `batch` into a fresh workspace (the control folder plus one folder per case), runs the real
 * binary once on all of it and judges the run: exit 0/1 as --fail-on says or 2 for a bad configuration
 * only, no stack trace, a JSON report valid against the schema, and every control finding present.
 */
export function runBatch(batch: FuzzBatch, control: readonly string[], options: { timeoutMs: number }): BatchVerdict {
  const started = performance.now();
  const { workspace, args } = prepare(batch);
  const run = spawnSync(process.execPath, [BIN, ...args], {
    cwd: workspace,
    encoding: 'utf8',
    env: cliEnv(),
    timeout: options.timeoutMs,
    maxBuffer: 256 * 2 ** 20,
  });
  const timedOut = (run.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  return finish(batch, control, workspace, started, { status: run.status, timedOut, stdout: run.stdout ?? '', stderr: run.stderr ?? '' });
}

/** runBatch without blocking, so that the long run can keep two binaries busy. */
export async function runBatchAsync(batch: FuzzBatch, control: readonly string[], options: { timeoutMs: number }): Promise<BatchVerdict> {
  const started = performance.now();
  const { workspace, args } = prepare(batch);
  const outcome = await new Promise<RunOutcome>((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: workspace, env: cliEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, timedOut, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') });
    });
  });
  return finish(batch, control, workspace, started, outcome);
}

function prepare(batch: FuzzBatch): { workspace: string; args: string[] } {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'resilint-fuzz-'));
  fs.cpSync(CONTROL_FIXTURE, path.join(workspace, 'control'), { recursive: true });
  const paths = ['control'];
  batch.cases.forEach((fuzzCase, index) => paths.push(...writeCase(workspace, `c${index}`, fuzzCase)));
  if (batch.config !== undefined) write(path.join(workspace, 'resilint.config.json'), batch.config);
  // Paths come after `--`, so a generated name such as "-dash.ts" is never read as an option.
  return { workspace, args: ['analyze', '-f', 'json', '--no-cache', ...batch.ignore.flatMap((glob) => ['--ignore', glob]), '--', ...paths] };
}

function finish(batch: FuzzBatch, control: readonly string[], workspace: string, started: number, outcome: RunOutcome): BatchVerdict {
  const verdict: BatchVerdict = { inputs: batch.cases.length, crashes: 0, hangs: 0, lostFindings: 0, ruleErrors: 0, problems: [], ms: 0 };
  judge(outcome, batch, control, verdict);
  verdict.ms = performance.now() - started;
  if (verdict.problems.length === 0) fs.rmSync(workspace, { recursive: true, force: true });
  else verdict.workspace = workspace;
  return verdict;
}

function judge(run: RunOutcome, batch: FuzzBatch, control: readonly string[], verdict: BatchVerdict): void {
  const { stdout, stderr } = run;
  const crash = (problem: string): void => {
    verdict.crashes += 1;
    verdict.problems.push(`${problem}\n${stderr.slice(0, 2_000)}`);
  };
  if (run.timedOut) {
    verdict.hangs += 1;
    verdict.problems.push('the run did not finish in time');
    return;
  }
  if (STACK_FRAME.test(stderr) || stderr.includes('unexpected error')) return crash('a stack trace or an unexpected error on stderr');
  if (batch.configInvalid) {
    if (run.status !== 2) return crash(`exit ${run.status} for an invalid configuration, expected 2`);
    if (!/^resilint: .+\n$/u.test(stderr) || stdout !== '') return crash('an invalid configuration must give exactly one message and no report');
    return;
  }
  let report: JsonReport;
  try {
    report = JSON.parse(stdout) as JsonReport;
  } catch {
    return crash('stdout is not JSON');
  }
  if (!validateReport(report)) return crash(`the report does not match the schema: ${JSON.stringify(validateReport.errors).slice(0, 500)}`);
  // Exit 1 when a finding is at or above the configuration's failOn (the control folder always has findings).
  const failing =
    batch.failOn !== 'never' && report.findings.some((finding) => SEVERITY_ORDER.indexOf(finding.severity) >= SEVERITY_ORDER.indexOf(batch.failOn));
  const expected = failing ? 1 : 0;
  if (run.status !== expected) return crash(`exit ${run.status}, expected ${expected}`);
  if (report.findings.length === 0) return crash('no findings, while the control folder has some');
  const found = new Set(siteList(report));
  const lost = control.filter((site) => !found.has(site));
  if (lost.length > 0) {
    verdict.lostFindings += lost.length;
    verdict.problems.push(`control findings lost: ${lost.join(', ')}`);
  }
  verdict.ruleErrors += report.notifications.filter((notification) => notification.kind === 'internal-error').length;
}

function siteList(report: JsonReport): string[] {
  return report.findings.filter((finding) => finding.file.startsWith('control/')).map((finding) => `${finding.file}:${finding.line} ${finding.ruleId}`);
}

/** Writes one case into `workspace/folder`; returns the paths to name on the command line. */
function writeCase(workspace: string, folder: string, fuzzCase: FuzzCase): string[] {
  const root = path.join(workspace, folder);
  fs.mkdirSync(root, { recursive: true });
  const entries: string[] = [];
  for (const file of fuzzCase.files) {
    const target = path.join(root, file.name);
    try {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      write(target, file.content);
      entries.push(path.relative(workspace, target));
    } catch {
      // Two generated names that cannot coexist (a file where a folder must be): keep the first.
    }
  }
  fuzzCase.specials.forEach((special, index) => {
    const name = makeSpecial(root, special, index);
    if (name) entries.push(path.relative(workspace, name));
  });
  if (fuzzCase.tsconfig !== undefined) write(path.join(root, 'tsconfig.json'), fuzzCase.tsconfig);
  if (fuzzCase.packageJson !== undefined) write(path.join(root, 'package.json'), fuzzCase.packageJson);
  if (fuzzCase.gitignore !== undefined) write(path.join(root, '.gitignore'), fuzzCase.gitignore);
  return fuzzCase.named && entries.length > 0 ? [...new Set(entries)] : [folder];
}

function makeSpecial(root: string, special: Special, index: number): string | undefined {
  const name = path.join(root, `special-${index}-${special}${special === 'folder-loop' ? '' : '.ts'}`);
  if (fs.existsSync(name)) return undefined;
  switch (special) {
    case 'self-link':
      fs.symlinkSync(path.basename(name), name);
      break;
    case 'dangling-link':
      fs.symlinkSync('nowhere.ts', name);
      break;
    case 'folder-loop':
      fs.symlinkSync('.', name);
      break;
    case 'fifo':
      execFileSync('mkfifo', [name]);
      break;
    case 'dev-zero-link':
      fs.symlinkSync('/dev/zero', name);
      break;
    case 'dev-urandom-link':
      fs.symlinkSync('/dev/urandom', name);
      break;
    case 'folder-named-ts':
      fs.mkdirSync(name);
      fs.writeFileSync(path.join(name, 'inner.ts'), 'try { run(); } catch {}\n');
      break;
  }
  return name;
}

function write(file: string, content: Content): void {
  fs.writeFileSync(file, content);
}

function cliEnv(): NodeJS.ProcessEnv {
  return { ...process.env, NO_COLOR: '1', ANTHROPIC_API_KEY: '' };
}
