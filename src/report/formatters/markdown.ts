import { FAMILIES } from '../../../rules/engine/types.js';
import { DOCS_BASE_URL } from '../../../rules/engine/create-rule.js';
import type { Formatter } from '../types.js';
import { triageLine } from './text.js';

/** Markdown for $GITHUB_STEP_SUMMARY or a pull-request comment: counts per family and rule, then the findings. */
export const markdownFormatter: Formatter = (report) => {
  const lines: string[] = ['## resilint', ''];
  const total = report.findings.length;
  lines.push(
    total === 0
      ? `No findings in ${report.stats.filesAnalyzed} analyzed file(s).`
      : `**${total} finding(s)** in ${report.stats.filesAnalyzed} analyzed file(s).`,
    '',
  );
  const triaged = report.findings.filter((finding) => finding.triage);
  if (triaged.length > 0) {
    const hidden = triaged.filter((finding) => finding.triage?.action === 'hide').length;
    lines.push(
      `${triaged.length} triaged by the model as likely false positives${hidden > 0 ? `, ${hidden} left out of the exit code (\`--llm-triage hide\`)` : ', still counted in the exit code'}.`,
      '',
    );
  }
  if (total > 0) {
    lines.push('| Family | Findings |', '| --- | ---: |');
    for (const family of FAMILIES) {
      const count = report.findings.filter((finding) => finding.family === family).length;
      if (count > 0) lines.push(`| ${family} | ${count} |`);
    }
    lines.push('', '| Rule | Findings |', '| --- | ---: |');
    const byRule = new Map<string, number>();
    for (const finding of report.findings) byRule.set(finding.ruleId, (byRule.get(finding.ruleId) ?? 0) + 1);
    for (const [ruleId, count] of [...byRule].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
      lines.push(`| [${ruleId}](${DOCS_BASE_URL}${ruleId.replace('resilint/', '')}.md) | ${count} |`);
    }
    lines.push('', '### Findings', '');
    // The rule docs say the same for every finding of a rule: shown once per rule, after the findings.
    const ruleDocExplanations = new Map<string, string>();
    for (const finding of report.findings) {
      lines.push(
        `- **${finding.severity}** \`${escapeCode(finding.file)}:${finding.line}:${finding.column}\` ${escapeMarkdownProse(finding.message)} (\`${finding.ruleId}\`, ${finding.family})`,
      );
      if (finding.explanation?.source === 'model') {
        const label = `Why (${escapeMarkdown(finding.explanation.model ?? 'model')}${finding.explanation.verdict ? `, ${finding.explanation.verdict}` : ''})`;
        lines.push(`  - ${label}: ${escapeMarkdownProse(finding.explanation.text)}`);
      } else if (finding.explanation) {
        ruleDocExplanations.set(finding.ruleId, finding.explanation.text);
      }
      if (finding.triage) {
        lines.push(`  - Triaged: ${escapeMarkdown(triageLine(finding.triage))}`);
      }
      if (finding.fix) {
        lines.push(`  - ${finding.fix.source === 'model' ? 'Verified fix' : 'Fix'}: ${escapeMarkdownProse(finding.fix.summary)}`);
      }
    }
    if (ruleDocExplanations.size > 0) {
      lines.push('', '### Why these matter (from the rule docs, not the model)', '');
      for (const [ruleId, text] of [...ruleDocExplanations].sort(([a], [b]) => a.localeCompare(b))) {
        lines.push(`- \`${ruleId}\`: ${escapeMarkdownProse(text)}`);
      }
    }
  }
  if (report.notifications.length > 0) {
    lines.push('', '### Notices', '');
    for (const notification of report.notifications) {
      lines.push(
        `- ${notification.level}${notification.file ? ` \`${escapeCode(notification.file)}\`` : ''}: ${escapeMarkdownProse(notification.message)} (${notification.kind})`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
};

/** Model and code text never become markup: HTML and Markdown control characters are escaped. */
export function escapeMarkdown(text: string): string {
  return text.replace(/\s+/gu, ' ').replace(/[\\`*_{}[\]()#+!|<>~]/gu, (character) => `\\${character}`);
}

/**
 * Prose that names code in backticks, as rule messages do (`signal`, `AbortSignal.timeout(ms)`): each code
 * span stays a code span, where nothing renders as markup, and the text around it is escaped.
 */
export function escapeMarkdownProse(text: string): string {
  return text
    .replace(/\s+/gu, ' ')
    .split(/(`[^`]+`)/u)
    .map((part, index) => (index % 2 === 1 ? part : escapeMarkdown(part)))
    .join('');
}

function escapeCode(text: string): string {
  return text.replace(/`/gu, "'");
}
