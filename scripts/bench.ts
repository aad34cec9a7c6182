import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { DEFAULT_FILES, DEFAULT_SEED, generateProject, MIN_FILES, writeProject } from './bench/generate.js';

/**
 * `npm run bench [-- <path>] [--files N] [--seed S] [--runs N] [--skip name,...] [--baseline <git ref>]`
 *
 * Times `resilint analyze` against `tsc --noEmit` and against ESLint with typescript-eslint's typed
 * no-floating-promises, only-throw-error and use-unknown-in-catch-callback-variable, on the same files,
 * each as its own child process, and prints wall time, CPU time, peak memory and the ratios against the
 * targets. With `--runs N` (default 3) every contender runs N times, in interleaved rounds so that a
 * change in the machine's load hits all of them alike, and the table shows the median run of each. Without a path it generates a synthetic service of 3,000 files (seeded, deterministic) in
 * the temp directory. With `--baseline <ref>` the `analyze` of that commit (exported with `git archive` and
 * built in the temp directory, on this checkout's `node_modules`) runs cold in every round too, and the
 * ratios compare this tree with it: a regression told apart from the machine's variance and from `tsc`'s.
 * It never fails on a missed target: timings depend on the machine and its load.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc');
const ESLINT = path.join(ROOT, 'node_modules/eslint/bin/eslint.js');
const RESILINT = path.join(ROOT, 'bin/resilint.js');
const RESILINT_BUILT = path.join(ROOT, 'dist/src/cli/main.js');
const TSX_LOADER = 'tsx';

const STEPS = ['tsc', 'eslint', 'cold', 'baseline', 'warm', 'floor'] as const;
type Step = (typeof STEPS)[number];

interface Measurement {
  label: string;
  wallS: number;
  cpuS: number;
  peakMb: number;
  exitCode: number;
  /** A count from the tool's output: type errors, ESLint problems, resilint findings. */
  result: string;
  /** False when the run crashed or wrote no result: it is shown but left out of the ratios. */
  ok: boolean;
  note?: string;
}

interface Args {
  target?: string;
  files: number;
  seed: number;
  runs: number;
  skip: Set<Step>;
  baseline?: string;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { files: DEFAULT_FILES, seed: DEFAULT_SEED, runs: DEFAULT_RUNS, skip: new Set() };
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] as string;
    const value = (): string => {
      const next = argv[++index];
      if (next === undefined) throw new UsageError(`${arg} needs a value`);
      return next;
    };
    if (arg === '--files') args.files = Number(value());
    else if (arg === '--seed') args.seed = Number(value());
    else if (arg === '--runs') args.runs = Number(value());
    else if (arg === '--baseline') args.baseline = value();
    else if (arg === '--skip') {
      for (const step of value().split(',')) {
        if (!(STEPS as readonly string[]).includes(step)) throw new UsageError(`--skip takes ${STEPS.join(', ')}; got "${step}"`);
        args.skip.add(step as Step);
      }
    } else if (arg.startsWith('--')) throw new UsageError(`Unknown option ${arg}`);
    else if (args.target === undefined) args.target = arg;
    else throw new UsageError(`One path only; got "${args.target}" and "${arg}"`);
  }
  if (!Number.isInteger(args.files) || !Number.isInteger(args.seed)) throw new UsageError('--files and --seed take integers');
  if (!Number.isInteger(args.runs) || args.runs < 1) throw new UsageError('--runs takes a positive integer');
  if (args.files < MIN_FILES) throw new UsageError(`--files: the synthetic project needs at least ${MIN_FILES} files`);
  return args;
}

class UsageError extends Error {}

const DEFAULT_RUNS = 3;

// ---------------------------------------------------------------------------------------------------
// Measuring a child process
// ---------------------------------------------------------------------------------------------------

/** GNU time reports peak RSS of the child and its descendants (wait4 rusage); else poll /proc. */
const GNU_TIME = ((): string | undefined => {
  const candidate = '/usr/bin/time';
  if (!fs.existsSync(candidate)) return undefined;
  const probe = spawnSync(candidate, ['-f', '%M', 'true'], { encoding: 'utf8' });
  return probe.status === 0 && /^\d+\s*$/u.test(probe.stderr) ? candidate : undefined;
})();

interface RunResult {
  wallS: number;
  cpuS: number;
  peakMb: number;
  exitCode: number;
  stdout: string;
  stderr: string;
}

async function measure(command: string, args: readonly string[], cwd: string): Promise<RunResult> {
  const timeFile = path.join(os.tmpdir(), `resilint-bench-time-${process.pid}.txt`);
  const [file, fileArgs] = GNU_TIME ? [GNU_TIME, ['-f', '%e %U %S %M', '-o', timeFile, command, ...args]] : [command, [...args]];
  const started = performance.now();
  const child = spawn(file, fileArgs, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let polledPeakKb = 0;
  const poll = GNU_TIME
    ? undefined
    : setInterval(() => {
        polledPeakKb = Math.max(polledPeakKb, readPeakKb(child.pid));
      }, 25);
  const exitCode = await new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
  const wallS = (performance.now() - started) / 1_000;
  if (poll) clearInterval(poll);
  if (GNU_TIME) {
    const text = fs.readFileSync(timeFile, 'utf8').trim().split('\n').at(-1) ?? '';
    fs.rmSync(timeFile, { force: true });
    const [wall, user, system, peakKb] = text.split(' ').map(Number);
    return { wallS: wall ?? wallS, cpuS: (user ?? 0) + (system ?? 0), peakMb: (peakKb ?? 0) / 1_024, exitCode, stdout, stderr };
  }
  const usage = process.resourceUsage();
  return { wallS, cpuS: Number.NaN, peakMb: polledPeakKb / 1_024 || usage.maxRSS / 1_024, exitCode, stdout, stderr };
}

function readPeakKb(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const match = /VmHWM:\s+(\d+)\s+kB/u.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    // The process has exited between two polls.
    return 0;
  }
}

// ---------------------------------------------------------------------------------------------------
// The contenders
// ---------------------------------------------------------------------------------------------------

async function runTsc(target: string, tsconfig: string): Promise<Measurement> {
  const run = await measure(process.execPath, [TSC, '--noEmit', '-p', tsconfig], target);
  const errors = (run.stdout.match(/error TS\d+/gu) ?? []).length;
  return {
    label: 'tsc --noEmit',
    ...pick(run),
    result: `${errors} type errors`,
    // tsc exits 1 or 2 when it reports type errors; anything else, or a stack trace, is a crash.
    ok: run.exitCode <= 2 && !/^\s+at /mu.test(run.stderr),
    ...(run.exitCode > 2 && { note: tail(run.stderr || run.stdout) }),
  };
}

async function runEslint(target: string, work: string): Promise<Measurement> {
  const config = path.join(work, 'eslint.bench.config.mjs');
  const typescriptEslint = pathToFileURL(path.join(ROOT, 'node_modules/typescript-eslint/dist/index.js')).href;
  fs.writeFileSync(
    config,
    `// Generated by scripts/bench.ts: typescript-eslint's typed rules closest to resilint's, nothing else.
import tseslint from ${JSON.stringify(typescriptEslint)};

const basePath = ${JSON.stringify(target)};

export default [
  { basePath, ignores: ['**/node_modules/**', '**/dist/**', '**/build/**', '**/coverage/**', '**/*.d.ts'] },
  {
    basePath,
    files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: basePath },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/use-unknown-in-catch-callback-variable': 'error',
    },
  },
];
`,
  );
  const output = path.join(work, 'eslint-result.json');
  fs.rmSync(output, { force: true });
  const run = await measure(process.execPath, [ESLINT, '--config', config, '--format', 'json', '--output-file', output, '--no-warn-ignored', '.'], target);
  let result = 'no output';
  let files = 0;
  let ok = false;
  try {
    const report = JSON.parse(fs.readFileSync(output, 'utf8')) as { messages: { ruleId: string | null }[] }[];
    files = report.length;
    const messages = report.flatMap((file) => file.messages);
    const parsing = messages.filter((message) => message.ruleId === null).length;
    result = `${messages.length - parsing} problems in ${files} files${parsing ? `, ${parsing} parse errors` : ''}`;
    ok = run.exitCode <= 1;
  } catch {
    // ESLint crashed before writing; the note shows why.
  }
  return {
    label: 'eslint (typed, 3 rules)',
    ...pick(run),
    result,
    ok,
    ...(run.exitCode > 1 && { note: tail(run.stderr || run.stdout) }),
  };
}

/** `baseline` runs another build of resilint (`--baseline`) cold, with its own cache folder and output. */
async function runResilint(target: string, work: string, phase: 'cold' | 'warm', baseline?: Baseline): Promise<Measurement> {
  const bin = baseline ? path.join(baseline.dir, 'bin/resilint.js') : RESILINT;
  const name = baseline ? 'baseline' : phase;
  const cacheDir = path.join(work, baseline ? 'resilint-cache-baseline' : 'resilint-cache');
  if (phase === 'cold') fs.rmSync(cacheDir, { recursive: true, force: true });
  const output = path.join(work, `resilint-${name}.json`);
  fs.rmSync(output, { force: true });
  const extra = resilintHelp(bin).includes('--llm') ? ['--llm', 'off'] : [];
  const run = await measure(
    process.execPath,
    [bin, 'analyze', '.', '--format', 'json', '--output', output, '--cache-dir', cacheDir, '--fail-on', 'never', '--quiet', ...extra],
    target,
  );
  let result = 'no output';
  let ok = false;
  try {
    const report = JSON.parse(fs.readFileSync(output, 'utf8')) as { findings: unknown[]; stats?: { filesAnalyzed?: number } };
    result = `${report.findings.length} findings in ${report.stats?.filesAnalyzed ?? '?'} files`;
    // With --fail-on never any exit but 0 is a failure (an uncaught exception exits 1 too).
    ok = run.exitCode === 0;
  } catch {
    // resilint failed before writing; the note shows why.
  }
  return {
    label: baseline ? `baseline ${baseline.label} (cold)` : `resilint analyze (${phase}${phase === 'cold' ? ', empty cache' : ', cache'})`,
    ...pick(run),
    result,
    ok,
    ...(run.exitCode !== 0 && { note: tail(run.stderr || run.stdout) }),
  };
}

async function runFloor(tsconfig: string): Promise<Measurement> {
  const run = await measure(process.execPath, ['--import', TSX_LOADER, path.join(ROOT, 'scripts/bench/floor.ts'), tsconfig], ROOT);
  let result = 'no output';
  let note: string | undefined;
  let ok = false;
  try {
    const floor = JSON.parse(run.stdout) as { files: number; findings: number; phases: Record<string, number>; cpu: Record<string, number> };
    result = `${floor.findings} findings in ${floor.files} files`;
    const phases = (times: Record<string, number>): string =>
      Object.entries(times)
        .map(([name, ms]) => `${name} ${(ms / 1_000).toFixed(2)}`)
        .join(', ');
    note = `phases wall s: ${phases(floor.phases)}; cpu s: ${phases(floor.cpu)}`;
    ok = run.exitCode === 0;
  } catch {
    note = tail(run.stderr || run.stdout);
  }
  return { label: 'floor: program + checker + runChecks', ...pick(run), result, ok, ...(note && { note }) };
}

const helpTexts = new Map<string, string>();
function resilintHelp(bin: string): string {
  let text = helpTexts.get(bin);
  if (text === undefined) {
    text = spawnSync(process.execPath, [bin, 'analyze', '--help'], { encoding: 'utf8' }).stdout ?? '';
    helpTexts.set(bin, text);
  }
  return text;
}

interface Baseline {
  dir: string;
  /** The ref as given and its short commit id, for the table. */
  label: string;
}

/**
 * Exports `ref` with `git archive` into the temp directory and builds it there (its own `npm run build`)
 * with this checkout's `node_modules` (linked), once per commit. The CLI reaches the plugin's presets by relative imports, so
 * the workspace link in `node_modules` (to this checkout's plugin) is never used by it.
 */
function prepareBaseline(ref: string, work: string): Baseline {
  const git = (gitArgs: string[]): string => {
    const result = spawnSync('git', gitArgs, { cwd: ROOT, encoding: 'utf8' });
    if (result.status !== 0) throw new UsageError(`--baseline ${ref}: git ${gitArgs.join(' ')} failed: ${result.stderr.trim()}`);
    return result.stdout.trim();
  };
  const commit = git(['rev-parse', '--verify', `${ref}^{commit}`]);
  const dir = path.join(work, `baseline-${commit}`);
  const label = commit.startsWith(ref) ? commit.slice(0, 7) : `${ref} (${commit.slice(0, 7)})`;
  if (fs.existsSync(path.join(dir, 'dist/src/cli/main.js'))) return { dir, label };
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const archive = spawnSync('git', ['archive', '--format=tar', commit], { cwd: ROOT, maxBuffer: 1 << 30 });
  const unpack = archive.status === 0 ? spawnSync('tar', ['-x', '-C', dir], { input: archive.stdout }) : undefined;
  if (!unpack || unpack.status !== 0) throw new UsageError(`--baseline ${ref}: could not export ${commit} with git archive`);
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  process.stderr.write(`bench: building the baseline ${label} in ${dir}...\n`);
  // The commit's own build script: the layout of the build changed over time.
  const build = spawnSync('npm', ['run', 'build'], { cwd: dir, encoding: 'utf8' });
  if (build.status !== 0) throw new UsageError(`--baseline ${ref}: its \`npm run build\` failed: ${tail(build.stdout + build.stderr)}`);
  return { dir, label };
}

/** The run with the median wall time; failed runs count only when every run failed. */
function median(measured: readonly Measurement[]): Measurement {
  const usable = measured.some((run) => run.ok) ? measured.filter((run) => run.ok) : [...measured];
  const sorted = [...usable].sort((a, b) => a.wallS - b.wallS);
  return { ...sorted[Math.floor((sorted.length - 1) / 2)]! };
}

function pick(run: RunResult): Pick<Measurement, 'wallS' | 'cpuS' | 'peakMb' | 'exitCode'> {
  return { wallS: run.wallS, cpuS: run.cpuS, peakMb: run.peakMb, exitCode: run.exitCode };
}

function tail(text: string): string {
  return text.trim().split('\n').slice(-3).join(' | ').slice(0, 300);
}

// ---------------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------------

interface Ratio {
  name: string;
  value: number | undefined;
  target: number;
}

function ratios(measured: Partial<Record<Step, Measurement>>): Ratio[] {
  // A crashed run has no meaningful time: its ratios are n/a.
  const byStep = Object.fromEntries(Object.entries(measured).filter(([, measurement]) => measurement.ok)) as Partial<Record<Step, Measurement>>;
  const { tsc, eslint, cold, warm, baseline } = byStep;
  const divide = (a: number | undefined, b: number | undefined): number | undefined =>
    a === undefined || b === undefined || b === 0 || Number.isNaN(a) || Number.isNaN(b) ? undefined : a / b;
  return [
    { name: 'wall  resilint cold / tsc', value: divide(cold?.wallS, tsc?.wallS), target: 0.5 },
    { name: 'wall  resilint cold / eslint', value: divide(cold?.wallS, eslint?.wallS), target: 0.4 },
    { name: 'wall  resilint warm / cold', value: divide(warm?.wallS, cold?.wallS), target: 0.15 },
    { name: 'peak  resilint cold / tsc', value: divide(cold?.peakMb, tsc?.peakMb), target: 1.0 },
    { name: 'cpu   resilint cold / tsc', value: divide(cold?.cpuS, tsc?.cpuS), target: 0.5 },
    { name: 'cpu   resilint cold / eslint', value: divide(cold?.cpuS, eslint?.cpuS), target: 0.4 },
    { name: 'wall  resilint cold / baseline', value: divide(cold?.wallS, baseline?.wallS), target: 1.1 },
    { name: 'cpu   resilint cold / baseline', value: divide(cold?.cpuS, baseline?.cpuS), target: 1.1 },
    { name: 'floor wall / tsc', value: divide(byStep.floor?.wallS, tsc?.wallS), target: 0.5 },
    { name: 'floor peak / tsc', value: divide(byStep.floor?.peakMb, tsc?.peakMb), target: 1.0 },
  ];
}

function printReport(measurements: Partial<Record<Step, Measurement>>, context: string[]): string {
  const lines: string[] = [...context, ''];
  const rows = STEPS.flatMap((step) => (measurements[step] ? [measurements[step]] : []));
  const width = Math.max(...rows.map((row) => row.label.length), 10);
  lines.push(`${'run'.padEnd(width)}  ${'wall s'.padStart(7)}  ${'cpu s'.padStart(7)}  ${'peak MB'.padStart(8)}  exit  result`);
  const failed = rows.filter((row) => !row.ok).map((row) => row.label);
  for (const row of rows) {
    lines.push(
      `${row.label.padEnd(width)}  ${row.wallS.toFixed(2).padStart(7)}  ${(Number.isNaN(row.cpuS) ? 'n/a' : row.cpuS.toFixed(2)).padStart(7)}  ${row.peakMb.toFixed(0).padStart(8)}  ${String(row.exitCode).padStart(4)}  ${row.result}`,
    );
    if (row.note) lines.push(`${''.padEnd(width)}  ${row.note}`);
  }
  if (failed.length > 0) lines.push('', `FAILED (left out of the ratios): ${failed.join('; ')}`);
  lines.push('', `${'ratio'.padEnd(30)}  ${'value'.padStart(6)}  target`);
  for (const ratio of ratios(measurements)) {
    const value = ratio.value === undefined ? 'n/a' : ratio.value.toFixed(2);
    const verdict = ratio.value === undefined ? '' : ratio.value <= ratio.target ? 'met' : 'MISSED';
    lines.push(`${ratio.name.padEnd(30)}  ${value.padStart(6)}  <= ${ratio.target.toFixed(2)}  ${verdict}`);
  }
  lines.push(
    '',
    'cpu = user + system seconds of the child and its descendants; on a loaded machine it is steadier than wall time.',
    'floor = scripts/bench/floor.ts: one ts.createProgram + getTypeChecker + runChecks of every rule over every file;',
    '        no discovery, config, directives, fingerprints or output. What `analyze` costs without a cache at best.',
  );
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(
        `${error.message}\nusage: npm run bench [-- <path>] [--files N] [--seed S] [--runs N] [--skip ${STEPS.join(',')}] [--baseline <git ref>]\n`,
      );
      return 2;
    }
    throw error;
  }
  const work = path.join(os.tmpdir(), 'resilint-bench');
  fs.mkdirSync(work, { recursive: true });

  let target: string;
  const context: string[] = [];
  if (args.target === undefined) {
    // Outside the repository: resilint honours the repository's .gitignore, which lists bench output.
    target = path.join(work, `synthetic-${args.files}-${args.seed}`);
    const files = generateProject({ files: args.files, seed: args.seed });
    writeProject(target, files);
    context.push(`project: synthetic, ${args.files} .ts files, seed ${args.seed}, in ${target}`);
  } else {
    target = path.resolve(args.target);
    if (!fs.existsSync(target)) {
      process.stderr.write(`No such path: ${target}\n`);
      return 2;
    }
    context.push(`project: ${target}`);
  }
  const tsconfig = path.join(target, 'tsconfig.json');
  if (!fs.existsSync(tsconfig)) {
    process.stderr.write(`${target} has no tsconfig.json: tsc and the typed ESLint run need one.\n`);
    return 2;
  }
  const cpus = os.cpus();
  context.push(
    `machine: ${cpus.length} x ${cpus[0]?.model.trim() ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, load ${os
      .loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')}, node ${process.version}, ${os.platform()} ${os.release()}`,
    `peak memory: ${GNU_TIME ? 'GNU time (max RSS of the process tree)' : 'polling VmHWM of /proc/<pid>/status'}`,
  );

  const runs: Partial<Record<Step, Measurement[]>> = {};
  const step = async (name: Step, round: number, run: () => Promise<Measurement>): Promise<void> => {
    if (args.skip.has(name)) return;
    process.stderr.write(`bench: ${name} (run ${round} of ${args.runs})...\n`);
    const measurement = await run();
    (runs[name] ??= []).push(measurement);
    process.stderr.write(`bench: ${name} ${measurement.wallS.toFixed(2)} s\n`);
  };
  const built = fs.existsSync(RESILINT_BUILT);
  if (!built) context.push(`resilint analyze: not measured, ${path.relative(ROOT, RESILINT_BUILT)} is missing (run \`npm run build\`).`);
  let baseline: Baseline | undefined;
  if (args.baseline !== undefined && built && !args.skip.has('baseline')) {
    try {
      baseline = prepareBaseline(args.baseline, work);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    context.push(
      `baseline: ${baseline.label}, built in ${baseline.dir}, run cold beside this tree's cold run in every round (after it in odd rounds, before it in even ones)`,
    );
  }
  for (let round = 1; round <= args.runs; round++) {
    await step('tsc', round, () => runTsc(target, tsconfig));
    await step('eslint', round, () => runEslint(target, work));
    if (built) {
      // The baseline goes first in even rounds, so that neither build always meets a cold file cache.
      const runBaseline = (): Promise<void> | undefined => baseline && step('baseline', round, () => runResilint(target, work, 'cold', baseline));
      if (round % 2 === 0) await runBaseline();
      await step('cold', round, () => runResilint(target, work, 'cold'));
      const cold = runs.cold?.at(-1);
      if (round % 2 === 1) await runBaseline();
      await step('warm', round, async () => {
        const warm = await runResilint(target, work, 'warm');
        // Without a successful cold run there was no cache to warm from.
        return cold && !cold.ok ? { ...warm, ok: false, note: 'the cold run failed, so this run had no cache' } : warm;
      });
    }
    await step('floor', round, () => runFloor(tsconfig));
  }
  const measurements: Partial<Record<Step, Measurement>> = {};
  for (const name of STEPS) {
    const measured = runs[name];
    if (measured) measurements[name] = median(measured);
  }
  context.push(
    `runs: ${args.runs} of each, in interleaved rounds; each row is the run with the median wall time${args.runs > 1 ? ' (wall times of all runs in brackets)' : ''}`,
  );
  if (args.runs > 1) {
    for (const name of STEPS) {
      const measurement = measurements[name];
      const all = runs[name];
      if (measurement && all) measurement.label += ` [${all.map((run) => run.wallS.toFixed(2)).join(' ')}]`;
    }
  }

  const report = printReport(measurements, context);
  process.stdout.write(`${report}\n`);
  const resultFile = path.join(work, 'results.json');
  fs.writeFileSync(resultFile, `${JSON.stringify({ context, measurements, runs, ratios: ratios(measurements) }, null, 2)}\n`);
  process.stdout.write(`\n(raw figures: ${resultFile})\n`);
  return 0;
}

process.exitCode = await main();
