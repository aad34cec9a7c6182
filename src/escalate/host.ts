import type { Project, SourceFile } from 'ts-morph';

import type { Finding } from '../findings/finding.js';

/**
 * What escalation needs from the analysis that produced the findings: the same shape as the
 * `AnalysisSession` returned by `analyze()` (src/analyze/analyze.ts).
 */
export interface AnalysisSession {
  cwd: string;
  project: Project;
  /** The project that holds the file when several tsconfigs are loaded; `project` otherwise. */
  projectFor?(absoluteFile: string): Project | undefined;
  /** Re-runs the enabled rules on a modified text of a file and returns that file's findings. */
  lintText(absoluteFile: string, text: string): Finding[];
  dependencies(absoluteFile: string): Readonly<Record<string, string>>;
}

/** The ts-morph source file of `absoluteFile` in the project that holds it, added from disk if needed. */
export function getSourceFile(host: AnalysisSession, absoluteFile: string): SourceFile | undefined {
  const project = host.projectFor?.(absoluteFile) ?? host.project;
  return project.getSourceFile(absoluteFile) ?? project.addSourceFileAtPathIfExists(absoluteFile);
}
