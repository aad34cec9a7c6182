import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { BIN, runInProcess } from '../helpers/run-cli.js';

/** Runs the binary with stdout and stderr on a pseudo-terminal (util-linux `script`), as a person would. */
function runOnTerminal(args: string, cwd: string): string {
  const result = spawnSync('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} ${args}`, '/dev/null'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ANTHROPIC_API_KEY: '' },
    timeout: 120_000,
  });
  return result.stdout;
}

describe('progress feedback', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'resilint-progress-'));
    for (let index = 1; index <= 40; index += 1) {
      fs.writeFileSync(path.join(dir, `module${index}.ts`), `export const value${index} = ${index};\n`);
    }
  });

  it('draws a progress bar of files done and the phase on a terminal, and clears it', () => {
    const screen = runOnTerminal('analyze . --no-cache', dir);
    expect(screen).toContain('analyze   [##########] 40/40 files');
    expect(screen).toContain('\r\u001B[K');
    expect(screen).toContain('No findings in 40 files.');
  });

  it('draws nothing with --quiet, and nothing when stderr is not a terminal', async () => {
    expect(runOnTerminal('analyze . --no-cache --quiet', dir)).not.toContain('files\r');
    expect(runOnTerminal('analyze . --no-cache --quiet', dir)).not.toContain('[##');
    expect((await runInProcess(['analyze', '.', '--no-cache'], { cwd: dir })).stderr).toBe('');
  });
});
