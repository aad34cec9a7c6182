import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * End-to-end tests run the real binary and install the packed packages, which hold the compiled dist/
 * folders: build both once per test run (`npm run build`). Type errors are `npm run typecheck`'s to
 * report; tsc still emits, so only a missing output fails here.
 */
export default function setup(): void {
  const root = path.resolve(import.meta.dirname, '..');
  const builds = [
    { project: 'tsconfig.build.json', output: 'dist/src/cli/main.js' },
    { project: 'eslint-plugin/tsconfig.build.json', output: 'eslint-plugin/dist/eslint-plugin/index.js' },
  ];
  for (const { project, output } of builds) {
    const result = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, project)], {
      cwd: root,
      encoding: 'utf8',
    });
    if (!fs.existsSync(path.join(root, output))) {
      throw new Error(`Building ${project} failed:\n${result.stdout}${result.stderr}`);
    }
  }
}
