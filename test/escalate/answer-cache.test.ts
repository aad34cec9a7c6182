import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { escalate } from '../../src/escalate/escalate.js';
import { createEscalationOptions } from '../../src/escalate/options.js';
import type { Fixture } from './fixture.js';
import { createFixture, goodAnswer } from './fixture.js';
import type { MessagesApiServer } from './messages-api-server.js';
import { startMessagesApiServer } from './messages-api-server.js';

let fixture: Fixture;
let server: MessagesApiServer;
let cacheDir: string;

beforeAll(async () => {
  [fixture, server] = await Promise.all([createFixture(), startMessagesApiServer()]);
});
afterAll(async () => {
  await server.close();
  fs.rmSync(fixture.cwd, { recursive: true, force: true });
});
beforeEach(() => {
  server.requests.length = 0;
  server.script((request) => goodAnswer(request));
  cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'resilint-answer-cache-'));
  return () => fs.rmSync(cacheDir, { recursive: true, force: true });
});

const run = () =>
  escalate(
    fixture.of('src/many.ts'),
    fixture.session,
    createEscalationOptions({ mode: 'on', apiKey: server.apiKey, baseURL: server.url, cacheDir, maxRetries: 0, concurrency: 2 }),
  );

const entries = () =>
  fs
    .readdirSync(cacheDir, { recursive: true })
    .map(String)
    .filter((entry) => entry.endsWith('.json'));
const temporaries = () =>
  fs
    .readdirSync(cacheDir, { recursive: true })
    .map(String)
    .filter((entry) => entry.endsWith('.tmp'));

describe('a broken answer cache entry', () => {
  it.each<[string, (file: string) => void, RegExp]>([
    [
      'a directory',
      (file) => {
        fs.rmSync(file);
        fs.mkdirSync(path.join(file, 'inside'), { recursive: true });
      },
      /a directory instead of a file/u,
    ],
    ['null', (file) => fs.writeFileSync(file, 'null'), /not an object \(null\)/u],
    ['text that is not JSON', (file) => fs.writeFileSync(file, '{ "format": 1, '), /not valid JSON/u],
    ['an empty file', (file) => fs.writeFileSync(file, ''), /an empty file/u],
    [
      'an answer that breaks the schema',
      (file) => {
        const entry = JSON.parse(fs.readFileSync(file, 'utf8')) as { answer: { confidence: number } };
        entry.answer.confidence = 7;
        fs.writeFileSync(file, JSON.stringify(entry));
      },
      /does not match the schema/u,
    ],
  ])('that is %s is repaired with a notification, and paid for once', async (_name, breakIt, reason) => {
    await run();
    expect(server.requests).toHaveLength(5);
    const broken = path.join(cacheDir, entries()[0]!);
    breakIt(broken);

    server.requests.length = 0;
    const second = await run();
    expect(server.requests).toHaveLength(1);
    const notes = second.notifications.filter((notification) => notification.kind === 'llm-cache-corrupt');
    expect(notes).toHaveLength(1);
    expect(notes[0]!.message).toMatch(reason);
    expect(notes[0]!.message).toContain('removed it');
    // No internal error text reaches the report.
    expect(notes[0]!.message).not.toMatch(/TypeError|Cannot read|Unexpected|position \d|E[A-Z]{3,}:/u);
    expect(fs.statSync(broken).isFile()).toBe(true);

    server.requests.length = 0;
    const third = await run();
    expect(server.requests).toHaveLength(0);
    expect(third.stats.cacheHits).toBe(5);
    expect(third.notifications).toEqual([]);
    expect(temporaries()).toEqual([]);
  });
});

describe('writing the answer cache', () => {
  it('removes temporary files left by a crashed run, and leaves none of its own', async () => {
    await run();
    const folder = path.dirname(path.join(cacheDir, entries()[0]!));
    const leftover = path.join(folder, 'stale.json.123.abc.tmp');
    fs.writeFileSync(leftover, '{');
    const hourAgo = new Date(Date.now() - 60 * 60 * 1000);
    fs.utimesSync(leftover, hourAgo, hourAgo);
    fs.rmSync(
      path.join(
        cacheDir,
        entries().find((entry) => path.dirname(path.join(cacheDir, entry)) === folder)!,
      ),
    );

    await run();
    expect(temporaries()).toEqual([]);
    expect(entries()).toHaveLength(5);
  });

  it('says in plain words when it cannot write, and loses nothing', async () => {
    // A file where the cache folder should be.
    fs.rmSync(cacheDir, { recursive: true });
    fs.writeFileSync(cacheDir, 'not a folder');
    const result = await run();
    expect(server.requests).toHaveLength(5);
    expect(result.findings.every((finding) => finding.explanation?.source === 'model')).toBe(true);
    const notes = result.notifications.filter((notification) => notification.kind === 'llm-cache-write');
    expect(notes.length).toBeGreaterThan(0);
    expect(notes[0]!.message).toMatch(/Could not write the answer cache in .* \(a file is in the way of the cache folder\)/u);
    expect(notes[0]!.message).not.toMatch(/E[A-Z]{3,}:|mkdir|errno/u);
  });
});
