import fs from 'node:fs';
import path from 'node:path';

import ajvDraft04 from 'ajv-draft-04';

import { analyze, type AnalysisResult, type AnalyzeOptions } from '../../src/analyze/analyze.js';
import type { Finding } from '../../src/findings/finding.js';
import { addLineHashes, type LineHashedFinding } from '../../src/report/sarif/line-hash.js';
import type { SarifLog } from '../../src/report/sarif/types.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const FIXTURES = path.join(ROOT, 'test/fixtures');

// The official OASIS schema as shipped by Microsoft's SARIF tooling (a draft-04 JSON schema).
const SCHEMA_FILE = path.join(ROOT, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

// A CommonJS module: its class is the `default` export of module.exports.
const AjvDraft04 = ajvDraft04.default;

let validate: ReturnType<InstanceType<typeof AjvDraft04>['compile']> | undefined;

/** Schema errors of `log` against SARIF 2.1.0, formats included; empty when valid. */
export function sarifSchemaErrors(log: unknown): string[] {
  if (!validate) {
    // unicodeRegExp off: one pattern of the official schema is not valid with the `u` flag.
    const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
    // ajv ships no format checks; the schema uses three, checked here rather than ignored.
    ajv.addFormat('uri', (value: string) => URL.canParse(value));
    ajv.addFormat(
      'uri-reference',
      (value: string) => /^[\w\-.~:/?#[\]@!$&'()*+,;=%]*$/u.test(value) && !/%(?![0-9A-Fa-f]{2})/u.test(value) && URL.canParse(value, 'file:///base/'),
    );
    ajv.addFormat(
      'date-time',
      (value: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/u.test(value) && !Number.isNaN(Date.parse(value)),
    );
    validate = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')) as object);
  }
  if (validate(log)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
}

/** Parses SARIF text and throws with the schema errors unless it is valid SARIF 2.1.0. */
export function parseValidSarif(text: string): SarifLog {
  const log = JSON.parse(text) as unknown;
  const errors = sarifSchemaErrors(log);
  if (errors.length > 0) {
    throw new Error(`Invalid SARIF:\n${errors.slice(0, 20).join('\n')}`);
  }
  return log as SarifLog;
}

/**
 * The real pipeline on a fixture folder, plus GitHub line hashes computed from each file as stored,
 * which is how the pipeline is to attach them (see the proposal in src/report/sarif/line-hash.ts).
 */
export async function analyzeWithLineHashes(cwd: string, options: Partial<AnalyzeOptions> = {}): Promise<AnalysisResult & { suppressed: LineHashedFinding[] }> {
  const result = await analyze({ cwd, paths: [], ...options });
  return {
    ...result,
    report: { ...result.report, findings: hashByFile(cwd, result.report.findings) },
    suppressed: hashByFile(cwd, result.suppressed),
  };
}

function hashByFile(cwd: string, findings: readonly Finding[]): LineHashedFinding[] {
  const byFile = new Map<string, Finding[]>();
  for (const finding of findings) {
    const group = byFile.get(finding.file);
    if (group) group.push(finding);
    else byFile.set(finding.file, [finding]);
  }
  const hashed = new Map<Finding, LineHashedFinding>();
  for (const [file, group] of byFile) {
    const text = fs.readFileSync(path.join(cwd, file), 'utf8');
    addLineHashes(group, text).forEach((finding, index) => hashed.set(group[index]!, finding));
  }
  return findings.map((finding) => hashed.get(finding)!);
}

/**
 * GitHub's line hash written independently of src/report/sarif/line-hash.ts: instead of a rolling
 * window, each line's hash is the polynomial sum over the 100 normalised characters from its start,
 * c0*37^99 + c1*37^98 + ... mod 2^64, where spaces and tabs are dropped, CR, LF and CRLF become one LF,
 * and the text ends in 0xFFFF followed by zeros. Equal hashes are numbered in line order.
 */
export function referenceLineHashes(text: string): string[] {
  const stream: number[] = [];
  const lineStarts: number[] = [];
  let atLineStart = true;
  const take = (code: number): void => {
    if (atLineStart) lineStarts.push(stream.length);
    atLineStart = code === 10;
    stream.push(code);
  };
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === 32 || code === 9) continue;
    if (code === 10 && text.charCodeAt(index - 1) === 13) continue;
    take(code === 13 ? 10 : code);
  }
  take(0xffff);
  const seen = new Map<string, number>();
  return lineStarts.map((start) => {
    let sum = 0n;
    for (let offset = 0; offset < 100; offset += 1) {
      sum += BigInt(stream[start + offset] ?? 0) * 37n ** BigInt(99 - offset);
    }
    const hex = BigInt.asUintN(64, sum).toString(16);
    const count = (seen.get(hex) ?? 0) + 1;
    seen.set(hex, count);
    return `${hex}:${count}`;
  });
}
