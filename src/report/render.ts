import type { Finding } from '../findings/finding.js';
import { type FormatName, staticFormatters } from './formatters/index.js';
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
    throw new Error('SARIF output is not wired yet');
  }
  return staticFormatters[format](report, { cwd: options.cwd, color: options.color });
}
