import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';

import { fuzzBatch } from './arbitraries.js';
import { controlFindings, runBatch } from './run-batch.js';

/**
 * The short budget of the whole-command fuzz test: a couple of binary runs of a dozen generated cases
 * each. `npm run fuzz` runs the same property on 10,000 inputs (docs/reliability.md).
 * FUZZ_SEED=<n> replays the seed a failure printed.
 */
describe('fuzz: resilint analyze on broken and odd input', () => {
  let control: string[];
  beforeAll(() => {
    control = controlFindings();
  });

  it('never crashes or hangs, writes a valid report and keeps every finding of a control folder', () => {
    const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
    fc.assert(
      fc.property(fuzzBatch(12), (batch) => {
        const verdict = runBatch(batch, control, { timeoutMs: 50_000 });
        if (verdict.problems.length > 0) {
          throw new Error(`${verdict.problems.join('\n')}\nworkspace kept at ${verdict.workspace}`);
        }
      }),
      // Each run is a process: no shrinking, the kept workspace is the reproduction.
      { numRuns: 2, endOnFailure: true, ...(seed !== undefined && { seed }) },
    );
  });
});
