#!/usr/bin/env node
// Only this file reads process state and sets the exit code; the CLI module returns one.

// A crash outside main() (a rejection nobody awaited, an error thrown from a timer) is resilint's fault,
// not a finding: exit 2, as main() does for unexpected errors, never 1, which means "findings".
const crash = (error) => {
  process.stderr.write(`resilint: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(2);
};
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

// Listening before anything loads, so no signal meets the default handler (which would drop the report).
// The first SIGINT or SIGTERM asks the CLI to stop: it writes what it has, says so, and returns 130.
// A second one exits at once.
const interrupt = new AbortController();
const onSignal = (name) => {
  if (interrupt.signal.aborted) {
    process.stderr.write(`resilint: ${name} again: exiting now.\n`);
    process.exit(130);
  }
  process.stderr.write(`resilint: ${name}: stopping (send it again to exit at once).\n`);
  interrupt.abort();
};
process.on('SIGINT', () => onSignal('SIGINT'));
process.on('SIGTERM', () => onSignal('SIGTERM'));

// `resilint analyze | head` closes stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const { main } = await import('../dist/src/cli/main.js');

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
  signal: interrupt.signal,
});
