import type ts from 'typescript';

import type { Check, ProjectFacts, TextEdit } from './types.js';
import { walk } from './walk.js';

/** 1-based line, 0-based column: ESLint's `loc` convention. */
export interface Position {
  line: number;
  column: number;
}

/** What one rule found at one place, before any host turns it into its own report shape. */
export interface RuleFinding {
  ruleName: string;
  messageId: string;
  data: Readonly<Record<string, string | number>>;
  message: string;
  range: readonly [number, number];
  loc: { start: Position; end: Position };
  fix?: readonly TextEdit[];
  suggestions?: readonly {
    messageId: string;
    data: Readonly<Record<string, string | number>>;
    message: string;
    edits: readonly TextEdit[];
  }[];
}

export interface CheckInput {
  sourceFile: ts.SourceFile;
  program: ts.Program | undefined;
  project: ProjectFacts;
}

export interface RunnableRule {
  name: string;
  messages: Readonly<Record<string, string>>;
  check: Check<readonly unknown[], string>;
}

/**
 * Runs several rules over one file in a single walk and returns their findings in report order.
 * `options` holds each rule's options with defaults already applied. Without `onRuleError` an error in
 * a rule propagates (ESLint names the rule); with it, the failing rule stops on this file, keeps what it
 * found so far, and the other rules carry on.
 */
export function runChecks(
  input: CheckInput,
  rules: readonly { rule: RunnableRule; options: readonly unknown[] }[],
  onRuleError?: (ruleName: string, error: unknown) => void,
): RuleFinding[] {
  const findings: RuleFinding[] = [];
  const checker = input.program?.getTypeChecker();
  const listenerSets = rules.map(({ rule, options }) => {
    // One finding per rule and line: a rule firing twice on one line reports one defect twice (issue 12).
    let reportedLines: Set<number> | undefined;
    return rule.check({
      sourceFile: input.sourceFile,
      program: input.program,
      checker,
      options,
      project: input.project,
      report(report) {
        const start = report.node.getStart(input.sourceFile);
        const end = report.node.getEnd();
        const position = toPosition(input.sourceFile, start);
        reportedLines ??= new Set();
        if (reportedLines.has(position.line)) return;
        reportedLines.add(position.line);
        findings.push({
          ruleName: rule.name,
          messageId: report.messageId,
          data: report.data ?? {},
          message: formatMessage(rule.messages, report.messageId, report.data),
          range: [start, end],
          loc: { start: position, end: toPosition(input.sourceFile, end) },
          ...(report.fix && { fix: report.fix }),
          ...(report.suggest && {
            suggestions: report.suggest.map((suggestion) => ({
              messageId: suggestion.messageId,
              data: suggestion.data ?? {},
              message: formatMessage(rule.messages, suggestion.messageId, suggestion.data),
              edits: suggestion.edits,
            })),
          }),
        });
      },
    });
  });
  walk(input.sourceFile, listenerSets, onRuleError && ((set, error) => onRuleError(rules[set]!.rule.name, error)));
  return findings;
}

function toPosition(sourceFile: ts.SourceFile, offset: number): Position {
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(offset);
  return { line: line + 1, column: character };
}

// Same placeholder syntax and leniency as ESLint's interpolate(): unknown keys stay as written.
function formatMessage(messages: Readonly<Record<string, string>>, messageId: string, data: Record<string, string | number> | undefined): string {
  const template = messages[messageId];
  if (template === undefined) {
    throw new TypeError(`Unknown messageId "${messageId}"`);
  }
  if (!data) return template;
  return template.replace(/\{\{([^{}]+?)\}\}/gu, (whole, key: string) => {
    const value = data[key.trim()];
    return value === undefined ? whole : String(value);
  });
}
