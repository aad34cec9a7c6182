import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

import { getDeclaredReturnKind } from '../../rules/utils/get-declared-return-kind.js';
import { isAwaitedConst } from '../../rules/utils/is-awaited-const.js';
import { isThenableType } from '../../rules/utils/is-thenable-type.js';
import { isUnresolvedType } from '../../rules/utils/is-unresolved-type.js';
import { generateProject, writeProject } from '../../scripts/bench/generate.js';

// The syntax-first answers (a call settled from its callee's declarations, an `await`ed const) skip the
// checker; with types the rules must still say exactly what the checker says. This compares the two at
// every call and every such reference of three projects: the traps fixture (merged interfaces, module
// augmentation, overloads, narrowing, shadowed globals), the labelled corpus and a generated service.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const temporary: string[] = [];

afterAll(() => {
  for (const directory of temporary) fs.rmSync(directory, { recursive: true, force: true });
});

interface Comparison {
  calls: number;
  decided: Map<string, 'promise' | 'other'>;
  awaitedConsts: number;
  mismatches: string[];
}

function compare(tsconfig: string): Comparison {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    tsconfig,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic(diagnostic) {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  )!;
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
  const checker = program.getTypeChecker();
  const typed = (node: ts.Expression): 'promise' | 'other' | 'unresolved' => {
    const type = checker.getTypeAtLocation(node);
    if (isUnresolvedType(type)) return 'unresolved';
    return isThenableType(checker, type, node) ? 'promise' : 'other';
  };
  const result: Comparison = { calls: 0, decided: new Map(), awaitedConsts: 0, mismatches: [] };
  for (const sourceFile of program.getSourceFiles()) {
    if (sourceFile.isDeclarationFile || program.isSourceFileFromExternalLibrary(sourceFile)) continue;
    const where = (node: ts.Node): string =>
      `${path.relative(path.dirname(tsconfig), sourceFile.fileName)}:${sourceFile.getLineAndCharacterOfPosition(node.getStart()).line + 1} ${node.getText().slice(0, 60)}`;
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) {
        result.calls += 1;
        const declared = getDeclaredReturnKind(node, checker);
        if (declared !== undefined) {
          result.decided.set(where(node), declared);
          const actual = typed(node);
          if (actual !== declared) result.mismatches.push(`${where(node)}: declarations say ${declared}, the checker ${actual}`);
        }
      }
      if (ts.isIdentifier(node) && ts.isReturnStatement(node.parent) && isAwaitedConst(node, checker)) {
        result.awaitedConsts += 1;
        if (typed(node) === 'promise') result.mismatches.push(`${where(node)}: an awaited const the checker types as a promise`);
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }
  return result;
}

describe('calls settled from declarations agree with the checker', () => {
  it('on the traps fixture: settles the look-alikes, leaves the traps to the checker', () => {
    const result = compare(path.join(ROOT, 'test/fixtures/declared-return-kind/tsconfig.json'));
    expect(result.mismatches).toEqual([]);
    const decided = Object.fromEntries([...result.decided].map(([site, kind]) => [site.replace(/^\S+ /u, ''), kind]));
    // The look-alikes are settled without the checker; the traps (augmented or merged interfaces, overloads,
    // `instanceof` and type-guard narrowing, a shadowed `Promise` or `Map`, a thenable `this`) may be settled
    // only where the checker agrees, which the mismatch list above checks.
    expect(decided).toMatchObject({
      "store.put('x')": 'other',
      'asyncArrow()': 'promise',
      'noReturn()': 'other',
      'inferredVoid()': 'other',
      "entries.set('a', 1)": 'other',
      "seen.add('a')": 'other',
      "next(new Error('failed'))": 'other',
    });
    expect(result.awaitedConsts).toBe(1);
  });

  it('on the labelled corpus', () => {
    const result = compare(path.join(ROOT, 'test/corpus/tsconfig.json'));
    expect(result.mismatches).toEqual([]);
    expect(result.decided.size).toBeGreaterThan(100);
  });

  it('on a generated service, where most calls are settled from declarations', () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'resilint-declared-'));
    temporary.push(directory);
    writeProject(directory, generateProject({ files: 150, seed: 11 }));
    const result = compare(path.join(directory, 'tsconfig.json'));
    expect(result.mismatches).toEqual([]);
    expect(result.decided.size / result.calls).toBeGreaterThan(0.4);
    expect(result.awaitedConsts).toBeGreaterThan(20);
  });
});
