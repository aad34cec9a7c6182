// The programmatic API of the `resilint` package: the CLI as a function, and the analysis as a report.
// The ESLint rules are the `eslint-plugin-resilint` package's.
import { analyze } from './analyze/analyze.js';
import type { AnalyzeOptions } from './analyze/analyze-options.js';
import type { AnalysisReport } from './report/types.js';

export { EXIT, main, type CliIo } from './cli/main.js';
export type { Explanation, ExplanationSource, Finding, FindingFix, Notification, Severity } from './findings/finding.js';
export { REPORT_SCHEMA_VERSION, type AnalysisReport, type ReportStats } from './report/types.js';
export type { AnalyzeOptions } from './analyze/analyze-options.js';

/**
 * The static analysis `resilint analyze` runs (no LLM stage), as the report its `--format json` writes.
 * Files that cannot be analyzed become notifications; it throws only for a bad configuration or path.
 */
export async function analyzeProject(options: AnalyzeOptions): Promise<AnalysisReport> {
  return (await analyze(options)).report;
}
