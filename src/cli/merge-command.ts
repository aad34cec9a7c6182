import fs from 'node:fs';
import path from 'node:path';

import { type Command, Option } from 'commander';

import { ConfigurationError } from '../errors.js';
import type { Finding, Notification } from '../findings/finding.js';
import { jsonFormatter } from '../report/formatters/json.js';
import { serializeSarifLog } from '../report/sarif/build-run.js';
import { mergeSarif } from '../report/sarif/merge.js';
import type { SarifLog } from '../report/sarif/types.js';
import { type AnalysisReport, REPORT_SCHEMA_VERSION } from '../report/types.js';
import { writeFileAtomic } from '../report/write-output.js';
import { type CliIo, EXIT } from './main.js';

export function registerMergeCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('merge')
    .description('combine the JSON or SARIF results of `--shard` runs into one')
    .argument('<files...>', 'JSON or SARIF outputs of the shards')
    .addOption(new Option('-f, --format <format>', 'format of the inputs and the output').choices(['json', 'sarif']).default('json'))
    .option('-o, --output <file>', 'write the merged result here instead of stdout')
    .action((files: string[], options: { format: 'json' | 'sarif'; output?: string }) => {
      const inputs = files.map((file) => readJson(path.resolve(io.cwd, file), file));
      const text = options.format === 'json' ? mergeJsonReports(inputs as AnalysisReport[]) : mergeSarifText(inputs);
      if (options.output) writeFileAtomic(path.resolve(io.cwd, options.output), text);
      else io.stdout.write(text);
      setExitCode(EXIT.ok);
    });
}

function readJson(file: string, shown: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new ConfigurationError(`Cannot read ${shown}: pass the JSON or SARIF files written by the shards.`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ConfigurationError(`${shown} is not valid JSON.`);
  }
}

/** Shards analyze disjoint files, so findings concatenate; order is restored by file and position. */
export function mergeJsonReports(reports: readonly AnalysisReport[]): string {
  for (const report of reports) {
    if (report?.version !== REPORT_SCHEMA_VERSION || !Array.isArray(report.findings)) {
      throw new ConfigurationError(`merge: every input must be a resilint JSON report of schema version ${REPORT_SCHEMA_VERSION}.`);
    }
  }
  const findings: Finding[] = reports.flatMap((report) => report.findings);
  findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));
  // Every shard says the same of the run as a whole (tests skipped, no API key): once is enough.
  const notifications: Notification[] = [
    ...new Map(reports.flatMap((report) => report.notifications).map((notification) => [JSON.stringify(notification), notification])).values(),
  ];
  const merged: AnalysisReport = {
    version: REPORT_SCHEMA_VERSION,
    tool: reports[0]!.tool,
    rules: [...new Set(reports.flatMap((report) => report.rules ?? []))],
    findings,
    notifications,
    stats: {
      filesMatched: sum(reports, (report) => report.stats.filesMatched),
      filesAnalyzed: sum(reports, (report) => report.stats.filesAnalyzed),
      findings: findings.length,
      durationMs: Math.max(...reports.map((report) => report.stats.durationMs)),
    },
  };
  return jsonFormatter(merged, { cwd: '', color: false });
}

function mergeSarifText(logs: unknown[]): string {
  return serializeSarifLog(mergeSarif(logs as SarifLog[]));
}

function sum<T>(items: readonly T[], value: (item: T) => number): number {
  return items.reduce((total, item) => total + value(item), 0);
}
