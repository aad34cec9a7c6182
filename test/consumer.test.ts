import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { AnyResilintRule } from '../rules/engine/create-rule.js';
import { FAMILIES } from '../rules/engine/types.js';
import { rules } from '../rules/index.js';
import { parseLabels } from './corpus/labels.js';
import { type CommandRun, createProjectFolder, npmInstall, packPackages, run, type Tarballs } from './helpers/packed-packages.js';
import { REPO_ROOT } from './helpers/run-cli.js';

// What users install: the packed tarballs of both packages, installed with npm into fresh projects next to
// the ESLint and TypeScript versions they use, and run through the installed binaries. The fixture sources
// carry corpus-style labels (`// expect: <rule-id>`); ESLint must report exactly those, and
// `resilint analyze` must report the same findings on the same files.

const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'consumer', 'src');
const CHECK_TYPES = path.join(REPO_ROOT, 'test', 'fixtures', 'consumer', 'check-types.cjs');
const ruleRecord = rules as Record<string, AnyResilintRule>;

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    lib: ['ES2023', 'DOM'],
    types: ['node'],
    strict: true,
    allowJs: true,
    jsx: 'preserve',
    noEmit: true,
    skipLibCheck: true,
  },
  include: ['src'],
};

const ESM_CONFIG = [
  "import { defineConfig } from 'eslint/config';",
  "import resilint from 'eslint-plugin-resilint';",
  '',
  'export default defineConfig(',
  "  resilint.configs['strict-type-checked'],",
  '  { languageOptions: { parserOptions: { tsconfigRootDir: import.meta.dirname } } },',
  ');',
  '',
].join('\n');

const CJS_CONFIG = [
  "const resilint = require('eslint-plugin-resilint');",
  '',
  'module.exports = [',
  "  resilint.configs['strict-type-checked'],",
  '  { languageOptions: { parserOptions: { tsconfigRootDir: __dirname } } },',
  '];',
  '',
].join('\n');

interface Consumer {
  name: string;
  eslint: string;
  typescript: string;
  configFile: string;
  config: string;
}

/** Every pair of ESLint 9 and 10 with TypeScript 5.9 and 6.0; ES module configs (with defineConfig) and a CommonJS one. */
const CONSUMERS: readonly Consumer[] = [
  { name: 'eslint10-ts60-esm', eslint: 'eslint@^10.0.0', typescript: 'typescript@~6.0.2', configFile: 'eslint.config.mjs', config: ESM_CONFIG },
  { name: 'eslint9-ts59-cjs', eslint: 'eslint@^9.39.0', typescript: 'typescript@~5.9.3', configFile: 'eslint.config.cjs', config: CJS_CONFIG },
  { name: 'eslint10-ts59-esm', eslint: 'eslint@^10.0.0', typescript: 'typescript@~5.9.3', configFile: 'eslint.config.mjs', config: ESM_CONFIG },
  { name: 'eslint9-ts60-esm', eslint: 'eslint@^9.39.0', typescript: 'typescript@~6.0.2', configFile: 'eslint.config.mjs', config: ESM_CONFIG },
];

/** The module resolutions a TypeScript user's eslint.config.ts and API use are type-checked with. */
const RESOLUTIONS = ['NodeNext', 'Bundler'] as const;

interface EslintResult {
  filePath: string;
  messages: { ruleId: string | null; line: number; column: number; fatal?: boolean; message: string }[];
}

interface Installed {
  consumer: Consumer;
  root: string;
  install: CommandRun;
}

type LintRun = Awaited<ReturnType<typeof lint>>;

let workspace: string;
let tarballs: Tarballs;
const installed = new Map<string, Promise<Installed>>();
const linted = new Map<string, Promise<LintRun>>();
const analyzed = new Map<string, Promise<CommandRun>>();
const typeChecks = new Map<string, Promise<CommandRun>>();
/** The TypeScript 7 projects, installed next to the matrix's: the plugin with its peers, and the CLI alone. */
let ts7Plugin: Promise<{ root: string; install: CommandRun }>;
let ts7Cli: Promise<{ root: string; install: CommandRun }>;

beforeAll(() => {
  workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'resilint-tarballs-'));
  tarballs = packPackages(workspace);
  // Every project installs at once, then lints, analyzes and type-checks as soon as it is installed: the
  // describe blocks await what they check, and the file's steps overlap instead of running one by one.
  for (const consumer of CONSUMERS) {
    void lintOnce(consumer).catch(() => undefined);
    void analyzeOnce(consumer).catch(() => undefined);
  }
  for (const resolution of RESOLUTIONS) void typeCheckOnce(resolution).catch(() => undefined);
  ts7Plugin = npmInstallInto(createProjectFolder('ts7-plugin'), [tarballs.plugin, 'eslint@^10.0.0', 'typescript@^7.0.0']);
  const ts7Root = createProjectFolder('ts7-cli', { type: 'module' });
  fs.cpSync(FIXTURE, path.join(ts7Root, 'src'), { recursive: true });
  // A tsconfig for TypeScript 7: its defaults (strict, module resolution) and no options it removed.
  fs.writeFileSync(
    path.join(ts7Root, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { target: 'ES2024', module: 'NodeNext', allowJs: true, jsx: 'preserve', noEmit: true }, include: ['src'] }),
  );
  ts7Cli = npmInstallInto(ts7Root, [tarballs.cli, 'typescript@^7.0.0']);
}, 120_000);

/** `npm install` in `root`, with the folder it ran in. */
async function npmInstallInto(root: string, specs: readonly string[]): Promise<{ root: string; install: CommandRun }> {
  return { root, install: await npmInstall(root, specs) };
}

afterAll(() => {
  if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
});

/** One install per consumer, started on first use, so the projects install in parallel. */
function install(consumer: Consumer): Promise<Installed> {
  let pending = installed.get(consumer.name);
  if (!pending) {
    const root = createProjectFolder(consumer.name, { type: 'module', dependencies: { 'p-retry': '^6.2.0', pg: '^8.11.0' } });
    fs.cpSync(FIXTURE, path.join(root, 'src'), { recursive: true });
    fs.writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2));
    fs.writeFileSync(path.join(root, consumer.configFile), consumer.config);
    pending = npmInstall(root, [tarballs.plugin, tarballs.cli, consumer.eslint, consumer.typescript, '@types/node@^20.19.0']).then((result) => ({
      consumer,
      root,
      install: result,
    }));
    installed.set(consumer.name, pending);
  }
  return pending;
}

/**
 * tsc on an eslint.config.ts and a use of the API, in the first consumer's project, once per module
 * resolution. With NodeNext it checks ESLint's and both packages' declaration files (skipLibCheck off): the longest step
 * of this file, so it starts as soon as the project is installed.
 */
function typeCheckOnce(resolution: (typeof RESOLUTIONS)[number]): Promise<CommandRun> {
  let pending = typeChecks.get(resolution);
  if (!pending) {
    pending = install(CONSUMERS[0]!).then(async (project) => {
      const folder = path.join(project.root, `types-${resolution}`);
      fs.mkdirSync(folder, { recursive: true });
      fs.writeFileSync(
        path.join(folder, 'eslint.config.ts'),
        [
          "import { defineConfig } from 'eslint/config';",
          "import resilint from 'eslint-plugin-resilint';",
          '',
          "export default defineConfig(resilint.configs.recommended, resilint.configs['strict-type-checked'], { files: ['src/**'] });",
          '',
        ].join('\n'),
      );
      fs.writeFileSync(
        path.join(folder, 'analyze.ts'),
        [
          "import { analyzeProject, type Finding } from 'resilint';",
          '',
          "const report = await analyzeProject({ cwd: '.', paths: ['src'] });",
          'const first: Finding | undefined = report.findings[0];',
          'console.log(first?.ruleId, report.stats.findings);',
          '',
        ].join('\n'),
      );
      const module = resolution === 'Bundler' ? 'ESNext' : 'NodeNext';
      // Both packages' declaration files are checked once, with NodeNext; with Bundler, only that the user's
      // code type-checks against them. attw in `npm run check:packages` checks that the types resolve under
      // node16 and bundler.
      const skipLibCheck = resolution !== RESOLUTIONS[0];
      fs.writeFileSync(
        path.join(folder, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            target: 'ES2022',
            lib: ['ES2023'],
            module,
            moduleResolution: resolution,
            strict: true,
            noEmit: true,
            skipLibCheck,
            // TypeScript's own lib files are not what this checks (and no DOM: the config runs in Node).
            skipDefaultLibCheck: true,
            types: ['node'],
          },
          files: ['eslint.config.ts', 'analyze.ts'],
        }),
      );
      fs.writeFileSync(path.join(folder, 'package.json'), JSON.stringify({ type: 'module' }));
      // Like `tsc -p`, but the declaration files of ESLint, typescript-eslint, @types/node and TypeScript are
      // not checked: errors there are not this project's (15 s of CPU, the longest step of the suite).
      return run(process.execPath, [CHECK_TYPES, path.join(folder, 'tsconfig.json')], project.root);
    });
    typeChecks.set(resolution, pending);
  }
  return pending;
}

/**
 * `resilint analyze` from the installed package, started as soon as a project is installed: once per
 * TypeScript version, in the first project that asked for it. The CLI neither loads the project's ESLint
 * nor shares its TypeScript unless the versions agree (it depends on its own 6.0, nested under it next to
 * a 5.9), so the projects that differ only in ESLint run the same CLI on the same files; each project's
 * ESLint findings are compared with it.
 */
function analyzeOnce(consumer: Consumer): Promise<CommandRun> {
  const first = CONSUMERS.find((candidate) => candidate.typescript === consumer.typescript)!;
  let pending = analyzed.get(first.typescript);
  if (!pending) {
    pending = install(first).then((project) =>
      run(process.execPath, ['node_modules/resilint/bin/resilint.js', 'analyze', 'src', '--format', 'json', '--no-cache'], project.root),
    );
    analyzed.set(first.typescript, pending);
  }
  return pending;
}

/** The ESLint run of `consumer`'s project, once: the matrix's cases and the comparison across versions share it. */
function lintOnce(consumer: Consumer): Promise<LintRun> {
  let pending = linted.get(consumer.name);
  if (!pending) {
    pending = install(consumer).then((project) => lint(project));
    linted.set(consumer.name, pending);
  }
  return pending;
}

async function lint(project: Installed): Promise<{ status: number; stderr: string; results: EslintResult[] }> {
  const result = await run(process.execPath, [path.join(project.root, 'node_modules/eslint/bin/eslint.js'), '--format', 'json', 'src'], project.root);
  let results: EslintResult[] = [];
  try {
    results = JSON.parse(result.stdout) as EslintResult[];
  } catch {
    // Left empty: the assertions show stdout and stderr.
  }
  return { status: result.code, stderr: `${result.stderr}${results.length === 0 ? result.stdout : ''}`, results };
}

/** `file:line rule` for every label, for exact comparison. */
function expectedSites(root: string): string[] {
  return listFiles(path.join(root, 'src')).flatMap((file) => {
    const relative = path.relative(root, file);
    const { labels, problems } = parseLabels(relative, fs.readFileSync(file, 'utf8'));
    expect(problems).toEqual([]);
    return labels.filter((label) => label.kind === 'expect').map((label) => `${relative}:${label.line} resilint/${label.ruleId}`);
  });
}

function listFiles(directory: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    return entry.isDirectory() ? listFiles(full) : [full];
  });
}

describe.each(CONSUMERS)('installed from tarballs: $name', (consumer) => {
  let project: Installed;
  let linted: LintRun;

  beforeAll(async () => {
    project = await install(consumer);
    expect(project.install.code, project.install.stderr).toBe(0);
    linted = await lintOnce(consumer);
  }, 300_000);

  it('installs the TypeScript and ESLint it asked for, and one copy of TypeScript', async () => {
    const typescript = JSON.parse(fs.readFileSync(path.join(project.root, 'node_modules/typescript/package.json'), 'utf8')) as { version: string };
    expect(
      typescript.version.startsWith(
        consumer.typescript
          .replace(/^typescript@~/u, '')
          .split('.')
          .slice(0, 2)
          .join('.'),
      ),
    ).toBe(true);
    // The plugin resolves the project's TypeScript: no copy of its own next to it.
    expect(fs.existsSync(path.join(project.root, 'node_modules/eslint-plugin-resilint/node_modules/typescript'))).toBe(false);
    const eslint = await run(process.execPath, ['node_modules/eslint/bin/eslint.js', '--version'], project.root);
    expect(eslint.stdout.trim()).toMatch(new RegExp(`^v${consumer.eslint.replace(/^eslint@\^/u, '').split('.')[0]}\\.`, 'u'));
  });

  it('lints every source without a crash or a parse error', () => {
    expect(linted.results.length, linted.stderr).toBe(listFiles(path.join(project.root, 'src')).length);
    const fatal = linted.results.flatMap((result) => result.messages.filter((message) => message.fatal || message.ruleId === null));
    expect(fatal).toEqual([]);
    // 1: lint errors found; 2 would be a configuration or plugin failure.
    expect(linted.status, linted.stderr).toBe(1);
  });

  it('reports exactly the labelled defects, of all four families', () => {
    const reported = linted.results.flatMap((result) =>
      result.messages.map((message) => `${path.relative(project.root, result.filePath)}:${message.line} ${message.ruleId ?? 'fatal'}`),
    );
    expect(reported.sort()).toEqual(expectedSites(project.root).sort());
    const families = new Set(
      linted.results.flatMap((result) => result.messages.map((message) => ruleRecord[message.ruleId!.slice('resilint/'.length)]!.meta.docs.family)),
    );
    expect([...families].sort()).toEqual([...FAMILIES].sort());
  });

  it('reports the same findings as `resilint analyze` on the same files', async () => {
    const analyzed = await analyzeOnce(consumer);
    expect(analyzed.code, analyzed.stderr).toBe(1);
    const report = JSON.parse(analyzed.stdout) as { findings: { ruleId: string; file: string; line: number; column: number }[] };
    const fromCli = report.findings.map((finding) => `${finding.file}:${finding.line}:${finding.column} ${finding.ruleId}`);
    const fromEslint = linted.results.flatMap((result) =>
      result.messages.map((message) => `${path.relative(project.root, result.filePath)}:${message.line}:${message.column} ${message.ruleId}`),
    );
    expect(fromCli.sort()).toEqual(fromEslint.sort());
  }, 300_000);
});

describe('installed from tarballs: the same findings on every supported TypeScript and ESLint', () => {
  it('gives identical messages on TypeScript 5.9 and 6.0, ESLint 9 and 10, in every pair', async () => {
    const runs = await Promise.all(
      CONSUMERS.map(async (consumer) => {
        const project = await install(consumer);
        const { results } = await lintOnce(consumer);
        return results
          .flatMap((result) =>
            result.messages.map(
              (message) => `${path.relative(project.root, result.filePath)}:${message.line}:${message.column} ${message.ruleId} ${message.message}`,
            ),
          )
          .sort();
      }),
    );
    expect(runs[0]!.length).toBeGreaterThan(0);
    for (const other of runs.slice(1)) expect(other).toEqual(runs[0]);
  }, 300_000);
});

describe('installed from tarballs: imports from ES modules, CommonJS and TypeScript', () => {
  let project: Installed;

  beforeAll(async () => {
    project = await install(CONSUMERS[0]!);
  }, 300_000);

  it('loads both packages with import and with require', async () => {
    const script = [
      "const plugin = require('eslint-plugin-resilint');",
      "const cli = require('resilint');",
      "import('eslint-plugin-resilint').then(async (esm) => {",
      "  const api = await import('resilint');",
      '  console.log(JSON.stringify({',
      "    cjsPreset: Object.keys(plugin.configs).join(','), cjsRules: Object.keys(plugin.rules).length,",
      '    samePlugin: esm.default.configs === plugin.configs, esmMeta: esm.default.meta.name,',
      '    cjsApi: typeof cli.analyzeProject, esmApi: typeof api.analyzeProject, main: typeof api.main,',
      '  }));',
      '});',
    ].join('\n');
    fs.writeFileSync(path.join(project.root, 'load.cjs'), script);
    const result = await run(process.execPath, ['load.cjs'], project.root);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      cjsPreset: 'recommended,recommended-type-checked,strict-type-checked,disable-overlap',
      cjsRules: Object.keys(rules).length,
      samePlugin: true,
      esmMeta: 'eslint-plugin-resilint',
      cjsApi: 'function',
      esmApi: 'function',
      main: 'function',
    });
  });

  it.each(RESOLUTIONS)(
    'type-checks an eslint.config.ts with defineConfig and the API (moduleResolution %s)',
    async (resolution) => {
      const result = await typeCheckOnce(resolution);
      expect(result.stdout).toBe('');
      expect(result.code, result.stderr).toBe(0);
      const checked = JSON.parse(result.stderr) as string[];
      expect(checked).toEqual(expect.arrayContaining([`types-${resolution}/eslint.config.ts`, `types-${resolution}/analyze.ts`]));
      if (resolution === RESOLUTIONS[0]) {
        for (const name of ['eslint-plugin-resilint', 'resilint']) {
          expect(checked.filter((file) => file.startsWith(`node_modules/${name}/`) && file.endsWith('.d.ts')).length, name).toBeGreaterThan(2);
        }
      }
    },
    300_000,
  );
});

describe('installed from tarballs: TypeScript 7', () => {
  it('npm refuses the plugin with a message that names TypeScript, instead of a crash in ESLint', async () => {
    const { install: result } = await ts7Plugin;
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('ERESOLVE');
    expect(result.stderr).toMatch(/peer typescript@">=4\.8\.4 <6\.1\.0" from eslint-plugin-resilint/u);
  }, 300_000);

  it('`resilint analyze` brings its own compiler and analyzes a project written for TypeScript 7', async () => {
    const { root, install: installation } = await ts7Cli;
    expect(installation.code, installation.stderr).toBe(0);
    const projectTypeScript = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/typescript/package.json'), 'utf8')) as { version: string };
    expect(projectTypeScript.version).toMatch(/^7\./u);
    // Installed without the LLM stage's optional packages: asking for the stage keeps every finding (the
    // labelled ones, as without the stage) and says what to install.
    const analyzed = await run(
      process.execPath,
      ['node_modules/resilint/bin/resilint.js', 'analyze', 'src', '--format', 'json', '--no-cache', '--llm', 'on'],
      root,
      { ANTHROPIC_API_KEY: 'not-a-key' },
    );
    expect(analyzed.code, analyzed.stderr).toBe(1);
    const report = JSON.parse(analyzed.stdout) as {
      findings: { ruleId: string; file: string; line: number; explanation?: { source: string } }[];
      notifications: { kind: string; message: string }[];
    };
    const found = report.findings.map((finding) => `${finding.file}:${finding.line} ${finding.ruleId}`).sort();
    expect(found).toEqual(expectedSites(root).sort());
    expect(report.findings.every((finding) => finding.explanation?.source === 'rule-doc')).toBe(true);
    expect(report.notifications).toContainEqual(
      expect.objectContaining({ kind: 'llm-unavailable', message: expect.stringContaining('npm install --save-dev @anthropic-ai/sdk ts-morph') as string }),
    );
  }, 300_000);
});
