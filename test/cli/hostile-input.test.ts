import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { Ajv } from 'ajv';
import { beforeEach, describe, expect, it } from 'vitest';

import { copyFixture, REPO_ROOT, runCli, runInProcess } from '../helpers/run-cli.js';

interface JsonReport {
  findings: { file: string; line: number; ruleId: string }[];
  notifications: { level: string; kind: string; file?: string; message: string }[];
  stats: { filesMatched: number; filesAnalyzed: number };
}

const validateReport = new Ajv({ allErrors: true, strict: false }).compile(
  JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'docs/report.schema.json'), 'utf8')) as object,
);

/** Every finding of the intact service fixture: hostile input next to it must not cost any of them. */
const INTACT = ['jobs/migrate.js:5', 'src/cache.ts:6'];

const STACK_FRAME = /\n\s+at /u;

/** A file that holds one finding (an empty catch on line 3) after `body`, which starts on line 5. */
const withFinding = (body: string): string => `export function guarded(run: () => void): void {\n  try {\n    run();\n  } catch {}\n}\n${body}`;

describe('hostile input never costs the run', () => {
  let dir: string;
  beforeEach(() => {
    dir = copyFixture('cli/service');
  });

  /**
   * In this process; with a time limit, through the real binary instead, where a run that blocks on a read
   * is killed at the limit rather than stopping the test file's own process. `--fail-on warning`: the fixture's
   * findings are warnings, and exit code 1 says they were reported.
   */
  const analyzeJson = async (args: string[] = [], timeoutMs?: number): Promise<{ code: number; report: JsonReport; stderr: string }> => {
    const argv = ['analyze', '-f', 'json', '--no-cache', '--fail-on', 'warning', ...args];
    const run = timeoutMs === undefined ? await runInProcess(argv, { cwd: dir }) : runCli(argv, { cwd: dir, timeoutMs });
    expect(run.stderr).not.toMatch(STACK_FRAME);
    expect(run.code, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(validateReport(report), JSON.stringify(validateReport.errors)).toBe(true);
    return { code: run.code, report, stderr: run.stderr };
  };
  const sites = (report: JsonReport): string[] => report.findings.map((finding) => `${finding.file}:${finding.line}`);
  /** The notices hostile input caused; the fixture's own (jobs/migrate.js sits outside its tsconfig) is left out. */
  const notices = (report: JsonReport): string[][] =>
    report.notifications
      .filter((notification) => notification.kind !== 'no-type-information')
      .map((notification) => [notification.kind, notification.file ?? ''])
      .sort();

  it('700 nested parentheses and a 3,500-link else-if chain: the report is written, each file gets a notice naming the limit', async () => {
    fs.writeFileSync(path.join(dir, 'src/parens.ts'), `export const x = ${'('.repeat(1_500)}1${')'.repeat(1_500)};\n`);
    fs.writeFileSync(path.join(dir, 'src/parens-700.ts'), `export const y = ${'('.repeat(700)}1${')'.repeat(700)};\n`);
    let chain = 'export function pick(n: number): number {\n  if (n === 0) {\n    return 0;\n  }';
    for (let index = 1; index < 3_500; index += 1) chain += ` else if (n === ${index}) {\n    return ${index};\n  }`;
    fs.writeFileSync(path.join(dir, 'src/else-if.ts'), withFinding(`${chain}\n  return -1;\n}\n`));
    const { report } = await analyzeJson();
    expect(sites(report), JSON.stringify(report.notifications)).toEqual(expect.arrayContaining([...INTACT, 'src/else-if.ts:4']));
    const deep = report.notifications.filter((notification) => notification.kind === 'nesting-too-deep');
    expect(deep.map((notification) => notification.file).sort()).toEqual(['src/else-if.ts', 'src/parens.ts']);
    for (const notification of deep) expect(notification.message).toMatch(/levels/u);
  });

  it('a tsconfig with 3,000 nested arrays is a tsconfig notice, and the files are analyzed without types', async () => {
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), `{ "include": ["src"], "x": ${'['.repeat(3_000)}${']'.repeat(3_000)} }`);
    const { report } = await analyzeJson();
    expect(sites(report)).toEqual(INTACT);
    expect(notices(report)).toEqual([['tsconfig-error', 'tsconfig.json']]);
  });

  it("1,100 chained .then() calls and 1,800 + terms keep the file's findings and every other file's", async () => {
    fs.writeFileSync(path.join(dir, 'src/then.ts'), withFinding(`export const p = Promise.resolve(1)\n${'  .then((value) => value)\n'.repeat(1_100)};\n`));
    fs.writeFileSync(path.join(dir, 'src/plus.ts'), withFinding(`export const s = 'a'\n${"  + 'a'\n".repeat(1_800)};\n`));
    const { report } = await analyzeJson();
    expect(sites(report)).toEqual(expect.arrayContaining([...INTACT, 'src/plus.ts:4', 'src/then.ts:4']));
    expect(report.notifications.filter((notification) => notification.kind === 'internal-error')).toEqual([]);
  });

  it.each([
    ['a number path', '[{ "path": 5 }]'],
    ['a null entry', '[null]'],
    ['an object', '{ "path": "x" }'],
    ['a string', '"./other"'],
  ])('tsconfig references with %s is a tsconfig notice, not a stack trace', async (_name, references) => {
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), `{ "compilerOptions": { "strict": true }, "include": ["src"], "references": ${references} }`);
    const { report } = await analyzeJson();
    expect(sites(report)).toEqual(INTACT);
    // TypeScript itself fails on a null entry: then the project's types are lost too, with a second notice.
    expect(new Set(notices(report).map((notice) => notice.join(' ')))).toEqual(new Set(['tsconfig-error tsconfig.json']));
  });

  it('a tsconfig TypeScript asserts on while building the program (found by the fuzz test) is a tsconfig notice', async () => {
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { paths: { '*': [null] } }, include: ['src'] }));
    const { report } = await analyzeJson();
    expect(sites(report)).toEqual(INTACT);
    expect(notices(report)).toEqual([['tsconfig-error', 'tsconfig.json']]);
  });

  it('a file name with a backslash (legal on POSIX; found by the fuzz test) is a notice, and the report stays valid', async () => {
    fs.writeFileSync(path.join(dir, 'src/back\\slash.ts'), 'try { run(); } catch {}\n');
    const { report } = await analyzeJson();
    expect(sites(report)).toEqual(INTACT);
    expect(notices(report)).toEqual([['unsupported-file-name', 'src/back\\slash.ts']]);
  });

  it('a tsconfig "files" entry that does not exist is a notice', async () => {
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true }, files: ['src/cache.ts', 'src/missing.ts'] }));
    const { report } = await analyzeJson();
    expect(sites(report)).toEqual(INTACT);
    const notice = report.notifications.find((notification) => notification.kind === 'tsconfig-error');
    expect(notice?.message).toContain('src/missing.ts');
  });

  it('--output naming a directory is exit 2 with one message and no stack trace', () => {
    fs.mkdirSync(path.join(dir, 'reports'));
    const run = runCli(['analyze', '-f', 'json', '-o', 'reports', '--no-cache'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^resilint: --output reports is a directory/u);
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });

  it('a symlink loop and a dangling link named on the command line are notices; the report is written', async () => {
    fs.symlinkSync('loop.ts', path.join(dir, 'src/loop.ts'));
    fs.symlinkSync('does-not-exist.ts', path.join(dir, 'src/dangling.ts'));
    const { report } = await analyzeJson(['src/cache.ts', 'jobs', 'src/loop.ts', 'src/dangling.ts']);
    expect(sites(report)).toEqual(INTACT);
    expect(notices(report)).toEqual([
      ['broken-symlink', 'src/dangling.ts'],
      ['broken-symlink', 'src/loop.ts'],
    ]);
  });

  it('a FIFO and links to /dev/zero and /dev/urandom named on the command line are skipped at once, never read', async () => {
    execFileSync('mkfifo', [path.join(dir, 'src/pipe.ts')]);
    fs.symlinkSync('/dev/zero', path.join(dir, 'src/zero.ts'));
    fs.symlinkSync('/dev/urandom', path.join(dir, 'src/random.ts'));
    const { report } = await analyzeJson(['src/cache.ts', 'jobs', 'src/pipe.ts', 'src/zero.ts', 'src/random.ts', '/dev/zero'], 30_000);
    expect(sites(report)).toEqual(INTACT);
    expect(notices(report)).toEqual(
      [
        ['not-a-regular-file', '/dev/zero'],
        ['not-a-regular-file', 'src/pipe.ts'],
        ['not-a-regular-file', 'src/random.ts'],
        ['not-a-regular-file', 'src/zero.ts'],
      ]
        .map(([kind, file]) => [kind, path.isAbsolute(file!) ? path.relative(dir, file!).split(path.sep).join('/') : file!])
        .sort(),
    );
  });

  it.each([
    [
      'the config',
      (root: string): string[] => (fs.writeFileSync(path.join(root, 'resilint.config.json'), JSON.stringify({ ignore: ['!'] })), []),
      /resilint\.config\.json.*"!"/u,
    ],
    ['--ignore', (): string[] => ['--ignore', '!'], /--ignore "!"/u],
  ])('an ignore glob "!" in %s is rejected with a clear message, not a silent empty run', async (_where, setup, message) => {
    const run = await runInProcess(['analyze', '-f', 'json', '--no-cache', ...setup(dir)], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });

  it.each([
    ['lone CR', '\r'],
    ['U+2028', '\u2028'],
    ['U+2029', '\u2029'],
  ])('a valid file over 5,000 characters with %s line endings is analyzed, not skipped as minified', async (_name, eol) => {
    const lines = ['export function guarded(run: () => void): void {', '  try {', '    run();', '  } catch {}', '}'];
    for (let index = 0; index < 400; index += 1) lines.push(`export const value${index} = ${index};`);
    fs.writeFileSync(path.join(dir, 'src/endings.ts'), lines.join(eol) + eol);
    const { report } = await analyzeJson();
    expect(sites(report)).toEqual([...INTACT, 'src/endings.ts:4'].sort());
    expect(notices(report)).toEqual([]);
  });

  it('a compiled file whose only long line is its inline source map is analyzed, not skipped as minified', async () => {
    const map = `//# sourceMappingURL=data:application/json;charset=utf-8;base64,${'A'.repeat(20_000)}`;
    const lines = ['export function guarded(run: () => void): void {', '  try {', '    run();', '  } catch {}', '}', map];
    fs.writeFileSync(path.join(dir, 'src/compiled.ts'), lines.join('\n') + '\n');
    const { report } = await analyzeJson();
    expect(sites(report)).toEqual([...INTACT, 'src/compiled.ts:4'].sort());
    expect(notices(report)).toEqual([]);
  });

  it('a config file and a package.json that start with a byte-order mark are read', async () => {
    fs.writeFileSync(path.join(dir, 'resilint.config.json'), `\uFEFF${JSON.stringify({ ignore: ['jobs'] })}`);
    expect(sites((await analyzeJson()).report)).toEqual(['src/cache.ts:6']);
    fs.rmSync(path.join(dir, 'resilint.config.json'));
    fs.writeFileSync(path.join(dir, 'package.json'), `\uFEFF${JSON.stringify({ name: 'bom', resilint: { ignore: ['src'] } })}`);
    expect(sites((await analyzeJson()).report)).toEqual(['jobs/migrate.js:5']);
  });

  it('a huge one-line file is judged minified before it is parsed', async () => {
    // 4,000 nested parentheses on one line would overflow TypeScript's parser if it were parsed.
    const line = `export const x = ${'('.repeat(4_000)}1${')'.repeat(4_000)};\n`;
    fs.writeFileSync(path.join(dir, 'src/one-line.ts'), line);
    fs.writeFileSync(path.join(dir, 'jobs/one-line.js'), line.replace('export ', ''));
    const { report } = await analyzeJson();
    expect(sites(report)).toEqual(INTACT);
    expect(notices(report)).toEqual([
      ['minified-file', 'jobs/one-line.js'],
      ['minified-file', 'src/one-line.ts'],
    ]);
  });
});

describe('the analysis cache covers installed dependencies', () => {
  let dir: string;
  beforeEach(() => {
    dir = copyFixture('cli/service');
    fs.writeFileSync(path.join(dir, 'src/client.ts'), "import { fetchIt } from 'remote-kit';\n\nexport const load = (): Promise<string> => fetchIt('/x');\n");
  });
  const cacheHit = async (): Promise<boolean> => {
    const run = await runInProcess(['analyze', '-f', 'json', '--debug', '--fail-on', 'warning'], { cwd: dir });
    expect(run.code).toBe(1);
    return run.stderr.includes('analysis cache hit');
  };
  const install = (declaration: string): void => {
    fs.mkdirSync(path.join(dir, 'node_modules/remote-kit'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'node_modules/remote-kit/package.json'), JSON.stringify({ name: 'remote-kit', version: '1.0.0', types: 'index.d.ts' }));
    fs.writeFileSync(path.join(dir, 'node_modules/remote-kit/index.d.ts'), declaration);
  };

  it('installing a dependency is a miss', async () => {
    expect(await cacheHit()).toBe(false);
    expect(await cacheHit()).toBe(true);
    install('export declare function fetchIt(url: string): Promise<string>;\n');
    expect(await cacheHit()).toBe(false);
    expect(await cacheHit()).toBe(true);
  });

  it('a changed declaration file the program read is a miss', async () => {
    install('export declare function fetchIt(url: string): Promise<string>;\n');
    expect(await cacheHit()).toBe(false);
    expect(await cacheHit()).toBe(true);
    fs.writeFileSync(path.join(dir, 'node_modules/remote-kit/index.d.ts'), 'export declare function fetchIt(url: string, init?: object): Promise<string>;\n');
    expect(await cacheHit()).toBe(false);
  });
});
