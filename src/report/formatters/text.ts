import type { Finding, Triage } from '../../findings/finding.js';
import { batchSummary } from '../../escalate/format-stats.js';
import type { Formatter } from '../types.js';

const styles = { red: 31, yellow: 33, cyan: 36, dim: 2, bold: 1, underline: 4, green: 32 } as const;

/**
 * Like ESLint's stylish: findings grouped by file, one line each with position, severity, message,
 * rule and family; then notifications and a summary. Colour only when the context asks for it.
 */
export const textFormatter: Formatter = (report, context) => {
  const paint = (style: keyof typeof styles, text: string): string => (context.color ? `\u001B[${styles[style]}m${text}\u001B[0m` : text);
  const lines: string[] = [];
  // The rule docs say the same for every finding of a rule: shown once per rule, after the findings.
  const ruleDocExplanations = new Map<string, string>();
  const byFile = new Map<string, Finding[]>();
  for (const finding of report.findings) {
    const list = byFile.get(finding.file) ?? [];
    list.push(finding);
    byFile.set(finding.file, list);
  }
  for (const [file, findings] of byFile) {
    lines.push('', paint('underline', file));
    for (const finding of findings) {
      const severity =
        finding.severity === 'error' ? paint('red', 'error  ') : finding.severity === 'warning' ? paint('yellow', 'warning') : paint('cyan', 'note   ');
      lines.push(
        `  ${paint('dim', `${finding.line}:${finding.column}`.padEnd(8))} ${severity}  ${finding.message}  ${paint('dim', `${finding.ruleId} (${finding.family})`)}`,
      );
      if (finding.explanation?.source === 'model') {
        const label = `why (${finding.explanation.model ?? 'model'}${finding.explanation.verdict ? `, ${finding.explanation.verdict}` : ''})`;
        lines.push(`           ${paint('dim', `${label}:`)} ${oneLine(finding.explanation.text)}`);
      } else if (finding.explanation) {
        ruleDocExplanations.set(finding.ruleId, finding.explanation.text);
      }
      if (finding.triage) {
        lines.push(`           ${paint('yellow', 'triaged:')} ${triageLine(finding.triage)}`);
      }
      if (finding.fix) {
        lines.push(`           ${paint('green', finding.fix.source === 'model' ? 'verified fix:' : 'fix:')} ${oneLine(finding.fix.summary)}`);
      }
    }
  }
  if (ruleDocExplanations.size > 0) {
    lines.push('', paint('bold', 'Why these matter (from the rule docs, not the model)'));
    for (const [ruleId, text] of [...ruleDocExplanations].sort(([a], [b]) => a.localeCompare(b))) {
      lines.push(`  ${paint('dim', ruleId)}: ${oneLine(text)}`);
    }
  }
  if (report.notifications.length > 0) {
    lines.push('', paint('bold', 'Notices'));
    for (const notification of report.notifications) {
      const where = notification.file
        ? `${notification.file}${notification.line ? `:${notification.line}${notification.column ? `:${notification.column}` : ''}` : ''}: `
        : '';
      lines.push(
        `  ${notification.level === 'error' ? paint('red', notification.level) : paint('yellow', notification.level)} ${where}${notification.message} ${paint('dim', `(${notification.kind})`)}`,
      );
    }
  }
  const counts = { error: 0, warning: 0, note: 0 };
  for (const finding of report.findings) counts[finding.severity] += 1;
  const total = report.findings.length;
  const filesWithFindings = new Set(report.findings.map((finding) => finding.file)).size;
  const summary =
    total === 0
      ? `No findings in ${report.stats.filesAnalyzed} file${report.stats.filesAnalyzed === 1 ? '' : 's'}.`
      : `${total} finding${total === 1 ? '' : 's'} (${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}, ${counts.note} note${counts.note === 1 ? '' : 's'}) in ${filesWithFindings} of ${report.stats.filesAnalyzed} analyzed file${report.stats.filesAnalyzed === 1 ? '' : 's'}.`;
  lines.push('', paint(total === 0 ? 'green' : counts.error > 0 ? 'red' : 'yellow', summary));
  const triaged = report.findings.filter((finding) => finding.triage);
  if (triaged.length > 0) {
    const hidden = triaged.filter((finding) => finding.triage?.action === 'hide').length;
    lines.push(
      paint(
        'yellow',
        `${triaged.length} of them triaged by the model as likely false positives${hidden > 0 ? `, ${hidden} left out of the exit code (--llm-triage hide)` : ', still counted in the exit code'}.`,
      ),
    );
  }
  if (report.stats.filesMatched > report.stats.filesAnalyzed) {
    lines.push(paint('yellow', `${report.stats.filesMatched - report.stats.filesAnalyzed} file(s) could not be analyzed; see the notices above.`));
  }
  if (report.stats.llm) {
    const llm = report.stats.llm;
    lines.push(
      paint(
        'dim',
        `LLM: ${llm.requests} request(s), ${llm.cacheHits} cache hit(s), ${llm.inputTokens} input / ${llm.outputTokens} output / ${llm.cacheReadInputTokens} cache-read / ${llm.cacheCreationInputTokens} cache-write tokens, ~$${llm.estimatedCostUsd.toFixed(4)}${llm.batch ? `; ${batchSummary(llm.batch)}` : ''}.`,
      ),
    );
  }
  return `${lines.join('\n').replace(/^\n/u, '')}\n`;
};

/** Shared with the markdown report: what the triage says and what it did to the exit code. */
export function triageLine(triage: Triage): string {
  const effect = triage.action === 'hide' ? 'left out of the exit code (--llm-triage hide)' : 'still counted in the exit code';
  return `likely false positive (${triage.model}, confidence ${triage.confidence.toFixed(2)}); ${effect}`;
}

// Model text arrives HTML-escaped and stripped of control characters; a terminal shows the characters.
function oneLine(text: string): string {
  const flat = text
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/&lt;/gu, '<')
    .replace(/&gt;/gu, '>')
    .replace(/&quot;/gu, '"')
    .replace(/&#39;/gu, "'")
    .replace(/&amp;/gu, '&');
  return flat.length > 400 ? `${flat.slice(0, 399)}…` : flat;
}
