import fs from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { FAMILIES } from '../../rules/engine/types.js';
import { rules } from '../../rules/index.js';
import { REPO_ROOT, runCli, runInProcess } from '../helpers/run-cli.js';

// The README's first command: `npx resilint analyze examples/` on a fresh clone, with no API key.
describe('the bundled example', () => {
  it('shows defects of every family and every rule, each explained from the rule docs', () => {
    const run = runCli(['analyze', 'examples/', '--no-cache', '--format', 'json'], { cwd: REPO_ROOT });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as {
      findings: { ruleId: string; family: string; file: string; explanation?: { source: string; text: string } }[];
      notifications: unknown[];
    };
    expect(report.notifications).toEqual([]);
    expect(new Set(report.findings.map((finding) => finding.family))).toEqual(new Set(FAMILIES));
    expect(new Set(report.findings.map((finding) => finding.ruleId))).toEqual(new Set(Object.keys(rules).map((name) => `resilint/${name}`)));
    // Each defect carries a `Defect (<rule>)` comment in the example's source: one finding per comment.
    const labelled = new Map<string, number>();
    for (const file of fs.readdirSync(path.join(REPO_ROOT, 'examples/src'), { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.ts'))) {
      for (const match of fs.readFileSync(path.join(REPO_ROOT, 'examples/src', file), 'utf8').matchAll(/Defect \(([a-z-]+)\)/gu)) {
        labelled.set(`resilint/${match[1]!}`, (labelled.get(`resilint/${match[1]!}`) ?? 0) + 1);
      }
    }
    const reported = new Map<string, number>();
    for (const finding of report.findings) reported.set(finding.ruleId, (reported.get(finding.ruleId) ?? 0) + 1);
    expect(Object.fromEntries([...reported].sort())).toEqual(Object.fromEntries([...labelled].sort()));
    for (const finding of report.findings) {
      expect(finding.file.startsWith('examples/src/'), finding.file).toBe(true);
      expect(finding.explanation?.source).toBe('rule-doc');
      expect(finding.explanation?.text.length).toBeGreaterThan(40);
    }
  });

  // The binary ran above; the presets are the CLI module's, run in this process.
  it('runs only the recommended rules with --preset recommended; an unknown preset is a usage error', async () => {
    const withRecommended = await runInProcess(['analyze', 'examples/', '--preset', 'recommended', '--no-cache', '--format', 'json'], { cwd: REPO_ROOT });
    const recommended = Object.entries(rules)
      .filter(([, rule]) => rule.meta.docs.recommended !== 'strict-type-checked')
      .map(([name]) => `resilint/${name}`);
    const ruleIds = (stdout: string) => new Set((JSON.parse(stdout) as { findings: { ruleId: string }[] }).findings.map((finding) => finding.ruleId));
    expect(withRecommended.code).toBe(1);
    expect(ruleIds(withRecommended.stdout)).toEqual(new Set(recommended));
    const invalid = await runInProcess(['analyze', 'examples/', '--preset', 'everything', '--no-cache'], { cwd: REPO_ROOT });
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/--preset.*everything/u);
  });
});
