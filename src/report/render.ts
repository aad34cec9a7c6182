import type { Finding } from '../findings/finding.js';
import { type FormatName, staticFormatters } from './formatters/index.js';
import { createSarifFormatter } from './formatters/sarif.js';
import type { AnalysisReport } from './types.js';

export interface RenderOptions {
  cwd: string;
  color: boolean;
  /** Findings silenced inline or by the baseline: only SARIF shows them, and only on request. */
  suppressed: readonly Finding[];
  sarifCategory: string | undefined;
  sarifIncludeSuppressed: boolean;
}

export function renderReport(format: FormatName, report: AnalysisReport, options: RenderOptions): string {
  if (format === 'sarif') {
    const findings = options.sarifIncludeSuppressed ? [...report.findings, ...options.suppressed] : report.findings;
    return createSarifFormatter({ category: options.sarifCategory, includeSuppressed: options.sarifIncludeSuppressed })(
      { ...report, findings },
      { cwd: options.cwd, color: false },
    );
  }
  return staticFormatters[format](report, { cwd: options.cwd, color: options.color });
}
