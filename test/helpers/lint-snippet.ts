import path from 'node:path';

import ts from 'typescript';

import type { AnyResilintRule } from '../../rules/engine/create-rule.js';
import { scriptKindFor } from '../../rules/engine/create-rule.js';
import { type RuleFinding, runChecks } from '../../rules/engine/run-check.js';
import type { ProjectFacts } from '../../rules/engine/types.js';
import { BUILT_IN_MODELS } from '../../rules/models/built-in-models.js';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * Where virtual files live. Inside the repository, so module resolution finds the real
 * node_modules (@types/node, installed packages) and the root package.json makes them ES modules.
 */
export const VIRTUAL_ROOT = path.join(REPO_ROOT, 'test', '__virtual__');

/** Snippets see what service code sees: node types, DOM fetch types, strict mode. */
const SNIPPET_OPTIONS: ts.CompilerOptions = {
  ...ts.convertCompilerOptionsFromJson(
    {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      lib: ['ES2023', 'DOM'],
      types: ['node'],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      allowJs: true,
      // Snippets without imports or exports are still modules: one snippet's declarations never
      // collide with another's when several share a program.
      moduleDetection: 'force',
    },
    REPO_ROOT,
  ).options,
  typeRoots: [path.join(REPO_ROOT, 'node_modules', '@types')],
};

/** No manifest facts: both hosts must see the same ones, and snippets should not depend on resilint's own. */
export const NO_PROJECT_FACTS: ProjectFacts = { dependencies: {}, models: BUILT_IN_MODELS };

// Lib and @types files are parsed once per test worker and shared by every program built here.
const realFiles = new Map<string, ts.SourceFile | undefined>();

/**
 * A real `ts.Program` whose root files exist only in memory (absolute paths, see `virtualPath`),
 * with the real lib files and node types from node_modules.
 */
export function createVirtualProgram(files: Readonly<Record<string, string>>, options: ts.CompilerOptions = SNIPPET_OPTIONS): ts.Program {
  const virtual = new Map(Object.entries(files).map(([name, text]) => [path.resolve(name), text]));
  const base = ts.createCompilerHost(options, true);
  const host: ts.CompilerHost = {
    ...base,
    fileExists: (name) => virtual.has(path.resolve(name)) || base.fileExists(name),
    readFile: (name) => virtual.get(path.resolve(name)) ?? base.readFile(name),
    getSourceFile(name, languageVersion, onError) {
      const text = virtual.get(path.resolve(name));
      if (text !== undefined) {
        return ts.createSourceFile(name, text, languageVersion, true, scriptKindFor(name));
      }
      const key = `${name}\0${JSON.stringify(languageVersion)}`;
      if (!realFiles.has(key)) {
        realFiles.set(key, base.getSourceFile(name, languageVersion, onError));
      }
      return realFiles.get(key);
    },
  };
  return ts.createProgram({ rootNames: [...virtual.keys()], options, host });
}

/** An absolute path for a virtual file, e.g. `virtualPath('docs/no-x/incorrect-1.ts')`. */
export function virtualPath(relative: string): string {
  return path.join(VIRTUAL_ROOT, relative);
}

/** A syntax-only source file, parsed as the ESLint host parses text from a parser that is not TypeScript's. */
export function parseUntyped(fileName: string, text: string): ts.SourceFile {
  return ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, scriptKindFor(fileName));
}

/** Runs rules with their default options, as `resilint analyze` does. */
export function runRules(
  rules: readonly AnyResilintRule[],
  sourceFile: ts.SourceFile,
  program: ts.Program | undefined,
  project: ProjectFacts = NO_PROJECT_FACTS,
): RuleFinding[] {
  return runChecks(
    { sourceFile, program, project },
    rules.map((rule) => ({
      rule: { name: rule.name, messages: rule.meta.messages, check: rule.check },
      options: rule.meta.defaultOptions ?? [],
    })),
  );
}

/** `rule` over `text` without type information. */
export function lintUntyped(rule: AnyResilintRule, fileName: string, text: string): RuleFinding[] {
  return runRules([rule], parseUntyped(fileName, text), undefined);
}

/** `rule` over `text` as the only root file of a fresh in-memory program. */
export function lintTyped(rule: AnyResilintRule, fileName: string, text: string): RuleFinding[] {
  const absolute = path.isAbsolute(fileName) ? fileName : virtualPath(fileName);
  const program = createVirtualProgram({ [absolute]: text });
  const sourceFile = program.getSourceFile(absolute);
  if (!sourceFile) throw new Error(`The program lost its root file ${absolute}`);
  return runRules([rule], sourceFile, program);
}

/** A compact, comparable view of a finding: where it starts and which message. */
export function summarize(finding: { messageId: string; loc: { start: { line: number; column: number } } }): string {
  return `${finding.loc.start.line}:${finding.loc.start.column} ${finding.messageId}`;
}
