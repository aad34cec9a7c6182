import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadPluginFromSource } from './helpers/plugin-source.js';

// resilint next to typescript-eslint's type-checked presets: the same defect reported by both plugins,
// and once with `disable-overlap` placed after typescript-eslint's configs.

const SOURCE = [
  'declare function send(): Promise<void>;',
  'export function handler(): void {',
  '  send();',
  '}',
  'export function fail(): Promise<never> {',
  "  return Promise.reject('nope');",
  '}',
  'export function check(ok: boolean): Promise<void> | undefined {',
  '  if (send()) return undefined;',
  '  return ok ? send() : undefined;',
  '}',
  '',
].join('\n');

let root: string;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'resilint-overlap-'));
  fs.writeFileSync(path.join(root, 'handler.ts'), SOURCE);
  fs.writeFileSync(
    path.join(root, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'ESNext', lib: ['ES2023'], types: [] }, include: ['*.ts'] }),
  );
});

afterAll(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

async function lint(withDisableOverlap: boolean): Promise<string[]> {
  const resilint = await loadPluginFromSource();
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [
      ...tseslint.configs.recommendedTypeChecked,
      resilint.configs['strict-type-checked'],
      { languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: root } } },
      ...(withDisableOverlap ? [resilint.configs['disable-overlap']] : []),
    ] as ESLint.Options['overrideConfig'],
  });
  const [result] = await eslint.lintFiles(['handler.ts']);
  return result!.messages.map((message) => `${message.line} ${message.ruleId}`).sort();
}

describe("resilint.configs['disable-overlap'] after typescript-eslint's type-checked presets", () => {
  it('reports each defect once, by resilint, and keeps what typescript-eslint alone reports', async () => {
    const both = await lint(false);
    expect(both).toEqual(
      expect.arrayContaining([
        '3 @typescript-eslint/no-floating-promises',
        '3 resilint/no-unhandled-rejection',
        '6 @typescript-eslint/prefer-promise-reject-errors',
        '6 resilint/no-throw-non-error',
      ]),
    );
    const once = await lint(true);
    expect(once).toContain('3 resilint/no-unhandled-rejection');
    expect(once).toContain('6 resilint/no-throw-non-error');
    expect(once.filter((site) => site.startsWith('3 ') || site.startsWith('6 '))).toEqual([
      '3 resilint/no-unhandled-rejection',
      '6 resilint/no-throw-non-error',
    ]);
    // A promise in a condition is no-misused-promises' alone: checksVoidReturn off keeps checksConditionals.
    expect(once).toContain('9 @typescript-eslint/no-misused-promises');
  });
});
