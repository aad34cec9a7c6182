import path from 'node:path';
import { fileURLToPath } from 'node:url';

import ts from 'typescript';

import { type AnyResilintRule, scriptKindFor } from '../../rules/engine/create-rule.js';
import type { RunnableRule } from '../../rules/engine/run-check.js';
import type { Listeners } from '../../rules/engine/types.js';
import { runChecks } from '../../rules/engine/run-check.js';
import { readProjectFacts } from '../../rules/engine/read-project-facts.js';
import { rules } from '../../rules/index.js';

/**
 * The architecture's floor: what `resilint analyze` cannot beat without a cache. Builds one program
 * for a tsconfig, creates the checker (which binds every file), then runs every rule through
 * `runChecks` on every source file of the project, and reports per-phase timings. No discovery,
 * config, fingerprints, escalation or output: this is a stand-in for the real command, labelled as
 * such in the benchmark table.
 *
 *   node --import tsx scripts/bench/floor.ts <dir|tsconfig> [--host ts|ts-morph] [--no-types] [--rules id,id] [--count-queries]
 *
 * `--rules` runs only those rules (`--rules ''` none: the walk alone), to see what one rule costs.
 * `--count-queries` counts the checker queries each rule's listener makes (`<rule> <listener>`), by method and
 * node kind, with their time.
 *
 * Prints one JSON object on stdout.
 */

export interface FloorResult {
  host: 'ts' | 'ts-morph';
  types: boolean;
  files: number;
  findings: number;
  findingsByRule: Record<string, number>;
  /** Milliseconds per phase. */
  phases: {
    /** Reading the tsconfig and building the program: module resolution and parsing. */
    program: number;
    /** `getTypeChecker()`: binding every file and initialising the checker. */
    bind: number;
    /** The single walk with every rule's listeners, including the type queries they make. */
    rules: number;
    total: number;
  };
  /** CPU milliseconds (user + system) per phase: steadier than wall time on a shared machine. */
  cpu: { program: number; bind: number; rules: number; total: number };
  /** Peak heap and RSS in MiB after the run. */
  memory: { heapUsedMb: number; rssMb: number };
  /** With `--count-queries`: checker queries per `<rule> <listener>` and method. */
  queries?: Record<string, Record<string, QueryCount>>;
  /** TypeScript's own counters (`ts.performance`), milliseconds, when available. */
  typescript: Record<string, number>;
}

interface TsPerformance {
  enable(): void;
  getDuration(name: string): number;
}

export async function runFloor(
  target: string,
  options: { host: 'ts' | 'ts-morph'; types: boolean; only?: readonly string[]; countQueries?: boolean },
): Promise<FloorResult> {
  const tsconfig = target.endsWith('.json') ? path.resolve(target) : path.resolve(target, 'tsconfig.json');
  const performanceApi = (ts as unknown as { performance?: TsPerformance }).performance;
  performanceApi?.enable();

  // Loaded only when asked for: ts-morph bundles a second copy of TypeScript.
  const morph = options.host === 'ts-morph' ? await import('ts-morph') : undefined;
  const cpuMs = (): number => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1_000;
  };
  const cpuStarted = cpuMs();
  const started = performance.now();
  let program: ts.Program;
  if (morph) {
    const { Project } = morph;
    const project = new Project({ tsConfigFilePath: tsconfig });
    program = project.getProgram().compilerObject as unknown as ts.Program;
  } else {
    const parsed = ts.getParsedCommandLineOfConfigFile(tsconfig, undefined, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic(diagnostic) {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    });
    if (!parsed) throw new Error(`Cannot read ${tsconfig}`);
    program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, projectReferences: parsed.projectReferences ?? [] });
  }
  const programDone = performance.now();
  const programCpu = cpuMs();
  if (options.types) program.getTypeChecker();
  const bindDone = performance.now();
  const bindCpu = cpuMs();

  const queries = options.countQueries && options.types ? countCheckerQueries(program.getTypeChecker()) : undefined;
  const enabled = Object.entries(rules)
    .filter(([name]) => options.only === undefined || options.only.includes(name))
    .map(([name, rule]: [string, AnyResilintRule]) => ({
      rule: {
        name,
        messages: rule.meta.messages,
        check: queries ? (context: Parameters<RunnableRule['check']>[0]) => queries.attribute(name, rule.check(context)) : rule.check,
      } satisfies RunnableRule,
      options: (rule.meta.defaultOptions ?? []) as readonly unknown[],
    }));
  const findingsByRule: Record<string, number> = {};
  let files = 0;
  let findings = 0;
  const sourceFiles = options.types
    ? program.getSourceFiles()
    : // Without a checker nothing binds the program's files, so nodes lack parents: parse as a syntax-only host does.
      program
        .getRootFileNames()
        .map((fileName) => ts.createSourceFile(fileName, ts.sys.readFile(fileName) ?? '', ts.ScriptTarget.Latest, true, scriptKindFor(fileName)));
  for (const sourceFile of sourceFiles) {
    if (sourceFile.isDeclarationFile || program.isSourceFileFromExternalLibrary(sourceFile)) continue;
    files++;
    const results = runChecks({ sourceFile, program: options.types ? program : undefined, project: readProjectFacts(sourceFile.fileName) }, enabled);
    findings += results.length;
    for (const result of results) findingsByRule[result.ruleName] = (findingsByRule[result.ruleName] ?? 0) + 1;
  }
  const rulesDone = performance.now();
  const rulesCpu = cpuMs();

  const typescript: Record<string, number> = {};
  if (performanceApi) {
    for (const name of ['I/O Read', 'Parse', 'ResolveModule', 'Program', 'Bind']) {
      typescript[name] = Math.round(performanceApi.getDuration(name));
    }
  }
  return {
    host: options.host,
    types: options.types,
    files,
    findings,
    findingsByRule,
    phases: {
      program: Math.round(programDone - started),
      bind: Math.round(bindDone - programDone),
      rules: Math.round(rulesDone - bindDone),
      total: Math.round(rulesDone - started),
    },
    cpu: {
      program: Math.round(programCpu - cpuStarted),
      bind: Math.round(bindCpu - programCpu),
      rules: Math.round(rulesCpu - bindCpu),
      total: Math.round(rulesCpu - cpuStarted),
    },
    memory: { heapUsedMb: Math.round(process.memoryUsage().heapUsed / 2 ** 20), rssMb: Math.round(process.memoryUsage().rss / 2 ** 20) },
    typescript,
    ...(queries && { queries: queries.result }),
  };
}

const COUNTED_METHODS = [
  'getTypeAtLocation',
  'getSymbolAtLocation',
  'getResolvedSignature',
  'getTypeOfSymbolAtLocation',
  'getTypeOfSymbol',
  'getReturnTypeOfSignature',
  'getContextualType',
  'getAwaitedType',
  'getApparentType',
  'getPropertyOfType',
  'getPropertiesOfType',
  'getAliasedSymbol',
  'getBaseTypes',
  'isTypeAssignableTo',
  'typeToString',
] as const;

export interface QueryCount {
  calls: number;
  /** Wall milliseconds inside the outermost counted call. */
  ms: number;
  /** Calls by the syntax kind of the node argument, for methods that take one. */
  byKind: Record<string, number>;
}

/**
 * Wraps the checker's public query methods to count, per rule, how often each is called, on which node
 * kinds, and how long it takes. Internal checker calls do not go through these properties, so only the
 * queries rules make are counted.
 */
function countCheckerQueries(checker: ts.TypeChecker): {
  attribute(rule: string, listeners: Listeners): Listeners;
  result: Record<string, Record<string, QueryCount>>;
} {
  const result: Record<string, Record<string, QueryCount>> = {};
  let current = '(none)';
  let depth = 0;
  const target = checker as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const method of COUNTED_METHODS) {
    const original = target[method];
    if (typeof original !== 'function') continue;
    target[method] = function counted(this: unknown, ...args: unknown[]): unknown {
      const count = ((result[current] ??= {})[method] ??= { calls: 0, ms: 0, byKind: {} });
      count.calls++;
      const node = args[0] as ts.Node | undefined;
      if (node && typeof node === 'object' && 'kind' in node && 'pos' in node) {
        const kind = ts.SyntaxKind[node.kind] ?? String(node.kind);
        count.byKind[kind] = (count.byKind[kind] ?? 0) + 1;
      }
      const started = depth === 0 ? performance.now() : 0;
      depth++;
      try {
        return original.apply(this, args);
      } finally {
        depth--;
        if (depth === 0) count.ms += performance.now() - started;
      }
    };
  }
  return {
    attribute(rule, listeners) {
      const wrapped: Record<string, (node: ts.Node) => void> = {};
      for (const [key, handler] of Object.entries(listeners) as [string, ((node: ts.Node) => void) | undefined][]) {
        if (!handler) continue;
        wrapped[key] = (node) => {
          const previous = current;
          current = `${rule} ${key}`;
          try {
            handler(node);
          } finally {
            current = previous;
          }
        };
      }
      return wrapped as Listeners;
    },
    result,
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const hostAt = args.indexOf('--host');
  const host = hostAt === -1 ? 'ts' : args[hostAt + 1];
  const rulesAt = args.indexOf('--rules');
  const only = rulesAt === -1 ? undefined : (args[rulesAt + 1] ?? '').split(',').filter(Boolean);
  const target = args.find((arg, index) => !arg.startsWith('--') && args[index - 1] !== '--host' && args[index - 1] !== '--rules');
  if (!target || (host !== 'ts' && host !== 'ts-morph')) {
    process.stderr.write(
      'usage: node --import tsx scripts/bench/floor.ts <dir|tsconfig> [--host ts|ts-morph] [--no-types] [--rules id,id] [--count-queries]\n',
    );
    process.exitCode = 2;
  } else {
    const result = await runFloor(target, {
      host,
      types: !args.includes('--no-types'),
      countQueries: args.includes('--count-queries'),
      ...(only && { only }),
    });
    process.stdout.write(`${JSON.stringify(result)}\n`);
  }
}
