import fc from 'fast-check';

import { fuzzBatch } from '../test/fuzz/arbitraries.js';
import { type BatchVerdict, controlFindings, runBatchAsync } from '../test/fuzz/run-batch.js';

/**
 * `npm run fuzz [-- --inputs N] [--batch B] [--seed S] [--timeout-ms T] [--jobs J]`
 *
 * The long budget of test/fuzz/fuzz.test.ts: N generated cases (default 10,000), B per run of the real
 * binary (default 50), J binaries at a time (default 2), each batch from seed S + its index, so any
 * batch can be replayed alone (`--seed <its seed> --inputs B`). Prints
 * the figures recorded in docs/reliability.md and exits 1 on any crash, hang or lost control finding;
 * the workspace of every failing batch is kept and printed.
 */

const args = new Map<string, string>();
for (let index = 2; index < process.argv.length; index += 2) args.set(process.argv[index]!.replace(/^--/u, ''), process.argv[index + 1] ?? '');
const inputs = Number(args.get('inputs') ?? 10_000);
const batchSize = Number(args.get('batch') ?? 50);
const seed = Number(args.get('seed') ?? Date.now() % 1_000_000);
const timeoutMs = Number(args.get('timeout-ms') ?? 120_000);
const jobs = Number(args.get('jobs') ?? 2);

const control = controlFindings();
const batches = Math.ceil(inputs / batchSize);
const total: Omit<BatchVerdict, 'problems' | 'workspace'> = { inputs: 0, crashes: 0, hangs: 0, lostFindings: 0, ruleErrors: 0, ms: 0 };
const failures: string[] = [];
let slowest = 0;
const started = performance.now();
process.stdout.write(`fuzz: ${inputs} inputs in ${batches} runs of ${batchSize}, ${jobs} at a time, seed ${seed}, control findings: ${control.length}\n`);
let next = 0;
let done = 0;
const worker = async (): Promise<void> => {
  for (let index = next++; index < batches; index = next++) {
    const size = Math.min(batchSize, inputs - index * batchSize);
    const [batch] = fc.sample(fuzzBatch(size), { numRuns: 1, seed: seed + index });
    const verdict = await runBatchAsync(batch!, control, { timeoutMs });
    total.inputs += verdict.inputs;
    total.crashes += verdict.crashes;
    total.hangs += verdict.hangs;
    total.lostFindings += verdict.lostFindings;
    total.ruleErrors += verdict.ruleErrors;
    slowest = Math.max(slowest, verdict.ms);
    done += 1;
    if (verdict.problems.length > 0) failures.push(`batch seed ${seed + index} (${verdict.workspace}):\n  ${verdict.problems.join('\n  ')}`);
    process.stdout.write(
      `  run ${done}/${batches} (seed ${seed + index}): ${verdict.inputs} inputs, ${(verdict.ms / 1000).toFixed(1)} s${verdict.problems.length > 0 ? ' FAILED' : ''}\n`,
    );
  }
};
await Promise.all(Array.from({ length: jobs }, worker));
const seconds = (performance.now() - started) / 1000;
process.stdout.write(
  [
    '',
    `inputs:          ${total.inputs}`,
    `binary runs:     ${batches}`,
    `crashes:         ${total.crashes}`,
    `hangs:           ${total.hangs}`,
    `lost findings:   ${total.lostFindings}`,
    `rule errors:     ${total.ruleErrors} (internal-error notices: a rule that stopped on one file, reported)`,
    `time:            ${seconds.toFixed(0)} s (slowest run ${(slowest / 1000).toFixed(1)} s)`,
    `seed:            ${seed}`,
    ...failures,
    '',
  ].join('\n'),
);
process.exitCode = total.crashes + total.hangs + total.lostFindings > 0 ? 1 : 0;
