import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

/** Both packages' builds (`npm run build`): the CLI's dist/ and the plugin's eslint-plugin/dist/. */
const BUILDS = [
  { project: 'tsconfig.build.json', outputs: 'dist', entry: 'dist/src/cli/main.js' },
  { project: 'eslint-plugin/tsconfig.build.json', outputs: 'eslint-plugin/dist', entry: 'eslint-plugin/dist/eslint-plugin/index.js' },
];

/**
 * End-to-end tests run the real binary and install the packed packages, which hold the compiled dist/
 * folders: build each once per test run, unless every emitted file is newer than every input (`npm ci` has
 * just built it, or nothing changed since the last run): tsc rewrites all outputs, so a source edited, added
 * or checked out since then is newer than some output. Type errors are `npm run typecheck`'s to report; tsc
 * still emits, so only a missing output fails here. The output folder is emptied first: tsc never deletes
 * the output of a source that was removed or renamed, and such a file, older than every input, would make
 * the build look stale on every run (12 s of rebuilding each time) and would be packed into the tarballs.
 */
export default function setup(): void {
  for (const build of BUILDS) {
    if (isBuildCurrent(build)) continue;
    fs.rmSync(path.join(root, build.outputs), { recursive: true, force: true });
    const result = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, build.project)], {
      cwd: root,
      encoding: 'utf8',
    });
    if (!fs.existsSync(path.join(root, build.entry))) {
      throw new Error(`Building ${build.project} failed:\n${result.stdout}${result.stderr}`);
    }
  }
}

function isBuildCurrent(build: (typeof BUILDS)[number]): boolean {
  if (!fs.existsSync(path.join(root, build.entry))) return false;
  // Every file of the build output: listFiles leaves out dist/ folders, which would leave nothing here and
  // make any build look current.
  const outputs = fs
    .readdirSync(path.join(root, build.outputs), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
  const inputs = [
    ...['rules', 'eslint-plugin', 'src'].flatMap((folder) => listFiles(path.join(root, folder))),
    path.join(root, 'tsconfig.json'),
    path.join(root, build.project),
    path.join(root, 'package.json'),
    path.join(root, 'eslint-plugin/package.json'),
  ];
  const oldestOutput = Math.min(...outputs.map(modifiedAt));
  return inputs.every((file) => modifiedAt(file) < oldestOutput);
}

/** The files below `directory`, without build output (eslint-plugin/ holds its own dist/). */
function listFiles(directory: string): string[] {
  return fs
    .readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && !path.relative(root, entry.parentPath).split(path.sep).includes('dist'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

function modifiedAt(file: string): number {
  return fs.statSync(file).mtimeMs;
}
