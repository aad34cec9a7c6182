import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { analyze } from '../../src/analyze/analyze.js';
import { loadProjects, resolveTsconfigs } from '../../src/analyze/load-projects.js';

// A parameter typed `number` thrown: only the checker knows it is no Error, so a finding here means the
// file had types.
const THROWS_NUMBER = 'export function fail(code: number): never {\n  throw code;\n}\n';
const TSCONFIG = JSON.stringify({
  compilerOptions: { strict: true, noEmit: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext' },
  include: ['src'],
});

describe('analyze . in a monorepo with per-package tsconfigs and none at the root', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'resilint-monorepo-'));
    const files: [string, string][] = [
      ['packages/api/tsconfig.json', TSCONFIG],
      ['packages/api/src/orders.ts', THROWS_NUMBER],
      ['packages/worker/tsconfig.json', TSCONFIG],
      ['packages/worker/src/jobs/run.ts', THROWS_NUMBER],
      // Inside a package folder but outside its tsconfig's `include`.
      ['packages/worker/tools/seed.ts', THROWS_NUMBER],
      // No tsconfig above it at all.
      ['tools/release.ts', THROWS_NUMBER],
    ];
    fs.mkdirSync(path.join(dir, '.git'));
    for (const [file, text] of files) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    }
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('gives each file the nearest tsconfig above it, and names the files that had none in one notice', async () => {
    const { report } = await analyze({ cwd: dir, paths: ['.'], config: { config: { preset: 'strict-type-checked' }, file: undefined, directory: dir } });
    const typedSites = report.findings
      .filter((finding) => finding.ruleId === 'resilint/no-throw-non-error')
      .map((finding) => `${finding.file}:${finding.line}`);
    expect(typedSites).toEqual(['packages/api/src/orders.ts:2', 'packages/worker/src/jobs/run.ts:2']);
    expect(report.notifications).toEqual([
      {
        level: 'note',
        kind: 'no-type-information',
        message:
          '2 files were analyzed without type information (no tsconfig.json above them holds them): packages/worker/tools/seed.ts, tools/release.ts. Add them to a tsconfig or pass --project.',
      },
    ]);
  });

  it("prefers a file's nearest tsconfig over another that also holds it", () => {
    // The root now has a tsconfig that takes in everything; a package's file still gets its package's program.
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true }, include: ['**/*.ts'] }));
    const orders = path.join(dir, 'packages/api/src/orders.ts');
    const release = path.join(dir, 'tools/release.ts');
    const resolved = resolveTsconfigs({ cwd: dir, paths: ['.'], projects: [], files: [orders, release] });
    expect(resolved.tsconfigs.map((file) => path.relative(dir, file)).sort()).toEqual(['packages/api/tsconfig.json', 'tsconfig.json']);
    const loaded = loadProjects({ cwd: dir, tsconfigs: resolved.tsconfigs, nearest: resolved.nearest });
    expect(path.relative(dir, loaded.typedFile(orders)!.tsconfig)).toBe('packages/api/tsconfig.json');
    expect(path.relative(dir, loaded.typedFile(release)!.tsconfig)).toBe('tsconfig.json');
  });

  it('with --project, loads only the given tsconfig and says which files it does not hold', async () => {
    const { report } = await analyze({ cwd: dir, paths: ['.'], projects: ['packages/api'], config: { config: {}, file: undefined, directory: dir } });
    expect(report.findings.filter((finding) => finding.ruleId === 'resilint/no-throw-non-error').map((finding) => finding.file)).toEqual([
      'packages/api/src/orders.ts',
    ]);
    expect(report.notifications).toEqual([
      expect.objectContaining({
        kind: 'no-type-information',
        message: expect.stringMatching(/^3 files were analyzed without type information .*: packages\/worker\/src\/jobs\/run\.ts, /u) as unknown,
      }),
    ]);
  });
});
