import { createHash } from 'node:crypto';

import type { Finding } from './finding.js';

type Located = Pick<Finding, 'ruleId' | 'file' | 'line' | 'endLine'>;

/**
 * Fingerprints that survive line shifts: rule, file, the whitespace-normalised text of the flagged
 * lines, and the occurrence index among identical (rule, file, text) triples in document order.
 * Editing code elsewhere in the file, or moving the flagged code, keeps them; editing the flagged
 * lines changes them.
 */
export function computeFingerprints(findings: readonly Located[], sourceText: string): string[] {
  // Most files have no findings: do not split their text.
  if (findings.length === 0) return [];
  const lines = sourceText.split(/\r?\n/u);
  const seen = new Map<string, number>();
  return findings.map((finding) => {
    const snippet = lines
      .slice(finding.line - 1, Math.min(finding.endLine, finding.line + 4))
      .map((line) => line.replace(/\s+/gu, ' ').trim())
      .join('\n');
    const key = `${finding.ruleId}\0${finding.file}\0${snippet}`;
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    return createHash('sha256').update(`${key}\0${occurrence}`).digest('hex').slice(0, 32);
  });
}
