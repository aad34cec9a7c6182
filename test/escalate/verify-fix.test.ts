import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { analyze } from '../../src/analyze/analyze.js';
import { escalate } from '../../src/escalate/escalate.js';
import { refuseFixIntent } from '../../src/escalate/fix-intent.js';
import type { AnalysisSession } from '../../src/escalate/host.js';
import { createEscalationOptions } from '../../src/escalate/options.js';
import type { Finding } from '../../src/findings/finding.js';
import { FILES, VALID_EXPLANATION } from './fixture.js';
import type { MessagesApiServer } from './messages-api-server.js';
import { startMessagesApiServer } from './messages-api-server.js';

const TSCONFIG = {
  compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2023', 'DOM'], strict: true, noEmit: true, types: [] },
  include: ['src'],
};

const ROUTES = `interface Request { params: { id: string } }
interface Response { json(body: unknown): void }
declare const app: { get(path: string, handler: (request: Request, response: Response) => Promise<void>): void };

app.get('/users/:id', async (request, response) => {
  try {
    const upstream = await fetch(\`https://users.internal/users/\${request.params.id}\`, { signal: AbortSignal.timeout(5000) });
    response.json(await upstream.json());
  } catch {}
});

export const ready = true;
`;

// The empty catch hides the failure behind \`null\` (a fallback value such as 0 would be a deliberate answer).
const TYPED = `export function parseCount(text: string): number | null {
  const wrong: number = 'not a number';
  try {
    return JSON.parse(text) + wrong;
  } catch {}
  return null;
}
`;

let server: MessagesApiServer;
let cwd: string;
let session: AnalysisSession;
let findings: Finding[];

beforeAll(async () => {
  server = await startMessagesApiServer();
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'resilint-verify-'));
  fs.writeFileSync(path.join(cwd, 'tsconfig.json'), JSON.stringify(TSCONFIG));
  fs.writeFileSync(path.join(cwd, 'package.json'), JSON.stringify({ name: 'svc', type: 'module' }));
  fs.mkdirSync(path.join(cwd, 'src'));
  fs.writeFileSync(path.join(cwd, 'src/users.ts'), FILES['src/users.ts']!);
  fs.writeFileSync(path.join(cwd, 'src/routes.ts'), ROUTES);
  fs.writeFileSync(path.join(cwd, 'src/typed.ts'), TYPED);
  ({
    session,
    report: { findings },
  } = await analyze({ cwd, paths: ['.'] }));
});
afterAll(async () => {
  await server.close();
  fs.rmSync(cwd, { recursive: true, force: true });
});

const edit = (startLine: number, endLine: number, replacement: string) => ({ startLine, endLine, replacement });
const RETHROW = ['  } catch (error) {', "    throw new Error('Loading the user failed', { cause: error });", '  }'].join('\n');

/** Escalates one finding with a scripted fix and returns the fix kept (if any) and the notifications. */
async function propose(file: string, ruleId: string, edits: ReturnType<typeof edit>[]) {
  const finding = findings.find((candidate) => candidate.file === file && candidate.ruleId === ruleId);
  expect(finding, `${file} ${ruleId}`).toBeDefined();
  server.requests.length = 0;
  server.script(() => ({ kind: 'answer', answer: { verdict: 'confirmed', explanation: VALID_EXPLANATION, confidence: 0.9, fix: { summary: 'Fix', edits } } }));
  const result = await escalate(
    [finding!],
    session,
    createEscalationOptions({ mode: 'on', apiKey: server.apiKey, baseURL: server.url, cacheDir: undefined, maxRetries: 0 }),
  );
  expect(server.requests).toHaveLength(1);
  const reasons = result.notifications.filter((notification) => notification.kind === 'llm-fix-unverified').map((notification) => notification.message);
  return { fix: result.findings[0]!.fix, reasons };
}

describe('a model fix is refused when it', () => {
  it.each([
    ['adds eslint-disable-next-line', [edit(5, 4, '  // eslint-disable-next-line resilint/no-swallowed-error')], /adds a disable directive/u],
    ['adds resilint-disable-next-line', [edit(5, 4, '  // resilint-disable-next-line resilint/no-swallowed-error')], /adds a disable directive/u],
    ['adds eslint-disable-line', [edit(5, 5, '  } catch {} // eslint-disable-line resilint/no-swallowed-error')], /adds a disable directive/u],
    ['adds a block eslint-disable', [edit(1, 0, '/* eslint-disable resilint/no-swallowed-error */')], /adds a disable directive/u],
    ['adds a resilint-disable block', [edit(1, 0, '/* resilint-disable */')], /adds a disable directive/u],
    ['adds an inline rule configuration', [edit(1, 0, '/* eslint resilint/no-swallowed-error: "off" */')], /inline ESLint rule configuration/u],
    ['adds @ts-nocheck to an otherwise good fix', [edit(1, 0, '// @ts-nocheck'), edit(5, 5, RETHROW)], /adds @ts-nocheck/u],
    [
      'hides a type error it adds with @ts-ignore',
      [
        edit(
          5,
          5,
          [
            '  } catch (error) {',
            '    // @ts-ignore',
            "    const code: number = 'E_LOAD';",
            "    throw new Error('Loading the user failed', { cause: error });",
            '  }',
          ].join('\n'),
        ),
      ],
      /adds @ts-ignore/u,
    ],
    [
      'hides a type error it adds with @ts-expect-error',
      [
        edit(
          5,
          5,
          [
            '  } catch (error) {',
            '    // @ts-expect-error',
            "    const code: number = 'E_LOAD';",
            "    throw new Error('Loading the user failed', { cause: error });",
            '  }',
          ].join('\n'),
        ),
      ],
      /adds @ts-expect-error/u,
    ],
    ['deletes the flagged try statement', [edit(2, 5, '')], /removes the flagged code \(a call of `(?:fetch|json)`\)/u],
    ['replaces the body with a bare throw', [edit(2, 6, "  throw new Error('not implemented');")], /removes the flagged code|bare throw/u],
    ['replaces the body with a bare return', [edit(2, 6, '  return undefined;')], /removes the flagged code|bare return/u],
  ])('%s', async (_name, edits, reason) => {
    const { fix, reasons } = await propose('src/users.ts', 'resilint/no-swallowed-error', edits);
    expect(fix).toBeUndefined();
    expect(reasons.join('\n')).toMatch(reason);
  });

  it('deletes the whole route whose request was flagged', async () => {
    const { fix, reasons } = await propose('src/routes.ts', 'resilint/no-swallowed-error', [edit(5, 10, '')]);
    expect(fix).toBeUndefined();
    expect(reasons.join('\n')).toMatch(/removes the flagged code \(a call of `(?:fetch|timeout|json)`\)/u);
  });

  it('trades one TypeScript error for another (the count stays the same)', async () => {
    const fixed = [
      '  const wrong = 0;',
      "  const strict: boolean = 'yes';",
      '  try {',
      '    return JSON.parse(text) + wrong;',
      '  } catch (error) {',
      "    throw new Error('Parsing the count failed', { cause: error });",
      '  }',
    ].join('\n');
    const { fix, reasons } = await propose('src/typed.ts', 'resilint/no-swallowed-error', [edit(2, 5, fixed)]);
    expect(fix).toBeUndefined();
    expect(reasons.join('\n')).toMatch(/adds TypeScript errors \(TS2322: Type 'string' is not assignable to type 'boolean'/u);
  });
});

describe('a model fix is kept when it', () => {
  it('rethrows with the cause', async () => {
    const { fix, reasons } = await propose('src/users.ts', 'resilint/no-swallowed-error', [edit(5, 5, RETHROW)]);
    expect(reasons).toEqual([]);
    expect(fix).toMatchObject({ source: 'model', verified: true });
  });

  it('answers the route failure instead of swallowing it', async () => {
    const { fix, reasons } = await propose('src/routes.ts', 'resilint/no-swallowed-error', [
      edit(9, 9, ['  } catch (error) {', "    throw new Error('Loading the user failed', { cause: error });", '  }'].join('\n')),
    ]);
    expect(reasons).toEqual([]);
    expect(fix).toMatchObject({ source: 'model', verified: true });
  });

  it('fixes the existing TypeScript error on the way', async () => {
    const fixed = [
      '  const wrong = 0;',
      '  try {',
      '    return JSON.parse(text) + wrong;',
      '  } catch (error) {',
      "    throw new Error('Parsing the count failed', { cause: error });",
      '  }',
    ].join('\n');
    const { fix, reasons } = await propose('src/typed.ts', 'resilint/no-swallowed-error', [edit(2, 5, fixed)]);
    expect(reasons).toEqual([]);
    expect(fix?.verified).toBe(true);
  });
});

describe('refuseFixIntent', () => {
  it('refuses a named function reduced to a bare throw even when its calls survive elsewhere', () => {
    const original = ['export function save(record: string): void {', '  validate(record);', '  try {', '    store.write(record);', '  } catch {}', '}'].join(
      '\n',
    );
    const fixed = [
      'export function save(record: string): void {',
      "  throw new Error('not implemented');",
      '}',
      'export function later(record: string): void {',
      '  validate(record);',
      '  store.write(record);',
      '}',
    ].join('\n');
    expect(refuseFixIntent('save.ts', original, fixed, { line: 5, column: 5 })).toBe('the fix replaces the body of `save` with a bare throw');
  });

  it('keeps a callback that now rethrows', () => {
    const original = 'export const run = (job: Promise<void>): void => {\n  job.catch(() => {});\n};\n';
    const fixed =
      "export const run = (job: Promise<void>): void => {\n  job.catch((error: unknown) => {\n    throw new Error('job failed', { cause: error });\n  });\n};\n";
    expect(refuseFixIntent('run.ts', original, fixed, { line: 2, column: 3 })).toBeUndefined();
  });

  it('does not count a directive that was already there', () => {
    const original = '// eslint-disable-next-line no-console\nconsole.log(1);\ntry { f(); } catch {}\n';
    const fixed = "// eslint-disable-next-line no-console\nconsole.log(1);\ntry { f(); } catch (error) { throw new Error('f failed', { cause: error }); }\n";
    expect(refuseFixIntent('a.ts', original, fixed, { line: 3, column: 14 })).toBeUndefined();
  });
});
