import fs from 'node:fs';
import path from 'node:path';

import { Project, ts as morphTs } from 'ts-morph';
import ts from 'typescript';

import { ConfigurationError } from '../errors.js';
import type { Notification } from '../findings/finding.js';

export interface TypedFile {
  project: Project;
  program: ts.Program;
  sourceFile: ts.SourceFile;
}

export interface LoadedProjects {
  /** One ts-morph project per tsconfig, in load order. */
  projects: Project[];
  tsconfigs: string[];
  /** The program and source file of `absoluteFile` in the first project that holds it. */
  typedFile(absoluteFile: string): TypedFile | undefined;
  notifications: Notification[];
}

if (morphTs.version !== ts.version) {
  // Node kinds differ between TypeScript versions; the plugin and `analyze` would disagree.
  process.emitWarning(`resilint: ts-morph bundles TypeScript ${morphTs.version} but typescript ${ts.version} is installed; findings may differ from the ESLint plugin.`);
}

/**
 * Every tsconfig that applies: those given with --project, otherwise the nearest tsconfig.json above
 * each analyzed path; plus, recursively, their project references.
 */
export function resolveTsconfigs(options: { cwd: string; paths: readonly string[]; projects: readonly string[] }): { tsconfigs: string[]; notifications: Notification[] } {
  const notifications: Notification[] = [];
  const roots = options.projects.length > 0 ? options.projects.map((project) => resolveTsconfig(options.cwd, project)) : nearestTsconfigs(options.cwd, options.paths);
  return { tsconfigs: withReferences(roots, notifications, options.cwd), notifications };
}

/** Loads each tsconfig as a ts-morph project. One that cannot be loaded is a notification; its files are analyzed without types. */
export function loadProjects(options: { cwd: string; tsconfigs: readonly string[] }): LoadedProjects {
  const notifications: Notification[] = [];
  const { tsconfigs } = options;
  const projects: Project[] = [];
  const byFile = new Map<string, Project>();
  for (const tsconfig of tsconfigs) {
    let project: Project;
    try {
      project = new Project({ tsConfigFilePath: tsconfig });
    } catch (error) {
      notifications.push({
        level: 'warning',
        kind: 'tsconfig-error',
        message: `Cannot load ${relative(options.cwd, tsconfig)}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}. Its files are analyzed without type information.`,
        file: relative(options.cwd, tsconfig),
      });
      continue;
    }
    projects.push(project);
    for (const sourceFile of project.getSourceFiles()) {
      const file = path.resolve(sourceFile.getFilePath());
      if (!byFile.has(file)) byFile.set(file, project);
    }
  }
  const programs = new Map<Project, ts.Program>();
  return {
    projects,
    tsconfigs: [...tsconfigs],
    notifications,
    typedFile(absoluteFile) {
      const project = byFile.get(absoluteFile);
      if (!project) return undefined;
      let program = programs.get(project);
      if (!program) {
        program = project.getProgram().compilerObject as unknown as ts.Program;
        programs.set(project, program);
      }
      const sourceFile = program.getSourceFile(absoluteFile);
      return sourceFile ? { project, program, sourceFile } : undefined;
    },
  };
}

function resolveTsconfig(cwd: string, project: string): string {
  let file = path.resolve(cwd, project);
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'tsconfig.json');
  if (!fs.existsSync(file)) {
    throw new ConfigurationError(`--project ${project}: no such tsconfig. Pass a tsconfig.json file or a folder that has one.`);
  }
  return file;
}

function nearestTsconfigs(cwd: string, paths: readonly string[]): string[] {
  const found = new Set<string>();
  for (const input of paths) {
    const absolute = path.resolve(cwd, input);
    let directory = fs.existsSync(absolute) && fs.statSync(absolute).isDirectory() ? absolute : path.dirname(absolute);
    for (;;) {
      const candidate = path.join(directory, 'tsconfig.json');
      if (fs.existsSync(candidate)) {
        found.add(candidate);
        break;
      }
      if (fs.existsSync(path.join(directory, '.git')) || path.dirname(directory) === directory) break;
      directory = path.dirname(directory);
    }
  }
  return [...found];
}

function withReferences(roots: readonly string[], notifications: Notification[], cwd: string): string[] {
  const ordered: string[] = [];
  const visit = (tsconfig: string): void => {
    if (ordered.includes(tsconfig)) return;
    ordered.push(tsconfig);
    const { config, error } = ts.readConfigFile(tsconfig, ts.sys.readFile);
    if (error) return; // Reported when the project itself fails to load.
    for (const reference of (config as { references?: { path?: string }[] }).references ?? []) {
      if (!reference.path) continue;
      let target = path.resolve(path.dirname(tsconfig), reference.path);
      if (!target.endsWith('.json')) target = path.join(target, 'tsconfig.json');
      if (fs.existsSync(target)) {
        visit(target);
      } else {
        notifications.push({ level: 'warning', kind: 'tsconfig-error', message: `${relative(cwd, tsconfig)} references ${reference.path}, which does not exist.`, file: relative(cwd, tsconfig) });
      }
    }
  };
  for (const root of roots) visit(root);
  return ordered;
}

function relative(cwd: string, file: string): string {
  return path.relative(cwd, file).split(path.sep).join('/');
}
