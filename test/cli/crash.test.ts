import { spawnSync } from 'node:child_process';

import { describe, expect, it } from 'vitest';

import { BIN } from '../helpers/run-cli.js';

// Exit code 1 means "findings at or above --fail-on" to every CI job: a crash must never look like it.
describe('a crash outside main()', () => {
  it.each([
    ['an error thrown from a timer', 'throw new Error("boom from a timer");', 'boom from a timer'],
    ['a rejection nobody handles', 'Promise.reject(new Error("boom from a promise"));', 'boom from a promise'],
  ])('exits 2 with the error, for %s', (_name, failure, text) => {
    // Fails from a timer of its own once the binary has installed its handlers (or after 3 s without them).
    const code = `const started = Date.now(); const timer = setInterval(() => { if (process.listenerCount('uncaughtException') > 0 || Date.now() - started > 3000) { clearInterval(timer); ${failure} } }, 2);`;
    const preload = `data:text/javascript,${encodeURIComponent(code)}`;
    const result = spawnSync(process.execPath, ['--import', preload, BIN, 'analyze', '--help'], { encoding: 'utf8', timeout: 60_000 });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`resilint: unexpected error: Error: ${text}`);
  });
});
