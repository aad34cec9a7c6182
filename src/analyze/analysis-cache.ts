import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import ts from '../../rules/engine/typescript.cjs';

import type { Finding, Notification } from '../findings/finding.js';
import { PACKAGE_VERSION } from '../version.js';

/** What a cache entry holds: everything the static stage produced for one set of inputs. */
export interface CachedAnalysis {
  findings: Finding[];
  suppressed: Finding[];
  notifications: Notification[];
  filesAnalyzed: number;
}

const ENTRY_VERSION = 1;

/**
 * The key of a whole analysis: resilint's version, the rules with their options, the files to analyze
 * and the contents of every file that can change their findings: the analyzed files, everything their
 * tsconfigs include (their imports' types), the tsconfigs and the package manifests and lockfiles.
 * Any change to any of them is a miss; the whole analysis runs again.
 */
export function computeAnalysisKey(input: {
  cwd: string;
  files: readonly string[];
  tsconfigs: readonly string[];
  settings: unknown;
}): string {
  const hash = createHash('sha256');
  hash.update(`resilint ${PACKAGE_VERSION} entry ${ENTRY_VERSION}\n`);
  hash.update(`${ts.version}\n${JSON.stringify(input.settings)}\n`);
  const inputs = new Set<string>(input.files);
  for (const tsconfig of input.tsconfigs) {
    inputs.add(tsconfig);
    for (const file of tsconfigFileNames(tsconfig)) inputs.add(path.resolve(file));
    for (let directory = path.dirname(tsconfig); ; directory = path.dirname(directory)) {
      for (const name of ['package.json', 'package-lock.json', 'yarn.lock', 'pnpm-lock.yaml']) {
        const candidate = path.join(directory, name);
        if (fs.existsSync(candidate)) inputs.add(candidate);
      }
      if (fs.existsSync(path.join(directory, '.git')) || path.dirname(directory) === directory) break;
    }
  }
  for (const file of [...inputs].sort()) {
    hash.update(path.relative(input.cwd, file));
    hash.update('\0');
    try {
      hash.update(fs.readFileSync(file));
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
    const entry = JSON.parse(fs.readFileSync(path.join(directory, 'analysis', `${key}.json`), 'utf8')) as CachedAnalysis & { version?: number };
    if (entry.version !== ENTRY_VERSION || !Array.isArray(entry.findings)) return undefined;
    return entry;
  } catch {
    // Missing or corrupt entry: analyze again and overwrite it.
    return undefined;
  }
}

export function writeCachedAnalysis(directory: string, key: string, analysis: CachedAnalysis): void {
  const folder = path.join(directory, 'analysis');
  try {
    fs.mkdirSync(folder, { recursive: true });
    // Only the latest entry is useful: an unchanged tree hits it, a changed one misses everything.
    for (const stale of fs.readdirSync(folder)) fs.rmSync(path.join(folder, stale), { force: true });
    const temporary = path.join(folder, `.${key}.${process.pid}.tmp`);
    fs.writeFileSync(temporary, JSON.stringify({ version: ENTRY_VERSION, ...analysis }));
    fs.renameSync(temporary, path.join(folder, `${key}.json`));
  } catch {
    // A cache that cannot be written costs speed next time, nothing else.
  }
}

function tsconfigFileNames(tsconfig: string): string[] {
  const { config, error } = ts.readConfigFile(tsconfig, ts.sys.readFile);
  if (error) return [];
  return ts.parseJsonConfigFileContent(config, ts.sys, path.dirname(tsconfig)).fileNames;
}
