import fs from 'node:fs';
import path from 'node:path';

import { Ajv } from 'ajv';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { SarifLog } from '../../src/report/sarif/types.js';
import { runInProcess } from '../helpers/run-cli.js';
import { createProject, type JsonReport, REPO_ROOT } from './cli.js';
import { VALID_EXPLANATION } from './fixture.js';
import type { MessagesApiServer, RecordedRequest, Reply } from './messages-api-server.js';
import { startMessagesApiServer } from './messages-api-server.js';

const validateReport = new Ajv({ allErrors: true, strict: false }).compile(
  JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'docs/report.schema.json'), 'utf8')) as object,
);

const SWALLOWED = 'resilint/no-swallowed-error';
const TIMEOUT = 'resilint/require-request-timeout';

/** The rule a request asks about, read from the body the server received. */
const ruleOf = (request: RecordedRequest): string => /Rule: (resilint\/[a-z-]+)/u.exec(request.raw)?.[1] ?? '';

/** Answers `likely-false-positive` with `confidence` for the rules in `falsePositives`, `confirmed` for the others. */
const judge =
  (falsePositives: readonly string[], confidence: number) =>
  (request: RecordedRequest): Reply => ({
    kind: 'answer',
    answer: falsePositives.includes(ruleOf(request))
      ? { verdict: 'likely-false-positive', explanation: 'The caller checks for undefined and retries; nothing is lost here.', confidence, fix: null }
      : { verdict: 'confirmed', explanation: VALID_EXPLANATION, confidence: 0.9, fix: null },
  });

/** The CLI in this process (the loopback server keeps answering while it waits on the model). */
const runCli = (args: string[], cwd: string, env: NodeJS.ProcessEnv) => runInProcess(args, { cwd, env });

// src/users.ts holds two error findings: an empty catch (no-swallowed-error, a warning by its precision, made an
// error by the project's config so that it counts in the exit code) and a fetch without a deadline.
describe('--llm-triage through the CLI', () => {
  let server: MessagesApiServer;
  let cwd: string;
  let env: NodeJS.ProcessEnv;
  const folders: string[] = [];

  beforeAll(async () => {
    server = await startMessagesApiServer();
    env = { ANTHROPIC_API_KEY: server.apiKey, ANTHROPIC_BASE_URL: server.url };
  });
  afterAll(async () => {
    await server.close();
    for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
  });
  beforeEach(() => {
    server.requests.length = 0;
    cwd = createProject(['src/users.ts']);
    fs.writeFileSync(path.join(cwd, 'resilint.config.json'), JSON.stringify({ rules: { 'no-swallowed-error': 'error' } }));
    folders.push(cwd);
  });

  const analyze = async (extra: string[]) => {
    const result = await runCli(
      [
        'analyze',
        'src',
        '--llm',
        'on',
        '-f',
        'json',
        '-o',
        'report.json',
        '-f',
        'sarif',
        '-o',
        'report.sarif',
        '-f',
        'text',
        '-o',
        'report.txt',
        '-f',
        'markdown',
        '-o',
        'report.md',
        ...extra,
      ],
      cwd,
      env,
    );
    expect(result.stderr).not.toMatch(/Error/u);
    const read = (file: string) => fs.readFileSync(path.join(cwd, file), 'utf8');
    const report = JSON.parse(read('report.json')) as JsonReport;
    expect(validateReport(report), JSON.stringify(validateReport.errors)).toBe(true);
    return { code: result.code, report, sarif: JSON.parse(read('report.sarif')) as SarifLog, text: read('report.txt'), markdown: read('report.md') };
  };

  it('mark (the default): the triaged finding is marked everywhere, ranks last, and still fails the run', async () => {
    server.script(judge([SWALLOWED], 0.95));
    const { code, report, sarif, text, markdown } = await analyze([]);
    expect(code).toBe(1);
    expect(report.findings.map((finding) => [finding.ruleId, finding.triage?.action])).toEqual([
      [TIMEOUT, undefined],
      [SWALLOWED, 'mark'],
    ]);
    expect(report.findings[1]!.triage).toEqual({ verdict: 'likely-false-positive', confidence: 0.95, model: expect.any(String), action: 'mark' });

    const results = sarif.runs[0]!.results;
    const swallowed = results.find((result) => result.ruleId === SWALLOWED)!;
    const timeout = results.find((result) => result.ruleId === TIMEOUT)!;
    expect(swallowed.properties?.triage).toMatchObject({ verdict: 'likely-false-positive', action: 'mark' });
    expect(timeout.properties?.triage).toBeUndefined();
    expect(swallowed.rank).toBeLessThan(timeout.rank!);
    expect(swallowed.message.text).toMatch(/Triaged \(.+, confidence 0\.95\): likely false positive; still counted in the exit code\./u);

    // The triage line follows its own finding, and only that one.
    const textLines = text.split('\n');
    const swallowedLine = textLines.findIndex((line) => line.includes(SWALLOWED));
    expect(textLines.slice(swallowedLine + 1).find((line) => line.includes('triaged:'))).toMatch(
      /triaged: likely false positive \(.+, confidence 0\.95\); still counted in the exit code/u,
    );
    expect(text.match(/triaged:/gu)).toHaveLength(1);
    expect(text).toContain('1 of them triaged by the model as likely false positives, still counted in the exit code.');
    expect(markdown).toMatch(/- \*\*error\*\* `src\/users\.ts:5:5`[^\n]*\n(?: {2}- [^\n]*\n)*? {2}- Triaged: likely false positive/u);
  });

  it('hide: a triaged finding stays in the report but leaves the exit code; an untriaged error still fails', async () => {
    server.script(judge([SWALLOWED], 0.95));
    const mixed = await analyze(['--llm-triage', 'hide']);
    expect(mixed.code).toBe(1);
    expect(mixed.report.findings.find((finding) => finding.ruleId === SWALLOWED)?.triage?.action).toBe('hide');

    server.script(judge([SWALLOWED, TIMEOUT], 0.95));
    const { code, report, sarif, text, markdown } = await analyze(['--llm-triage', 'hide', '--no-cache']);
    expect(code).toBe(0);
    const off = JSON.parse((await runCli(['analyze', 'src', '--llm', 'off', '-f', 'json'], cwd, env)).stdout) as JsonReport;
    // Never silently dropped: every static finding is in the report, each marked.
    expect(report.findings.map((finding) => `${finding.file}:${finding.line}:${finding.column} ${finding.ruleId}`)).toEqual(
      off.findings.map((finding) => `${finding.file}:${finding.line}:${finding.column} ${finding.ruleId}`),
    );
    expect(report.findings.every((finding) => finding.triage?.action === 'hide')).toBe(true);
    expect(sarif.runs[0]!.results).toHaveLength(off.findings.length);
    expect(sarif.runs[0]!.results.every((result) => (result.properties?.triage as { action?: string } | undefined)?.action === 'hide')).toBe(true);
    expect(text).toContain('2 of them triaged by the model as likely false positives, 2 left out of the exit code (--llm-triage hide).');
    expect(text.match(/triaged: likely false positive .*left out of the exit code/gu)).toHaveLength(2);
    expect(markdown.match(/Triaged: likely false positive/gu)).toHaveLength(2);
  });

  it('hide leaves a false-positive verdict below the confidence threshold counted and unmarked', async () => {
    server.script(judge([SWALLOWED, TIMEOUT], 0.6));
    const { code, report, text } = await analyze(['--llm-triage', 'hide']);
    expect(code).toBe(1);
    expect(report.findings.map((finding) => finding.explanation?.verdict)).toEqual(['likely-false-positive', 'likely-false-positive']);
    expect(report.findings.some((finding) => finding.triage)).toBe(false);
    expect(text).not.toContain('triaged');
  });

  it('rejects a bad --llm-triage value with one message and exit 2', async () => {
    const result = await runCli(['analyze', 'src', '--llm-triage', 'drop'], cwd, env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--llm-triage must be one of mark, hide; got "drop"/u);
  });
});
