#!/usr/bin/env node
// Only this file reads process state and sets the exit code; the CLI module returns one.
import { main } from '../dist/src/cli/main.js';

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
});
