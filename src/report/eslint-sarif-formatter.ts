import path from 'node:path';

import type { Finding, FindingEdit, Notification } from '../findings/finding.js';
import { computeFingerprints } from '../findings/fingerprint.js';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../version.js';
import { INFORMATION_URI } from './formatters/sarif.js';
import { buildSarifLog, type SarifInputFinding, serializeSarifLog } from './sarif/build-run.js';
import { computeLineHashes } from './sarif/line-hash.js';
import type { LooseRuleMeta } from './sarif/rule-descriptor.js';

/** The parts of ESLint's `LintResult` and `LintMessage` this formatter reads (ESLint 9 and 10). */
export interface EslintMessage {
  ruleId: string | null;
  severity: 0 | 1 | 2;
  message: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  fatal?: boolean;
  fix?: EslintFix;
  suggestions?: { desc: string; fix: EslintFix }[];
}

export interface EslintFix {
  range: [number, number];
  text: string;
}

export interface EslintResult {
  filePath: string;
  messages: EslintMessage[];
  /** Present when the file has problems and was not fixed. */
  source?: string;
}

export interface EslintFormatterContext {
  cwd: string;
  rulesMeta?: Record<string, LooseRuleMeta>;
}

/**
 * An ESLint formatter writing the same SARIF as `resilint analyze --format sarif`, for teams that only
 * run the plugin: `eslint -f ./node_modules/resilint/dist/src/report/eslint-sarif-formatter.js .`
 * resilint's rules are described from their own meta and docs, whatever prefix the config gives
 * them; other plugins' rules from `context.rulesMeta`. Fatal parse errors become notifications.
 */
export default function eslintSarifFormatter(results: readonly EslintResult[], context: EslintFormatterContext): string {
  const cwd = context.cwd;
  const findings: SarifInputFinding[] = [];
  const notifications: Notification[] = [];
  const ruleIds = new Set<string>();
  for (const result of results) {
    const file = toPosix(path.relative(cwd, result.filePath));
    const fileFindings: SarifInputFinding[] = [];
    for (const message of result.messages) {
      if (message.fatal || message.ruleId === null) {
        notifications.push({
          level: message.fatal ? 'error' : 'warning',
          kind: message.fatal ? 'parse-error' : 'eslint-message',
          message: `${file}${message.line ? `:${message.line}:${message.column ?? 1}` : ''}: ${message.message}`,
          file,
          ...(message.line !== undefined && { line: message.line }),
          ...(message.column !== undefined && { column: message.column }),
        });
        continue;
      }
      if (message.severity === 0) continue;
      ruleIds.add(message.ruleId);
      const line = message.line ?? 1;
      const column = message.column ?? 1;
      fileFindings.push({
        ruleId: message.ruleId,
        severity: message.severity === 2 ? 'error' : 'warning',
        file,
        line,
        column,
        endLine: message.endLine ?? line,
        endColumn: message.endColumn ?? column,
        message: message.message,
        ...(result.source !== undefined && toFix(message, result.source)),
      });
    }
    findings.push(...(result.source === undefined ? fileFindings : withFingerprints(fileFindings, result.source)));
  }
  const rulesMeta = context.rulesMeta ?? {};
  const log = buildSarifLog({
    tool: { name: PACKAGE_NAME, version: PACKAGE_VERSION, informationUri: INFORMATION_URI },
    rules: [...ruleIds].sort().map((id) => ({ id, meta: rulesMeta[id] })),
    findings,
    notifications,
    cwd,
  });
  return serializeSarifLog(log);
}

// The same fingerprints `resilint analyze` gives: the plugin and the CLI track one alert as one.
function withFingerprints(findings: SarifInputFinding[], source: string): SarifInputFinding[] {
  const ordered = [...findings].sort((a, b) => a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));
  const fingerprints = computeFingerprints(ordered, source);
  const lineHashes = computeLineHashes(source);
  return ordered.map((finding, index) => {
    const lineHash = lineHashes[finding.line - 1];
    return { ...finding, fingerprint: fingerprints[index]!, ...(lineHash && { lineHash }) };
  });
}

// As `resilint analyze` does: the rule's autofix, else its first suggestion, described the same way.
function toFix(message: EslintMessage, source: string): Pick<Finding, 'fix'> | undefined {
  const suggestion = message.suggestions?.[0];
  const fix = message.fix ?? suggestion?.fix;
  if (!fix) return undefined;
  const start = positionAt(source, fix.range[0]);
  const end = positionAt(source, fix.range[1]);
  const edit: FindingEdit = { range: fix.range, text: fix.text, startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column };
  return { fix: { summary: message.fix ? 'Autofix' : suggestion!.desc, edits: [edit], source: 'rule', verified: true } };
}

// 1-based line and column of a UTF-16 offset; CR, LF and CRLF end lines, as in ESLint.
function positionAt(source: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = 0; index < offset && index < source.length; index += 1) {
    const code = source.charCodeAt(index);
    if (code === 10 || (code === 13 && source.charCodeAt(index + 1) !== 10)) {
      line += 1;
      lineStart = index + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function toPosix(file: string): string {
  return file.split(path.sep).join('/');
}
