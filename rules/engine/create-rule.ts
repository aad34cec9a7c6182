import type { TSESLint } from '@typescript-eslint/utils';
import ts from './typescript.cjs';

import { applyDefault } from './apply-default.js';
import { isTestContent } from './classify-file.js';
import { collectDirectives, findSuppressor } from './disable-directives.js';
import { BUILT_IN_MODELS } from '../models/built-in-models.js';
import { getModelProblems } from '../models/get-model-problems.js';
import type { LibraryModel } from '../models/library-model.js';
import { withUserModels } from '../models/with-user-models.js';
import { readProjectFacts } from './read-project-facts.js';
import { runChecks } from './run-check.js';
import type { Check, ProjectFacts, ResilintDocs } from './types.js';

export const DOCS_BASE_URL = 'https://github.com/resilint/resilint/blob/main/docs/rules/';

type RuleMeta<Options extends readonly unknown[], MessageIds extends string> = Omit<
  TSESLint.RuleMetaData<MessageIds, ResilintDocs, Options>,
  'docs' | 'defaultOptions'
> & { docs: ResilintDocs; defaultOptions: Options };

export interface ResilintRuleDefinition<Options extends readonly unknown[], MessageIds extends string> {
  name: string;
  meta: RuleMeta<Options, MessageIds>;
  /** The detection logic, shared by the ESLint rule and `resilint analyze`. */
  check: Check<Options, MessageIds>;
}

export type ResilintRule<Options extends readonly unknown[] = readonly unknown[], MessageIds extends string = string> = TSESLint.RuleModule<
  MessageIds,
  Options,
  ResilintDocs
> & {
  meta: { docs: ResilintDocs & { url: string } };
  name: string;
  check: Check<Options, MessageIds>;
};

/** Any resilint rule, whatever its options and messages; for collections of rules. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- options and message ids vary per rule
export type AnyResilintRule = ResilintRule<any, string>;

interface EslintSettings {
  resilint?: {
    dependencies?: Record<string, string>;
    /** Library models for in-house clients, as `models` in resilint.config.json (docs/models.md). */
    models?: unknown;
    /**
     * Report nothing in a file whose content is test code (it imports or calls a test framework), as a
     * walk of `analyze` skips it; file names and folders are the presets' `ignores`.
     */
    skipTestContent?: boolean;
  };
}

/**
 * Builds a resilint rule: the check plus the thin ESLint adapter that hosts it.
 * The adapter maps the ESLint Program to its TypeScript SourceFile, runs the check on raw TS nodes
 * and turns each finding into `context.report` with the same location, fix and suggestions that
 * `resilint analyze` produces.
 */
export function createRule<Options extends readonly unknown[], MessageIds extends string>(
  definition: ResilintRuleDefinition<Options, MessageIds>,
): ResilintRule<Options, MessageIds> {
  const { name, meta, check } = definition;
  // What typescript-eslint's RuleCreator builds, without loading @typescript-eslint/utils at run time:
  // `analyze` never needs it, and it costs start-up time and memory.
  const module: TSESLint.RuleModule<MessageIds, Options, ResilintDocs> = {
    meta: { ...meta, docs: { ...meta.docs, url: `${DOCS_BASE_URL}${name}.md` } },
    defaultOptions: meta.defaultOptions,
    create(context) {
      const optionsWithDefault = applyDefault(meta.defaultOptions, context.options);
      return {
        Program() {
          if ((context.settings as EslintSettings).resilint?.skipTestContent && isTestSource(context.sourceCode)) return;
          const { sourceFile, tsProgram } = getTypeScriptSource(context, meta.docs.typeInformation);
          const findings = runChecks({ sourceFile, program: tsProgram, project: projectFactsFor(context) }, [
            { rule: { name, messages: meta.messages, check: check as Check<readonly unknown[], string> }, options: optionsWithDefault },
          ]);
          // ESLint applies eslint-disable comments itself; resilint-disable ones are ours to apply, as `analyze` does.
          const directives = sourceFile.text.includes('resilint-') ? collectDirectives(sourceFile, ['resilint']) : [];
          for (const finding of findings) {
            if (
              directives.length > 0 &&
              findSuppressor(directives, { ruleId: `resilint/${name}`, line: finding.loc.start.line, column: finding.loc.start.column + 1 })
            ) {
              continue;
            }
            context.report({
              loc: finding.loc,
              messageId: finding.messageId as MessageIds,
              data: finding.data,
              ...(finding.fix && {
                fix: (fixer) => finding.fix!.map((edit) => fixer.replaceTextRange([edit.range[0], edit.range[1]], edit.text)),
              }),
              ...(finding.suggestions && {
                suggest: finding.suggestions.map((suggestion) => ({
                  messageId: suggestion.messageId as MessageIds,
                  data: suggestion.data,
                  fix: (fixer: TSESLint.RuleFixer) => suggestion.edits.map((edit) => fixer.replaceTextRange([edit.range[0], edit.range[1]], edit.text)),
                })),
              }),
            });
          }
        },
      };
    },
  };
  return { ...module, meta: module.meta as ResilintRule<Options, MessageIds>['meta'], name, check };
}

const parsedByText = new WeakMap<object, ts.SourceFile>();
const testSources = new WeakMap<object, boolean>();

// Asked by every rule on the same file: the answer is kept per SourceCode object.
function isTestSource(sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  let answer = testSources.get(sourceCode);
  if (answer === undefined) {
    answer = isTestContent(sourceCode.text);
    testSources.set(sourceCode, answer);
  }
  return answer;
}

function getTypeScriptSource(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  typeInformation: ResilintDocs['typeInformation'],
): { sourceFile: ts.SourceFile; tsProgram: ts.Program | undefined } {
  const services = context.sourceCode.parserServices;
  if (typeInformation === 'required' && !services?.program) {
    // The same actionable message typescript-eslint's getParserServices gives.
    throw new Error(
      "You have used a rule which requires type information, but don't have parserOptions set to generate type information for this file. See https://typescript-eslint.io/getting-started/typed-linting for enabling linting with type information.",
    );
  }
  const tsProgram = services?.program ?? undefined;
  if (tsProgram) assertSameTypeScript(tsProgram);
  const mapped = services?.esTreeNodeToTSNodeMap?.get(context.sourceCode.ast);
  if (mapped && ts.isSourceFile(mapped as ts.Node)) {
    return { sourceFile: mapped as unknown as ts.SourceFile, tsProgram };
  }
  // Another parser (espree, babel): parse the same text ourselves, syntax only.
  let sourceFile = parsedByText.get(context.sourceCode);
  if (!sourceFile) {
    sourceFile = ts.createSourceFile(context.filename, context.sourceCode.text, ts.ScriptTarget.Latest, true, scriptKindFor(context.filename));
    parsedByText.set(context.sourceCode, sourceFile);
  }
  return { sourceFile, tsProgram: undefined };
}

const checkedPrograms = new WeakSet<ts.Program>();

/**
 * The rules read `ts.TypeFlags` and other enums from the TypeScript this module loaded (the plugin's peer
 * dependency), while the program comes from whichever TypeScript the parser loaded. When they are two
 * different versions the enums disagree (64 type flags differ between 5.9 and 6.0) and findings would be
 * lost without a word, so a mismatch stops the lint with what to do instead.
 */
function assertSameTypeScript(program: ts.Program): void {
  if (checkedPrograms.has(program)) return;
  const checker = program.getTypeChecker();
  if (checker.getStringType().flags !== ts.TypeFlags.String || checker.getNumberType().flags !== ts.TypeFlags.Number) {
    throw new Error(
      `eslint-plugin-resilint loaded TypeScript ${ts.version}, but the program it was given was built by another TypeScript version. ` +
        'Install exactly one copy of `typescript` that the plugin and @typescript-eslint/parser both resolve (`npm ls typescript` lists them), ' +
        'for example with an `overrides` entry in package.json.',
    );
  }
  checkedPrograms.add(program);
}

export function scriptKindFor(fileName: string): ts.ScriptKind {
  if (/\.tsx$/u.test(fileName)) return ts.ScriptKind.TSX;
  if (/\.jsx$/u.test(fileName)) return ts.ScriptKind.JSX;
  if (/\.[mc]?js$/u.test(fileName)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

function projectFactsFor(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): ProjectFacts {
  const settings = context.settings as EslintSettings;
  const models = getCatalogueOrThrow(settings.resilint?.models);
  const dependencies = settings.resilint?.dependencies;
  if (dependencies) return { dependencies, models };
  return readProjectFacts(context.filename, models);
}

// Settings objects are the user's; the catalogue made from each is kept with it (ESLint hands every rule
// and file of one config the same object), never in a registry two configs could share.
const cataloguesBySettings = new WeakMap<object, readonly LibraryModel[]>();

// The catalogue for `settings.resilint.models`. ESLint does not validate settings, so a wrong model stops
// the lint with the same words `analyze` uses for `models` in resilint.config.json.
function getCatalogueOrThrow(models: unknown): readonly LibraryModel[] {
  if (models === undefined) return BUILT_IN_MODELS;
  const cached = typeof models === 'object' && models !== null ? cataloguesBySettings.get(models) : undefined;
  if (cached) return cached;
  const problems = getModelProblems(models, 'settings.resilint.models');
  if (problems.length > 0) throw new Error(`Invalid ESLint settings: ${problems.join('; ')}. See docs/models.md.`);
  const catalogue = withUserModels(models as readonly LibraryModel[]);
  cataloguesBySettings.set(models as object, catalogue);
  return catalogue;
}
