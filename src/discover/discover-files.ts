import fs from 'node:fs';
import path from 'node:path';

import ignore, { type Ignore } from 'ignore';
import { minimatch } from 'minimatch';

import {
  classifyDirectoryName,
  classifyFileName,
  isTestContent,
  NON_PRODUCTION_KINDS,
  NON_PRODUCTION_PATHS,
  type NonProductionKind,
} from '../../rules/engine/classify-file.js';
import { ConfigurationError } from '../errors.js';
import type { Notification } from '../findings/finding.js';
import { PreReadFiles } from './pre-read-files.js';

export const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/** Folders never walked into: dependencies, VCS data, build output, caches. */
const SKIPPED_DIRECTORIES = new Set([
  'node_modules',
  '.git',
  '.hg',
  '.svn',
  'dist',
  'build',
  'out',
  'coverage',
  '.next',
  '.nuxt',
  '.turbo',
  '.cache',
  '.resilint-cache',
]);

export interface DiscoverOptions {
  cwd: string;
  paths: readonly string[];
  /** Extra globs, relative to `ignoreBase`. */
  ignore: readonly string[];
  ignoreBase: string;
  maxFileSizeBytes: number;
  /**
   * Kinds of code that is not production code (tests, examples, scripts, benchmarks, fixtures) to analyze
   * anyway; by default a walk skips them all, by path and (tests) by content, as the presets ignore them.
   */
  include?: readonly NonProductionKind[];
}

export interface DiscoveredFiles {
  /** Absolute paths, sorted. */
  files: string[];
  notifications: Notification[];
  /** The bytes of the files read whole while discovering them, for the steps that would read them again. */
  preRead: PreReadFiles;
}

/**
 * Expands the command's paths into the source files to analyze. Skips what a user would never want
 * analyzed (.gitignore'd, node_modules, build output, declaration, minified and generated files);
 * files named explicitly are analyzed even if a directory walk would skip them, like ESLint.
 */
export function discoverFiles(options: DiscoverOptions): DiscoveredFiles {
  const found = new Set<string>();
  const notifications: Notification[] = [];
  const preRead = new PreReadFiles();
  const gitignores = new GitignoreStack();
  const extraIgnores = options.ignore.map((glob) => glob.replace(/^\.\//u, ''));
  const isIgnoredByOption = (file: string): boolean => {
    const relative = toPosix(path.relative(options.ignoreBase, file));
    return extraIgnores.some((glob) => minimatch(relative, glob, { dot: true }) || minimatch(relative, `${glob}/**`, { dot: true }));
  };
  const relativeToCwd = (file: string): string => toPosix(path.relative(options.cwd, file));

  const included = new Set(options.include ?? []);
  const skipped = new Map<NonProductionKind, number>();
  const skip = (kind: NonProductionKind): void => {
    skipped.set(kind, (skipped.get(kind) ?? 0) + 1);
  };

  const consider = (file: string, explicit: boolean): void => {
    if (!SOURCE_EXTENSIONS.some((extension) => file.endsWith(extension))) return;
    if (!explicit && (/\.d\.[mc]?ts$/u.test(file) || /\.min\.[mc]?js$/u.test(file))) return;
    if (isIgnoredByOption(file)) return;
    if (relativeToCwd(file).includes('\\')) {
      // Legal in a POSIX file name, but the report's paths use forward slashes only (report.schema.json):
      // a backslash would read as a Windows separator to every consumer.
      notifications.push({
        level: 'note',
        kind: 'unsupported-file-name',
        message: `Skipped ${relativeToCwd(file)}: a backslash in a file name cannot be written as a report path.`,
        file: relativeToCwd(file),
      });
      return;
    }
    let size: number;
    try {
      size = fs.statSync(file).size;
    } catch (error) {
      notifications.push({
        level: 'warning',
        kind: 'unreadable-file',
        message: `Cannot read ${relativeToCwd(file)}: ${describeError(error)}`,
        file: relativeToCwd(file),
      });
      return;
    }
    // Read once, whole, when it is small enough to be analyzed: the checks below and the later steps share the bytes.
    const bytes = size <= options.maxFileSizeBytes ? readWhole(file) : undefined;
    if (!explicit && isGenerated(file, bytes)) return;
    if (!explicit && !included.has('tests') && size <= options.maxFileSizeBytes && hasTestContent(file, bytes)) {
      skip('tests');
      return;
    }
    if (size > options.maxFileSizeBytes) {
      notifications.push({
        level: 'warning',
        kind: 'file-too-large',
        message: `Skipped ${relativeToCwd(file)}: ${Math.round(size / 1024)} KiB is over the ${Math.round(options.maxFileSizeBytes / 1024)} KiB limit (maxFileSizeKb).`,
        file: relativeToCwd(file),
      });
      return;
    }
    found.add(file);
    if (bytes) preRead.add(file, bytes);
  };

  const visitedDirectories = new Set<string>();
  const walk = (directory: string): void => {
    let real: string;
    try {
      real = fs.realpathSync(directory);
    } catch (error) {
      notifications.push({
        level: 'warning',
        kind: 'unreadable-directory',
        message: `Cannot read ${relativeToCwd(directory)}: ${describeError(error)}`,
        file: relativeToCwd(directory),
      });
      return;
    }
    if (visitedDirectories.has(real)) {
      notifications.push({
        level: 'note',
        kind: 'symlink-loop',
        message: `Skipped ${relativeToCwd(directory)}: it links back to a folder already analyzed.`,
        file: relativeToCwd(directory),
      });
      return;
    }
    visitedDirectories.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(directory, { withFileTypes: true });
    } catch (error) {
      notifications.push({
        level: 'warning',
        kind: 'unreadable-directory',
        message: `Cannot read ${relativeToCwd(directory)}: ${describeError(error)}`,
        file: relativeToCwd(directory),
      });
      return;
    }
    gitignores.enter(directory);
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(directory, entry.name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const stat = fs.statSync(full);
          isDirectory = stat.isDirectory();
          isFile = stat.isFile();
        } catch (error) {
          notifications.push({
            level: 'note',
            kind: 'broken-symlink',
            message: `Skipped ${relativeToCwd(full)}: ${describeError(error)}`,
            file: relativeToCwd(full),
          });
          continue;
        }
      }
      if (isDirectory) {
        if (SKIPPED_DIRECTORIES.has(entry.name) || gitignores.ignores(full, true) || isIgnoredByOption(full)) continue;
        const kind = classifyDirectoryName(entry.name);
        if (kind && !included.has(kind)) {
          skip(kind);
          continue;
        }
        walk(full);
      } else if (isFile && !gitignores.ignores(full, false)) {
        const kind = classifyFileName(entry.name);
        if (kind && !included.has(kind)) {
          if (!isIgnoredByOption(full)) skip(kind);
          continue;
        }
        consider(full, false);
      }
    }
  };

  for (const input of options.paths) {
    const absolute = path.resolve(options.cwd, input);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch (error) {
      if (!isSymbolicLink(absolute)) {
        throw new ConfigurationError(`Path not found: ${input}. Pass files or folders that exist (relative to ${options.cwd}).`, { cause: error });
      }
      // A link that exists but leads nowhere (or to itself): the same note a directory walk gives.
      notifications.push({
        level: 'note',
        kind: 'broken-symlink',
        message: `Skipped ${relativeToCwd(absolute)}: ${describeError(error)}`,
        file: relativeToCwd(absolute),
      });
      continue;
    }
    if (stat.isDirectory()) {
      gitignores.prime(absolute);
      walk(absolute);
    } else if (!stat.isFile()) {
      // A FIFO would block the read forever, /dev/zero would fill the memory.
      notifications.push({
        level: 'warning',
        kind: 'not-a-regular-file',
        message: `Skipped ${relativeToCwd(absolute)}: it is not a regular file (a pipe, socket or device).`,
        file: relativeToCwd(absolute),
      });
    } else {
      consider(absolute, true);
    }
  }
  if (skipped.size > 0) notifications.push(nonProductionNotice(skipped));
  return { files: [...found].sort(), notifications, preRead };
}

/**
 * One notice for everything a walk left out as not production code, with the count of each kind and the
 * switch that brings it back: `Skipped 12 tests (files and folders), 3 examples: ...`.
 */
function nonProductionNotice(skipped: ReadonlyMap<NonProductionKind, number>): Notification {
  const kinds = NON_PRODUCTION_KINDS.filter((kind) => skipped.has(kind));
  const counts = kinds.map((kind) => `${skipped.get(kind)} ${kind}`).join(', ');
  const examples = kinds.map(
    (kind) =>
      `${NON_PRODUCTION_PATHS[kind].directories
        .slice(0, 2)
        .map((name) => `${name}/`)
        .join(', ')}${NON_PRODUCTION_PATHS[kind].suffixes.length > 0 ? `, *.${NON_PRODUCTION_PATHS[kind].suffixes[0]}.*` : ''}`,
  );
  const switches = kinds.map((kind) => `--include ${kind}`).join(', ');
  return {
    level: 'note',
    kind: 'non-production-skipped',
    message: `Skipped code that is not production code (files and folders): ${counts} (${examples.join('; ')}${skipped.has('tests') ? '; files that import a test framework' : ''}). To analyze it, pass ${switches}, or list the kinds in "include" in resilint.config.json.`,
  };
}

// Test helpers and suites that no name gives away: spec-utils in src/, a setup file that imports vitest.
function hasTestContent(file: string, bytes: Buffer | undefined): boolean {
  if (bytes) return isTestContent(bytes.toString('utf8'));
  try {
    return isTestContent(fs.readFileSync(file, 'utf8'));
  } catch {
    // Unreadable files are reported when they are analyzed.
    return false;
  }
}

/** The .gitignore files that apply to a path: those of every folder from the walk's root down. */
class GitignoreStack {
  private readonly byDirectory = new Map<string, Ignore | null>();

  /** Loads the .gitignore files of `directory`'s ancestors up to the repository root. */
  prime(directory: string): void {
    for (let current = directory; ; current = path.dirname(current)) {
      this.enter(current);
      if (fs.existsSync(path.join(current, '.git')) || path.dirname(current) === current) break;
    }
  }

  enter(directory: string): void {
    if (this.byDirectory.has(directory)) return;
    let rules: Ignore | null = null;
    try {
      rules = ignore().add(fs.readFileSync(path.join(directory, '.gitignore'), 'utf8'));
    } catch {
      // No .gitignore in this folder.
    }
    this.byDirectory.set(directory, rules);
  }

  ignores(file: string, isDirectory: boolean): boolean {
    for (const [directory, rules] of this.byDirectory) {
      if (!rules) continue;
      const relative = path.relative(directory, file);
      if (relative.startsWith('..') || path.isAbsolute(relative) || relative === '') continue;
      if (rules.ignores(toPosix(relative) + (isDirectory ? '/' : ''))) return true;
    }
    return false;
  }
}

const GENERATED_MARKER = /@generated\b|\bDO NOT EDIT\b|\bauto-generated\b|\bautogenerated\b/iu;

// Generated code (protobuf stubs, OpenAPI clients, Prisma) announces itself in its first lines; findings
// there cannot be fixed where they are reported.
function isGenerated(file: string, bytes: Buffer | undefined): boolean {
  let head: string;
  if (bytes) return GENERATED_MARKER.test(firstLines(bytes.toString('utf8', 0, Math.min(512, bytes.length))));
  try {
    const handle = fs.openSync(file, 'r');
    try {
      const buffer = Buffer.alloc(512);
      head = buffer.toString('utf8', 0, fs.readSync(handle, buffer, 0, 512, 0));
    } finally {
      fs.closeSync(handle);
    }
  } catch {
    // Unreadable files are reported when they are analyzed.
    return false;
  }
  return GENERATED_MARKER.test(firstLines(head));
}

function firstLines(head: string): string {
  return head.split('\n').slice(0, 5).join('\n');
}

// Unreadable files are reported when they are analyzed.
function readWhole(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

function isSymbolicLink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

export function toPosix(file: string): string {
  return file.split(path.sep).join('/');
}

function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  if (code === 'ENOENT') return 'the link points nowhere';
  return error instanceof Error ? error.message : String(error);
}
