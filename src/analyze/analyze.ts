import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { isUtf8 } from 'node:buffer';

import type { Project } from 'ts-morph';
import ts from '../../rules/engine/typescript.cjs';

import type { NonProductionKind } from '../../rules/engine/classify-file.js';
import { scriptKindFor } from '../../rules/engine/create-rule.js';
import { readProjectFacts } from '../../rules/engine/read-project-facts.js';
import type { LibraryModel } from '../../rules/models/library-model.js';
import { withUserModels } from '../../rules/models/with-user-models.js';
import { runChecks } from '../../rules/engine/run-check.js';
import { loadConfig, type LoadedConfig, type ResilintConfig } from '../config/load-config.js';
import { type EnabledRule, resolveRules } from '../config/resolve-rules.js';
import { discoverFiles, toPosix } from '../discover/discover-files.js';
import { ConfigurationError, InterruptedError } from '../errors.js';
import type { Finding, Notification } from '../findings/finding.js';
import { computeFingerprints } from '../findings/fingerprint.js';
import { type AnalysisReport, REPORT_SCHEMA_VERSION } from '../report/types.js';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../version.js';
import { checkIgnoreGlobs } from '../config/check-ignore-globs.js';
import { readRegularFile } from '../discover/read-regular-file.js';
import type { AnalyzeOptions } from './analyze-options.js';
import { applyDisableDirectives } from './disable-directives.js';
import { isStackOverflow } from './is-stack-overflow.js';
import { longestLine, MINIFIED_LINE_LENGTH } from './longest-line.js';
import { MAX_TYPED_NESTING } from './nesting-depth.js';
import { computeAnalysisKey, readCachedAnalysis, writeCachedAnalysis } from './analysis-cache.js';
import { createLooseMorphProject, loadProjects, type LoadedProjects, resolveTsconfigs, untypedFilesNotice } from './load-projects.js';

export type { AnalyzeOptions } from './analyze-options.js';

export interface AnalysisSession {
  cwd: string;
  /** The ts-morph project of the first tsconfig (or an in-memory one when there is none). */
  project: Project;
  /** The ts-morph project that holds `absoluteFile`, when any tsconfig does. */
  projectFor(absoluteFile: string): Project | undefined;
  /** Re-runs the enabled rules, with the same options, on `text` as the content of `absoluteFile`. */
  lintText(absoluteFile: string, text: string): Finding[];
  dependencies(absoluteFile: string): Readonly<Record<string, string>>;
  enabledRules: readonly EnabledRule[];
  config: LoadedConfig;
}

export interface AnalysisResult {
  report: AnalysisReport;
  /** Findings silenced by inline directives, for `--sarif-include-suppressed`. */
  suppressed: Finding[];
  session: AnalysisSession;
  timings: { loadMs: number; analyzeMs: number };
  /** True when the findings came from the on-disk cache. */
  fromCache: boolean;
}

/**
 * The static half of `resilint analyze`: discover files, load the projects, run every enabled rule
 * once per file on raw TypeScript nodes, apply inline directives and fingerprint the findings.
 * Never throws for a bad file: it becomes a notification and the rest is analyzed.
 */
export async function analyze(options: AnalyzeOptions): Promise<AnalysisResult> {
  const started = performance.now();
  const cwd = path.resolve(options.cwd);
  const config = options.config ?? loadConfig(cwd, options.configFile);
  const enabledRules = resolveRules(config.config);
  const models = withUserModels(config.config.models);
  checkIgnoreGlobs(config.config.ignore ?? [], `${config.file ?? 'the configuration'} "ignore"`);
  checkIgnoreGlobs(options.ignore ?? [], '--ignore');
  const maxFileSizeBytes = (config.config.maxFileSizeKb ?? 1024) * 1024;
  const discovered = discoverFiles({
    cwd,
    paths: options.paths.length > 0 ? options.paths : ['.'],
    ignore: [...(config.config.ignore ?? []), ...(options.ignore ?? [])],
    ignoreBase: config.directory,
    maxFileSizeBytes,
    include: includedKinds(options, config.config),
  });
  const notifications: Notification[] = [...discovered.notifications];
  let files = discovered.files;
  if (options.changedSince) {
    const changed = changedFiles(cwd, options.changedSince);
    files = files.filter((file) => changed.has(file));
  }
  if (options.shard) {
    const { index, count } = options.shard;
    files = files.filter((file) => shardOf(toPosix(path.relative(cwd, file)), count) === index - 1);
  }
  options.onProgress?.({ phase: 'load', done: 0, total: files.length });
  const paths = options.paths.length > 0 ? options.paths : ['.'];
  const resolved = resolveTsconfigs({ cwd, paths, projects: options.projects ?? [], files });
  notifications.push(...resolved.notifications);
  let loadedProjects: LoadedProjects | undefined;
  const getLoaded = (): LoadedProjects => {
    if (!loadedProjects) {
      loadedProjects = loadProjects({ cwd, tsconfigs: resolved.tsconfigs, nearest: resolved.nearest, preRead: discovered.preRead });
      // What no program parsed is read again, with its checks, if it is analyzed without types.
      discovered.preRead.clear();
    }
    return loadedProjects;
  };
  const session = createSession(cwd, getLoaded, enabledRules, models, config);
  const reportUnused = options.reportUnusedDisableDirectives ?? false;
  const cacheKey =
    options.cacheDirectory === undefined
      ? undefined
      : computeAnalysisKey({
          cwd,
          files,
          tsconfigs: resolved.tsconfigs,
          preRead: discovered.preRead,
          settings: {
            rules: enabledRules.map(({ name, severity, options: ruleOptions }) => [name, severity, ruleOptions]),
            reportUnused,
            models: config.config.models ?? [],
          },
        });
  const cached = cacheKey && options.cacheDirectory ? readCachedAnalysis(options.cacheDirectory, cacheKey) : undefined;
  if (cached) {
    notifications.push(...cached.notifications);
    const report = buildReport(enabledRules, cached.findings, notifications, files.length, cached.filesAnalyzed, started);
    return { report, suppressed: cached.suppressed, session, timings: { loadMs: performance.now() - started, analyzeMs: 0 }, fromCache: true };
  }
  await throwIfInterrupted(options.signal);
  const loaded = getLoaded();
  const fileNotifications: Notification[] = [...loaded.notifications];
  const loadMs = performance.now() - started;

  const findings: Finding[] = [];
  const suppressed: Finding[] = [];
  const analyzedFiles: string[] = [];
  let turned = performance.now();
  for (const [index, file] of files.entries()) {
    // Not a turn of the event loop per file (3,000 of them add up): every 20 ms is soon enough for a signal.
    if (performance.now() - turned > INTERRUPT_CHECK_MS) {
      await throwIfInterrupted(options.signal);
      turned = performance.now();
    }
    const relative = toPosix(path.relative(cwd, file));
    const result = analyzeFile(file, relative, loaded, enabledRules, models, { reportUnused, maxFileSizeBytes });
    fileNotifications.push(...result.notifications);
    if (result.analyzed) {
      analyzedFiles.push(file);
      findings.push(...result.findings);
      suppressed.push(...result.suppressed);
    }
    options.onProgress?.({ phase: 'analyze', done: index + 1, total: files.length });
  }
  const analyzeMs = performance.now() - started - loadMs;
  // Only files that were analyzed: a file skipped for a parse error or its size has its own notice.
  const untyped = untypedFilesNotice(cwd, analyzedFiles, loaded);
  if (untyped) fileNotifications.splice(loaded.notifications.length, 0, untyped);
  const filesAnalyzed = analyzedFiles.length;
  if (cacheKey && options.cacheDirectory) {
    writeCachedAnalysis(options.cacheDirectory, cacheKey, { findings, suppressed, notifications: fileNotifications, filesAnalyzed }, loaded.readFiles());
  }
  notifications.push(...fileNotifications);
  const report = buildReport(enabledRules, findings, notifications, files.length, filesAnalyzed, started);
  return { report, suppressed, session, timings: { loadMs, analyzeMs }, fromCache: false };
}

/** The non-production kinds to analyze: --include and --include-tests, else the config's `include` and `includeTests`. */
function includedKinds(options: AnalyzeOptions, config: ResilintConfig): NonProductionKind[] {
  const kinds = new Set<NonProductionKind>([...(config.include ?? []), ...(options.include ?? [])]);
  if (options.includeTests ?? config.includeTests) kinds.add('tests');
  return [...kinds];
}

function buildReport(
  enabledRules: readonly EnabledRule[],
  findings: Finding[],
  notifications: Notification[],
  filesMatched: number,
  filesAnalyzed: number,
  started: number,
): AnalysisReport {
  return {
    version: REPORT_SCHEMA_VERSION,
    tool: { name: PACKAGE_NAME, version: PACKAGE_VERSION },
    rules: enabledRules.map((rule) => `resilint/${rule.name}`),
    findings,
    notifications,
    stats: { filesMatched, filesAnalyzed, findings: findings.length, durationMs: Math.round(performance.now() - started) },
  };
}

interface FileResult {
  analyzed: boolean;
  findings: Finding[];
  suppressed: Finding[];
  notifications: Notification[];
}

function analyzeFile(
  file: string,
  relative: string,
  loaded: LoadedProjects,
  enabledRules: readonly EnabledRule[],
  models: readonly LibraryModel[],
  limits: { reportUnused: boolean; maxFileSizeBytes: number },
): FileResult {
  const skipped = (notification: Notification): FileResult => ({ analyzed: false, findings: [], suppressed: [], notifications: [notification] });
  const minified = (): FileResult =>
    skipped({
      level: 'note',
      kind: 'minified-file',
      message: `Skipped ${relative}: it looks minified or generated (a line longer than ${MINIFIED_LINE_LENGTH} characters).`,
      file: relative,
    });
  let typed;
  try {
    typed = loaded.typedFile(file);
  } catch (error) {
    return skipped({
      level: 'error',
      kind: 'internal-error',
      message: `Cannot load ${relative} into its TypeScript program: ${describe(error)}`,
      file: relative,
    });
  }
  const notifications: Notification[] = [];
  let sourceFile: ts.SourceFile;
  if (typed) {
    sourceFile = typed.sourceFile;
    // A shorter file cannot hold a longer line.
    if (sourceFile.text.length > MINIFIED_LINE_LENGTH && longestLine(sourceFile.text) > MINIFIED_LINE_LENGTH) return minified();
  } else {
    let read;
    try {
      read = readRegularFile(file, limits.maxFileSizeBytes);
    } catch (error) {
      return skipped({ level: 'warning', kind: 'unreadable-file', message: `Cannot read ${relative}: ${describe(error)}`, file: relative });
    }
    if (read.kind === 'not-regular') {
      return skipped({ level: 'warning', kind: 'not-a-regular-file', message: `Skipped ${relative}: it is not a regular file.`, file: relative });
    }
    if (read.kind === 'too-large') {
      return skipped({
        level: 'warning',
        kind: 'file-too-large',
        message: `Skipped ${relative}: ${Math.round(read.size / 1024)} KiB is over the ${Math.round(limits.maxFileSizeBytes / 1024)} KiB limit (maxFileSizeKb).`,
        file: relative,
      });
    }
    if (!isUtf8(read.buffer)) {
      return skipped({ level: 'warning', kind: 'non-utf8-file', message: `Skipped ${relative}: it is not valid UTF-8 text.`, file: relative });
    }
    const text = read.buffer.toString('utf8').replace(/^\uFEFF/u, '');
    // Judged on the text, before parsing: parsing a 5 MB one-line bundle takes a minute and a gigabyte.
    if (longestLine(text) > MINIFIED_LINE_LENGTH) return minified();
    try {
      sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKindFor(file));
    } catch (error) {
      if (!isStackOverflow(error)) throw error;
      return skipped({
        level: 'warning',
        kind: 'nesting-too-deep',
        message: `Skipped ${relative}: it nests too deeply for TypeScript's parser, which recurses once or more per level and ran out of call stack (a few hundred levels of nested brackets can be enough).`,
        file: relative,
      });
    }
    const leftOut = loaded.leftOut(file);
    if (leftOut) {
      notifications.push({
        level: 'note',
        kind: 'nesting-too-deep',
        message:
          leftOut === 'too-deep'
            ? `${relative} nests more than ${MAX_TYPED_NESTING} levels deep, the limit for type checking: it was analyzed without type information.`
            : `${relative} nests too many levels deep for TypeScript's parser to build its program: it was analyzed without type information.`,
        file: relative,
      });
    }
  }
  const parseError = firstParseError(sourceFile);
  if (parseError) {
    return skipped({
      level: 'error',
      kind: 'parse-error',
      message: `Cannot parse ${relative}:${parseError.line}:${parseError.column}: ${parseError.message}`,
      file: relative,
      line: parseError.line,
      column: parseError.column,
    });
  }
  try {
    const findings = lintSourceFile(sourceFile, typed?.program, relative, enabledRules, models, (ruleName, error) => {
      notifications.push({
        level: 'error',
        kind: 'internal-error',
        message: isStackOverflow(error)
          ? `Rule resilint/${ruleName} stopped on ${relative}: the code nests too deeply for it (it ran out of call stack). The other rules' findings are kept.`
          : `Rule resilint/${ruleName} failed on ${relative}: ${describe(error)}. The other rules' findings are kept; please report this with the file.`,
        file: relative,
      });
    });
    const applied = applyDisableDirectives(findings, sourceFile, { reportUnused: limits.reportUnused, file: relative });
    return { analyzed: true, findings: applied.active, suppressed: applied.suppressed, notifications: [...notifications, ...applied.notifications] };
  } catch (error) {
    // A rule bug must not cost the user the other files' findings.
    return skipped({
      level: 'error',
      kind: 'internal-error',
      message: `A rule failed on ${relative}: ${describe(error)}. Please report this with the file.`,
      file: relative,
    });
  }
}

/** Runs the enabled rules on one parsed file and returns fingerprinted findings in document order. */
export function lintSourceFile(
  sourceFile: ts.SourceFile,
  program: ts.Program | undefined,
  relative: string,
  enabledRules: readonly EnabledRule[],
  models: readonly LibraryModel[],
  onRuleError?: (ruleName: string, error: unknown) => void,
): Finding[] {
  const raw = runChecks(
    { sourceFile, program, project: readProjectFacts(sourceFile.fileName, models) },
    enabledRules.map(({ name, rule, options }) => ({ rule: { name, messages: rule.meta.messages, check: rule.check }, options })),
    onRuleError,
  );
  const bySeverity = new Map(enabledRules.map((rule) => [rule.name, rule]));
  const findings: Finding[] = raw.map((finding) => {
    const enabled = bySeverity.get(finding.ruleName)!;
    const fixEdits = finding.fix ?? finding.suggestions?.[0]?.edits;
    return {
      ruleId: `resilint/${finding.ruleName}`,
      messageId: finding.messageId,
      family: enabled.rule.meta.docs.family,
      severity: enabled.severity,
      file: relative,
      line: finding.loc.start.line,
      column: finding.loc.start.column + 1,
      endLine: finding.loc.end.line,
      endColumn: finding.loc.end.column + 1,
      message: finding.message,
      fingerprint: '',
      ...(fixEdits && {
        fix: {
          summary: finding.fix ? 'Autofix' : (finding.suggestions?.[0]?.message ?? 'Suggestion'),
          source: 'rule' as const,
          verified: true,
          edits: fixEdits.map((edit) => {
            const start = sourceFile.getLineAndCharacterOfPosition(edit.range[0]);
            const end = sourceFile.getLineAndCharacterOfPosition(edit.range[1]);
            return { ...edit, startLine: start.line + 1, startColumn: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
          }),
        },
      }),
    };
  });
  findings.sort((a, b) => a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));
  const fingerprints = computeFingerprints(findings, sourceFile.text);
  findings.forEach((finding, index) => {
    finding.fingerprint = fingerprints[index]!;
  });
  return findings;
}

function createSession(
  cwd: string,
  getLoaded: () => LoadedProjects,
  enabledRules: readonly EnabledRule[],
  models: readonly LibraryModel[],
  config: LoadedConfig,
): AnalysisSession {
  let fallback: Project | undefined;
  return {
    cwd,
    get project() {
      const first = getLoaded().tsconfigs[0];
      fallback ??= first === undefined ? createLooseMorphProject() : getLoaded().morphProject(first);
      return fallback;
    },
    projectFor(absoluteFile) {
      const typed = getLoaded().typedFile(absoluteFile);
      return typed ? getLoaded().morphProject(typed.tsconfig) : undefined;
    },
    lintText(absoluteFile, text) {
      const relative = toPosix(path.relative(cwd, absoluteFile));
      const typed = getLoaded().typedFile(absoluteFile);
      const sourceFile = ts.createSourceFile(absoluteFile, text, ts.ScriptTarget.Latest, true, scriptKindFor(absoluteFile));
      if (firstParseError(sourceFile)) {
        throw new SyntaxError(`The text of ${relative} does not parse`);
      }
      let program: ts.Program | undefined;
      if (typed) {
        // Type information for the edited text: the same program with this one file replaced.
        const options = typed.program.getCompilerOptions();
        const host = ts.createCompilerHost(options, true);
        const getSourceFile = host.getSourceFile.bind(host);
        host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) =>
          path.resolve(fileName) === absoluteFile
            ? sourceFile
            : (typed.program.getSourceFile(fileName) ?? getSourceFile(fileName, languageVersion, onError, shouldCreate));
        program = ts.createProgram({ rootNames: typed.program.getRootFileNames(), options, host, oldProgram: typed.program });
      }
      const target = program?.getSourceFile(absoluteFile) ?? sourceFile;
      return applyDisableDirectives(lintSourceFile(target, program, relative, enabledRules, models), target, { reportUnused: false, file: relative }).active;
    },
    dependencies: (absoluteFile) => readProjectFacts(absoluteFile).dependencies,
    enabledRules,
    config,
  };
}

interface ParseProblem {
  line: number;
  column: number;
  message: string;
}

function firstParseError(sourceFile: ts.SourceFile): ParseProblem | undefined {
  // parseDiagnostics is internal but stable; typescript-eslint rejects a file on the same list.
  const diagnostics = (sourceFile as ts.SourceFile & { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  const first = diagnostics[0];
  if (!first) return undefined;
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(first.start);
  return { line: line + 1, column: character + 1, message: ts.flattenDiagnosticMessageText(first.messageText, ' ') };
}

function changedFiles(cwd: string, ref: string): Set<string> {
  const git = (args: string[]): string[] => {
    try {
      return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
        .split('\n')
        .filter(Boolean);
    } catch (error) {
      const stderr = error instanceof Error && 'stderr' in error ? String(error.stderr).trim() : undefined;
      throw new ConfigurationError(
        `--changed-since ${ref}: git could not list changed files${stderr ? ` (${stderr.split('\n')[0]})` : ''}. Pass a ref that exists in this repository.`,
        { cause: error },
      );
    }
  };
  const top = git(['rev-parse', '--show-toplevel'])[0] ?? cwd;
  const names = [...git(['diff', '--name-only', `${ref}`, '--']), ...git(['ls-files', '--others', '--exclude-standard', '--full-name'])];
  return new Set(names.map((name) => path.resolve(top, name)));
}

/** Deterministic shard of a path: the same file lands in the same shard on every machine. */
export function shardOf(relativePath: string, count: number): number {
  return createHash('sha1').update(relativePath).digest().readUInt32BE(0) % count;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// A signal is delivered only when the event loop turns: between files, let it.
const INTERRUPT_CHECK_MS = 20;

async function throwIfInterrupted(signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return;
  await new Promise((resolve) => setImmediate(resolve));
  if (signal.aborted) throw new InterruptedError('interrupted during the static analysis; no report was written (it would be incomplete).');
}
