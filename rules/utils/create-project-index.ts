import type ts from '../engine/typescript.cjs';

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
      const files = program
        .getSourceFiles()
        .filter((file) => !file.isDeclarationFile && !program.isSourceFileFromExternalLibrary(file) && !/[\\/]node_modules[\\/]/u.test(file.fileName));
      index = collect(files);
      byProgram.set(program, index);
    }
    return index;
  };
}
