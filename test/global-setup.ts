import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const ENTRY = path.join(root, 'dist/src/cli/main.js');

/**
 * End-to-end tests run the real binary, which runs the compiled dist/: build it once per test run, unless
 * every emitted file is newer than every input (`npm ci` has just built it, or nothing changed since the last
 * run): tsc rewrites all outputs, so a source edited, added or checked out since then is newer than some output.
 * Type errors are `npm run typecheck`'s to report; tsc still emits, so only a missing output fails here.
 */
export default function setup(): void {
  if (isBuildCurrent()) return;
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')], {
    cwd: root,
    encoding: 'utf8',
  });
  if (!fs.existsSync(ENTRY)) {
    throw new Error(`Building dist/ failed:\n${result.stdout}${result.stderr}`);
  }
}

function isBuildCurrent(): boolean {
  if (!fs.existsSync(ENTRY)) return false;
  const outputs = listFiles(path.join(root, 'dist'));
  const inputs = [
    ...['rules', 'eslint-plugin', 'src'].flatMap((folder) => listFiles(path.join(root, folder))),
    path.join(root, 'tsconfig.json'),
    path.join(root, 'tsconfig.build.json'),
    path.join(root, 'package.json'),
  ];
  const oldestOutput = Math.min(...outputs.map(modifiedAt));
  return inputs.every((file) => modifiedAt(file) < oldestOutput);
}

function listFiles(directory: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true, recursive: true }).filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

function modifiedAt(file: string): number {
  return fs.statSync(file).mtimeMs;
}
