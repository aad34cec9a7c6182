import path from 'node:path';

import type { Command } from 'commander';

import { createBaseline } from '../findings/baseline.js';
import { writeFileAtomic } from '../report/write-output.js';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../version.js';
import { addAnalysisOptions, type AnalyzeCliOptions, runAnalysis } from './analyze-command.js';
import { type CliIo, EXIT } from './main.js';

export function registerBaselineCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  const command = program
    .command('baseline')
    .description('record the current findings so that `analyze --baseline` reports only new ones')
    .argument('[paths...]', 'files and folders to analyze', ['.'])
    .option('-o, --output <file>', 'where to write the baseline', 'resilint-baseline.json');
  addAnalysisOptions(command);
  command.action(async (paths: string[], options: Omit<AnalyzeCliOptions, 'output'> & { output: string }) => {
    const result = await runAnalysis(paths, options, io);
    const baseline = createBaseline(result.report.findings, `${PACKAGE_NAME}@${PACKAGE_VERSION}`);
    writeFileAtomic(path.resolve(io.cwd, options.output), `${JSON.stringify(baseline, null, 2)}\n`);
    if (!options.quiet) {
      io.stderr.write(`Wrote ${baseline.findings.length} finding(s) to ${options.output}.\n`);
    }
    setExitCode(EXIT.ok);
  });
}
