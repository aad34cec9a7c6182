import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * End-to-end tests run the real binary, which runs the compiled dist/: build it once per test run.
 * Type errors are `npm run typecheck`'s to report; tsc still emits, so only a missing output fails here.
 */
export default function setup(): void {
  const root = path.resolve(import.meta.dirname, '..');
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')], {
    cwd: root,
    encoding: 'utf8',
  });
  if (!fs.existsSync(path.join(root, 'dist/src/cli/main.js'))) {
    throw new Error(`Building dist/ failed:\n${result.stdout}${result.stderr}`);
  }
}
