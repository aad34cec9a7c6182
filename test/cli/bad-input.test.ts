import fs from 'node:fs';
import path from 'node:path';

import { beforeEach, describe, expect, it } from 'vitest';

import { copyFixture, runInProcess } from '../helpers/run-cli.js';

interface JsonReport {
  findings: { file: string; line: number; ruleId: string }[];
  notifications: { level: string; kind: string; file?: string; line?: number; column?: number; message: string }[];
  stats: { filesMatched: number; filesAnalyzed: number };
}

/** Every finding of the intact fixture: bad files must not cost any of them. */
const INTACT = ['jobs/migrate.js:5', 'src/cache.ts:6'];

describe('bad input never stops the run and loses nothing', () => {
  let dir: string;
  beforeEach(() => {
    dir = copyFixture('cli/service');
  });

  const analyzeJson = async (...args: string[]): Promise<{ code: number; report: JsonReport; stderr: string }> => {
    const run = await runInProcess(['analyze', '-f', 'json', '--no-cache', ...args], { cwd: dir });
    return { code: run.code, report: JSON.parse(run.stdout) as JsonReport, stderr: run.stderr };
  };
  const intactSites = (report: JsonReport): string[] => report.findings.map((finding) => `${finding.file}:${finding.line}`);

  it('a file that does not parse is a notification with file and position', async () => {
    fs.writeFileSync(path.join(dir, 'src/broken.ts'), 'export function f( {\n  return 1;\n}\n');
    const { code, report } = await analyzeJson('--fail-on', 'warning');
    expect(code).toBe(1);
    expect(intactSites(report)).toEqual(INTACT);
    expect(report.notifications).toEqual([
      expect.objectContaining({ kind: 'no-type-information', message: expect.stringContaining(': jobs/migrate.js.') as unknown }),
      expect.objectContaining({ level: 'error', kind: 'parse-error', file: 'src/broken.ts', line: 2, column: 10 }),
    ]);
    expect(report.stats).toMatchObject({ filesMatched: 4, filesAnalyzed: 3 });
    const text = (await runInProcess(['analyze', '--no-cache'], { cwd: dir })).stdout;
    expect(text).toContain("src/broken.ts:2:10: Cannot parse src/broken.ts:2:10: ':' expected.");
    expect(text).toContain('1 file(s) could not be analyzed');
  });

  it('non-UTF-8, huge and minified files are skipped with a notification', async () => {
    fs.writeFileSync(path.join(dir, 'jobs/latin1.js'), Buffer.from([0x2f, 0x2f, 0x20, 0xe9, 0xe8, 0x0a, 0x74, 0x72, 0x79]));
    fs.writeFileSync(path.join(dir, 'jobs/bundle.js'), `var a=${'1+'.repeat(4000)}1;\n`);
    fs.writeFileSync(path.join(dir, 'resilint.config.json'), JSON.stringify({ maxFileSizeKb: 64 }));
    fs.writeFileSync(path.join(dir, 'jobs/huge.js'), `${'// padding\n'.repeat(7000)}try { x(); } catch {}\n`);
    const { report } = await analyzeJson();
    expect(intactSites(report)).toEqual(INTACT);
    expect(report.notifications.map((notification) => [notification.kind, notification.file]).sort()).toEqual([
      ['file-too-large', 'jobs/huge.js'],
      ['minified-file', 'jobs/bundle.js'],
      ['no-type-information', undefined],
      ['non-utf8-file', 'jobs/latin1.js'],
    ]);
  });

  it('a compiled file with a long inline source map is analyzed, not skipped as minified', async () => {
    const map = `//# sourceMappingURL=data:application/json;charset=utf-8;base64,${'QUFB'.repeat(2000)}`;
    fs.writeFileSync(path.join(dir, 'jobs/compiled.js'), `export function load(run) {\n  try {\n    run();\n  } catch {}\n}\n${map}\n`);
    fs.writeFileSync(path.join(dir, 'jobs/bundle.js'), `var a=${'1+'.repeat(4000)}1;\n${map}`);
    const { report } = await analyzeJson();
    expect(intactSites(report)).toEqual(['jobs/compiled.js:4', ...INTACT]);
    expect(report.notifications.filter((notification) => notification.kind === 'minified-file').map((notification) => notification.file)).toEqual([
      'jobs/bundle.js',
    ]);
  });

  it('symlink loops and broken links are skipped with a notification', async () => {
    fs.symlinkSync('..', path.join(dir, 'src/loop'));
    fs.symlinkSync('does-not-exist.ts', path.join(dir, 'src/dangling.ts'));
    const { report } = await analyzeJson();
    expect(intactSites(report)).toEqual(INTACT);
    expect(report.notifications.map((notification) => notification.kind).sort()).toEqual(['broken-symlink', 'no-type-information', 'symlink-loop']);
  });

  it('a tsconfig that cannot be loaded degrades to analysis without types', async () => {
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), '{ "compilerOptions": { "strict": tru');
    const { report } = await analyzeJson();
    expect(intactSites(report)).toEqual(INTACT);
    expect(report.notifications).toEqual([
      expect.objectContaining({ kind: 'tsconfig-error', file: 'tsconfig.json' }),
      expect.objectContaining({ kind: 'no-type-information', message: expect.stringContaining('3 files were analyzed without type information') as unknown }),
    ]);
  });

  it.each([
    ['a missing path', ['analyze', 'nope/'], /^resilint: Path not found: nope\/\. Pass files or folders that exist/u],
    ['a config that is not JSON', ['analyze', '--config', 'bad.json'], /^resilint: Config file .*bad\.json is not valid JSON/u],
    [
      'a config with an unknown key',
      ['analyze', '--config', 'unknown.json'],
      /^resilint: Invalid configuration in .*unknown\.json: \(root\) must NOT have additional properties "rule"/u,
    ],
    ['an unknown rule', ['analyze', '--config', 'unknown-rule.json'], /^resilint: Unknown rule "resilint\/no-such-rule" in the configuration/u],
    ['invalid rule options', ['analyze', '--config', 'bad-options.json'], /^resilint: Invalid options for rule "resilint\/no-swallowed-error"/u],
    ['a missing config file', ['analyze', '--config', 'missing.json'], /^resilint: Config file not found: missing\.json/u],
    ['an unknown format', ['analyze', '--format', 'xml'], /argument 'xml' is invalid/u],
  ])('%s is exit 2 with one message that says what to fix, and no stack trace', async (_name, args, message) => {
    fs.writeFileSync(path.join(dir, 'bad.json'), '{ "rules": ');
    fs.writeFileSync(path.join(dir, 'unknown.json'), JSON.stringify({ rule: {} }));
    fs.writeFileSync(path.join(dir, 'unknown-rule.json'), JSON.stringify({ rules: { 'resilint/no-such-rule': 'error' } }));
    fs.writeFileSync(path.join(dir, 'bad-options.json'), JSON.stringify({ rules: { 'no-swallowed-error': ['error', { nonsense: true }, 2, 3, 4] } }));
    const run = await runInProcess(args, { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /u);
    expect(run.stdout).toBe('');
  });
});
