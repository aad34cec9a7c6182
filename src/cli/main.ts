import path from 'node:path';
import type { Writable } from 'node:stream';

import { Command, CommanderError } from 'commander';

import { InterruptedError, isKnownError } from '../errors.js';
import { PACKAGE_VERSION } from '../version.js';
import { registerAnalyzeCommand } from './analyze-command.js';
import { registerBaselineCommand } from './baseline-command.js';
import { registerMergeCommand } from './merge-command.js';

export interface CliIo {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean; columns?: number };
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Aborted on the first SIGINT or SIGTERM (bin/resilint.js listens; a second signal exits there at once). */
  signal?: AbortSignal;
}

/** Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage, configuration or fatal errors, 130 interrupted. */
export const EXIT = { ok: 0, findings: 1, error: 2, interrupted: 130 } as const;

/**
 * Runs the CLI and returns its exit code. Only bin/resilint.js touches process state.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const debug = argv.includes('--debug');
  const program = new Command('resilint')
    .description('Find the code that takes a backend down: unhandled errors, unbounded retries, missing timeouts, untyped errors.')
    .version(PACKAGE_VERSION)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showHelpAfterError('(run with --help for usage)');
  const setExitCode = (code: number): void => {
    exitCode = code;
  };
  registerAnalyzeCommand(program, io, setExitCode);
  registerBaselineCommand(program, io, setExitCode);
  registerMergeCommand(program, io, setExitCode);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit 0 through commander; usage errors were already printed.
      return error.exitCode === 0 ? EXIT.ok : EXIT.error;
    }
    if (error instanceof InterruptedError) {
      io.stderr.write(`resilint: ${error.message}\n`);
      return EXIT.interrupted;
    }
    if (isKnownError(error) && !debug) {
      io.stderr.write(`resilint: ${error.message}\n`);
      return EXIT.error;
    }
    io.stderr.write(`resilint: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.error;
  }
}

export function resolveFrom(io: CliIo, file: string): string {
  return path.resolve(io.cwd, file);
}
