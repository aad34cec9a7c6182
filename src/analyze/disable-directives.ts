import ts from 'typescript';

import type { Finding, Notification } from '../findings/finding.js';

type DirectiveType = 'disable' | 'enable' | 'disable-line' | 'disable-next-line';

interface Directive {
  type: DirectiveType;
  /** `undefined`: every rule. Otherwise full ids (`resilint/<rule>`) or foreign ids. */
  rules: string[] | undefined;
  /** 1-based line, 0-based column of the comment's start; end line of the comment. */
  line: number;
  column: number;
  endLine: number;
  /** Rule ids (or `*`) this directive suppressed at least once. */
  used: Set<string>;
  /** From a `resilint-*` comment: unused ones are always ours to report. */
  ours: boolean;
}

const PATTERN = /^\s*(eslint|resilint)-(disable-next-line|disable-line|disable|enable)(?=\s|$)(.*)$/su;

/**
 * ESLint's inline directives, and the same ones spelled `resilint-…`, applied to a file's findings:
 * `eslint-disable-next-line` / `-line` in line or block comments, `eslint-disable` / `eslint-enable`
 * in block comments only, rule lists separated by commas, `-- justification` ignored.
 */
export function applyDisableDirectives(
  findings: readonly Finding[],
  sourceFile: ts.SourceFile,
  options: { reportUnused: boolean; file: string },
): { active: Finding[]; suppressed: Finding[]; notifications: Notification[] } {
  const text = sourceFile.text;
  if (!text.includes('eslint-') && !text.includes('resilint-')) {
    return { active: [...findings], suppressed: [], notifications: [] };
  }
  const directives = collectDirectives(sourceFile);
  const active: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const finding of findings) {
    const suppressor = findSuppressor(directives, finding);
    if (suppressor) {
      suppressor.used.add(suppressor.rules ? finding.ruleId : '*');
      suppressed.push({ ...finding, suppression: { kind: 'inline' } });
    } else {
      active.push(finding);
    }
  }
  const notifications: Notification[] = [];
  if (options.reportUnused) {
    for (const directive of directives) {
      if (directive.type === 'enable') continue;
      const unusedRules = directive.rules
        ? directive.rules.filter((rule) => rule.startsWith('resilint/') && !directive.used.has(rule))
        : directive.ours && directive.used.size === 0
          ? ['*']
          : [];
      for (const rule of unusedRules) {
        notifications.push({
          level: 'warning',
          kind: 'unused-disable-directive',
          message:
            rule === '*'
              ? 'Unused disable directive: no resilint finding was reported here.'
              : `Unused disable directive: no "${rule}" finding was reported here.`,
          file: options.file,
          line: directive.line,
          column: directive.column + 1,
        });
      }
    }
  }
  return { active, suppressed, notifications };
}

function findSuppressor(directives: readonly Directive[], finding: Finding): Directive | undefined {
  const applies = (directive: Directive): boolean => !directive.rules || directive.rules.includes(finding.ruleId);
  for (const directive of directives) {
    if (!applies(directive)) continue;
    if (directive.type === 'disable-line' && directive.line === finding.line) return directive;
    if (directive.type === 'disable-next-line' && directive.endLine + 1 === finding.line) return directive;
  }
  // Block directives: the last disable/enable before the finding's start decides.
  let state: Directive | undefined;
  for (const directive of directives) {
    if (directive.type !== 'disable' && directive.type !== 'enable') continue;
    const before = directive.line < finding.line || (directive.line === finding.line && directive.column < finding.column - 1);
    if (!before) break;
    if (!applies(directive)) continue;
    state = directive.type === 'disable' ? directive : undefined;
  }
  return state;
}

const CANDIDATE = /(\/\/|\/\*)\s*(?:eslint|resilint)-(?:disable|enable)/gu;

// Finds directive comments by their text, then rejects matches that sit inside a string, template or
// regular expression literal: cheaper than collecting every comment range of the file.
function collectDirectives(sourceFile: ts.SourceFile): Directive[] {
  const text = sourceFile.text;
  const directives: Directive[] = [];
  for (const match of text.matchAll(CANDIDATE)) {
    const pos = match.index;
    if (isInsideLiteral(sourceFile, pos)) continue;
    const isLine = match[1] === '//';
    const close = isLine ? text.indexOf('\n', pos) : text.indexOf('*/', pos + 2);
    const end = close === -1 ? text.length : isLine ? close : close + 2;
    const body = isLine ? text.slice(pos + 2, end).replace(/\r$/u, '') : text.slice(pos + 2, end - 2);
    const parsed = PATTERN.exec(body);
    if (!parsed) continue;
    const [, prefix, type, rest] = parsed as unknown as [string, 'eslint' | 'resilint', DirectiveType, string];
    if (isLine && type !== 'disable-line' && type !== 'disable-next-line') continue;
    const start = sourceFile.getLineAndCharacterOfPosition(pos);
    const last = sourceFile.getLineAndCharacterOfPosition(end);
    if (type === 'disable-line' && start.line !== last.line) continue;
    const value = (rest.split(/\s-{2,}\s/u)[0] ?? '').trim();
    const rules = value
      ? value
          .split(',')
          .map((rule) => rule.trim())
          .filter(Boolean)
          .map((rule) => (prefix === 'resilint' && !rule.includes('/') ? `resilint/${rule}` : rule))
      : undefined;
    directives.push({ type, rules, line: start.line + 1, column: start.character, endLine: last.line + 1, used: new Set(), ours: prefix === 'resilint' });
  }
  return directives;
}

const LITERAL_KINDS = new Set([
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateHead,
  ts.SyntaxKind.TemplateMiddle,
  ts.SyntaxKind.TemplateTail,
  ts.SyntaxKind.RegularExpressionLiteral,
  ts.SyntaxKind.JsxText,
]);

function isInsideLiteral(sourceFile: ts.SourceFile, pos: number): boolean {
  let node: ts.Node = sourceFile;
  for (;;) {
    const child: ts.Node | undefined = node.getChildren(sourceFile).find((candidate) => candidate.getStart(sourceFile) <= pos && pos < candidate.end);
    if (!child) return false;
    if (LITERAL_KINDS.has(child.kind)) return true;
    node = child;
  }
}
