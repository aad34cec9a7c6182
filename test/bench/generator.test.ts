import path from 'node:path';
import { fileURLToPath } from 'node:url';

import ts from 'typescript';
import { describe, expect, it } from 'vitest';

import { generateProject, MIN_FILES } from '../../scripts/bench/generate.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FILES = 60;

describe('synthetic project generator', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const first = generateProject({ files: FILES, seed: 7 });
    const again = generateProject({ files: FILES, seed: 7 });
    const other = generateProject({ files: FILES, seed: 8 });
    expect(again).toEqual(first);
    expect(other.map((file) => file.path)).toEqual(first.map((file) => file.path));
    expect(other.map((file) => file.text)).not.toEqual(first.map((file) => file.text));
  });

  it('writes exactly the requested number of .ts files, and refuses too few', () => {
    const files = generateProject({ files: FILES, seed: 1 });
    expect(files.filter((file) => file.path.endsWith('.ts'))).toHaveLength(FILES);
    expect(new Set(files.map((file) => file.path)).size).toBe(files.length);
    expect(() => generateProject({ files: MIN_FILES - 1, seed: 1 })).toThrow(RangeError);
  });

  it('produces a project that parses and type-checks without errors', () => {
    const files = generateProject({ files: FILES, seed: 3 });
    const byPath = new Map(files.map((file) => [path.join('/synthetic', file.path), file.text]));
    const tsconfig = JSON.parse(byPath.get('/synthetic/tsconfig.json') ?? '{}') as { compilerOptions: object };
    const { options, errors } = ts.convertCompilerOptionsFromJson(tsconfig.compilerOptions, '/synthetic');
    expect(errors).toEqual([]);
    // In memory: the generated files, plus the real lib files and @types/node of this repository.
    options.typeRoots = [path.join(ROOT, 'node_modules/@types')];
    const host = ts.createCompilerHost(options);
    const readFile = host.readFile.bind(host);
    host.readFile = (fileName) => byPath.get(fileName) ?? readFile(fileName);
    host.fileExists = (fileName) => byPath.has(fileName) || ts.sys.fileExists(fileName);
    host.directoryExists = (directory) => [...byPath.keys()].some((fileName) => fileName.startsWith(`${directory}/`)) || ts.sys.directoryExists(directory);
    const rootNames = [...byPath.keys()].filter((fileName) => fileName.endsWith('.ts'));
    const program = ts.createProgram({ rootNames, options, host });

    for (const fileName of rootNames) {
      const sourceFile = program.getSourceFile(fileName);
      expect(sourceFile, fileName).toBeDefined();
      const syntax = program.getSyntacticDiagnostics(sourceFile);
      expect(
        syntax.map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')),
        fileName,
      ).toEqual([]);
    }
    const semantic = [...program.getGlobalDiagnostics(), ...program.getSemanticDiagnostics()].map(
      (diagnostic) => `${diagnostic.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`,
    );
    expect(semantic).toEqual([]);
  });

  it('mixes defects with their correct look-alikes', () => {
    const text = generateProject({ files: 600, seed: 11 })
      .map((file) => file.text)
      .join('\n');
    // Both sides of each family appear, so every rule has something to find and something to spare.
    expect(text).toMatch(/timeout: \d/u);
    expect(text).toMatch(/axios\.create\(\{ baseURL: baseUrl \}\)/u);
    expect(text).toContain('AbortSignal.timeout(');
    expect(text).toContain('while (true)');
    expect(text).toContain('forever: true');
    expect(text).toContain("router.get('/:id', async (request, response) =>");
    expect(text).toContain('.catch(next)');
    expect(text).toContain('{ cause: error }');
    expect(text).toMatch(/^\s+this\.client\.notify\(entity\.id\);$/mu);
    expect(text).toMatch(/^\s+await this\.client\.notify\(entity\.id\);$/mu);
  });
});
