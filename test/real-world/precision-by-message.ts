import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type { AnyResilintRule } from '../../rules/engine/create-rule.js';
import { rules } from '../../rules/index.js';

// Precision per rule and message kind (messageId) on the reports of the last `npm run eval:real`, to see which kinds
// of finding are precise enough for a lighter preset. The reports carry the message text, not its id: each text is
// matched against the rule's message templates.
//   node --import tsx test/real-world/precision-by-message.ts [--cache <dir>] [--rule <id>]...

const HERE = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const values = (name: string): string[] => args.flatMap((arg, index) => (arg === name && args[index + 1] ? [args[index + 1]!] : []));
const cache = path.resolve(values('--cache')[0] ?? path.join(os.homedir(), '.cache', 'resilint-eval-real'));
const wanted = new Set(values('--rule'));
const allRules = rules as Record<string, AnyResilintRule>;

const { packages } = JSON.parse(fs.readFileSync(path.join(HERE, 'packages.json'), 'utf8')) as { packages: { name: string; version: string }[] };
const verdicts = new Map<string, string>();
for (const line of fs.readFileSync(path.join(HERE, 'verdicts.tsv'), 'utf8').split('\n')) {
  if (line.trim() === '' || line.startsWith('#')) continue;
  const [name, version, file, lineNumber, rule, verdict] = line.split('\t');
  verdicts.set([name, version, file, lineNumber, rule].join('\t'), verdict!);
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
const templates = Object.entries(allRules)
  .filter(([name]) => wanted.size === 0 || wanted.has(name))
  .flatMap(([name, rule]) =>
    Object.entries(rule.meta.messages as Record<string, string>).map(([messageId, text]) => ({
      rule: name,
      messageId,
      pattern: new RegExp(`^${escape(text).replace(/\\\{\\\{\s*\w+\s*\\\}\\\}/gu, '[\\s\\S]*?')}$`, 'u'),
    })),
  );

for (const mode of ['without-dependencies', 'with-dependencies']) {
  const scores = new Map<string, { findings: number; tp: number; fp: number }>();
  for (const entry of packages) {
    const report = path.join(cache, mode, `${entry.name.replace('/', '+')}@${entry.version}`, 'resilint-report.json');
    if (!fs.existsSync(report)) continue;
    const { findings } = JSON.parse(fs.readFileSync(report, 'utf8')) as { findings: { ruleId: string; file: string; line: number; message: string }[] };
    for (const finding of findings) {
      const rule = finding.ruleId.replace(/^resilint\//u, '');
      const template = templates.find((candidate) => candidate.rule === rule && candidate.pattern.test(finding.message));
      if (!template) continue;
      const key = `${rule}\t${template.messageId}`;
      const score = scores.get(key) ?? { findings: 0, tp: 0, fp: 0 };
      const verdict = verdicts.get([entry.name, entry.version, finding.file, finding.line, rule].join('\t'));
      score.findings += 1;
      if (verdict === 'tp') score.tp += 1;
      if (verdict === 'fp') score.fp += 1;
      scores.set(key, score);
    }
  }
  const rows = [`## ${mode}`, '', '| rule | messageId | findings | true | false | precision |', '| --- | --- | ---: | ---: | ---: | ---: |'];
  for (const [key, score] of [...scores].sort(([a], [b]) => a.localeCompare(b))) {
    const [rule, messageId] = key.split('\t');
    const reviewed = score.tp + score.fp;
    rows.push(`| ${rule} | ${messageId} | ${score.findings} | ${score.tp} | ${score.fp} | ${reviewed === 0 ? 'n/a' : (score.tp / reviewed).toFixed(2)} |`);
  }
  console.log(`${rows.join('\n')}\n`);
}
