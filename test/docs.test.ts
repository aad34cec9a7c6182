import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import type ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

import type { AnyResilintRule } from '../rules/engine/create-rule.js';
import { rules } from '../rules/index.js';
import { createVirtualProgram, NO_PROJECT_FACTS, parseUntyped, REPO_ROOT, runRules, summarize, virtualPath } from './helpers/lint-snippet.js';
import { loadPluginFromSource } from './helpers/plugin-source.js';
import { type Example, getExamples, listRuleDocIds, readRuleDoc } from './helpers/rule-doc.js';

// Every ts/js block under "### Incorrect" must report this page's rule at least once, every block
// under "### Correct" never; both without types (a bare parse) and with a real program, through
// `runChecks` (what `resilint analyze` runs) and through ESLint's Linter with the plugin.
// A fence marked ```ts type-checked is an example only the typed run is required to find.

const plugin = await loadPluginFromSource();
const knownRules = rules as Record<string, AnyResilintRule>;

interface DocExample extends Example {
  ruleId: string;
  fileName: string;
  title: string;
}

const docs = listRuleDocIds().map((id) => {
  const doc = readRuleDoc(id);
  const counters = { incorrect: 0, correct: 0 };
  const examples: DocExample[] = getExamples(doc).map((example) => {
    counters[example.kind] += 1;
    const n = counters[example.kind];
    return {
      ...example,
      ruleId: id,
      fileName: virtualPath(`docs/${id}/${example.kind}-${n}${example.extension}`),
      title: `${example.kind} #${n} (${id}.md line ${example.line})`,
    };
  });
  return { id, page: `docs/rules/${id}.md`, examples };
});

let program: ts.Program;

beforeAll(() => {
  // One program for all examples: each is its own module (moduleDetection: force), so they do not collide.
  const files = Object.fromEntries(docs.flatMap(({ examples }) => examples.map((example) => [example.fileName, example.code] as const)));
  program = createVirtualProgram(files);
});

const linter = new Linter({ configType: 'flat', cwd: REPO_ROOT });

function eslintConfig(ruleId: string, typed: boolean): Linter.Config[] {
  return [
    {
      files: ['**/*.{ts,tsx,js}'],
      plugins: { resilint: plugin as unknown as NonNullable<Linter.Config['plugins']>[string] },
      languageOptions: {
        parser: tsParser as unknown as Linter.Parser,
        ...(typed && { parserOptions: { programs: [program] } }),
      },
      settings: { resilint: NO_PROJECT_FACTS },
      rules: { [`resilint/${ruleId}`]: 'error' },
    },
  ];
}

function lintWithEslint(example: DocExample, typed: boolean): string[] {
  const messages = linter.verify(example.code, eslintConfig(example.ruleId, typed), { filename: example.fileName });
  const fatal = messages.filter((message) => message.fatal || message.ruleId === null);
  expect(
    fatal.map((message) => message.message),
    'ESLint could not lint the example',
  ).toEqual([]);
  return messages
    .filter((message) => message.ruleId === `resilint/${example.ruleId}`)
    .map((message) => summarize({ messageId: message.messageId ?? '', loc: { start: { line: message.line, column: message.column - 1 } } }));
}

function lintWithRunChecks(rule: AnyResilintRule, example: DocExample, typed: boolean): string[] {
  const sourceFile = typed ? program.getSourceFile(example.fileName) : parseUntyped(example.fileName, example.code);
  if (!sourceFile) throw new Error(`${example.fileName} is missing from the program`);
  // ESLint sorts messages by position; runChecks keeps report order.
  return runRules([rule], sourceFile, typed ? program : undefined)
    .sort((a, b) => a.range[0] - b.range[0])
    .map(summarize);
}

function expectLabelled(example: DocExample, found: readonly string[], host: string): void {
  if (example.kind === 'incorrect') {
    expect(
      found.length,
      `${host}: expected at least one ${example.ruleId} finding in\n${example.code}` +
        (host.includes('without types') ? '\n(if only types can find it, mark the fence ```ts type-checked)' : ''),
    ).toBeGreaterThan(0);
  } else {
    expect(found, `${host}: expected no ${example.ruleId} finding in\n${example.code}`).toEqual([]);
  }
}

it('finds the rule docs to lint', () => {
  expect(docs.length).toBeGreaterThan(0);
});

it('gives ESLint the same program in the typed run, and none in the untyped one', () => {
  const seen: (ts.Program | undefined)[] = [];
  const probe = {
    rules: {
      program: {
        meta: { type: 'problem' as const, schema: [] },
        create(context: { sourceCode: { parserServices?: { program?: ts.Program | null } } }) {
          seen.push(context.sourceCode.parserServices?.program ?? undefined);
          return {};
        },
      },
    },
  };
  const example = docs.flatMap((doc) => doc.examples)[0]!;
  for (const typed of [true, false]) {
    const config = eslintConfig(example.ruleId, typed).map((entry) => ({
      ...entry,
      plugins: { ...entry.plugins, probe: probe as unknown as NonNullable<Linter.Config['plugins']>[string] },
      rules: { 'probe/program': 'error' as const },
    }));
    linter.verify(example.code, config, { filename: example.fileName });
  }
  expect(seen).toHaveLength(2);
  expect(seen[0]).toBe(program);
  expect(seen[1]).toBeUndefined();
});

for (const { id, page, examples } of docs)
  describe(page, () => {
    const rule = knownRules[id];

    it('documents a rule that exists', () => {
      expect(rule, `docs/rules/${id}.md has no rule ${id} in rules/index.ts`).toBeDefined();
    });

    if (!rule) return;
    const needsTypes = rule.meta.docs.typeInformation === 'required';

    it('has incorrect and correct examples', () => {
      expect(examples.filter((example) => example.kind === 'incorrect').length).toBeGreaterThan(0);
      expect(examples.filter((example) => example.kind === 'correct').length).toBeGreaterThan(0);
    });

    for (const example of examples)
      describe(example.title, () => {
        it('reports as labelled with types (runChecks and ESLint agree)', () => {
          const found = lintWithRunChecks(rule, example, true);
          expectLabelled(example, found, 'runChecks with types');
          expect(lintWithEslint(example, true), 'ESLint with types disagrees with runChecks').toEqual(found);
        });

        it.skipIf(needsTypes)('reports as labelled without types (runChecks and ESLint agree)', () => {
          const found = lintWithRunChecks(rule, example, false);
          if (!example.typeChecked || example.kind === 'correct') {
            expectLabelled(example, found, 'runChecks without types');
          }
          expect(lintWithEslint(example, false), 'ESLint without types disagrees with runChecks').toEqual(found);
        });
      });
  });
