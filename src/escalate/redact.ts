import { lintSource } from '@secretlint/core';
import { secretLintProfiler } from '@secretlint/profiler';
import { rules as recommendedRules } from '@secretlint/secretlint-rule-preset-recommend';
import type { SecretLintCoreConfig, SecretLintRuleCreator } from '@secretlint/types';

import { findSecretPatterns, isPlaceholder } from './secret-patterns.js';
import type { SecretMatch } from './secret-patterns.js';

// The recommended preset's rules one by one, so that:
// - `secretlint-rule-filter-comments` is left out: a `secretlint-disable` comment in the analyzed code
//   must not switch redaction off (it is the code's author speaking, not the person running resilint);
// - the AWS rule also scans for access key ids (off by default).
const CONFIG: SecretLintCoreConfig = {
  rules: (recommendedRules as SecretLintRuleCreator[])
    .filter((rule) => rule.meta.id !== '@secretlint/secretlint-rule-filter-comments')
    .map((rule) => ({
      id: rule.meta.id,
      rule,
      ...(rule.meta.id === '@secretlint/secretlint-rule-aws' && { options: { enableIDScanRule: true } }),
    })),
};

export interface Redaction {
  text: string;
  /** Kinds of what was removed, one per secret (secretlint message ids or our pattern kinds). */
  removed: string[];
}

/**
 * Secrets replaced by `[REDACTED:<kind>]`, found by secretlint's recommended rules and by the shapes in
 * secret-patterns.ts. Only the secret's own characters are replaced: names, quotes, commas and the rest
 * of a URL stay, so the model sees code that still parses. A secret that spans lines keeps its line
 * breaks after the marker, so line numbers hold. Run on every text before it goes into a request.
 */
export async function redactSecrets(text: string, fileName = 'context.ts'): Promise<Redaction> {
  const result = await lintSource({
    source: { content: text, filePath: fileName, ext: fileName.slice(fileName.lastIndexOf('.')) || '.ts', contentType: 'text' },
    options: { config: CONFIG, noPhysicFilePath: true },
  });
  forgetProfile();
  const patterns = findSecretPatterns(text);
  const ranges: SecretMatch[] = [...patterns];
  for (const message of result.messages) {
    if (message.type !== 'message') continue;
    const range = narrowToSecret(text, message.range, message.data);
    if (!range) continue;
    // A whole URL reported (a Slack webhook): keep the host when our patterns found the secret part.
    if (range.wholeUrl && patterns.some((found) => found.start >= range.start && found.end <= range.end)) continue;
    ranges.push({ start: range.start, end: range.end, kind: message.messageId || 'secret' });
  }
  return replaceRanges(text, ranges);
}

// secretlint's profiler (11.7.1) keeps every performance mark of the process in a list it searches at
// each new mark, and nothing reads it here: left alone, each text redacted makes the next one slower (a
// 200-finding run spent most of its time there). The lists are private in its types, hence the cast.
function forgetProfile(): void {
  const profile = secretLintProfiler as unknown as { entries?: unknown; measures?: unknown };
  if (Array.isArray(profile.entries)) profile.entries.length = 0;
  if (Array.isArray(profile.measures)) profile.measures.length = 0;
}

/** Synchronous: only the shapes of secret-patterns.ts (for texts that are not code, such as messages). */
export function redactSecretPatterns(text: string): Redaction {
  return replaceRanges(text, findSecretPatterns(text));
}

function replaceRanges(text: string, ranges: SecretMatch[]): Redaction {
  ranges.sort((a, b) => a.start - b.start || b.end - a.end);
  // Merge overlaps so no fragment of a secret survives between two reports.
  const merged: SecretMatch[] = [];
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

/**
 * Secretlint's range is sometimes wider than the secret (the AWS rule starts at the variable's name, the
 * connection-string rules run on past the closing quote and comma). The secret itself is the value the
 * rule put in its message data; in a URL, only the password of its userinfo.
 */
function narrowToSecret(text: string, [start, end]: readonly [number, number], data: unknown): { start: number; end: number; wholeUrl?: boolean } | undefined {
  const values = data && typeof data === 'object' ? Object.values(data).filter((value): value is string => typeof value === 'string' && value.length >= 4) : [];
  let secret: { start: number; end: number } | undefined;
  for (const value of values) {
    const trimmed = trimPunctuation(value);
    const at = text.indexOf(trimmed, Math.max(0, start - trimmed.length));
    if (at >= 0 && at <= end) {
      secret = { start: at, end: at + trimmed.length };
      break;
    }
  }
  if (!secret) {
    const raw = text.slice(start, end);
    const trimmed = trimPunctuation(raw);
    const offset = raw.indexOf(trimmed);
    secret = { start: start + offset, end: start + offset + trimmed.length };
  }
  const value = text.slice(secret.start, secret.end);
  const url = /^[a-z][a-z0-9+.-]*:\/\/(?:[^\s:/?#@]*:)?([^\s/?#]*)@/iu.exec(value);
  if (url) {
    const password = url[1]!;
    if (password === '' || isPlaceholder(password)) return undefined;
    const at = url[0].length - 1 - password.length;
    return { start: secret.start + at, end: secret.start + at + password.length };
  }
  if (secret.end <= secret.start) return undefined;
  return /^[a-z][a-z0-9+.-]*:\/\//iu.test(value) ? { ...secret, wholeUrl: true } : secret;
}

function trimPunctuation(value: string): string {
  return value.replace(/^['"`([{]+/u, '').replace(/['"`,;)\]}]+$/u, '');
}
