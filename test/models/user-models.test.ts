import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { ESLint } from 'eslint';
import { afterEach, describe, expect, it } from 'vitest';

import type { LibraryModel } from '../../rules/models/library-model.js';
import { analyze } from '../../src/analyze/analyze.js';
import { ConfigurationError } from '../../src/errors.js';
import { loadPluginFromSource, type ResilintPlugin } from '../helpers/plugin-source.js';

// An in-house client resilint cannot know: without types (no tsconfig, dependencies not installed) nothing
// says that `bus.publish()` returns a promise, until a model does.
const BUS_MODELS: LibraryModel[] = [{ package: '@acme/bus', promiseMethods: [{ methods: ['publish'], returns: 'promise' }] }];
const ANNOUNCE = [
  "import { Bus } from '@acme/bus';",
  '',
  'const bus = new Bus();',
  '',
  'export function announce(order: string): void {',
  "  bus.publish('orders', order);",
  '}',
  '',
].join('\n');
const FLOATING_PUBLISH = 'src/announce.ts:6:3 resilint/no-unhandled-rejection';

const folders: string[] = [];

afterEach(() => {
  for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
});

function createFolder(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'resilint-models-'));
  folders.push(dir);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

/** The plugin's untyped setup with every rule, and `settings` as a user would write them. */
function pluginConfig(plugin: ResilintPlugin, settings?: Record<string, unknown>, files?: string[]) {
  const preset = plugin.configs.recommended;
  return {
    ...preset,
    ...(files && { files }),
    rules: plugin.configs['strict-type-checked'].rules,
    settings: { resilint: { ...preset.settings.resilint, ...settings } },
  };
}

async function eslintSites(dir: string, configs: object[]): Promise<string[]> {
  const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: configs as ESLint.Options['overrideConfig'] });
  return (await eslint.lintFiles(['.'])).flatMap((result) =>
    result.messages.map(
      (message) => `${path.relative(dir, result.filePath).split(path.sep).join('/')}:${message.line}:${message.column} ${message.ruleId ?? ''}`,
    ),
  );
}

/** `analyze` as the CLI runs it: the configuration is the folder's resilint.config.json, if any. */
async function analyzeSites(dir: string): Promise<string[]> {
  const { report } = await analyze({ cwd: dir, paths: ['.'] });
  return report.findings.map((finding) => `${finding.file}:${finding.line}:${finding.column} ${finding.ruleId}`);
}

describe('user models', () => {
  it('add the same finding in `analyze` (resilint.config.json) and in the plugin (settings.resilint.models)', async () => {
    const plugin = await loadPluginFromSource();
    const without = createFolder({ 'src/announce.ts': ANNOUNCE });
    expect(await analyzeSites(without)).toEqual([]);
    expect(await eslintSites(without, [pluginConfig(plugin)])).toEqual([]);

    const withModels = createFolder({ 'src/announce.ts': ANNOUNCE, 'resilint.config.json': JSON.stringify({ models: BUS_MODELS }) });
    expect(await analyzeSites(withModels)).toEqual([FLOATING_PUBLISH]);
    expect(await eslintSites(withModels, [pluginConfig(plugin, { models: BUS_MODELS })])).toEqual([FLOATING_PUBLISH]);
  });

  it('add a deadline finding for an in-house client in `analyze` and in the plugin alike (outboundCalls)', async () => {
    const plugin = await loadPluginFromSource();
    // `acme.send(url, options)` goes over the network and waits forever unless `timeoutMs` is set.
    const models = [
      {
        package: '@acme/http',
        outboundCalls: [
          {
            methods: ['send'],
            kind: 'request',
            options: { kind: 'argument', argument: 1 },
            deadlines: [{ name: 'timeoutMs', unit: 'ms', where: { kind: 'argument', argument: 1 }, default: 0, defaultIsFinite: false }],
          },
        ],
      },
    ];
    const load = (options: string) =>
      `import acme from '@acme/http';\n\nexport async function load(url: string): Promise<unknown> {\n  return await acme.send(url${options});\n}\n`;
    const files = { 'src/load.ts': load(''), 'src/bounded.ts': load(', { timeoutMs: 5000 }') };
    const without = createFolder(files);
    expect(await analyzeSites(without)).toEqual([]);
    expect(await eslintSites(without, [pluginConfig(plugin)])).toEqual([]);

    const withModels = createFolder({ ...files, 'resilint.config.json': JSON.stringify({ models }) });
    const finding = 'src/load.ts:4:16 resilint/require-request-timeout';
    expect(await analyzeSites(withModels)).toEqual([finding]);
    expect(await eslintSites(withModels, [pluginConfig(plugin, { models })])).toEqual([finding]);
  });

  it('add a retry finding for an in-house retry helper (retryOptions)', async () => {
    const models = [{ package: '@acme/retry', retryOptions: [{ methods: ['()'], where: { kind: 'argument', argument: 1 }, cap: 'attempts', defaultCap: 3 }] }];
    const code =
      "import withRetry from '@acme/retry';\n\nexport async function run(job: () => Promise<void>): Promise<void> {\n  await withRetry(job, { attempts: Infinity });\n}\n";
    expect(await analyzeSites(createFolder({ 'src/run.ts': code }))).toEqual([]);
    const dir = createFolder({ 'src/run.ts': code, 'resilint.config.json': JSON.stringify({ models }) });
    expect(await analyzeSites(dir)).toEqual(['src/run.ts:4:26 resilint/no-unbounded-retry-options']);
  });

  it('of one project are not seen by another linted in the same ESLint run', async () => {
    const plugin = await loadPluginFromSource();
    const dir = createFolder({ 'billing/src/announce.ts': ANNOUNCE, 'shipping/src/announce.ts': ANNOUNCE });
    const sites = await eslintSites(dir, [pluginConfig(plugin, { models: BUS_MODELS }, ['billing/**/*.ts']), pluginConfig(plugin, {}, ['shipping/**/*.ts'])]);
    expect(sites).toEqual([`billing/${FLOATING_PUBLISH}`]);
  });

  it('come before the built-in ones, so a user row can also correct a package resilint knows', async () => {
    const plugin = await loadPluginFromSource();
    const code =
      "import { Pool } from 'pg';\n\nconst pool = new Pool({ connectionTimeoutMillis: 5000 });\n\nexport function warm(): void {\n  pool.query('select 1');\n}\n";
    const corrected = [{ package: 'pg', promiseMethods: [{ methods: ['query'], returns: 'not-promise' }] }];
    const builtIn = createFolder({ 'src/warm.ts': code });
    expect(await analyzeSites(builtIn)).toEqual(['src/warm.ts:6:3 resilint/no-unhandled-rejection']);
    const dir = createFolder({ 'src/warm.ts': code, 'resilint.config.json': JSON.stringify({ models: corrected }) });
    expect(await analyzeSites(dir)).toEqual([]);
    expect(await eslintSites(dir, [pluginConfig(plugin, { models: corrected })])).toEqual([]);
  });

  it('that are wrong stop both hosts with the place of the problem', async () => {
    const plugin = await loadPluginFromSource();
    const wrong = [{ package: '@acme/bus', promiseMethods: [{ methods: ['publish'], returns: 'yes' }] }];
    const dir = createFolder({ 'src/announce.ts': ANNOUNCE, 'resilint.config.json': JSON.stringify({ models: wrong }) });
    const analyzed = analyze({ cwd: dir, paths: ['.'] });
    await expect(analyzed).rejects.toThrow(ConfigurationError);
    await expect(analyzed).rejects.toThrow(/\/models\/0\/promiseMethods\/0\/returns must be equal to one of the allowed values \(promise, not-promise\)/u);
    await expect(eslintSites(dir, [pluginConfig(plugin, { models: wrong })])).rejects.toThrow(
      /settings\.resilint\.models\/0\/promiseMethods\/0\/returns must be equal to one of the allowed values \(promise, not-promise\)/u,
    );
  });
});

describe('the analysis cache', () => {
  it('misses when the models change', async () => {
    const dir = createFolder({ 'src/announce.ts': ANNOUNCE });
    const cacheDirectory = path.join(dir, '.cache');
    const run = (models: LibraryModel[] | undefined) =>
      analyze({ cwd: dir, paths: ['src'], cacheDirectory, config: { config: { models }, file: undefined, directory: dir } });
    expect((await run(undefined)).report.findings).toEqual([]);
    const withModels = await run(BUS_MODELS);
    expect(withModels.fromCache).toBe(false);
    expect(withModels.report.findings.map((finding) => `${finding.file}:${finding.line}:${finding.column} ${finding.ruleId}`)).toEqual([FLOATING_PUBLISH]);
    expect((await run(BUS_MODELS)).fromCache).toBe(true);
  });
});
