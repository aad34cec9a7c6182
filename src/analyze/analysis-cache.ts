import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import ts from '../../rules/engine/typescript.cjs';

import type { PreReadFiles } from '../discover/pre-read-files.js';
import type { Finding, Notification } from '../findings/finding.js';
import { PACKAGE_VERSION } from '../version.js';

/** What a cache entry holds: everything the static stage produced for one set of inputs. */
export interface CachedAnalysis {
  findings: Finding[];
  suppressed: Finding[];
  notifications: Notification[];
  filesAnalyzed: number;
}

const ENTRY_VERSION = 2;

/** Size and modification time of a file outside the key that the programs read (a dependency's types). */
interface FileStamp {
  file: string;
  size: number;
  mtimeMs: number;
}

/**
 * The key of a whole analysis: resilint's version, the rules with their options, the files to analyze
 * and the contents of every file that can change their findings: the analyzed files, everything their
 * tsconfigs include (their imports' types), the tsconfigs, the package manifests and lockfiles, and
 * what is installed (see installedDependencies). Any change to any of them is a miss; the whole
 * analysis runs again. The declaration files the programs read are checked when the entry is read.
 * `preRead`: the bytes discovery already read, hashed as they are instead of read again.
 */
export function computeAnalysisKey(input: {
  cwd: string;
  files: readonly string[];
  tsconfigs: readonly string[];
  settings: unknown;
  preRead?: PreReadFiles;
}): string {
  const hash = createHash('sha256');
  hash.update(`resilint ${PACKAGE_VERSION} entry ${ENTRY_VERSION}\n`);
  hash.update(`${ts.version}\n${JSON.stringify(input.settings)}\n`);
  const inputs = new Set<string>(input.files);
  for (const tsconfig of input.tsconfigs) {
    inputs.add(tsconfig);
    for (const file of tsconfigFileNames(tsconfig)) inputs.add(path.resolve(file));
    for (let directory = path.dirname(tsconfig); ; directory = path.dirname(directory)) {
      for (const name of ['package.json', 'package-lock.json', 'yarn.lock', 'pnpm-lock.yaml', ...INSTALL_STATE_FILES]) {
        const candidate = path.join(directory, name);
        if (fs.existsSync(candidate)) inputs.add(candidate);
      }
      hash.update(`installed:${path.relative(input.cwd, directory)}:${installedDependencies(directory)}\n`);
      if (fs.existsSync(path.join(directory, '.git')) || path.dirname(directory) === directory) break;
    }
  }
  for (const file of [...inputs].sort()) {
    hash.update(path.relative(input.cwd, file));
    hash.update('\0');
    try {
      hash.update(input.preRead?.bytes(file) ?? fs.readFileSync(file));
    } catch {
      hash.update('<unreadable>');
    }
    hash.update('\0');
  }
  hash.update(`analyzed:${input.files.map((file) => path.relative(input.cwd, file)).join('\n')}`);
  return hash.digest('hex');
}

export function readCachedAnalysis(directory: string, key: string): CachedAnalysis | undefined {
  try {
    const entry = JSON.parse(fs.readFileSync(path.join(directory, 'analysis', `${key}.json`), 'utf8')) as CachedAnalysis & {
      version?: number;
      read?: FileStamp[];
    };
    if (entry.version !== ENTRY_VERSION || !Array.isArray(entry.findings) || !Array.isArray(entry.read)) return undefined;
    // A dependency's declaration file that changed in place (an upgrade, a local edit, a postinstall).
    if (!entry.read.every(isUnchanged)) return undefined;
    return entry;
  } catch {
    // Missing or corrupt entry: analyze again and overwrite it.
    return undefined;
  }
}

/**
 * `readFiles`: every file the programs read (dependencies' declaration files among them) is stamped in
 * the entry. TypeScript's own lib files are covered by its version in the key.
 */
export function writeCachedAnalysis(directory: string, key: string, analysis: CachedAnalysis, readFiles: readonly string[] = []): void {
  const folder = path.join(directory, 'analysis');
  try {
    fs.mkdirSync(folder, { recursive: true });
    // Only the latest entry is useful: an unchanged tree hits it, a changed one misses everything.
    for (const stale of fs.readdirSync(folder)) fs.rmSync(path.join(folder, stale), { force: true });
    const temporary = path.join(folder, `.${key}.${process.pid}.tmp`);
    fs.writeFileSync(temporary, JSON.stringify({ version: ENTRY_VERSION, ...analysis, read: stamps(readFiles) }));
    fs.renameSync(temporary, path.join(folder, `${key}.json`));
  } catch {
    // A cache that cannot be written costs speed next time, nothing else.
  }
}

function tsconfigFileNames(tsconfig: string): string[] {
  try {
    const { config, error } = ts.readConfigFile(tsconfig, ts.sys.readFile);
    if (error) return [];
    return ts.parseJsonConfigFileContent(config, ts.sys, path.dirname(tsconfig)).fileNames;
  } catch {
    // A tsconfig TypeScript cannot read (nested too deeply): its own bytes are still in the key.
    return [];
  }
}

/** Files package managers rewrite on every install: npm's hidden lockfile, pnpm's and yarn's state. */
const INSTALL_STATE_FILES = ['node_modules/.package-lock.json', 'node_modules/.modules.yaml', 'node_modules/.yarn-state.yml', '.pnp.cjs'];

/**
 * The packages installed in `directory`/node_modules (their names, scoped ones included): installing
 * one that was missing changes which imports resolve, and so the types every rule sees, even when no
 * lockfile changes (a fresh clone analyzed before and after `npm install`).
 */
function installedDependencies(directory: string): string {
  const modules = path.join(directory, 'node_modules');
  const names: string[] = [];
  for (const name of listDirectory(modules)) {
    if (name.startsWith('.')) continue;
    if (name.startsWith('@')) names.push(...listDirectory(path.join(modules, name)).map((inner) => `${name}/${inner}`));
    else names.push(name);
  }
  return names.sort().join(',');
}

function listDirectory(directory: string): string[] {
  try {
    return fs.readdirSync(directory);
  } catch {
    return [];
  }
}

function stamps(files: readonly string[]): FileStamp[] {
  const libFolder = path.dirname(ts.getDefaultLibFilePath({}));
  const stamped: FileStamp[] = [];
  for (const file of files) {
    if (path.dirname(file) === libFolder) continue;
    try {
      const stat = fs.statSync(file);
      stamped.push({ file, size: stat.size, mtimeMs: stat.mtimeMs });
    } catch {
      // Gone already: the next run reads the key's inputs again anyway.
    }
  }
  return stamped;
}

function isUnchanged(stamp: FileStamp): boolean {
  try {
    const stat = fs.statSync(stamp.file);
    return stat.size === stamp.size && stat.mtimeMs === stamp.mtimeMs;
  } catch {
    return false;
  }
}
