import type ts from 'typescript';

import { collectDirectives, findSuppressor } from '../../rules/engine/disable-directives.js';
import type { Finding, Notification } from '../findings/finding.js';

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
  const directives = collectDirectives(sourceFile, ['eslint', 'resilint']);
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
