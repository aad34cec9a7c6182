import ts from './typescript.cjs';

export type DirectiveType = 'disable' | 'enable' | 'disable-line' | 'disable-next-line';

export interface Directive {
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

/** What a directive can silence: a rule's report at a 1-based line and column. */
export interface DirectiveTarget {
  ruleId: string;
  line: number;
  column: number;
}

/** The directive that silences `finding`, if any, with ESLint's precedence. */
export function findSuppressor(directives: readonly Directive[], finding: DirectiveTarget): Directive | undefined {
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

/**
 * ESLint's inline directives, and the same ones spelled `resilint-…`: `-disable-next-line` / `-line` in
 * line or block comments, `-disable` / `-enable` in block comments only, rule lists separated by commas,
 * `-- justification` ignored. `prefixes` picks the spellings: the ESLint host asks only for `resilint`
 * (ESLint applies its own), `analyze` for both.
 *
 * Comments are found by their text; matches inside a string, template or regular expression literal are
 * rejected, which is cheaper than collecting every comment range of the file.
 */
export function collectDirectives(sourceFile: ts.SourceFile, prefixes: readonly ('eslint' | 'resilint')[]): Directive[] {
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
    if (!prefixes.includes(prefix)) continue;
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
