import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { REPO_ROOT } from './helpers/run-cli.js';

// The plugin supports ESLint 9 and 10: the same consumer project linted by both majors (ESLint 9 is
// installed as the `eslint-v9` alias) must give the same findings, covering all four families.

const FIXTURE = path.join(REPO_ROOT, 'test/fixtures/consumer/src');
const BINARIES = {
  9: path.join(REPO_ROOT, 'node_modules/eslint-v9/bin/eslint.js'),
  10: path.join(REPO_ROOT, 'node_modules/eslint/bin/eslint.js'),
} as const;

interface Message {
  ruleId: string | null;
  line: number;
  column: number;
  message: string;
}

let root: string;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'resilint-eslint-versions-'));
  fs.mkdirSync(path.join(root, 'src'));
  for (const file of fs.readdirSync(FIXTURE).filter((name) => !name.startsWith('typed-'))) {
    fs.copyFileSync(path.join(FIXTURE, file), path.join(root, 'src', file));
  }
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module', dependencies: { pg: '^8.11.0' } }));
  fs.writeFileSync(
    path.join(root, 'eslint.config.mjs'),
    "import resilint from 'eslint-plugin-resilint';\n\nexport default [{ ...resilint.configs.recommended, rules: resilint.configs['strict-type-checked'].rules }];\n",
  );
  fs.mkdirSync(path.join(root, 'node_modules'));
  fs.symlinkSync(path.join(REPO_ROOT, 'eslint-plugin'), path.join(root, 'node_modules/eslint-plugin-resilint'), 'dir');
});

function lint(major: keyof typeof BINARIES): { version: string; sites: string[] } {
  const version = spawnSync(process.execPath, [BINARIES[major], '--version'], { encoding: 'utf8' }).stdout.trim();
  const run = spawnSync(process.execPath, [BINARIES[major], '--format', 'json', 'src'], { cwd: root, encoding: 'utf8' });
  const results = JSON.parse(run.stdout) as { filePath: string; messages: Message[] }[];
  const sites = results.flatMap((result) =>
    result.messages.map((message) => `${path.basename(result.filePath)}:${message.line}:${message.column} ${message.ruleId ?? 'fatal'} ${message.message}`),
  );
  return { version, sites: sites.sort() };
}

describe('ESLint 9 and 10', () => {
  it('report the same findings of all four families with the plugin', () => {
    const nine = lint(9);
    const ten = lint(10);
    expect(nine.version).toMatch(/^v9\./u);
    expect(ten.version).toMatch(/^v10\./u);
    expect(nine.sites.length).toBeGreaterThan(0);
    expect(nine.sites).toEqual(ten.sites);
    const families = new Set(nine.sites.map((site) => site.split(' ')[1]));
    for (const rule of ['resilint/no-swallowed-error', 'resilint/no-unbounded-retry', 'resilint/require-request-timeout', 'resilint/no-throw-non-error']) {
      expect(families, rule).toContain(rule);
    }
  });
});
