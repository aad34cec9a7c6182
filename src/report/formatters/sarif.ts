import type { Formatter } from '../types.js';
import { buildSarifLog, type SarifInputFinding, type SarifOptions, serializeSarifLog } from '../sarif/build-run.js';
import type { LineHashedFinding } from '../sarif/line-hash.js';

export type { SarifOptions } from '../sarif/build-run.js';

export const INFORMATION_URI = 'https://github.com/resilint/resilint';

/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF consumers: one run, every rule that ran with
 * its help, one result per finding (suppressed ones only with `includeSuppressed`), and the files or
 * model calls that failed as invocation notifications.
 *
 * GitHub's `primaryLocationLineHash` needs the file contents, which a formatter never reads: the
 * pipeline sets `lineHash` on findings (`addLineHashes` in sarif/line-hash.ts); without it the
 * upload action computes the same value itself.
 */
export function createSarifFormatter(options: SarifOptions = {}): Formatter {
  return (report, context) => {
    const findings: readonly SarifInputFinding[] = report.findings as readonly LineHashedFinding[];
    const log = buildSarifLog(
      {
        tool: { name: report.tool.name, version: report.tool.version, informationUri: INFORMATION_URI },
        rules: report.rules.map((id) => ({ id })),
        findings,
        notifications: report.notifications,
        cwd: context.cwd,
      },
      options,
    );
    return serializeSarifLog(log);
  };
}

/** `--format sarif` with the defaults: category `resilint`, suppressed findings left out. */
export const sarifFormatter: Formatter = createSarifFormatter();
