import fs from 'node:fs';
import path from 'node:path';
import rule from '../rules/require-client-timeout.js';
import { parseUntyped, runRules } from './helpers/lint-snippet.js';
const packages = JSON.parse(fs.readFileSync('test/real-world/packages.json', 'utf8'));
const list = Array.isArray(packages) ? packages : packages.packages;
const root = '/tmp/evalreal-timeouts3/without-dependencies';
const walk = (p: string, out: string[]) => {
  if (!fs.existsSync(p)) return;
  const st = fs.statSync(p);
  if (st.isDirectory()) { for (const f of fs.readdirSync(p)) if (f !== 'node_modules') walk(path.join(p, f), out); }
  else if (/\.(m|c)?(j|t)s$/.test(p) && !p.endsWith('.d.ts')) out.push(p);
};
for (const entry of list) {
  const dir = path.join(root, `${entry.name.replace('/', '+')}@${entry.version}`, 'package');
  const files: string[] = [];
  for (const p of entry.paths) walk(path.join(dir, p), files);
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    if (!/Promise/.test(text) || !/imeout|eadline/.test(text)) continue;
    const sf = parseUntyped(file, text);
    for (const f of runRules([rule], sf, undefined)) if (f.messageId === 'answerDeadlineOptIn') console.log(entry.name, path.relative(dir, file), f.loc.start.line);
  }
}
