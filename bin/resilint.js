#!/usr/bin/env node
// Only this file reads process state and sets the exit code; the CLI module returns one.

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

const { main } = await import('../dist/src/cli/main.js');

// `resilint analyze | head` closes stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
  signal: interrupt.signal,
});
