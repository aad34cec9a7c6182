import path from 'node:path';

import { type Command, InvalidArgumentError, Option } from 'commander';

import fs from 'node:fs';

import { PRESET_ORDER } from '../../eslint-plugin/presets.js';
import { NON_PRODUCTION_KINDS, type NonProductionKind } from '../../rules/engine/classify-file.js';
import { analyze, type AnalysisResult } from '../analyze/analyze.js';
import { formatLlmStats } from '../escalate/format-stats.js';
import type { EscalationResult } from '../escalate/escalate.js';
import type { EscalationOptions } from '../escalate/options.js';
import { VERIFIED_FIX_CHECKS } from '../escalate/verified-fix-checks.js';
import { emptyStats } from '../escalate/pricing.js';
import { ruleDocExplanation } from '../escalate/rule-doc-explanation.js';
import { loadConfig, type PresetName } from '../config/load-config.js';
import { ConfigurationError } from '../errors.js';
import { applyBaseline, readBaseline } from '../findings/baseline.js';
import { type Finding, SEVERITY_RANK, type Severity } from '../findings/finding.js';
import { FORMAT_NAMES, type FormatName } from '../report/formatters/index.js';
import { renderReport } from '../report/render.js';
import { addLineHashes } from '../report/sarif/line-hash.js';
import { writeFileAtomic } from '../report/write-output.js';
import { addLlmOptions, type LlmCliOptions, resolveEscalationOptions } from './llm-options.js';
import { type CliIo, EXIT } from './main.js';
import { createProgress } from './progress.js';

export interface AnalyzeCliOptions extends LlmCliOptions {
  project: string[];
  config?: string;
  preset?: PresetName;
  format: FormatName[];
  output: string[];
  failOn?: Severity | 'never';
  ignore: string[];
  includeTests?: boolean;
  include: NonProductionKind[];
  baseline?: string;
  changedSince?: string;
  shard?: { index: number; count: number };
  reportUnusedDisableDirectives?: boolean;
  quiet?: boolean;
  debug?: boolean;
  cacheDir: string;
  cache: boolean;
  color?: boolean;
  sarifCategory?: string;
  sarifIncludeSuppressed?: boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];
const collectKind = (value: string, previous: NonProductionKind[]): NonProductionKind[] => [...previous, value as NonProductionKind];

export function addAnalysisOptions(command: Command): Command {
  return command
    .option('-p, --project <tsconfig>', 'tsconfig.json (or folder) to load; repeatable. Default: the nearest tsconfig.json of each path', collect, [])
    .option('-c, --config <file>', 'resilint.config.json to use instead of searching for one')
    .addOption(
      new Option('--preset <name>', "the rules to run, in place of the config's `preset` (default: strict-type-checked, every rule)").choices([
        ...PRESET_ORDER,
      ]),
    )
    .option('--ignore <glob>', 'skip files matching this glob; repeatable', collect, [])
    .option(
      '--include-tests',
      'also analyze test files and folders (*.test.*, *.spec.*, __tests__/, test/, ...), which are skipped by default; the same as --include tests',
    )
    .addOption(
      new Option('--include <kind>', 'also analyze this kind of non-production code, skipped by default; repeatable')
        .choices([...NON_PRODUCTION_KINDS])
        .argParser(collectKind)
        .default([] as NonProductionKind[]),
    )
    .option('--changed-since <ref>', 'analyze only files changed since this git ref (types still come from the whole project)')
    .addOption(new Option('--shard <i/n>', 'analyze the i-th of n deterministic slices of the files (1-based)').argParser(parseShard))
    .option('--report-unused-disable-directives', 'report disable comments that suppress nothing')
    .option('--cache-dir <dir>', 'folder of the on-disk caches (analysis results, LLM answers)', '.resilint-cache')
    .option('--no-cache', 'neither read nor write the on-disk caches')
    .option('-q, --quiet', 'print nothing but results (no progress bar)')
    .option('--debug', 'print stack traces, per-phase timings and memory');
}

export function registerAnalyzeCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  const command = program
    .command('analyze')
    .description('analyze files and folders and report resilience findings')
    .argument('[paths...]', 'files and folders to analyze', ['.'])
    .addOption(
      new Option('-f, --format <format>', `output format (${FORMAT_NAMES.join(', ')}); repeatable, paired in order with --output`)
        .argParser(collectFormat)
        .default([] as FormatName[]),
    )
    .option('-o, --output <file>', 'write the matching --format to this file (atomically); repeatable', collect, [])
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity').choices(['error', 'warning', 'note', 'never']))
    .option('--baseline <file>', 'report and fail only on findings not in this baseline (see `resilint baseline`)')
    .option('--color', 'force colour in text output')
    .option('--no-color', 'no colour in text output')
    .option('--sarif-category <category>', 'SARIF automationDetails.id category (one per analysis in code scanning)')
    .option('--sarif-include-suppressed', 'keep suppressed findings in SARIF, marked with `suppressions`');
  addAnalysisOptions(command);
  addLlmOptions(command);
  command.action(async (paths: string[], options: AnalyzeCliOptions) => {
    const formats = options.format.length > 0 ? options.format : (['text'] as FormatName[]);
    if (options.output.length > formats.length) {
      throw new ConfigurationError(
        `${options.output.length} --output files for ${formats.length} --format(s): give one --format per --output, in the same order.`,
      );
    }
    for (const output of options.output) {
      if (isDirectory(path.resolve(io.cwd, output))) {
        throw new ConfigurationError(
          `--output ${output} is a directory: name the file to write the report to, e.g. --output ${path.join(output, 'resilint.json')}.`,
        );
      }
    }
    // Bad LLM settings are configuration errors: report them before spending time on the analysis.
    const loadedConfig = loadConfig(io.cwd, options.config);
    const escalationOptions = resolveEscalationOptions(options, loadedConfig.config.llm, io.env);
    const result = await runAnalysis(paths, options, io);
    const config = result.session.config.config;
    let findings = result.report.findings;
    const suppressed = [...result.suppressed];
    if (options.baseline) {
      const { active, baselined } = applyBaseline(findings, readBaseline(path.resolve(io.cwd, options.baseline)));
      findings = active;
      suppressed.push(...baselined);
    }
    const escalateStarted = performance.now();
    const escalated = await runEscalationStage(findings, result.session, escalationOptions, io.signal);
    findings = escalated.findings;
    // Interrupted after the static phase: every output is still written, complete in its static findings, and says so.
    if (findings.some((finding) => finding.fix?.source === 'model' && finding.fix.verified)) {
      escalated.notifications.push({
        level: 'note',
        kind: 'llm-fix-verification',
        message: `Each model fix marked verified was applied in memory and passed these checks: ${VERIFIED_FIX_CHECKS.join('; ')}.`,
      });
    }
    const interrupted = io.signal?.aborted ?? false;
    if (interrupted && !escalated.notifications.some((notification) => notification.kind === 'interrupted')) {
      escalated.notifications.push({
        level: 'warning',
        kind: 'interrupted',
        message: 'Interrupted after the static analysis; every static finding is in this report.',
      });
    }
    const llmActive = escalated.stats.requests > 0 || escalated.stats.cacheHits > 0;
    const report = {
      ...result.report,
      findings,
      notifications: [...result.report.notifications, ...escalated.notifications],
      stats: { ...result.report.stats, findings: findings.length, ...(llmActive && { llm: escalated.stats }) },
    };
    const escalateMs = performance.now() - escalateStarted;
    const reportStarted = performance.now();
    formats.forEach((format, index) => {
      const output = options.output[index];
      const text = renderReport(format, format === 'sarif' ? withLineHashes(report, io.cwd) : report, {
        cwd: io.cwd,
        color: options.color ?? (!output && Boolean(io.stdout.isTTY) && !('NO_COLOR' in io.env)),
        suppressed: format === 'sarif' ? withLineHashes({ ...report, findings: suppressed }, io.cwd).findings : suppressed,
        sarifCategory: options.sarifCategory,
        sarifIncludeSuppressed: options.sarifIncludeSuppressed ?? false,
      });
      if (output) writeReport(output, path.resolve(io.cwd, output), text);
      else io.stdout.write(text);
    });
    if (options.debug) {
      const memory = process.memoryUsage();
      io.stderr.write(
        `[debug] ${result.fromCache ? 'analysis cache hit; ' : ''}load ${result.timings.loadMs.toFixed(0)} ms, analyze ${result.timings.analyzeMs.toFixed(0)} ms, escalate ${escalateMs.toFixed(0)} ms, report ${(performance.now() - reportStarted).toFixed(0)} ms; rss ${(memory.rss / 2 ** 20).toFixed(0)} MiB, heap ${(memory.heapUsed / 2 ** 20).toFixed(0)} MiB\n`,
      );
    }
    // The text report already ends with this line when it goes to the terminal.
    const textOnStdout = formats.some((format, index) => format === 'text' && !options.output[index]);
    if (llmActive && !options.quiet && !textOnStdout) {
      io.stderr.write(`${formatLlmStats(escalated.stats)}\n`);
    }
    const failOn = options.failOn ?? config.failOn ?? 'error';
    // A finding the model triaged with --llm-triage hide stays in every report but does not fail the run.
    const failing =
      failOn !== 'never' && findings.some((finding) => finding.triage?.action !== 'hide' && SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[failOn]);
    setExitCode(interrupted ? EXIT.interrupted : failing ? EXIT.findings : EXIT.ok);
  });
}

/**
 * The LLM stage, loaded only when it can run: without a key (or with --llm off) every finding gets its
 * rule doc's explanation, and the SDK, secretlint and ts-morph are never loaded.
 */
async function runEscalationStage(
  findings: Finding[],
  session: AnalysisResult['session'],
  options: EscalationOptions,
  signal: AbortSignal | undefined,
): Promise<EscalationResult> {
  const canRun = options.mode === 'dry-run' || options.mode === 'on' || (options.mode === 'auto' && options.apiKey !== undefined);
  if (!canRun) {
    return {
      findings: findings.map((finding) => ({ ...finding, explanation: finding.explanation ?? ruleDocExplanation(finding.ruleId) })),
      notifications: [],
      stats: emptyStats(),
    };
  }
  let stage: typeof import('../escalate/escalate.js');
  try {
    stage = await import('../escalate/escalate.js');
  } catch (error) {
    const missing = missingOptionalPackage(error);
    if (!missing) throw error;
    return {
      findings: findings.map((finding) => ({ ...finding, explanation: finding.explanation ?? ruleDocExplanation(finding.ruleId) })),
      notifications: [
        {
          level: 'warning',
          kind: 'llm-unavailable',
          message: `The LLM stage needs ${missing}, an optional dependency of resilint that is not installed; the findings keep their rule-doc explanations. Install the stage's packages next to resilint: npm install --save-dev ${LLM_STAGE_PACKAGES.join(' ')}`,
        },
      ],
      stats: emptyStats(),
    };
  }
  return stage.escalate(findings, session, options, signal);
}

/** The optional peer dependencies the LLM stage loads (package.json peerDependenciesMeta). */
const LLM_STAGE_PACKAGES = ['@anthropic-ai/sdk', 'ts-morph'];

/** The optional package whose absence made loading the LLM stage fail, if that is why it failed. */
function missingOptionalPackage(error: unknown): string | undefined {
  if (!(error instanceof Error) || (error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') return undefined;
  return LLM_STAGE_PACKAGES.find((name) => error.message.includes(`'${name}'`));
}

/**
 * GitHub's primaryLocationLineHash needs each flagged file's text; formatters never read files, so
 * the hashes are attached here, once per file.
 */
function withLineHashes<T extends { findings: Finding[] }>(report: T, cwd: string): T {
  const byFile = new Map<string, Finding[]>();
  for (const finding of report.findings) {
    const list = byFile.get(finding.file);
    if (list) list.push(finding);
    else byFile.set(finding.file, [finding]);
  }
  const hashed = new Map<Finding, Finding>();
  for (const [file, findings] of byFile) {
    let text: string;
    try {
      text = fs.readFileSync(path.resolve(cwd, file), 'utf8');
    } catch {
      // Without the text the upload action computes the hash itself.
      continue;
    }
    addLineHashes(findings, text).forEach((finding, index) => hashed.set(findings[index]!, finding));
  }
  return { ...report, findings: report.findings.map((finding) => hashed.get(finding) ?? finding) };
}

/** Shared by `analyze` and `baseline`: loads config, runs the static analysis with progress on a TTY. */
export async function runAnalysis(paths: string[], options: Omit<AnalyzeCliOptions, 'format' | 'output'>, io: CliIo): Promise<AnalysisResult> {
  const loaded = loadConfig(io.cwd, options.config);
  const config = options.preset ? { ...loaded, config: { ...loaded.config, preset: options.preset } } : loaded;
  const progress = createProgress(io.stderr, !options.quiet);
  try {
    return await analyze({
      cwd: io.cwd,
      paths,
      projects: options.project,
      config,
      ignore: options.ignore,
      ...(options.includeTests && { includeTests: true }),
      include: options.include,
      changedSince: options.changedSince,
      shard: options.shard,
      reportUnusedDisableDirectives: options.reportUnusedDisableDirectives,
      cacheDirectory: options.cache ? path.resolve(io.cwd, options.cacheDir) : undefined,
      signal: io.signal,
      onProgress: ({ phase, done, total }) => {
        if (total > 36) progress.update(phase, done, total);
      },
    });
  } finally {
    progress.done();
  }
}

function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

function writeReport(output: string, file: string, text: string): void {
  try {
    writeFileAtomic(file, text);
  } catch (error) {
    const isDirectoryError = error instanceof Error && 'code' in error && error.code === 'EISDIR';
    const reason = isDirectoryError ? 'it is a directory' : error instanceof Error ? error.message : String(error);
    throw new ConfigurationError(`Cannot write the report to --output ${output}: ${reason}.`, { cause: error });
  }
}

function collectFormat(value: string, previous: FormatName[] | undefined): FormatName[] {
  if (!(FORMAT_NAMES as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`Allowed choices are ${FORMAT_NAMES.join(', ')}.`);
  }
  return [...(previous ?? []), value as FormatName];
}

function parseShard(value: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/u.exec(value);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) {
    throw new ConfigurationError(`--shard ${value}: expected i/n with 1 <= i <= n, e.g. --shard 2/4.`);
  }
  return { index, count };
}
