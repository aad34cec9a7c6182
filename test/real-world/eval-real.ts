import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { presetRules, type PresetName } from '../../eslint-plugin/presets.js';
import type { AnyResilintRule } from '../../rules/engine/create-rule.js';
import { FAMILIES, type Family } from '../../rules/engine/types.js';
import { rules } from '../../rules/index.js';

// `npm run eval:real`: the built CLI on published packages nobody on the team wrote, scored against
// verdicts a reviewer gave each finding after reading its code (verdicts.tsv), and against defects found
// by reading the code, not the findings (defects.tsv).
//   --cache <dir>   where tarballs, extracted folders and reports go (default ~/.cache/resilint-eval-real;
//                   outside the repository because `analyze` honours the repository's .gitignore)
//   --only <name>   only this package (repeatable)
//   --reuse         keep the reports of an earlier run instead of analyzing again
//   --list          print every finding without a verdict (all of them are in <cache>/unreviewed.tsv)

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const MODES = ['without-dependencies', 'with-dependencies'] as const;
type Mode = (typeof MODES)[number];

interface PackageEntry {
  name: string;
  version: string;
  paths: string[];
  kind: string;
}

interface ReportedFinding {
  ruleId: string;
  family: Family;
  file: string;
  line: number;
  message: string;
}

interface Verdict {
  verdict: 'tp' | 'fp';
  reason: string;
}

interface Defect {
  key: string;
  family: Family;
  file: string;
  line: number;
  note: string;
}

const args = process.argv.slice(2);
const flag = (name: string): boolean => args.includes(name);
const values = (name: string): string[] => args.flatMap((arg, index) => (arg === name && args[index + 1] ? [args[index + 1]!] : []));

const cache = path.resolve(values('--cache')[0] ?? path.join(os.homedir(), '.cache', 'resilint-eval-real'));
const only = new Set(values('--only'));
const { packages } = JSON.parse(fs.readFileSync(path.join(HERE, 'packages.json'), 'utf8')) as { packages: PackageEntry[] };
const selected = packages.filter((entry) => only.size === 0 || only.has(entry.name));

const verdicts = readVerdicts(path.join(HERE, 'verdicts.tsv'));
const defects = readDefects(path.join(HERE, 'defects.tsv'));
const allRules = rules as Record<string, AnyResilintRule>;

fs.mkdirSync(cache, { recursive: true });
const configFile = path.join(cache, 'resilint.config.json');
// Every rule, so that each one is measured; the preset rows below are computed from the rules' meta.
fs.writeFileSync(configFile, `${JSON.stringify({ preset: 'strict-type-checked' }, null, 2)}\n`);

const findingsByMode = new Map<Mode, { entry: PackageEntry; finding: ReportedFinding }[]>(MODES.map((mode) => [mode, []]));
const filesByMode = new Map<Mode, number>(MODES.map((mode) => [mode, 0]));
for (const entry of selected) {
  const tarball = fetchTarball(entry);
  for (const mode of MODES) {
    const folder = prepareFolder(entry, tarball, mode);
    const report = analyzeFolder(entry, folder, mode);
    filesByMode.set(mode, filesByMode.get(mode)! + report.stats.filesAnalyzed);
    for (const finding of report.findings) findingsByMode.get(mode)!.push({ entry, finding });
  }
}

const keyOf = (entry: PackageEntry, file: string, line: number, ruleId: string): string =>
  [entry.name, entry.version, file, line, ruleId.replace(/^resilint\//u, '')].join('\t');

const unreviewed = new Map<string, string>();
for (const mode of MODES) {
  for (const { entry, finding } of findingsByMode.get(mode)!) {
    const key = keyOf(entry, finding.file, finding.line, finding.ruleId);
    if (!verdicts.has(key)) unreviewed.set(key, `${key}\t\t${finding.message.replace(/\s+/gu, ' ')}\t${mode}`);
  }
}
fs.writeFileSync(path.join(cache, 'unreviewed.tsv'), [...unreviewed.values()].map((line) => `${line}\n`).join(''));

const lines: string[] = [];
lines.push(`resilint eval:real: ${selected.length} packages, ${verdicts.size} verdicts, ${defects.length} hand-found defects (cache ${cache})`, '');
for (const mode of MODES) {
  const found = findingsByMode.get(mode)!;
  lines.push(
    `## ${mode} (${filesByMode.get(mode)} files analyzed, ${found.length} findings, ${found.filter(({ entry, finding }) => !verdicts.has(keyOf(entry, finding.file, finding.line, finding.ruleId))).length} without a verdict)`,
    '',
  );
  lines.push(...precisionTable(found), '');
  lines.push(...familyTable(found), '');
}
lines.push(`Findings without a verdict (both runs, distinct): ${unreviewed.size}. They are listed in ${path.join(cache, 'unreviewed.tsv')}.`);
console.log(lines.join('\n'));
if (flag('--list')) for (const line of unreviewed.values()) console.log(line);

function precisionTable(found: { entry: PackageEntry; finding: ReportedFinding }[]): string[] {
  const rows = [
    '| rule | family | lightest preset | findings | reviewed | true | false | precision |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const [name, rule] of Object.entries(allRules).sort(([a], [b]) => a.localeCompare(b))) {
    const score = scoreOf(found.filter(({ finding }) => finding.ruleId === `resilint/${name}`));
    rows.push(
      `| ${name} | ${rule.meta.docs.family} | ${rule.meta.docs.recommended} | ${score.findings} | ${score.reviewed} | ${score.tp} | ${score.fp} | ${ratio(score.tp, score.reviewed)} |`,
    );
  }
  return rows;
}

function familyTable(found: { entry: PackageEntry; finding: ReportedFinding }[]): string[] {
  const presets: PresetName[] = ['recommended', 'recommended-type-checked', 'strict-type-checked'];
  const header = presets.map((preset) => `precision, ${preset === 'strict-type-checked' ? 'all rules' : preset}`);
  const rows = [`| family | ${header.join(' | ')} | recall of hand-found defects |`, `| --- | ${presets.map(() => '---:').join(' | ')} | ---: |`];
  for (const family of [...FAMILIES, 'all'] as const) {
    const inFamily = found.filter(({ finding }) => family === 'all' || finding.family === family);
    const cells = presets.map((preset) => {
      const enabled = presetRules(preset);
      const score = scoreOf(inFamily.filter(({ finding }) => finding.ruleId in enabled));
      return `${ratio(score.tp, score.reviewed)} (${score.tp}/${score.reviewed})`;
    });
    const wanted = defects.filter((defect) => family === 'all' || defect.family === family);
    // A finding on the defect's line counts unless its verdict says it is about something else there.
    const hit = wanted.filter((defect) =>
      inFamily.some(
        ({ entry, finding }) =>
          defect.key === `${entry.name}@${entry.version}` &&
          defect.file === finding.file &&
          defect.line === finding.line &&
          defect.family === finding.family &&
          verdicts.get(keyOf(entry, finding.file, finding.line, finding.ruleId))?.verdict !== 'fp',
      ),
    );
    rows.push(`| ${family} | ${cells.join(' | ')} | ${ratio(hit.length, wanted.length)} (${hit.length}/${wanted.length}) |`);
  }
  return rows;
}

function scoreOf(found: { entry: PackageEntry; finding: ReportedFinding }[]): { findings: number; reviewed: number; tp: number; fp: number } {
  let tp = 0;
  let fp = 0;
  for (const { entry, finding } of found) {
    const verdict = verdicts.get(keyOf(entry, finding.file, finding.line, finding.ruleId));
    if (verdict?.verdict === 'tp') tp += 1;
    if (verdict?.verdict === 'fp') fp += 1;
  }
  return { findings: found.length, reviewed: tp + fp, tp, fp };
}

function ratio(part: number, whole: number): string {
  return whole === 0 ? 'n/a' : (part / whole).toFixed(2);
}

function fetchTarball(entry: PackageEntry): string {
  const directory = path.join(cache, 'tarballs');
  fs.mkdirSync(directory, { recursive: true });
  const name = `${entry.name.replace(/^@/u, '').replace('/', '-')}-${entry.version}.tgz`;
  const tarball = path.join(directory, name);
  if (!fs.existsSync(tarball)) {
    console.error(`npm pack ${entry.name}@${entry.version}`);
    execFileSync('npm', ['pack', `${entry.name}@${entry.version}`, '--pack-destination', directory, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return tarball;
}

/** The extracted package, with a tsconfig (generated when the tarball has none) and, in one mode, its dependencies. */
function prepareFolder(entry: PackageEntry, tarball: string, mode: Mode): string {
  const base = path.join(cache, mode, `${entry.name.replace('/', '+')}@${entry.version}`);
  const folder = path.join(base, 'package');
  if (!fs.existsSync(path.join(folder, 'package.json'))) {
    fs.rmSync(base, { recursive: true, force: true });
    fs.mkdirSync(base, { recursive: true });
    execFileSync('tar', ['-xzf', tarball, '-C', base]);
  }
  const tsconfig = path.join(folder, 'tsconfig.json');
  if (!fs.existsSync(tsconfig)) {
    // Published packages rarely ship their tsconfig; this one types the analyzed paths as a project would.
    const include = entry.paths.map((item) => (item === '.' ? '**/*' : /\.[cm]?[jt]s$/u.test(item) ? item : `${item}/**/*`));
    const compilerOptions = {
      allowJs: true,
      checkJs: false,
      noEmit: true,
      skipLibCheck: true,
      strict: true,
      target: 'es2022',
      module: 'nodenext',
      moduleResolution: 'nodenext',
      resolveJsonModule: true,
    };
    fs.writeFileSync(tsconfig, `${JSON.stringify({ compilerOptions, include, exclude: ['node_modules'] }, null, 2)}\n`);
  }
  if (mode === 'with-dependencies' && !fs.existsSync(path.join(folder, 'node_modules'))) {
    console.error(`npm install in ${entry.name}@${entry.version}`);
    const install = ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'];
    try {
      execFileSync('npm', install, { cwd: folder, stdio: ['ignore', 'ignore', 'pipe'] });
    } catch {
      // npm resolves devDependencies even with --omit=dev, and some published manifests trip it (a
      // `workspace:` range, an arborist crash): install the runtime dependencies beside, then move them in.
      const side = path.join(base, 'install');
      const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
      fs.rmSync(side, { recursive: true, force: true });
      fs.mkdirSync(side, { recursive: true });
      fs.writeFileSync(
        path.join(side, 'package.json'),
        JSON.stringify({ private: true, dependencies: { ...manifest.peerDependencies, ...manifest.dependencies } }),
      );
      execFileSync('npm', install, { cwd: side, stdio: ['ignore', 'ignore', 'inherit'] });
      // A package without runtime dependencies leaves no node_modules behind.
      if (fs.existsSync(path.join(side, 'node_modules'))) fs.renameSync(path.join(side, 'node_modules'), path.join(folder, 'node_modules'));
    }
    fs.mkdirSync(path.join(folder, 'node_modules'), { recursive: true });
  }
  return folder;
}

function analyzeFolder(entry: PackageEntry, folder: string, mode: Mode): { findings: ReportedFinding[]; stats: { filesAnalyzed: number } } {
  const output = path.join(folder, '..', 'resilint-report.json');
  if (!(flag('--reuse') && fs.existsSync(output))) {
    console.error(`analyze ${entry.name}@${entry.version} (${mode})`);
    execFileSync(
      process.execPath,
      [
        path.join(ROOT, 'bin/resilint.js'),
        'analyze',
        ...entry.paths,
        '--config',
        configFile,
        '--format',
        'json',
        '--output',
        output,
        '--no-cache',
        '--fail-on',
        'never',
        '--llm',
        'off',
        '--quiet',
      ],
      { cwd: folder, stdio: ['ignore', 'ignore', 'inherit'], maxBuffer: 1 << 26 },
    );
  }
  return JSON.parse(fs.readFileSync(output, 'utf8')) as { findings: ReportedFinding[]; stats: { filesAnalyzed: number } };
}

// package, version, file, line, rule, verdict (tp|fp), reason; `#` starts a comment line.
function readVerdicts(file: string): Map<string, Verdict> {
  const read = new Map<string, Verdict>();
  for (const [index, line] of readTsv(file)) {
    const [name, version, source, lineNumber, rule, verdict, reason] = line;
    if (!name || !version || !source || !lineNumber || !rule || (verdict !== 'tp' && verdict !== 'fp') || !reason) {
      throw new Error(`${path.basename(file)}:${index}: expected package, version, file, line, rule, tp|fp, reason`);
    }
    read.set([name, version, source, Number(lineNumber), rule].join('\t'), { verdict, reason });
  }
  return read;
}

// package, version, file, line, family, what a careful reader sees there.
function readDefects(file: string): Defect[] {
  return readTsv(file).map(([index, line]) => {
    const [name, version, source, lineNumber, family, note] = line;
    if (!name || !version || !source || !lineNumber || !FAMILIES.includes(family as Family) || !note) {
      throw new Error(`${path.basename(file)}:${index}: expected package, version, file, line, family, note`);
    }
    return { key: `${name}@${version}`, file: source, line: Number(lineNumber), family: family as Family, note };
  });
}

function readTsv(file: string): [number, string[]][] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((line, index): [number, string] => [index + 1, line])
    .filter(([, line]) => line.trim() !== '' && !line.startsWith('#'))
    .map(([index, line]) => [index, line.split('\t')]);
}
