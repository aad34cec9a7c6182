import { readFile } from 'node:fs/promises';
import path from 'node:path';

// `init` scaffolds a project: it merges this tool's own dependency versions into the user's package.json.

export async function appendDependencies(projectDir: string): Promise<string> {
  // the tool's own package.json ships next to it: it cannot be malformed
  const ours = JSON.parse(await readFile(path.resolve(__dirname, '..', 'package.json'), 'utf8')) as { version: string }; // ok: require-json-parse-guard
  // the user's package.json can be anything: a stray comma gives a bare SyntaxError
  const theirs = JSON.parse(await readFile(path.join(projectDir, 'package.json'), 'utf8')) as Record<string, unknown>; // expect: require-json-parse-guard
  return JSON.stringify({ ...theirs, devDependencies: { tool: ours.version } }, null, 2);
}
