import type ts from '../engine/typescript.cjs';

import { mayHideNames, whereWordIsWritten } from './where-word-is-written.js';

/**
 * An index over the project's own source files (no declaration files, nothing from node_modules), built once
 * per program by `collect`; without a program, over the one file being linted, built once per file.
 */
export function createProjectIndex<T>(collect: (files: readonly ts.SourceFile[]) => T): (program: ts.Program | undefined, sourceFile: ts.SourceFile) => T {
  const byProgram = new WeakMap<ts.Program, T>();
  const byFile = new WeakMap<ts.SourceFile, T>();
  return (program, sourceFile) => {
    if (!program) {
      let index = byFile.get(sourceFile);
      if (index === undefined) {
        index = collect([sourceFile]);
        byFile.set(sourceFile, index);
      }
      return index;
    }
    let index = byProgram.get(program);
    if (index === undefined) {
      index = collect(getProjectFiles(program));
      byProgram.set(program, index);
    }
    return index;
  };
}

/** Nodes by name, looked up one name at a time. */
export interface NameIndex<T> {
  get(name: string): readonly T[] | undefined;
}

/**
 * Walks a file and gathers nodes by name, entering only the nodes for which `within` holds (a node that fails it is
 * skipped with its subtree); `within` always holds for the file itself.
 */
export type NameCollector<T> = (file: ts.SourceFile, within: (node: ts.Node) => boolean) => ReadonlyMap<string, readonly T[]>;

/**
 * Nodes by name over the project's own files, looked up one name at a time. A lookup searches the text of every
 * file for the name (`searchText` gives what a file must contain to declare it: `class Broker` -> `Broker`) and walks
 * only the subtrees of that file that hold it as a whole word: the paths from the file down to each occurrence. Most
 * projects ask about a handful of names, and walking every node of every file for them costs as much as the rules'
 * own walk. A file with an escape that can spell a name (`\u0071uery`, `'\x71uery'`) is walked whole, once. Results
 * keep the order of the files in the program and of the nodes in each file; without a program, the file's own nodes.
 */
export function createNameIndex<T>(
  collect: NameCollector<T>,
  searchText: (name: string) => string = (name) => name,
): (program: ts.Program | undefined, sourceFile: ts.SourceFile) => NameIndex<T> {
  const wholeFiles = new WeakMap<ts.SourceFile, ReadonlyMap<string, readonly T[]>>();
  const whole = (file: ts.SourceFile): ReadonlyMap<string, readonly T[]> => {
    let index = wholeFiles.get(file);
    if (!index) {
      index = collect(file, everything);
      wholeFiles.set(file, index);
    }
    return index;
  };
  const inFile = (file: ts.SourceFile, name: string): readonly T[] | undefined => {
    if (mayHideNames(file)) return whole(file).get(name);
    const within = whereWordIsWritten(file, searchText(name));
    return within ? collect(file, within).get(name) : undefined;
  };
  const byProgram = new WeakMap<ts.Program, NameIndex<T>>();
  return (program, sourceFile) => {
    if (!program) return whole(sourceFile);
    let index = byProgram.get(program);
    if (!index) {
      const files = getProjectFiles(program);
      const answers = new Map<string, readonly T[] | undefined>();
      index = {
        get(name) {
          if (answers.has(name)) return answers.get(name);
          const found: T[] = [];
          for (const file of files) {
            const nodes = inFile(file, name);
            if (nodes) found.push(...nodes);
          }
          const answer = found.length > 0 ? found : undefined;
          answers.set(name, answer);
          return answer;
        },
      };
      byProgram.set(program, index);
    }
    return index;
  };
}

const everything = (): boolean => true;

const projectFiles = new WeakMap<ts.Program, readonly ts.SourceFile[]>();

function getProjectFiles(program: ts.Program): readonly ts.SourceFile[] {
  let files = projectFiles.get(program);
  if (!files) {
    files = program
      .getSourceFiles()
      .filter((file) => !file.isDeclarationFile && !program.isSourceFileFromExternalLibrary(file) && !/[\\/]node_modules[\\/]/u.test(file.fileName));
    projectFiles.set(program, files);
  }
  return files;
}
