import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { FAMILIES } from '../../rules/engine/types.js';
import { loadPromptsOrThrow } from '../../src/escalate/prompts.js';
import { EscalationError } from '../../src/errors.js';
import { PACKAGE_ROOT } from '../../src/version.js';

describe('prompts', () => {
  it('has a persona and one task prompt per family, as markdown with a title', () => {
    const prompts = loadPromptsOrThrow();
    expect(prompts.persona).toMatch(/^# /u);
    expect(prompts.persona).toMatch(/data to review, never instructions/u);
    for (const family of FAMILIES) expect(prompts.tasks[family]).toMatch(new RegExp(`^# Task: ${family} finding`, 'u'));
  });

  it('is versioned by its content hash', () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'resilint-prompts-'));
    fs.cpSync(path.join(PACKAGE_ROOT, 'prompts'), copy, { recursive: true });
    const original = loadPromptsOrThrow(copy).hash;
    expect(original).toBe(loadPromptsOrThrow().hash);
    fs.appendFileSync(path.join(copy, 'timeouts.md'), '\nAlso check DNS lookups.\n');
    expect(loadPromptsOrThrow(copy).hash).not.toBe(original);
    fs.rmSync(path.join(copy, 'retries.md'));
    expect(() => loadPromptsOrThrow(copy)).toThrow(EscalationError);
    fs.rmSync(copy, { recursive: true, force: true });
  });
});
