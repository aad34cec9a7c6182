import fs from 'node:fs';

import { ConfigurationError } from '../errors.js';
import type { Finding } from './finding.js';

export interface BaselineFile {
  version: 1;
  tool: string;
  findings: { ruleId: string; file: string; fingerprint: string }[];
}

export function createBaseline(findings: readonly Finding[], tool: string): BaselineFile {
  return { version: 1, tool, findings: findings.map(({ ruleId, file, fingerprint }) => ({ ruleId, file, fingerprint })) };
}

export function readBaseline(file: string): Set<string> {
  let parsed: BaselineFile;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as BaselineFile;
  } catch (error) {
    throw new ConfigurationError(
      `Cannot read baseline ${file}: ${error instanceof Error ? error.message : String(error)}. Write one with \`resilint baseline\`.`,
      { cause: error },
    );
  }
  if (parsed?.version !== 1 || !Array.isArray(parsed.findings)) {
    throw new ConfigurationError(`${file} is not a resilint baseline (expected {"version": 1, "findings": [...]}). Write one with \`resilint baseline\`.`);
  }
  return new Set(parsed.findings.map((finding) => finding.fingerprint));
}

/** Splits findings into new ones and those the baseline already knows (matched by fingerprint). */
export function applyBaseline(findings: readonly Finding[], known: ReadonlySet<string>): { active: Finding[]; baselined: Finding[] } {
  const active: Finding[] = [];
  const baselined: Finding[] = [];
  for (const finding of findings) {
    if (known.has(finding.fingerprint)) baselined.push({ ...finding, suppression: { kind: 'baseline' } });
    else active.push(finding);
  }
  return { active, baselined };
}
