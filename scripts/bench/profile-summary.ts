import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`) of the floor stand-in or of `resilint analyze`
 * into where the time goes: building the program, binding, the AST walk, each rule's own code, and
 * the TypeScript calls (checker queries) made from inside a rule.
 *
 *   node --import tsx scripts/bench/profile-summary.ts <file.cpuprofile> [--top 25]
 */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  totalMs: number;
  /** Milliseconds by phase or category. */
  categories: Record<string, number>;
  /** Per rule: its own code (and its utils) vs TypeScript API calls it made (checker queries, node helpers). */
  rules: Record<string, { logicMs: number; typescriptMs: number; apis: Record<string, number> }>;
  /** The TypeScript function a rule called (the entry into typescript.js) and the time spent below it. */
  typescriptEntries: Record<string, number>;
  /** Functions with the most self time. */
  top: { name: string; selfMs: number }[];
}

// ts-morph bundles its own copy of TypeScript; a program it builds runs in that copy.
const TYPESCRIPT_FILE = /\/typescript\/lib\/typescript\.js$|\/@ts-morph\/common\/dist\/typescript\.js$/u;
const TS_MORPH_FILE = /\/ts-morph\/dist\/|\/@ts-morph\/common\/dist\/ts-morph-common\.js$/u;

const RULE_FILE = /\/rules\/([a-z0-9-]+)\.[jt]s$/u;

export function summariseProfile(profile: CpuProfile, topCount = 25): ProfileSummary {
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const categories: Record<string, number> = {};
  const rules: Record<string, { logicMs: number; typescriptMs: number; apis: Record<string, number> }> = {};
  const self = new Map<string, number>();
  const entries: Record<string, number> = {};
  let totalMs = 0;

  profile.samples.forEach((sampleId, index) => {
    const ms = (profile.timeDeltas[index] ?? 0) / 1_000;
    totalMs += ms;
    const stack: CallFrame[] = [];
    for (let id: number | undefined = sampleId; id !== undefined; id = parent.get(id)) {
      const node = byId.get(id);
      if (node) stack.push(node.callFrame);
    }
    const leaf = stack[0];
    if (leaf) {
      const name = `${leaf.functionName || '(anonymous)'} ${path.basename(leaf.url) || ''}:${leaf.lineNumber + 1}`;
      self.set(name, (self.get(name) ?? 0) + ms);
    }
    const add = (category: string): void => {
      categories[category] = (categories[category] ?? 0) + ms;
    };
    if (leaf?.functionName === '(garbage collector)') return add('garbage collection');
    if (leaf?.functionName === '(idle)' || leaf?.functionName === '(program)') return add('idle / native');
    // The outermost frame in rules/<id>.ts names the rule; utils it calls count as its logic.
    const ruleFrame = [...stack].reverse().find((frame) => RULE_FILE.test(frame.url) && !/\/rules\/index\.[jt]s$/u.test(frame.url));
    if (ruleFrame) {
      const rule = RULE_FILE.exec(ruleFrame.url)?.[1] ?? '?';
      const entry = (rules[rule] ??= { logicMs: 0, typescriptMs: 0, apis: {} });
      const inTypeScript = leaf !== undefined && TYPESCRIPT_FILE.test(leaf.url);
      if (inTypeScript) {
        entry.typescriptMs += ms;
        // stack[0] is the leaf: the entry is the outermost TypeScript frame of the run that starts there.
        let at = 0;
        while (stack[at + 1] && TYPESCRIPT_FILE.test(stack[at + 1]?.url ?? '')) at++;
        const api = stack[at]?.functionName || '(anonymous)';
        entries[api] = (entries[api] ?? 0) + ms;
        entry.apis[api] = (entry.apis[api] ?? 0) + ms;
      } else {
        entry.logicMs += ms;
      }
      return add(inTypeScript ? 'rules: TypeScript calls (checker, forEachChild, getText...)' : 'rules: own logic');
    }
    const names = new Set(stack.map((frame) => frame.functionName));
    if (names.has('walk') || names.has('visit')) {
      if (stack.some((frame) => /\/rules\/engine\/walk\.[jt]s$/u.test(frame.url))) return add('walk (forEachChild + dispatch)');
    }
    if (names.has('createProgram') || names.has('addSourceFilesFromTsConfig') || names.has('getProgram')) {
      if (names.has('createTypeChecker') || names.has('initializeTypeChecker')) return add('bind + checker init');
      return add('program: read, parse, resolve');
    }
    if (names.has('createTypeChecker') || names.has('initializeTypeChecker') || names.has('getTypeChecker')) {
      return add('bind + checker init');
    }
    if (stack.some((frame) => TS_MORPH_FILE.test(frame.url))) {
      if (leaf && TYPESCRIPT_FILE.test(leaf.url)) return add('program via ts-morph: read, parse, resolve, bind');
      return add('ts-morph wrappers');
    }
    return add('other (startup, module loading, report)');
  });

  const top = [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, topCount)
    .map(([name, selfMs]) => ({ name, selfMs: Math.round(selfMs) }));
  for (const key of Object.keys(categories)) categories[key] = Math.round(categories[key] ?? 0);
  for (const entry of Object.values(rules)) {
    entry.logicMs = Math.round(entry.logicMs);
    entry.typescriptMs = Math.round(entry.typescriptMs);
    for (const api of Object.keys(entry.apis)) entry.apis[api] = Math.round(entry.apis[api] ?? 0);
  }
  for (const key of Object.keys(entries)) entries[key] = Math.round(entries[key] ?? 0);
  return { totalMs: Math.round(totalMs), categories, rules, typescriptEntries: entries, top };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const file = args.find((arg) => arg.endsWith('.cpuprofile'));
  if (!file) {
    process.stderr.write('usage: node --import tsx scripts/bench/profile-summary.ts <file.cpuprofile> [--top 25]\n');
    process.exitCode = 2;
  } else {
    const topAt = args.indexOf('--top');
    const summary = summariseProfile(JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile, topAt === -1 ? 25 : Number(args[topAt + 1]));
    const pct = (ms: number): string => `${((100 * ms) / summary.totalMs).toFixed(1)}%`;
    process.stdout.write(`total sampled: ${summary.totalMs} ms\n\nby phase:\n`);
    for (const [name, ms] of Object.entries(summary.categories).sort((a, b) => b[1] - a[1])) {
      process.stdout.write(`  ${name.padEnd(58)} ${String(ms).padStart(7)} ms  ${pct(ms).padStart(6)}\n`);
    }
    process.stdout.write('\nby rule (own logic / TypeScript calls):\n');
    for (const [name, entry] of Object.entries(summary.rules).sort((a, b) => b[1].logicMs + b[1].typescriptMs - (a[1].logicMs + a[1].typescriptMs))) {
      const apis = Object.entries(entry.apis)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([api, ms]) => `${api} ${ms}`)
        .join(', ');
      process.stdout.write(`  ${name.padEnd(32)} ${String(entry.logicMs).padStart(7)} ms / ${String(entry.typescriptMs).padStart(7)} ms  ${apis}\n`);
    }
    process.stdout.write('\nTypeScript functions called from rules (time below them):\n');
    for (const [name, ms] of Object.entries(summary.typescriptEntries)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15)) {
      process.stdout.write(`  ${String(ms).padStart(7)} ms  ${name}\n`);
    }
    process.stdout.write('\ntop self time:\n');
    for (const entry of summary.top) process.stdout.write(`  ${String(entry.selfMs).padStart(7)} ms  ${entry.name}\n`);
  }
}
