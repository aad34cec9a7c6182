import fs from 'node:fs';
import path from 'node:path';

import { PACKAGE_ROOT } from '../version.js';

export interface RuleDoc {
  /** The whole page. */
  markdown: string;
  /** The text under "## Failure mode": the built-in explanation used when no model is asked. */
  failureMode: string;
}

const cache = new Map<string, RuleDoc | undefined>();

/** The documentation page of a rule (`no-swallowed-error` or `resilint/no-swallowed-error`), if it has one. */
export function getRuleDoc(ruleId: string): RuleDoc | undefined {
  const name = ruleId.replace(/^resilint\//u, '');
  if (cache.has(name)) return cache.get(name);
  let doc: RuleDoc | undefined;
  try {
    const markdown = fs.readFileSync(path.join(PACKAGE_ROOT, 'docs', 'rules', `${name}.md`), 'utf8');
    doc = { markdown, failureMode: getSection(markdown, 'Failure mode') ?? '' };
  } catch {
    // A rule without a page still reports; callers fall back to the rule's description.
    doc = undefined;
  }
  cache.set(name, doc);
  return doc;
}

/** The text of a `## heading` section, without the heading, trimmed. */
export function getSection(markdown: string, heading: string): string | undefined {
  const lines = markdown.split(/\r?\n/u);
  const start = lines.findIndex((line) => line.trim() === `## ${heading}`);
  if (start === -1) return undefined;
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => /^## /u.test(line));
  return (end === -1 ? rest : rest.slice(0, end)).join('\n').trim();
}
