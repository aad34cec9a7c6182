import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { Ajv } from 'ajv';
import { beforeEach, describe, expect, it } from 'vitest';

import { copyFixture, REPO_ROOT, runCli } from '../helpers/run-cli.js';

interface JsonFinding {
  ruleId: string;
  family: string;
  file: string;
  line: number;
  column: number;
  fingerprint: string;
}
interface JsonReport {
  findings: JsonFinding[];
  notifications: { kind: string; file?: string; line?: number; message: string }[];
  stats: { filesMatched: number; filesAnalyzed: number };
}

const validateReport = new Ajv({ allErrors: true, strict: false }).compile(
  JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'docs/report.schema.json'), 'utf8')) as object,
);

function jsonReport(stdout: string): JsonReport {
  const report = JSON.parse(stdout) as JsonReport;
  expect(validateReport(report), JSON.stringify(validateReport.errors)).toBe(true);
  return report;
}

const sites = (report: JsonReport): string[] => report.findings.map((finding) => `${finding.file}:${finding.line}:${finding.column} ${finding.ruleId}`);

/** The empty catches of the service fixture that no directive silences. */
const EXPECTED_SITES = ['scripts/migrate.js:5:5 resilint/no-swallowed-error', 'src/cache.ts:6:5 resilint/no-swallowed-error'];

describe('resilint analyze on a service', () => {
  let dir: string;
  beforeEach(() => {
    dir = copyFixture('cli/service');
  });

  it('reports findings as text grouped by file, with rule and family, and exits 1', () => {
    const run = runCli(['analyze'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('src/cache.ts\n  6:5 ');
    expect(run.stdout).toContain('resilint/no-swallowed-error (error-handling)');
    expect(run.stdout).toMatch(/2 findings \(2 errors, 0 warnings, 0 notes\) in 3 files\./u);
    expect(run.stdout).not.toContain('\u001B[');
    expect(run.stderr).toBe('');
  });

  it('labels the built-in explanations as coming from the rule docs, once per rule, with no API key', () => {
    const run = runCli(['analyze'], { cwd: dir });
    const section = run.stdout.split('Why these matter (from the rule docs, not the model)\n')[1] ?? '';
    expect(section.match(/^ {2}resilint\/no-swallowed-error: An empty `catch`/gmu)).toHaveLength(1);
    const markdown = runCli(['analyze', '-f', 'markdown'], { cwd: dir }).stdout;
    expect(markdown).toContain('### Why these matter (from the rule docs, not the model)');
    expect(markdown.match(/^- `resilint\/no-swallowed-error`: /gmu)).toHaveLength(1);
  });

  it('writes JSON that validates against the published schema, with relative forward-slash paths', () => {
    const run = runCli(['analyze', '.', '--format', 'json'], { cwd: dir });
    const report = jsonReport(run.stdout);
    expect(sites(report)).toEqual(EXPECTED_SITES);
    expect(report.findings.every((finding) => finding.family === 'error-handling' && !path.isAbsolute(finding.file))).toBe(true);
  });

  it('analyzes files outside every tsconfig and skips node_modules, build output and .gitignore entries', () => {
    for (const [file, text] of [
      ['node_modules/dep/index.js', 'try { a() } catch {}\n'],
      ['dist/out.js', 'try { a() } catch {}\n'],
      ['generated/api.ts', 'try { a() } catch {}\n'],
      ['.gitignore', 'generated/\n'],
      ['src/types.d.ts', 'declare const x: number;\n'],
    ] as const) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    }
    const report = jsonReport(runCli(['analyze', '--format', 'json'], { cwd: dir }).stdout);
    expect(sites(report)).toEqual(EXPECTED_SITES);
    expect(report.stats.filesMatched).toBe(3);
  });

  it('writes several formats in one run, each to its own file, atomically', () => {
    const run = runCli(['analyze', '-f', 'json', '-o', 'out/report.json', '-f', 'markdown', '-o', 'out/summary.md', '-f', 'text'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('resilint/no-swallowed-error (error-handling)');
    expect(sites(jsonReport(fs.readFileSync(path.join(dir, 'out/report.json'), 'utf8')))).toEqual(EXPECTED_SITES);
    const markdown = fs.readFileSync(path.join(dir, 'out/summary.md'), 'utf8');
    expect(markdown).toContain('| error-handling | 2 |');
    expect(markdown).toContain('`src/cache.ts:6:5`');
    expect(fs.readdirSync(path.join(dir, 'out')).sort()).toEqual(['report.json', 'summary.md']);
  });

  it('colours text output with --color and never in files or with NO_COLOR', () => {
    expect(runCli(['analyze', '--color'], { cwd: dir }).stdout).toContain('\u001B[31merror  \u001B[0m');
    runCli(['analyze', '-o', 'report.txt', '-f', 'text'], { cwd: dir });
    expect(fs.readFileSync(path.join(dir, 'report.txt'), 'utf8')).not.toContain('\u001B[');
  });

  it('exits by --fail-on', () => {
    expect(runCli(['analyze', '--fail-on', 'never'], { cwd: dir }).code).toBe(0);
    fs.writeFileSync(path.join(dir, 'resilint.config.json'), JSON.stringify({ rules: { 'no-swallowed-error': 'warn' } }));
    expect(runCli(['analyze'], { cwd: dir }).code).toBe(0);
    expect(runCli(['analyze', '--fail-on', 'warning'], { cwd: dir }).code).toBe(1);
  });

  it('honours eslint-disable and resilint-disable comments, and reports unused ones on request', () => {
    const plain = jsonReport(runCli(['analyze', '-f', 'json'], { cwd: dir }).stdout);
    expect(plain.findings.filter((finding) => finding.file === 'src/jobs.ts')).toEqual([]);
    expect(plain.notifications).toEqual([]);
    const withUnused = jsonReport(runCli(['analyze', '-f', 'json', '--report-unused-disable-directives'], { cwd: dir }).stdout);
    expect(withUnused.notifications).toEqual([
      expect.objectContaining({ kind: 'unused-disable-directive', file: 'src/jobs.ts', line: 21 }),
    ]);
  });

  it('reads resilint.config.json and the "resilint" key of package.json', () => {
    fs.writeFileSync(path.join(dir, 'resilint.config.json'), JSON.stringify({ ignore: ['scripts/**'] }));
    expect(sites(jsonReport(runCli(['analyze', '-f', 'json'], { cwd: dir }).stdout))).toEqual([EXPECTED_SITES[1]]);
    fs.rmSync(path.join(dir, 'resilint.config.json'));
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ ...manifest, resilint: { rules: { 'resilint/no-swallowed-error': 'off' } } }));
    expect(jsonReport(runCli(['analyze', '-f', 'json'], { cwd: dir }).stdout).findings).toEqual([]);
  });

  it('--ignore adds globs', () => {
    expect(sites(jsonReport(runCli(['analyze', '-f', 'json', '--ignore', 'src/**'], { cwd: dir }).stdout))).toEqual([EXPECTED_SITES[0]]);
  });

  it('--baseline fails only on new findings, and survives line shifts', () => {
    expect(runCli(['baseline', '-o', 'baseline.json', '-q'], { cwd: dir }).code).toBe(0);
    const cache = path.join(dir, 'src/cache.ts');
    fs.writeFileSync(cache, `// a header comment\n\n${fs.readFileSync(cache, 'utf8')}`);
    const shifted = runCli(['analyze', '--baseline', 'baseline.json', '-f', 'json'], { cwd: dir });
    expect(shifted.code).toBe(0);
    expect(jsonReport(shifted.stdout).findings).toEqual([]);
    fs.appendFileSync(cache, 'export function drop(run: () => void): void {\n  try { run(); } catch {}\n}\n');
    const added = runCli(['analyze', '--baseline', 'baseline.json', '-f', 'json'], { cwd: dir });
    expect(added.code).toBe(1);
    expect(sites(jsonReport(added.stdout))).toEqual(['src/cache.ts:20:18 resilint/no-swallowed-error']);
  });

  it('--changed-since analyzes only the files changed since a git ref', () => {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
    git('init', '-q');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-q', '--allow-empty', '-m', 'empty');
    git('add', '.');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-q', '-m', 'fixture');
    fs.appendFileSync(path.join(dir, 'scripts/migrate.js'), '\n');
    expect(sites(jsonReport(runCli(['analyze', '-f', 'json', '--changed-since', 'HEAD'], { cwd: dir }).stdout))).toEqual([EXPECTED_SITES[0]]);
    const badRef = runCli(['analyze', '--changed-since', 'no-such-ref'], { cwd: dir });
    expect(badRef.code).toBe(2);
    expect(badRef.stderr).toMatch(/--changed-since no-such-ref: git could not list changed files/u);
  });

  it('--shard partitions the files deterministically and merge restores the whole', () => {
    const whole = jsonReport(runCli(['analyze', '-f', 'json'], { cwd: dir }).stdout);
    runCli(['analyze', '-f', 'json', '-o', 'shard1.json', '--shard', '1/2'], { cwd: dir });
    runCli(['analyze', '-f', 'json', '-o', 'shard2.json', '--shard', '2/2'], { cwd: dir });
    const first = jsonReport(fs.readFileSync(path.join(dir, 'shard1.json'), 'utf8'));
    const second = jsonReport(fs.readFileSync(path.join(dir, 'shard2.json'), 'utf8'));
    expect(first.stats.filesMatched + second.stats.filesMatched).toBe(whole.stats.filesMatched);
    const merged = runCli(['merge', 'shard1.json', 'shard2.json'], { cwd: dir });
    expect(merged.code).toBe(0);
    expect(jsonReport(merged.stdout).findings).toEqual(whole.findings);
    expect(runCli(['analyze', '--shard', '3/2'], { cwd: dir }).stderr).toMatch(/--shard 3\/2: expected i\/n/u);
  });

  it('--project loads the given tsconfigs, and their references', () => {
    fs.writeFileSync(path.join(dir, 'tsconfig.solution.json'), JSON.stringify({ files: [], references: [{ path: './tsconfig.json' }] }));
    const run = runCli(['analyze', 'src', '--project', 'tsconfig.solution.json', '-f', 'json'], { cwd: dir });
    expect(sites(jsonReport(run.stdout))).toEqual([EXPECTED_SITES[1]]);
    const missing = runCli(['analyze', '--project', 'nope.json'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--project nope.json: no such tsconfig');
  });

  it('reuses the on-disk analysis cache on an unchanged tree, and misses after a change', () => {
    expect(runCli(['analyze', '--debug', '-q'], { cwd: dir }).stderr).not.toContain('analysis cache hit');
    const warm = runCli(['analyze', '--debug', '-q', '-f', 'json'], { cwd: dir });
    expect(warm.stderr).toContain('analysis cache hit');
    expect(sites(jsonReport(warm.stdout))).toEqual(EXPECTED_SITES);
    fs.appendFileSync(path.join(dir, 'src/jobs.ts'), '\nexport const y = 1;\n');
    expect(runCli(['analyze', '--debug', '-q'], { cwd: dir }).stderr).not.toContain('analysis cache hit');
    expect(runCli(['analyze', '--debug', '-q', '--no-cache'], { cwd: dir }).stderr).not.toContain('analysis cache hit');
  });

  it('prints per-phase timings and memory with --debug, and nothing on stderr otherwise', () => {
    expect(runCli(['analyze', '--debug', '--no-cache'], { cwd: dir }).stderr).toMatch(/\[debug\] load \d+ ms, analyze \d+ ms, escalate \d+ ms, report \d+ ms; rss \d+ MiB/u);
    expect(runCli(['analyze'], { cwd: dir }).stderr).toBe('');
  });
});
