/**
 * What `analyze --llm on` costs, measured: the bundled example (examples/, 20 findings) and a generated
 * project of 200 findings of six rules are escalated with the default settings against the loopback
 * Messages API, once per current model. The server bills each request from its body (tokens = characters
 * / 4; cache reads and writes from the `cache_control` prefixes it has already written, with the model's
 * minimum prefix from src/escalate/pricing.ts) and answers after a fixed latency.
 *
 *   npm run bench:llm -- [--latency 800] [--layout by-rule|all-docs|both] [--models a,b] [--findings 200] [--fixes] [--thinking 0]
 *
 * Prints, per project and model: requests, fresh input, cache reads, cache writes and output tokens per
 * finding, USD per finding and for the run, and wall time against the ideal (requests x latency /
 * requests in flight, the smaller of --concurrency and the breaker threshold: 3 by default). Targets at the default settings (default model and layout): at most 0.001 USD and 800
 * fresh input tokens per finding, wall time at most 1.2x the ideal.
 *
 * `--fixes` makes every answer to an empty catch carry a fix (then verified: parse, re-lint, type check);
 * `--thinking <tokens>` adds a thinking block of that many tokens to each answer (adaptive thinking).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { analyze } from '../src/analyze/analyze.js';
import { resolveEscalationOptions } from '../src/cli/llm-options.js';
import { toUsage } from '../src/escalate/cost.js';
import { escalate } from '../src/escalate/escalate.js';
import { DEFAULT_MODEL } from '../src/escalate/options.js';
import { CURRENT_MODELS, estimateCostUsd, getPrice, PRICES_TAKEN_ON } from '../src/escalate/pricing.js';
import type { PromptLayout } from '../src/escalate/request.js';
import { DEFAULT_PROMPT_LAYOUT } from '../src/escalate/request.js';
import type { Finding } from '../src/findings/finding.js';
import { PACKAGE_ROOT } from '../src/version.js';
import { goodAnswer } from '../test/escalate/fixture.js';
import type { Reply } from '../test/escalate/messages-api-server.js';
import { startMessagesApiServer } from '../test/escalate/messages-api-server.js';

const { values } = parseArgs({
  options: {
    latency: { type: 'string', default: '800' },
    layout: { type: 'string', default: DEFAULT_PROMPT_LAYOUT },
    fixes: { type: 'boolean', default: false },
    thinking: { type: 'string', default: '0' },
    findings: { type: 'string', default: '200' },
    models: { type: 'string', default: '' },
  },
});
const latencyMs = Number(values.latency);
const thinkingTokens = Number(values.thinking);
const models = values.models ? values.models.split(',') : CURRENT_MODELS;
const layouts: PromptLayout[] = values.layout === 'both' ? ['by-rule', 'all-docs'] : [values.layout as PromptLayout];

// An explanation of the length the persona asks for (two to five sentences).
const EXPLANATION =
  'When the dependency accepts the connection and never answers, this call waits forever: the request ' +
  'handler holds its socket, its memory and a worker slot. Under load the pool of workers drains one hung ' +
  'call at a time until the service stops answering health checks and is restarted, losing the requests ' +
  'in flight. An operator sees latency climb with no error logged, because nothing ever fails.';

/**
 * Six kinds of defect, one per function, each reported by a different rule; and a function with two
 * swallowed errors, whose two findings go in one request (one copy of the function, answered as a list).
 */
const TEMPLATES: ((name: string) => string)[] = [
  (name) => `export function ${name}(text: string): unknown {\n  try {\n    return JSON.parse(text);\n  } catch {}\n  return undefined;\n}\n`,
  (name) =>
    `export async function ${name}(id: string): Promise<unknown> {\n  const response = await fetch(\`https://inventory.internal/items/\${id}\`);\n  return response.json();\n}\n`,
  (name) => `export function ${name}(code: number): void {\n  if (code > 0) throw 'failed with ' + String(code);\n}\n`,
  (name) => `export function ${name}(body: string): { id: string } {\n  const parsed = JSON.parse(body) as { id: string };\n  return parsed;\n}\n`,
  (name) =>
    `export async function ${name}(load: () => Promise<string>): Promise<string> {\n  try {\n    return await load();\n  } catch (error) {\n    throw new Error('loading failed: ' + String(error));\n  }\n}\n`,
  (name) =>
    `export async function ${name}(send: () => Promise<void>): Promise<void> {\n  for (;;) {\n    try {\n      await send();\n      return;\n    } catch {\n      continue;\n    }\n  }\n}\n`,
  (name) =>
    `export function ${name}(head: string, body: string): unknown[] {\n  const parts: unknown[] = [];\n  try {\n    parts.push(JSON.parse(head));\n  } catch {}\n  try {\n    parts.push(JSON.parse(body));\n  } catch {}\n  return parts;\n}\n`,
];

function syntheticProject(wanted: number): string {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'resilint-bench-llm-'));
  fs.writeFileSync(
    path.join(cwd, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2023', 'DOM'], strict: true, noEmit: true, types: [] },
      include: ['src'],
    }),
  );
  fs.writeFileSync(path.join(cwd, 'package.json'), JSON.stringify({ name: 'bench', type: 'module' }));
  fs.mkdirSync(path.join(cwd, 'src'));
  const perFile = TEMPLATES.length;
  // Some templates report two findings; a few more functions than findings wanted, then cut to size.
  for (let file = 0; file * perFile < wanted * 1.2; file += 1) {
    const functions = Array.from({ length: perFile }, (_, index) => TEMPLATES[(file + index) % TEMPLATES.length]!(`step${file}x${index}`));
    fs.writeFileSync(path.join(cwd, 'src', `module${file}.ts`), functions.join('\n'));
  }
  return cwd;
}

interface Row {
  project: string;
  model: string;
  layout: PromptLayout;
  findings: number;
  requests: number;
  fresh: number;
  read: number;
  write: number;
  output: number;
  usd: number;
  wallMs: number;
  idealMs: number;
  explained: number;
  notes: string[];
}

async function measure(project: string, findings: Finding[], session: Parameters<typeof escalate>[1], model: string, layout: PromptLayout): Promise<Row> {
  const price = getPrice(model)!;
  const server = await startMessagesApiServer({
    minCacheableTokens: price.minCacheableTokens,
    script: (request): Reply => {
      const good = goodAnswer(request) as Extract<Reply, { kind: 'answer' }>;
      const answer = good.answer as { fix: unknown };
      return {
        ...good,
        answer: { ...answer, explanation: EXPLANATION, fix: values.fixes ? answer.fix : null },
        latencyMs,
        thinking: thinkingTokens > 0 ? 'x'.repeat(thinkingTokens * 4) : undefined,
      };
    },
  });
  try {
    // The command line's defaults, as `resilint analyze --llm on --model <model>` resolves them.
    const options = resolveEscalationOptions({ llm: 'on', model, maxEscalations: String(findings.length), cache: false }, undefined, {
      ANTHROPIC_API_KEY: server.apiKey,
      ANTHROPIC_BASE_URL: server.url,
    });
    const started = performance.now();
    const result = await escalate(findings, session, { ...options, promptLayout: layout });
    const wallMs = performance.now() - started;
    const usage = server.requests.reduce(
      (sum, request) => ({
        fresh: sum.fresh + request.measured.input_tokens,
        read: sum.read + request.measured.cache_read_input_tokens,
        write: sum.write + request.measured.cache_creation_input_tokens,
        output: sum.output + request.measured.output_tokens,
      }),
      { fresh: 0, read: 0, write: 0, output: 0 },
    );
    // Priced per request (Haiku 5.5's long-prompt tier applies per request), from what the server measured.
    const usd = server.requests.reduce((sum, request) => sum + estimateCostUsd(toUsage(request.measured), price), 0);
    if (Math.abs(usd - result.stats.estimatedCostUsd) > 1e-5)
      throw new Error(`stats.llm says ${result.stats.estimatedCostUsd} USD, the server measured ${usd} USD`);
    return {
      project,
      model,
      layout,
      findings: findings.length,
      requests: result.stats.requests,
      ...usage,
      usd,
      wallMs,
      // In flight: never more than the breaker allows (docs/llm.md, "Resilience of our own calls").
      idealMs: (result.stats.requests * latencyMs) / Math.min(options.concurrency, options.circuitBreakerThreshold),
      explained: result.findings.filter((finding) => finding.explanation?.source === 'model').length,
      notes: [...new Set(result.notifications.map((notification) => notification.kind))].filter((kind) => kind !== 'llm-fix-verification'),
    };
  } finally {
    await server.close();
  }
}

const projects: { name: string; cwd: string; temporary: boolean }[] = [
  { name: 'examples/', cwd: path.join(PACKAGE_ROOT, 'examples'), temporary: false },
  { name: `synthetic (${values.findings})`, cwd: syntheticProject(Number(values.findings)), temporary: true },
];
const rows: Row[] = [];
try {
  for (const project of projects) {
    const { report, session } = await analyze({ cwd: project.cwd, paths: ['.'] });
    const findings = project.temporary ? report.findings.slice(0, Number(values.findings)) : report.findings;
    const rules = new Set(findings.map((finding) => finding.ruleId)).size;
    console.log(`${project.name}: ${findings.length} findings of ${rules} rules`);
    for (const layout of layouts) for (const model of models) rows.push(await measure(project.name, findings, session, model, layout));
  }
} finally {
  for (const project of projects) if (project.temporary) fs.rmSync(project.cwd, { recursive: true, force: true });
}

const per = (value: number, row: Row) => (value / row.findings).toFixed(0);
console.log(
  `\nprices of ${PRICES_TAKEN_ON}; latency ${latencyMs} ms; tokens and USD per finding${thinkingTokens ? `; ${thinkingTokens} thinking tokens per answer` : ''}${values.fixes ? '; with fixes' : ''}\n`,
);
const header = [
  'project',
  'model',
  'layout',
  'req/finding',
  'fresh',
  'cache read',
  'cache write',
  'output',
  'USD/finding',
  'USD run',
  'wall s',
  'ideal s',
  'ratio',
  'notes',
];
const lines = rows.map((row) => [
  row.project,
  row.model === DEFAULT_MODEL ? `${row.model} (default)` : row.model,
  row.layout,
  (row.requests / row.findings).toFixed(2),
  per(row.fresh, row),
  per(row.read, row),
  per(row.write, row),
  per(row.output, row),
  (row.usd / row.findings).toFixed(5),
  row.usd.toFixed(4),
  (row.wallMs / 1000).toFixed(1),
  (row.idealMs / 1000).toFixed(1),
  (row.wallMs / row.idealMs).toFixed(2),
  [row.explained < row.findings ? `${row.findings - row.explained} not explained` : '', ...row.notes].filter(Boolean).join(' '),
]);
const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
for (const line of [header, ...lines])
  console.log(
    line
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd(),
  );

const defaults = rows.filter((row) => row.model === DEFAULT_MODEL && row.layout === DEFAULT_PROMPT_LAYOUT);
const failed = defaults.filter((row) => row.usd / row.findings > 0.001 || row.fresh / row.findings > 800);
console.log(
  `\ntargets at the default settings (${DEFAULT_MODEL}, ${DEFAULT_PROMPT_LAYOUT}): <= 0.001 USD and <= 800 fresh input tokens per finding: ${failed.length === 0 ? 'met' : `missed on ${failed.map((row) => row.project).join(', ')}`}`,
);
if (failed.length > 0) process.exitCode = 1;
