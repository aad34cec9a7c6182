import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import ts from '../../rules/engine/typescript.cjs';
import { nestsDeeperThan } from '../../src/analyze/nesting-depth.js';
import { discoverFiles } from '../../src/discover/discover-files.js';

// Discovery reads each file once and the parser takes that text: it must be the text TypeScript itself reads.
describe('the bytes discovery keeps', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'resilint-pre-read-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const write = (name: string, bytes: Buffer): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes);
    return file;
  };
  const discover = () => discoverFiles({ cwd: dir, paths: ['.'], ignore: [], ignoreBase: dir, maxFileSizeBytes: 1024 * 1024 });

  it('give a plain UTF-8 file the text ts.sys.readFile gives, and the same bytes', () => {
    const file = write('plain.ts', Buffer.from('export const café = "ünïcode";\r\nexport const b = 2;\n', 'utf8'));
    const { files, preRead } = discover();
    expect(files).toEqual([file]);
    expect(preRead.bytes(file)).toEqual(fs.readFileSync(file));
    expect(preRead.text(file)).toBe(ts.sys.readFile(file));
  });

  it('leave files with a byte-order mark to TypeScript, which strips it or decodes UTF-16', () => {
    const bom = write('bom.ts', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('export const a = 1;\n')]));
    const utf16 = write('utf16.ts', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('export const a = 1;\n', 'utf16le')]));
    const { files, preRead } = discover();
    expect(files).toEqual([bom, utf16]);
    expect(preRead.text(bom)).toBeUndefined();
    expect(preRead.text(utf16)).toBeUndefined();
    expect(preRead.bytes(bom)).toEqual(fs.readFileSync(bom));
  });

  it('are given to the parser once, then forgotten', () => {
    const file = write('once.ts', Buffer.from('export const a = 1;\n'));
    const { preRead } = discover();
    expect(preRead.take(file)).toBe('export const a = 1;\n');
    expect(preRead.take(file)).toBeUndefined();
    expect(preRead.bytes(file)).toBeUndefined();
  });

  it('are not kept for files discovery skips (tests by content)', () => {
    const file = write('helper.ts', Buffer.from('import { expect } from "vitest";\nexport const a = 1;\n'));
    const { files, preRead } = discover();
    expect(files).toEqual([]);
    expect(preRead.bytes(file)).toBeUndefined();
  });
});

describe('nestsDeeperThan', () => {
  const parse = (text: string) => ts.createSourceFile('deep.ts', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);

  it('answers no for a file with fewer nodes than the limit, and walks a larger one', () => {
    const shallow = parse('const a = [[[1]]];\n');
    expect(nestsDeeperThan(shallow, 10)).toBe(false);
    const deep = parse(`const a = ${'['.repeat(40)}1${']'.repeat(40)};\n`);
    expect(nestsDeeperThan(deep, 30)).toBe(true);
    expect(nestsDeeperThan(deep, 60)).toBe(false);
  });

  it('counts a long flat chain as one level, however many nodes it has', () => {
    const flat = parse(`const a = ${Array.from({ length: 200 }, (_, index) => `x${index}`).join(' + ')};\n`);
    expect(nestsDeeperThan(flat, 50)).toBe(false);
  });
});
