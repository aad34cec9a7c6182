import { lintSource } from '@secretlint/core';
import { creator as recommendedPreset } from '@secretlint/secretlint-rule-preset-recommend';
import type { SecretLintCoreConfig } from '@secretlint/types';

const CONFIG: SecretLintCoreConfig = {
  rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: recommendedPreset }],
};

export interface Redaction {
  text: string;
  /** Secretlint rule ids of what was removed, one per secret. */
  removed: string[];
}

/**
 * Secrets replaced by `[REDACTED:<kind>]` (plus the line breaks the secret spanned, so line numbers hold), found by secretlint's recommended preset (AWS, GCP, GitHub,
 * Slack, npm, Anthropic, OpenAI, private keys, basic auth, database connection strings, ...).
 * Run on every text before it goes into a request.
 */
export async function redactSecrets(text: string, fileName = 'context.ts'): Promise<Redaction> {
  const result = await lintSource({
    source: { content: text, filePath: fileName, ext: fileName.slice(fileName.lastIndexOf('.')) || '.ts', contentType: 'text' },
    options: { config: CONFIG, noPhysicFilePath: true },
  });
  const ranges = result.messages
    .filter((message) => message.type === 'message')
    .map((message) => ({ start: message.range[0], end: message.range[1], kind: message.messageId || 'secret' }))
    .sort((a, b) => a.start - b.start || b.end - a.end);
  // Merge overlaps so no fragment of a secret survives between two reports.
  const merged: { start: number; end: number; kind: string }[] = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (last && range.start < last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  let redacted = '';
  let cursor = 0;
  for (const range of merged) {
    const lineBreaks = (text.slice(range.start, range.end).match(/\n/gu) ?? []).length;
    redacted += `${text.slice(cursor, range.start)}[REDACTED:${range.kind}]${'\n'.repeat(lineBreaks)}`;
    cursor = range.end;
  }
  redacted += text.slice(cursor);
  return { text: redacted, removed: merged.map((range) => range.kind) };
}
