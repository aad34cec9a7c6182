import type { Project } from 'ts-morph';

import type { Finding } from '../findings/finding.js';

/**
 * What escalation needs from the analysis that produced the findings: the same shape as the
 * `AnalysisSession` returned by `analyze()` (src/analyze/analyze.ts).
 */
export interface AnalysisSession {
  cwd: string;
  project: Project;
  /** Re-runs the enabled rules on a modified text of a file and returns that file's findings. */
  lintText(absoluteFile: string, text: string): Finding[];
  dependencies(absoluteFile: string): Readonly<Record<string, string>>;
}
