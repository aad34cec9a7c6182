import path from 'node:path';

import tsParser from '@typescript-eslint/parser';
import type { ParserOptions } from '@typescript-eslint/parser';
import { RuleTester } from '@typescript-eslint/rule-tester';
import type { RuleTesterConfig, RunTests } from '@typescript-eslint/rule-tester';
import type { TSUtils } from '@typescript-eslint/utils';
import type { RuleModule } from '@typescript-eslint/utils/ts-eslint';
import ts from 'typescript';
import { afterAll, describe, it } from 'vitest';

import { createVirtualProgram } from '../helpers/lint-snippet.js';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

export const FIXTURE_DIR = path.resolve(import.meta.dirname, '../fixtures/rule-tester');

/** Where RuleTester puts a typed case that names no file of its own. */
const DEFAULT_FILE = path.join(FIXTURE_DIR, 'file.ts');

/**
 * A RuleTester with a real TypeScript program: the fixture folder's tsconfig, `file.ts` as the
 * default file name. Use for the type-aware behaviour of a rule.
 *
 * The cases of a test file, with their fix and suggestion outputs, share one program and type checker
 * (`sharedProgramParser`): a program per case cost a new checker each time, most of a typed case's time,
 * and the fixture's tsconfig program parsed the lib files once more per test file.
 */
export function createTypedRuleTester(): RuleTester {
  return new SharedProgramRuleTester({
    languageOptions: {
      parser: sharedProgramParser,
      parserOptions: {
        project: './tsconfig.json',
        tsconfigRootDir: FIXTURE_DIR,
      },
    },
  });
}

/** A RuleTester with the TypeScript parser and no program: what a rule does without types. */
export function createUntypedRuleTester(): RuleTester {
  return new RuleTester({
    languageOptions: { parser: tsParser },
  });
}

class SharedProgramRuleTester extends RuleTester {
  constructor(config: RuleTesterConfig) {
    super(config);
    // One program per test file, also where a worker runs several files (`isolate: false`).
    afterAll(() => {
      sharedFiles.clear();
      shared = undefined;
    });
  }

  override run<MessageIds extends string, Options extends readonly unknown[]>(
    ruleName: string,
    rule: RuleModule<MessageIds, Options>,
    tests: RunTests<TSUtils.NoInfer<MessageIds>, TSUtils.NoInfer<Options>>,
  ): void {
    for (const test of tests.valid) {
      if (typeof test === 'string') shareCase(test);
      else if (test.filename === undefined && test.languageOptions === undefined) shareCase(test.code);
    }
    for (const test of tests.invalid) {
      if (test.filename !== undefined || test.languageOptions !== undefined) continue;
      // Fixes and suggestions are linted again: their outputs join the program too.
      const outputs = [test.code, ...[test.output ?? []].flat()];
      for (const error of test.errors) outputs.push(...(error.suggestions ?? []).map((suggestion) => suggestion.output));
      for (const code of outputs) shareCase(code);
    }
    super.run(ruleName, rule, tests);
  }
}

// Every case is a module of its own (ESM in this package under NodeNext, and moduleDetection: force
// whatever the fixture says), so one case's declarations never meet another's. What could still cross:
// a global declared in a case, and a rule reading the whole program (`getSourceFiles`); the first keeps
// a program of its own, the second sees only its case's file (`caseView`).
const GLOBAL_DECLARATION = /\bdeclare\s+(?:global|module)\b/u;

/** Case code -> the virtual file that holds it in the shared program. */
const sharedFiles = new Map<string, string>();
let shared: { program: ts.Program; views: Map<string, ts.Program>; size: number } | undefined;

function shareCase(code: string): void {
  if (sharedFiles.has(code) || GLOBAL_DECLARATION.test(code)) return;
  sharedFiles.set(code, path.join(FIXTURE_DIR, `case-${sharedFiles.size + 1}.ts`));
}

let compilerOptions: { alone: ts.CompilerOptions; shared: ts.CompilerOptions } | undefined;

/** The fixture tsconfig's options (`alone`), and the same with every file a module (`shared`). */
function getCompilerOptions(): { alone: ts.CompilerOptions; shared: ts.CompilerOptions } {
  if (!compilerOptions) {
    const host: ts.ParseConfigFileHost = {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    };
    const parsed = ts.getParsedCommandLineOfConfigFile(path.join(FIXTURE_DIR, 'tsconfig.json'), {}, host);
    if (!parsed) throw new Error(`Cannot read ${FIXTURE_DIR}/tsconfig.json`);
    compilerOptions = { alone: parsed.options, shared: { ...parsed.options, moduleDetection: ts.ModuleDetectionKind.Force } };
  }
  return compilerOptions;
}

/** The shared program as one case sees it: its own file and the lib and type files, no other case. */
function caseView(fileName: string): ts.Program {
  if (!shared || shared.size !== sharedFiles.size) {
    // Built at the first typed case, when every `run` of the test file has registered its cases.
    const files = Object.fromEntries([...sharedFiles].map(([code, file]) => [file, code]));
    shared = { program: createVirtualProgram(files, getCompilerOptions().shared), views: new Map(), size: sharedFiles.size };
  }
  let view = shared.views.get(fileName);
  if (!view) {
    const program = shared.program;
    const caseFiles = new Set(sharedFiles.values());
    const sourceFiles = program.getSourceFiles().filter((file) => file.fileName === fileName || !caseFiles.has(file.fileName));
    const rootNames = program.getRootFileNames().filter((name) => name === fileName);
    view = new Proxy(program, {
      get(target, key, receiver): unknown {
        if (key === 'getSourceFiles') return () => sourceFiles;
        if (key === 'getRootFileNames') return () => rootNames;
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    shared.views.set(fileName, view);
  }
  return view;
}

/**
 * typescript-eslint's parser, given the shared program for a registered case at the default file name, and
 * for other code there (a global declaration, an output no case lists) a program of its own, built as the
 * fixture's tsconfig would build it. A case with a file name or parser options of its own goes to the
 * parser as configured. Lib and @types files are parsed once per test file (`createVirtualProgram`).
 */
const sharedProgramParser = {
  meta: { name: 'resilint-shared-program-parser' },
  parseForESLint(code: string, options: ParserOptions = {}): ReturnType<typeof tsParser.parseForESLint> {
    const { project, tsconfigRootDir, filePath, ...rest } = options;
    if (project !== './tsconfig.json' || tsconfigRootDir !== FIXTURE_DIR || filePath === undefined || path.resolve(filePath) !== DEFAULT_FILE) {
      return tsParser.parseForESLint(code, options);
    }
    const fileName = sharedFiles.get(code);
    const program = fileName === undefined ? createVirtualProgram({ [DEFAULT_FILE]: code }, getCompilerOptions().alone) : caseView(fileName);
    return tsParser.parseForESLint(code, { ...rest, filePath: fileName ?? DEFAULT_FILE, programs: [program] });
  },
};
