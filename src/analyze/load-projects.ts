import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import type { Project } from 'ts-morph';
import ts from '../../rules/engine/typescript.cjs';

import type { PreReadFiles } from '../discover/pre-read-files.js';
import { ConfigurationError } from '../errors.js';
import type { Notification } from '../findings/finding.js';
import { isStackOverflow } from './is-stack-overflow.js';
import { longestLine, MINIFIED_LINE_LENGTH } from './longest-line.js';
import { MAX_TYPED_NESTING, nestsDeeperThan } from './nesting-depth.js';

export interface TypedFile {
  /** The tsconfig whose program holds the file. */
  tsconfig: string;
  program: ts.Program;
  sourceFile: ts.SourceFile;
}

export type LeftOut = 'too-deep' | 'parser-overflow';

export interface LoadedProjects {
  tsconfigs: string[];
  /** The program and source file of `absoluteFile`: in its nearest tsconfig when that holds it, else in the first that does. */
  typedFile(absoluteFile: string): TypedFile | undefined;
  /** A ts-morph project over `tsconfig`, created on first use (the LLM stage's context and fixes). */
  morphProject(tsconfig: string): Project;
  /**
   * Why `absoluteFile` was left out of its program for nesting too deeply: deeper than
   * MAX_TYPED_NESTING, or deeper than TypeScript's parser could follow; undefined when it was not.
   */
  leftOut(absoluteFile: string): LeftOut | undefined;
  /** Every file the programs read (sources, declaration files of dependencies, lib files). */
  readFiles(): string[];
  notifications: Notification[];
}

export interface ResolvedTsconfigs {
  tsconfigs: string[];
  /** Each analyzed file's nearest tsconfig.json (without --project), which gives it its types first. */
  nearest: ReadonlyMap<string, string>;
  notifications: Notification[];
}

/**
 * Every tsconfig that applies: those given with --project; otherwise the nearest tsconfig.json above each
 * analyzed path and above each analyzed file, as typescript-eslint's project service gives each file the
 * nearest tsconfig above it (a monorepo with per-package tsconfigs and none at the root gets types
 * everywhere); plus, recursively, their project references.
 */
export function resolveTsconfigs(options: {
  cwd: string;
  paths: readonly string[];
  projects: readonly string[];
  files?: readonly string[];
}): ResolvedTsconfigs {
  const notifications: Notification[] = [];
  const nearest = new Map<string, string>();
  if (options.projects.length > 0) {
    const roots = options.projects.map((project) => resolveTsconfig(options.cwd, project));
    return { tsconfigs: withReferences(roots, notifications, options.cwd), nearest, notifications };
  }
  const lookup = new NearestTsconfig();
  const roots = new Set<string>();
  for (const input of options.paths) {
    const absolute = path.resolve(options.cwd, input);
    const found = lookup.above(fs.existsSync(absolute) && fs.statSync(absolute).isDirectory() ? absolute : path.dirname(absolute));
    if (found) roots.add(found);
  }
  for (const file of options.files ?? []) {
    const found = lookup.above(path.dirname(file));
    if (!found) continue;
    nearest.set(file, found);
    roots.add(found);
  }
  return { tsconfigs: withReferences([...roots], notifications, options.cwd), nearest, notifications };
}

/**
 * One notice naming the files no tsconfig holds: they are analyzed without types, and rules that need
 * types find less there. Undefined when every file has a program.
 */
export function untypedFilesNotice(cwd: string, files: readonly string[], loaded: LoadedProjects): Notification | undefined {
  const untyped = files.filter((file) => !loaded.typedFile(file));
  if (untyped.length === 0) return undefined;
  const shown = untyped.slice(0, 10).map((file) => relative(cwd, file));
  const more = untyped.length > shown.length ? ` and ${untyped.length - shown.length} more` : '';
  const why = loaded.tsconfigs.length === 0 ? 'no tsconfig.json above them' : 'no tsconfig.json above them holds them';
  return {
    level: 'note',
    kind: 'no-type-information',
    message: `${untyped.length} ${untyped.length === 1 ? 'file was' : 'files were'} analyzed without type information (${why}): ${shown.join(', ')}${more}. Add them to a tsconfig or pass --project.`,
  };
}

/**
 * TypeScript's own lib files (lib.es2023.d.ts, lib.dom.d.ts, ...), parsed and bound once per process and
 * shared by every program of every run in it (the API called again, an editor, the test suite): they ship
 * with the compiler and do not change. Sharing source files between programs is what TypeScript's language
 * service does with its document registry; a checker copies the symbols it merges, never changes them.
 * A run of the binary builds its programs once, so this saves only the parse of one program's lib files
 * when another tsconfig asks for them with other options.
 */
const LIB_FILES = new Map<string, ts.SourceFile>();

/**
 * Builds one TypeScript program per tsconfig with the `typescript` package: the same TypeScript the
 * ESLint plugin runs on, loaded once. Lib and shared files parsed for one program are reused by the
 * next. A tsconfig that cannot be read is a notification, and its files are analyzed without types.
 */
export function loadProjects(options: {
  cwd: string;
  tsconfigs: readonly string[];
  nearest?: ReadonlyMap<string, string>;
  /** Files discovery read: parsed from those bytes, not read again. */
  preRead?: PreReadFiles;
}): LoadedProjects {
  const notifications: Notification[] = [];
  const programs = new Map<string, ts.Program>();
  const byFile = new Map<string, string>();
  // null: a file left out of every program (minified, or nested too deeply); see parseForProgram.
  const parsedFiles = new Map<string, ts.SourceFile | null>();
  const leftOut = new Map<string, LeftOut>();
  for (const tsconfig of options.tsconfigs) {
    let configError: ts.Diagnostic | undefined;
    let parsed: ts.ParsedCommandLine | undefined;
    try {
      parsed = ts.getParsedCommandLineOfConfigFile(
        tsconfig,
        {},
        {
          ...ts.sys,
          onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
            configError = diagnostic;
          },
        },
      );
    } catch (error) {
      // TypeScript's JSON reader recurses: a tsconfig of a few thousand nested arrays overflows it.
      // Other malformed values crash it too (`"references": [null]`).
      notifications.push(
        tsconfigNotification(options.cwd, tsconfig, isStackOverflow(error) ? 'it nests too deeply to read' : `TypeScript failed on it (${describe(error)})`),
      );
      continue;
    }
    const fatal = configError ?? parsed?.errors.find((error) => error.category === ts.DiagnosticCategory.Error && error.code !== NO_INPUTS_CODE);
    if (!parsed || fatal) {
      notifications.push(tsconfigNotification(options.cwd, tsconfig, fatal ? ts.flattenDiagnosticMessageText(fatal.messageText, ' ') : 'unreadable'));
      continue;
    }
    const listedFiles = (parsed.raw as { files?: unknown } | undefined)?.files;
    for (const listed of Array.isArray(listedFiles) ? (listedFiles as unknown[]) : []) {
      if (typeof listed === 'string' && !fs.existsSync(path.resolve(path.dirname(tsconfig), listed))) {
        notifications.push({
          level: 'warning',
          kind: 'tsconfig-error',
          message: `${relative(options.cwd, tsconfig)} lists ${listed} in "files", but it does not exist.`,
          file: relative(options.cwd, tsconfig),
        });
      }
    }
    // No parent pointers at parse time (binding sets them) and no JSDoc in .ts files, as `tsc` does:
    // the rules read neither, and type checking a .ts file never reads its JSDoc.
    const host = ts.createCompilerHost(parsed.options);
    host.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeErrors;
    // Module resolution asks about the same folders thousands of times (8,900 directoryExists calls for
    // 3,000 files); the tree does not change during one run.
    host.directoryExists = memoize(host.directoryExists?.bind(host) ?? ts.sys.directoryExists);
    host.fileExists = memoize(host.fileExists.bind(host));
    // The host's getSourceFile reads through host.readFile.
    const readFile = host.readFile.bind(host);
    host.readFile = (fileName) => options.preRead?.take(path.resolve(fileName)) ?? readFile(fileName);
    const getSourceFile = host.getSourceFile.bind(host);
    const libFolder = path.dirname(ts.getDefaultLibFilePath(parsed.options));
    host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
      const parseOptions = typeof languageVersion === 'object' ? languageVersion : { languageVersion };
      if (path.dirname(path.resolve(fileName)) === libFolder) {
        const libKey = `${parseOptions.languageVersion}:${parseOptions.impliedNodeFormat}:${host.jsDocParsingMode}:${fileName}`;
        let libFile = LIB_FILES.get(libKey);
        if (!libFile) {
          libFile = getSourceFile(fileName, languageVersion, onError, shouldCreate);
          if (libFile) LIB_FILES.set(libKey, libFile);
        }
        return libFile;
      }
      const key = `${parseOptions.languageVersion}:${fileName}`;
      let sourceFile = parsedFiles.get(key);
      if (sourceFile === undefined) {
        sourceFile = parseForProgram(fileName, () => getSourceFile(fileName, languageVersion, onError, shouldCreate), leftOut, options.preRead) ?? null;
        parsedFiles.set(key, sourceFile);
      }
      return sourceFile ?? undefined;
    };
    let program: ts.Program;
    try {
      program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, host });
    } catch (error) {
      // TypeScript asserts on some malformed options while building the program (`"paths": {"*": [null]}`).
      notifications.push(tsconfigNotification(options.cwd, tsconfig, `TypeScript failed on it (${describe(error)})`));
      continue;
    }
    programs.set(tsconfig, program);
    for (const sourceFile of program.getSourceFiles()) {
      const file = path.resolve(sourceFile.fileName);
      if (!byFile.has(file)) byFile.set(file, tsconfig);
    }
  }
  const morphProjects = new Map<string, Project>();
  return {
    tsconfigs: [...options.tsconfigs],
    notifications,
    leftOut: (absoluteFile) => leftOut.get(absoluteFile),
    readFiles: () => [...byFile.keys()],
    typedFile(absoluteFile) {
      const own = options.nearest?.get(absoluteFile);
      const tsconfig = own !== undefined && programs.get(own)?.getSourceFile(absoluteFile) ? own : byFile.get(absoluteFile);
      const program = tsconfig === undefined ? undefined : programs.get(tsconfig);
      const sourceFile = program?.getSourceFile(absoluteFile);
      return tsconfig !== undefined && program && sourceFile ? { tsconfig, program, sourceFile } : undefined;
    },
    morphProject(tsconfig) {
      let project = morphProjects.get(tsconfig);
      if (!project) {
        project = createMorphProject(tsconfig);
        morphProjects.set(tsconfig, project);
      }
      return project;
    },
  };
}

/**
 * Parses one file for a program, or leaves it out (undefined) so that it cannot take the program down:
 * a source file that looks minified is not parsed at all (it is skipped from analysis anyway, and a
 * 5 MB one-line bundle takes a minute and a gigabyte to parse); one that overflows the parser or nests
 * deeper than MAX_TYPED_NESTING is analyzed later without types (the binder and the checker recurse
 * too, and an overflow there breaks the checker for every file).
 */
function parseForProgram(
  fileName: string,
  parse: () => ts.SourceFile | undefined,
  leftOut: Map<string, LeftOut>,
  preRead: PreReadFiles | undefined,
): ts.SourceFile | undefined {
  const absolute = path.resolve(fileName);
  const source = !/\.d\.[mc]?ts$/u.test(fileName) && !absolute.split(path.sep).includes('node_modules');
  if (source && looksMinified(absolute, preRead?.text(absolute))) return undefined;
  let sourceFile: ts.SourceFile | undefined;
  try {
    sourceFile = parse();
  } catch (error) {
    if (!isStackOverflow(error)) throw error;
    leftOut.set(absolute, 'parser-overflow');
    return undefined;
  }
  if (sourceFile && nestsDeeperThan(sourceFile, MAX_TYPED_NESTING)) {
    leftOut.set(absolute, 'too-deep');
    return undefined;
  }
  return sourceFile;
}

function looksMinified(file: string, text: string | undefined): boolean {
  // A shorter file cannot hold a longer line.
  if (text !== undefined) return text.length > MINIFIED_LINE_LENGTH && longestLine(text) > MINIFIED_LINE_LENGTH;
  try {
    // A shorter file cannot hold a longer line.
    if (fs.statSync(file).size <= MINIFIED_LINE_LENGTH) return false;
    return longestLine(fs.readFileSync(file, 'utf8')) > MINIFIED_LINE_LENGTH;
  } catch {
    // Unreadable: TypeScript reports it as it would.
    return false;
  }
}

function tsconfigNotification(cwd: string, tsconfig: string, reason: string): Notification {
  return {
    level: 'warning',
    kind: 'tsconfig-error',
    message: `Cannot load ${relative(cwd, tsconfig)}: ${reason}. Its files are analyzed without type information.`,
    file: relative(cwd, tsconfig),
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function memoize(query: (file: string) => boolean): (file: string) => boolean {
  const answers = new Map<string, boolean>();
  return (file) => {
    let answer = answers.get(file);
    if (answer === undefined) {
      answer = query(file);
      answers.set(file, answer);
    }
    return answer;
  };
}

// "No inputs were found in config file": a solution tsconfig with only references is fine.
const NO_INPUTS_CODE = 18003;

// ts-morph bundles its own TypeScript; it is loaded only when the LLM stage needs a project.
function createMorphProject(tsconfig: string): Project {
  const { Project: MorphProject } = requireTsMorph();
  return new MorphProject({ tsConfigFilePath: tsconfig });
}

let tsMorph: typeof import('ts-morph') | undefined;
function requireTsMorph(): typeof import('ts-morph') {
  tsMorph ??= createRequire(import.meta.url)('ts-morph') as typeof import('ts-morph');
  if (tsMorph.ts.version !== ts.version) {
    process.emitWarning(`resilint: ts-morph bundles TypeScript ${tsMorph.ts.version} but typescript ${ts.version} is installed.`);
  }
  return tsMorph;
}

/** A ts-morph project with no tsconfig, for files outside every tsconfig. */
export function createLooseMorphProject(): Project {
  const { Project: MorphProject } = requireTsMorph();
  return new MorphProject({ compilerOptions: { allowJs: true, strict: true } });
}

function resolveTsconfig(cwd: string, project: string): string {
  let file = path.resolve(cwd, project);
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'tsconfig.json');
  if (!fs.existsSync(file)) {
    throw new ConfigurationError(`--project ${project}: no such tsconfig. Pass a tsconfig.json file or a folder that has one.`);
  }
  return file;
}

/** The nearest tsconfig.json at or above a folder, up to the repository's root; memoised per folder. */
class NearestTsconfig {
  private readonly byDirectory = new Map<string, string | undefined>();

  above(directory: string): string | undefined {
    if (this.byDirectory.has(directory)) return this.byDirectory.get(directory);
    const candidate = path.join(directory, 'tsconfig.json');
    let found: string | undefined;
    if (fs.existsSync(candidate)) {
      found = candidate;
    } else if (!fs.existsSync(path.join(directory, '.git')) && path.dirname(directory) !== directory) {
      found = this.above(path.dirname(directory));
    }
    this.byDirectory.set(directory, found);
    return found;
  }
}

function withReferences(roots: readonly string[], notifications: Notification[], cwd: string): string[] {
  const ordered: string[] = [];
  const warn = (tsconfig: string, message: string): void => {
    notifications.push({ level: 'warning', kind: 'tsconfig-error', message: `${relative(cwd, tsconfig)} ${message}`, file: relative(cwd, tsconfig) });
  };
  const visit = (tsconfig: string): void => {
    if (ordered.includes(tsconfig)) return;
    ordered.push(tsconfig);
    let read: { config?: unknown; error?: ts.Diagnostic };
    try {
      read = ts.readConfigFile(tsconfig, ts.sys.readFile);
    } catch {
      return; // Reported when the project itself fails to load.
    }
    if (read.error) return; // Reported when the project itself fails to load.
    const references = (read.config as { references?: unknown } | undefined)?.references;
    if (references === undefined) return;
    if (!Array.isArray(references)) return; // TypeScript reports a "references" that is not a list.
    references.forEach((reference: unknown, index) => {
      const referencePath = (reference as { path?: unknown } | null)?.path;
      if (typeof referencePath !== 'string' || referencePath === '') {
        warn(tsconfig, `has a "references" entry ${index + 1} without a "path" string (${JSON.stringify(reference)?.slice(0, 80)}): it is ignored.`);
        return;
      }
      let target = path.resolve(path.dirname(tsconfig), referencePath);
      if (!target.endsWith('.json')) target = path.join(target, 'tsconfig.json');
      if (fs.existsSync(target)) {
        visit(target);
      } else {
        warn(tsconfig, `references ${referencePath}, which does not exist.`);
      }
    });
  };
  for (const root of roots) visit(root);
  return ordered;
}

function relative(cwd: string, file: string): string {
  return path.relative(cwd, file).split(path.sep).join('/');
}
