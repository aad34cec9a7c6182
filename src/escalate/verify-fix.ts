import path from 'node:path';

import { ts } from 'ts-morph';
import type { SourceFile } from 'ts-morph';

import type { Finding, FindingEdit, FindingFix } from '../findings/finding.js';
import type { LineEdit } from './answer-schema.js';
import { escapeModelText, hasControls } from './escape.js';
import { refuseFixIntent } from './fix-intent.js';
export { VERIFIED_FIX_CHECKS } from './verified-fix-checks.js';
import type { AnalysisSession } from './host.js';
import { getSourceFile } from './host.js';

// Diagnostics of unchanged files: every fix proposed for a file is compared with the same ones.
const diagnosticsBefore = new WeakMap<SourceFile, { text: string; syntax: number; types: string[] }>();

export type FixVerification = { ok: true; fix: FindingFix } | { ok: false; reason: string };

/**
 * Applies a proposed fix in memory and keeps it only if it passes every check of VERIFIED_FIX_CHECKS:
 * it does not silence a checker, delete the flagged code or gut the function (fix-intent.ts), the file
 * still parses, the triggering finding is gone, no rule reports more in that file than before, and the
 * file type-checks against the program with no diagnostic it did not have. The project is restored
 * before returning, whatever happens.
 *
 * `lineDelta` shifts the edits' lines: an answer shared by identical regions was written for the first one.
 */
export function verifyFix(
  host: AnalysisSession,
  finding: Finding,
  proposal: { summary: string; edits: readonly LineEdit[] },
  lineDelta = 0,
  baseline?: (absoluteFile: string, text: string) => Finding[],
  /** Line ranges of this file the model was shown; edits elsewhere are refused. */
  editable?: readonly (readonly [number, number])[],
): FixVerification {
  const absolute = path.resolve(host.cwd, finding.file);
  const sourceFile = getSourceFile(host, absolute);
  if (!sourceFile) return { ok: false, reason: 'the file is not in the project' };
  if (proposal.edits.length === 0) return { ok: false, reason: 'the fix has no edits' };
  const original = sourceFile.getFullText();
  const edits = toOffsetEdits(original, proposal.edits, lineDelta);
  if ('reason' in edits) return { ok: false, reason: edits.reason };
  if (editable) {
    const outside = proposal.edits.find((edit) => {
      const start = edit.startLine + lineDelta;
      const end = Math.max(start, edit.endLine + lineDelta);
      return !editable.some(([first, last]) => start >= first && end <= last + 1);
    });
    if (outside) return { ok: false, reason: `edit lines ${outside.startLine}-${outside.endLine} are outside the code the model was shown` };
  }
  const fixed = applyEdits(original, edits.edits);
  const lost = declaredNames(absolute, original).filter((name) => !declaredNames(absolute, fixed).includes(name));
  if (lost.length > 0) return { ok: false, reason: `the fix removes or renames declarations (${lost.join(', ')})` };
  const refused = refuseFixIntent(absolute, original, fixed, finding);
  if (refused) return { ok: false, reason: refused };

  const program = () => sourceFile.getProject().getProgram();
  let before = diagnosticsBefore.get(sourceFile);
  if (before?.text !== original) {
    before = { text: original, syntax: program().getSyntacticDiagnostics(sourceFile).length, types: diagnosticKeys(sourceFile) };
    diagnosticsBefore.set(sourceFile, before);
  }
  const { syntax: syntaxBefore, types: typesBefore } = before;
  let syntaxAfter: number;
  let typesAfter: string[] = [];
  try {
    sourceFile.replaceWithText(fixed);
    syntaxAfter = program().getSyntacticDiagnostics(sourceFile).length;
    if (syntaxAfter <= syntaxBefore) typesAfter = diagnosticKeys(sourceFile);
  } finally {
    sourceFile.replaceWithText(original);
  }
  if (syntaxAfter > syntaxBefore) return { ok: false, reason: 'the fixed file does not parse' };

  let lintBefore: Finding[];
  let lintAfter: Finding[];
  try {
    lintBefore = (baseline ?? host.lintText)(absolute, original);
    lintAfter = host.lintText(absolute, fixed);
  } catch (error) {
    return { ok: false, reason: `the fixed file could not be linted: ${error instanceof Error ? error.message : String(error)}` };
  }

  const shifted = mapFinding(
    finding,
    proposal.edits.map((edit) => ({ ...edit, startLine: edit.startLine + lineDelta, endLine: edit.endLine + lineDelta })),
  );
  const stillThere = lintAfter.some(
    (after) =>
      after.ruleId === finding.ruleId &&
      (shifted.kind === 'moved'
        ? after.line === shifted.line && after.column === shifted.column
        : after.line >= shifted.startLine && after.line <= shifted.endLine),
  );
  const count = (findings: Finding[], ruleId: string) => findings.filter((other) => other.ruleId === ruleId).length;
  if (stillThere || count(lintAfter, finding.ruleId) >= count(lintBefore, finding.ruleId)) {
    return { ok: false, reason: `the finding ${finding.ruleId} is still reported after the fix` };
  }
  const introduced = [...new Set(lintAfter.map((after) => after.ruleId))].filter((ruleId) => count(lintAfter, ruleId) > count(lintBefore, ruleId));
  if (introduced.length > 0) return { ok: false, reason: `the fix introduces new findings (${introduced.join(', ')})` };
  const added = newDiagnostics(typesBefore, typesAfter);
  if (added.length > 0) {
    return {
      ok: false,
      reason: `the fix adds TypeScript errors (${escapeModelText(added[0]!, 200)}${added.length > 1 ? ` and ${added.length - 1} more` : ''})`,
    };
  }
  return {
    ok: true,
    fix: { summary: escapeModelText(proposal.summary, 200), edits: edits.edits, source: 'model', verified: true },
  };
}

function toOffsetEdits(text: string, lineEdits: readonly LineEdit[], lineDelta: number): { edits: FindingEdit[] } | { reason: string } {
  const starts = lineStarts(text);
  const lineCount = starts.length;
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const edits: FindingEdit[] = [];
  for (const edit of lineEdits) {
    const startLine = edit.startLine + lineDelta;
    const endLine = edit.endLine + lineDelta;
    if (edit.replacement.includes('[REDACTED')) return { reason: 'the fix contains a redaction marker' };
    if (hasControls(edit.replacement)) return { reason: 'the fix contains control or invisible characters' };
    if (startLine < 1 || startLine > lineCount + 1 || endLine < startLine - 1 || endLine > lineCount) {
      return { reason: `edit lines ${edit.startLine}-${edit.endLine} are outside the file` };
    }
    const replacement = edit.replacement.replace(/\r?\n/gu, newline);
    if (endLine === startLine - 1) {
      const at = startLine > lineCount ? text.length : starts[startLine - 1]!;
      const prefix = startLine > lineCount && !/\r?\n$/u.test(text) ? newline : '';
      edits.push(withLocation(starts, [at, at], `${prefix}${replacement}${startLine > lineCount ? '' : newline}`));
    } else {
      const start = starts[startLine - 1]!;
      const end = lineEnd(text, starts, endLine);
      edits.push(withLocation(starts, [start, end], replacement));
    }
  }
  edits.sort((a, b) => a.range[0] - b.range[0]);
  for (let index = 1; index < edits.length; index += 1) {
    if (edits[index]!.range[0] < edits[index - 1]!.range[1]) return { reason: 'the fix has overlapping edits' };
  }
  return { edits };
}

export function applyEdits(text: string, edits: readonly { range: readonly [number, number]; text: string }[]): string {
  let out = '';
  let cursor = 0;
  for (const edit of [...edits].sort((a, b) => a.range[0] - b.range[0])) {
    out += text.slice(cursor, edit.range[0]) + edit.text;
    cursor = edit.range[1];
  }
  return out + text.slice(cursor);
}

type Mapped = { kind: 'moved'; line: number; column: number } | { kind: 'replaced'; startLine: number; endLine: number };

// Edits replace whole lines, so a finding outside them keeps its column and moves by whole lines;
// a finding inside one is looked for in the lines that replaced it.
function mapFinding(finding: Finding, lineEdits: readonly LineEdit[]): Mapped {
  let lineShift = 0;
  for (const edit of [...lineEdits].sort((a, b) => a.startLine - b.startLine)) {
    const added = edit.replacement.split(/\r?\n/u).length;
    const removed = edit.endLine - edit.startLine + 1;
    if (removed > 0 && finding.line >= edit.startLine && finding.line <= edit.endLine) {
      const startLine = edit.startLine + lineShift;
      return { kind: 'replaced', startLine, endLine: startLine + added - 1 };
    }
    if (edit.startLine <= finding.line) lineShift += added - removed;
  }
  return { kind: 'moved', line: finding.line + lineShift, column: finding.column };
}

function withLocation(starts: readonly number[], range: [number, number], replacement: string): FindingEdit {
  const start = toLineColumn(starts, range[0]);
  const end = toLineColumn(starts, range[1]);
  return { range, text: replacement, startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let index = 0; index < text.length; index += 1) if (text[index] === '\n') starts.push(index + 1);
  return starts;
}

function lineEnd(text: string, starts: readonly number[], line: number): number {
  const next = starts[line];
  if (next === undefined) return text.length;
  return text[next - 2] === '\r' ? next - 2 : next - 1;
}

function toLineColumn(starts: readonly number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return { line: low + 1, column: offset - starts[low]! + 1 };
}

// Top-level declarations and exports: a fix that removes one is a rewrite, not a repair.
function declaredNames(fileName: string, text: string): string[] {
  const sourceFile = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false);
  const names: string[] = [];
  for (const statement of sourceFile.statements) {
    if (
      (ts.isFunctionDeclaration(statement) ||
        ts.isClassDeclaration(statement) ||
        ts.isInterfaceDeclaration(statement) ||
        ts.isTypeAliasDeclaration(statement) ||
        ts.isEnumDeclaration(statement)) &&
      statement.name
    ) {
      names.push(statement.name.text);
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name)) names.push(declaration.name.text);
      }
    } else if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const element of statement.exportClause.elements) names.push(element.name.text);
    }
  }
  return names;
}

// `TS2322: Type 'string' is not assignable to type 'number'.`: positions left out, since edits move lines.
function diagnosticKeys(sourceFile: SourceFile): string[] {
  return sourceFile
    .getPreEmitDiagnostics()
    .map((diagnostic) => `TS${diagnostic.getCode()}: ${ts.flattenDiagnosticMessageText(diagnostic.compilerObject.messageText, ' ')}`);
}

// Diagnostics after the fix that were not there before (as a multiset: a second copy of one is new).
function newDiagnostics(before: readonly string[], after: readonly string[]): string[] {
  const remaining = new Map<string, number>();
  for (const key of before) remaining.set(key, (remaining.get(key) ?? 0) + 1);
  return after.filter((key) => {
    const left = remaining.get(key) ?? 0;
    if (left === 0) return true;
    remaining.set(key, left - 1);
    return false;
  });
}
