import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import ts from 'typescript';

import type { AnyResilintRule } from '../../rules/engine/create-rule.js';
import { readProjectFacts } from '../../rules/engine/read-project-facts.js';
import { runChecks } from '../../rules/engine/run-check.js';
import { FAMILIES, type Family } from '../../rules/engine/types.js';
import { rules } from '../../rules/index.js';
import { type Label, type LabelProblem, parseLabels } from './labels.js';

// `npm run eval`: every rule over the labelled corpus as one real program, scored against the labels.
//   --check          exit 1 when a family misses its targets or the corpus is too small or too easy
//   --family <f>     only this family (repeatable); corpus-size targets still count the whole corpus
//   --json           the evaluation as JSON
//   --verbose        list every false positive and false negative
//   --via analyze    collect findings through `resilint analyze`'s pipeline instead of runChecks

export const CORPUS_DIR = path.dirname(fileURLToPath(import.meta.url));

export const TARGETS = { precision: 0.9, recall: 0.85, labelledSites: 200, negativeShare: 0.4 } as const;

const SOURCE = /\.(?:[cm]?[jt]s|[jt]sx)$/u;

/** A place a rule reported, or was labelled: one per file, line and rule. */
export interface Site {
  /** Relative to the corpus folder, `/`-separated. */
  file: string;
  line: number;
  ruleId: string;
}

export interface Score {
  /** `expect` labels. */
  expected: number;
  /** `ok` labels: look-alike negatives. */
  negatives: number;
  truePositives: number;
  /** Findings on a line without an `expect` label for their rule (those on `ok` lines included). */
  falsePositives: number;
  /** Findings on a line labelled `ok` for their rule: the tricky negatives the rule got wrong. */
  negativesReported: number;
  falseNegatives: number;
  /** `null` when the rules reported nothing. */
  precision: number | null;
  /** `null` when nothing is expected. */
  recall: number | null;
}

export interface RuleEvaluation extends Score {
  ruleId: string;
  family: Family;
}

export interface FamilyEvaluation extends Score {
  family: Family;
  rules: RuleEvaluation[];
}

export interface Evaluation {
  corpusDir: string;
  files: number;
  /** Files the program did not contain, linted without type information. */
  untypedFiles: string[];
  families: FamilyEvaluation[];
  total: Score;
  /** The whole corpus, whatever the family filter: what the size targets are measured on. */
  corpus: { labelledSites: number; negatives: number; negativeShare: number };
  labelProblems: LabelProblem[];
  falsePositives: Site[];
  falseNegatives: Site[];
}

/**
 * How findings are collected: `run-checks` runs every rule through the engine directly (one real
 * program); `analyze` runs `resilint analyze`'s pipeline (discovery, ts-morph projects, directives).
 */
export type Via = 'run-checks' | 'analyze';

export interface EvaluateOptions {
  corpusDir?: string;
  /** Defaults to `<corpusDir>/tsconfig.json`. */
  tsconfig?: string;
  /** Only these families in `families` and `total`. */
  families?: readonly Family[];
  via?: Via;
}

const allRules = rules as Record<string, AnyResilintRule>;

export async function evaluate(options: EvaluateOptions = {}): Promise<Evaluation> {
  const corpusDir = path.resolve(options.corpusDir ?? CORPUS_DIR);
  const tsconfig = path.resolve(options.tsconfig ?? path.join(corpusDir, 'tsconfig.json'));
  const files = listSources(corpusDir);
  const program = createProgram(tsconfig, files);
  const knownRules = new Set(Object.keys(allRules));
  const relative = (file: string): string => path.relative(corpusDir, file).split(path.sep).join('/');

  const labels: Label[] = [];
  const labelProblems: LabelProblem[] = [];
  const untypedFiles: string[] = [];
  const sourceFiles = new Map<string, { sourceFile: ts.SourceFile; typed: boolean }>();
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    let sourceFile = program.getSourceFile(file);
    const typed = sourceFile !== undefined;
    if (!sourceFile) {
      untypedFiles.push(relative(file));
      sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    }
    sourceFiles.set(file, { sourceFile, typed });
    const parsed = parseLabels(relative(file), text, { knownRules, sourceFile });
    labels.push(...parsed.labels);
    labelProblems.push(...parsed.problems);
  }

  const findings = new Map<string, Site>();
  const found =
    options.via === 'analyze'
      ? await findWithAnalyze(corpusDir, tsconfig, new Set(files.map(relative)))
      : [...sourceFiles].flatMap(([file, { sourceFile, typed }]) => findWithRunChecks(file, sourceFile, typed ? program : undefined, relative(file)));
  for (const site of found) findings.set(siteKey(site), site);

  const expected = new Map<string, Label>();
  const negatives = new Map<string, Label>();
  for (const label of labels) (label.kind === 'expect' ? expected : negatives).set(siteKey(label), label);

  const falsePositives = [...findings.entries()].filter(([key]) => !expected.has(key)).map(([, site]) => site);
  const falseNegatives = [...expected.entries()].filter(([key]) => !findings.has(key)).map(([, label]) => toSite(label));

  const scoreRule = (ruleId: string): RuleEvaluation => {
    const mine = <T extends { ruleId: string }>(items: Iterable<T>): T[] => [...items].filter((item) => item.ruleId === ruleId);
    const myFindings = mine(findings.values());
    const truePositives = myFindings.filter((site) => expected.has(siteKey(site))).length;
    return {
      ruleId,
      family: allRules[ruleId]!.meta.docs.family,
      ...score({
        expected: mine(expected.values()).length,
        negatives: mine(negatives.values()).length,
        truePositives,
        falsePositives: myFindings.length - truePositives,
        negativesReported: myFindings.filter((site) => negatives.has(siteKey(site))).length,
      }),
    };
  };

  const selected = options.families ?? FAMILIES;
  const families = FAMILIES.filter((family) => selected.includes(family)).map((family) => {
    const ruleScores = Object.keys(allRules)
      .sort()
      .filter((ruleId) => allRules[ruleId]!.meta.docs.family === family)
      .map(scoreRule);
    return { family, ...sum(ruleScores), rules: ruleScores };
  });
  const inSelection = (site: Site): boolean => selected.includes(allRules[site.ruleId]!.meta.docs.family);
  const labelledSites = expected.size + negatives.size;

  return {
    corpusDir,
    files: files.length,
    untypedFiles,
    families,
    total: sum(families),
    corpus: {
      labelledSites,
      negatives: negatives.size,
      negativeShare: labelledSites === 0 ? 0 : negatives.size / labelledSites,
    },
    labelProblems,
    falsePositives: falsePositives.filter(inSelection).sort(bySite),
    falseNegatives: falseNegatives.filter(inSelection).sort(bySite),
  };
}

const runnable = Object.values(allRules).map((rule) => ({
  rule: { name: rule.name, messages: rule.meta.messages, check: rule.check },
  options: rule.meta.defaultOptions ?? [],
}));

function findWithRunChecks(file: string, sourceFile: ts.SourceFile, program: ts.Program | undefined, relative: string): Site[] {
  return runChecks({ sourceFile, program, project: readProjectFacts(file) }, runnable).map((finding) => ({
    file: relative,
    line: finding.loc.start.line,
    ruleId: finding.ruleName,
  }));
}

/** Every rule (the strictest preset), through the analyze pipeline; only findings in corpus files count. */
async function findWithAnalyze(corpusDir: string, tsconfig: string, corpusFiles: ReadonlySet<string>): Promise<Site[]> {
  const { analyze } = await import('../../src/analyze/analyze.js');
  const { report } = await analyze({
    cwd: corpusDir,
    paths: ['.'],
    projects: [tsconfig],
    config: { config: { preset: 'strict-type-checked' }, file: undefined, directory: corpusDir },
  });
  const failures = report.notifications.filter((notification) => notification.level === 'error');
  if (failures.length > 0) {
    throw new Error(`analyze could not analyse the corpus:\n${failures.map((notification) => notification.message).join('\n')}`);
  }
  return report.findings
    .filter((finding) => corpusFiles.has(finding.file))
    .map((finding) => ({ file: finding.file, line: finding.line, ruleId: finding.ruleId.replace(/^resilint\//u, '') }));
}

/** Why the evaluation misses its targets; empty when it meets them. */
export function checkTargets(evaluation: Evaluation): string[] {
  const failures: string[] = [];
  const { corpus } = evaluation;
  if (corpus.labelledSites < TARGETS.labelledSites) {
    failures.push(`the corpus has ${corpus.labelledSites} labelled sites, fewer than ${TARGETS.labelledSites}`);
  }
  if (corpus.negativeShare < TARGETS.negativeShare) {
    failures.push(`${percent(corpus.negativeShare)} of the labelled sites are negatives, fewer than ${percent(TARGETS.negativeShare)}`);
  }
  for (const family of evaluation.families) {
    if (family.expected === 0) {
      failures.push(`${family.family}: no expect labels`);
      continue;
    }
    if (family.precision !== null && family.precision < TARGETS.precision) {
      failures.push(`${family.family}: precision ${ratio(family.precision)} < ${TARGETS.precision}`);
    }
    if (family.recall === null || family.recall < TARGETS.recall) {
      failures.push(`${family.family}: recall ${ratio(family.recall)} < ${TARGETS.recall}`);
    }
  }
  for (const problem of evaluation.labelProblems) {
    failures.push(`label ${problem.file}:${problem.line}: ${problem.message}`);
  }
  return failures;
}

export function formatEvaluation(evaluation: Evaluation, { verbose = false } = {}): string {
  const header = ['family / rule', 'expect', 'ok', '% neg', 'TP', 'FP', 'FP on ok', 'FN', 'precision', 'recall'];
  const row = (name: string, score: Score): string[] => [
    name,
    String(score.expected),
    String(score.negatives),
    percent(score.expected + score.negatives === 0 ? 0 : score.negatives / (score.expected + score.negatives)),
    String(score.truePositives),
    String(score.falsePositives),
    String(score.negativesReported),
    String(score.falseNegatives),
    ratio(score.precision),
    ratio(score.recall),
  ];
  const rows: (string[] | 'rule')[] = [header, 'rule'];
  for (const family of evaluation.families) {
    rows.push(row(family.family, family));
    for (const rule of family.rules) rows.push(row(`  ${rule.ruleId}`, rule));
    rows.push('rule');
  }
  rows.push(row('total', evaluation.total));
  const widths = header.map((_, column) => Math.max(...rows.map((cells) => (cells === 'rule' ? 0 : cells[column]!.length))));
  const lines = rows.map((cells) =>
    cells === 'rule'
      ? widths.map((width) => '-'.repeat(width)).join('-+-')
      : cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join(' | '),
  );
  const { corpus } = evaluation;
  lines.push(
    '',
    `corpus: ${evaluation.files} files, ${corpus.labelledSites} labelled sites, ${corpus.negatives} negatives (${percent(corpus.negativeShare)})`,
    `targets: precision >= ${TARGETS.precision}, recall >= ${TARGETS.recall} per family; >= ${TARGETS.labelledSites} labelled sites, >= ${percent(TARGETS.negativeShare)} negatives`,
  );
  if (evaluation.untypedFiles.length > 0) {
    lines.push(`linted without type information (not in the program): ${evaluation.untypedFiles.join(', ')}`);
  }
  for (const problem of evaluation.labelProblems) lines.push(`label problem ${problem.file}:${problem.line}: ${problem.message}`);
  if (verbose) {
    lines.push('', 'false positives:', ...evaluation.falsePositives.map(formatSite));
    lines.push('', 'false negatives:', ...evaluation.falseNegatives.map(formatSite));
  } else if (evaluation.falsePositives.length + evaluation.falseNegatives.length > 0) {
    lines.push('(--verbose lists the false positives and negatives)');
  }
  return lines.join('\n');
}

/** The command line; returns the exit code. */
export async function main(argv: readonly string[], out: (text: string) => void = (text) => process.stdout.write(text)): Promise<number> {
  const families: Family[] = [];
  let via: Via = 'run-checks';
  let check = false;
  let json = false;
  let verbose = false;
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index]!;
    if (argument === '--check') check = true;
    else if (argument === '--json') json = true;
    else if (argument === '--verbose') verbose = true;
    else if (argument === '--via' || argument.startsWith('--via=')) {
      const value = argument === '--via' ? argv[(index += 1)] : argument.slice('--via='.length);
      if (value !== 'analyze' && value !== 'run-checks') {
        out(`--via needs analyze or run-checks (got ${value ?? 'nothing'})\n`);
        return 2;
      }
      via = value;
    }
    else if (argument === '--family' || argument.startsWith('--family=')) {
      const value = argument === '--family' ? argv[(index += 1)] : argument.slice('--family='.length);
      if (!value || !(FAMILIES as readonly string[]).includes(value)) {
        out(`--family needs one of: ${FAMILIES.join(', ')} (got ${value ?? 'nothing'})\n`);
        return 2;
      }
      families.push(value as Family);
    } else {
      out(`unknown argument ${argument}; use --check, --family <family>, --json, --verbose, --via analyze\n`);
      return 2;
    }
  }
  const evaluation = await evaluate({ via, ...(families.length > 0 && { families }) });
  const failures = checkTargets(evaluation);
  if (json) {
    out(`${JSON.stringify({ ...evaluation, targets: TARGETS, failures }, null, 2)}\n`);
  } else {
    out(`${formatEvaluation(evaluation, { verbose })}\n`);
    out(failures.length === 0 ? 'all targets met\n' : `targets missed:\n${failures.map((failure) => `  - ${failure}`).join('\n')}\n`);
  }
  return check && failures.length > 0 ? 1 : 0;
}

function createProgram(tsconfig: string, files: readonly string[]): ts.Program {
  const parsed = ts.getParsedCommandLineOfConfigFile(tsconfig, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(`${tsconfig}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`);
    },
  });
  if (!parsed) throw new Error(`Cannot read ${tsconfig}`);
  // Every corpus source is a root: one the tsconfig's include misses is still linted with types.
  const rootNames = [
    ...new Set([...parsed.fileNames.map((name) => path.resolve(name)).filter((name) => !isTooling(name)), ...files]),
  ];
  return ts.createProgram({ rootNames, options: parsed.options, projectReferences: parsed.projectReferences });
}

function listSources(directory: string): string[] {
  return fs
    .readdirSync(directory, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : listSources(full);
      return SOURCE.test(entry.name) && !/\.d\.[cm]?ts$/u.test(entry.name) && !isTooling(full) ? [full] : [];
    })
    .sort();
}

// The evaluation's own code lives beside the corpus; it is not corpus.
function isTooling(file: string): boolean {
  return path.dirname(file) === CORPUS_DIR && /^(?:eval|labels)(?:\.test)?\.ts$/u.test(path.basename(file));
}

function score(counts: Omit<Score, 'falseNegatives' | 'precision' | 'recall'>): Score {
  const reported = counts.truePositives + counts.falsePositives;
  return {
    ...counts,
    falseNegatives: counts.expected - counts.truePositives,
    precision: reported === 0 ? null : counts.truePositives / reported,
    recall: counts.expected === 0 ? null : counts.truePositives / counts.expected,
  };
}

function sum(scores: readonly Score[]): Score {
  const total = (key: 'expected' | 'negatives' | 'truePositives' | 'falsePositives' | 'negativesReported'): number =>
    scores.reduce((accumulator, item) => accumulator + item[key], 0);
  return score({
    expected: total('expected'),
    negatives: total('negatives'),
    truePositives: total('truePositives'),
    falsePositives: total('falsePositives'),
    negativesReported: total('negativesReported'),
  });
}

function siteKey(site: { file: string; line: number; ruleId: string }): string {
  return `${site.file}:${site.line}:${site.ruleId}`;
}

function toSite(label: Label): Site {
  return { file: label.file, line: label.line, ruleId: label.ruleId };
}

function bySite(a: Site, b: Site): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.ruleId.localeCompare(b.ruleId);
}

function formatSite(site: Site): string {
  return `  ${site.file}:${site.line}  ${site.ruleId}`;
}

function ratio(value: number | null): string {
  return value === null ? '-' : value.toFixed(2);
}

function percent(value: number): string {
  return `${Math.round(value * 100)}%`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}
