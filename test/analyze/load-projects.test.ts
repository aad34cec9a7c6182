import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { loadProjects } from '../../src/analyze/load-projects.js';
import ts from '../../rules/engine/typescript.cjs';

const TSCONFIG = { compilerOptions: { strict: true, noEmit: true, target: 'ES2022', lib: ['ES2023'], module: 'NodeNext', moduleResolution: 'NodeNext' } };
const SOURCE = 'export async function load(url: string): Promise<string> {\n  return (await fetch(url)).text();\n}\n';

describe('loadProjects: TypeScript lib files parsed once per process', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'resilint-load-projects-'));
    for (const name of ['a', 'b']) {
      fs.mkdirSync(path.join(dir, name, 'src'), { recursive: true });
      fs.writeFileSync(path.join(dir, name, 'src', 'load.ts'), SOURCE);
    }
    fs.writeFileSync(path.join(dir, 'a', 'tsconfig.json'), JSON.stringify({ ...TSCONFIG, include: ['src'] }));
    // Another target parses the same lib files differently: they must not be shared with the first.
    fs.writeFileSync(
      path.join(dir, 'b', 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { ...TSCONFIG.compilerOptions, target: 'ES5' }, include: ['src'] }),
    );
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const load = (name: string) => {
    const file = path.join(dir, name, 'src', 'load.ts');
    const typed = loadProjects({ cwd: dir, tsconfigs: [path.join(dir, name, 'tsconfig.json')] }).typedFile(file);
    if (!typed) throw new Error(`${file} has no program`);
    return typed;
  };
  const libFile = (program: ReturnType<typeof load>['program']) => {
    const found = program.getSourceFiles().find((file) => path.basename(file.fileName) === 'lib.es2023.d.ts');
    if (!found) throw new Error('lib.es2023.d.ts is not in the program');
    return found;
  };

  it('shares the lib files between runs with the same options, never the project files, and types both the same', () => {
    const first = load('a');
    const second = load('a');
    expect(second.program).not.toBe(first.program);
    expect(libFile(second.program)).toBe(libFile(first.program));
    expect(second.sourceFile).not.toBe(first.sourceFile);
    const returnType = (typed: ReturnType<typeof load>) => {
      const checker = typed.program.getTypeChecker();
      const declaration = typed.sourceFile.statements[0] as ts.FunctionDeclaration;
      return checker.typeToString(checker.getTypeOfSymbol(checker.getSymbolAtLocation(declaration.name!)!));
    };
    expect(returnType(second)).toBe('(url: string) => Promise<string>');
    expect(returnType(second)).toBe(returnType(first));
  });

  it('parses them again for another target', () => {
    expect(libFile(load('b').program)).not.toBe(libFile(load('a').program));
    expect(libFile(load('b').program).languageVersion).not.toBe(libFile(load('a').program).languageVersion);
  });
});
