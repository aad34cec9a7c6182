/**
 * Escalation throughput against the loopback Messages API: N distinct findings, each answered after a
 * fixed latency. Prints wall time against the ideal (requests x latency / concurrency) and the token
 * and cost accounting. Target: at most 1.2x the ideal.
 *
 *   npm run bench:llm -- [--requests 200] [--latency 800] [--concurrency 4] [--fixes]
 *
 * `--fixes` makes every answer carry a fix, so each one is also verified (parse, re-lint, type check).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { analyze } from '../src/analyze/analyze.js';
import { escalate } from '../src/escalate/escalate.js';
import { createEscalationOptions } from '../src/escalate/options.js';
import { goodAnswer } from '../test/escalate/fixture.js';
import { startMessagesApiServer } from '../test/escalate/messages-api-server.js';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '200' },
    latency: { type: 'string', default: '800' },
    concurrency: { type: 'string', default: '4' },
    fixes: { type: 'boolean', default: false },
  },
});
const requests = Number(values.requests);
const latencyMs = Number(values.latency);
const concurrency = Number(values.concurrency);
const FUNCTIONS_PER_FILE = 10;

const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'resilint-bench-llm-'));
fs.writeFileSync(
  path.join(cwd, 'tsconfig.json'),
  JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2023'], strict: true, noEmit: true, types: [] }, include: ['src'] }),
);
fs.writeFileSync(path.join(cwd, 'package.json'), JSON.stringify({ name: 'bench', type: 'module' }));
fs.mkdirSync(path.join(cwd, 'src'));
for (let file = 0; file * FUNCTIONS_PER_FILE < requests; file += 1) {
  const count = Math.min(FUNCTIONS_PER_FILE, requests - file * FUNCTIONS_PER_FILE);
  const functions = Array.from(
    { length: count },
    (_, index) => `export function parse${file}x${index}(text: string): unknown {\n  try {\n    return JSON.parse(text);\n  } catch {}\n  return undefined;\n}\n`,
  );
  fs.writeFileSync(path.join(cwd, 'src', `module${file}.ts`), functions.join('\n'));
}

const server = await startMessagesApiServer({
  script: (request) => {
    const reply = goodAnswer(request);
    if (reply.kind !== 'answer') return reply;
    const answer = reply.answer as { fix: unknown };
    return { ...reply, answer: values.fixes ? answer : { ...answer, fix: null }, latencyMs, usage: { input_tokens: 900, output_tokens: 250, cache_read_input_tokens: 1800, cache_creation_input_tokens: 0 } };
  },
});
try {
  const { report, session } = await analyze({ cwd, paths: ['.'] });
  const findings = report.findings.filter((finding) => finding.ruleId === 'resilint/no-swallowed-error');
  const started = performance.now();
  const result = await escalate(findings, session, createEscalationOptions({
    mode: 'on',
    apiKey: server.apiKey,
    baseURL: server.url,
    cacheDir: undefined,
    concurrency,
    maxEscalations: requests,
    deadlineMs: 3_600_000,
  }));
  const wallMs = performance.now() - started;
  const idealMs = (result.stats.requests * latencyMs) / concurrency;
  const explained = result.findings.filter((finding) => finding.explanation?.source === 'model').length;
  const fixed = result.findings.filter((finding) => finding.fix?.source === 'model').length;
  const { stats } = result;
  console.log(`findings        ${findings.length} (model explanations ${explained}, verified fixes ${fixed})`);
  console.log(`requests        ${stats.requests} at ${latencyMs} ms latency, concurrency ${concurrency}`);
  console.log(`wall time       ${(wallMs / 1000).toFixed(2)} s`);
  console.log(`ideal           ${(idealMs / 1000).toFixed(2)} s (requests x latency / concurrency)`);
  console.log(`ratio           ${(wallMs / idealMs).toFixed(3)}x (target <= 1.2x)`);
  console.log(`tokens          input ${stats.inputTokens}, output ${stats.outputTokens}, cache read ${stats.cacheReadInputTokens}, cache write ${stats.cacheCreationInputTokens}`);
  console.log(`estimated cost  ${stats.estimatedCostUsd.toFixed(4)} USD (${(stats.estimatedCostUsd / Math.max(1, stats.requests)).toFixed(5)} USD per request)`);
  if (result.notifications.length > 0) console.log(`notifications   ${result.notifications.map((notification) => notification.kind).join(', ')}`);
} finally {
  await server.close();
  fs.rmSync(cwd, { recursive: true, force: true });
}
