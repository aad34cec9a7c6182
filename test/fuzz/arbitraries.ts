import fs from 'node:fs';
import path from 'node:path';

import fc from 'fast-check';

import { REPO_ROOT } from '../helpers/run-cli.js';

/**
 * Generators for the whole-command fuzz test: broken and odd sources, file names, file kinds, configs,
 * tsconfigs and manifests. A `FuzzBatch` is one run of the binary: many cases, each in its own folder.
 */

export type Content = string | Uint8Array;

/** Entries that are not plain files: each is something a careless reader hangs or crashes on. */
export type Special = 'self-link' | 'dangling-link' | 'folder-loop' | 'fifo' | 'dev-zero-link' | 'dev-urandom-link' | 'folder-named-ts';

export interface FuzzCase {
  files: { name: string; content: Content }[];
  specials: Special[];
  /** Raw text of the case's tsconfig.json; undefined: none. */
  tsconfig?: Content;
  packageJson?: Content;
  gitignore?: string;
  /** Name the case's entries on the command line instead of its folder. */
  named: boolean;
}

export interface FuzzBatch {
  cases: FuzzCase[];
  /** Raw text of resilint.config.json at the workspace root; undefined: none. */
  config?: Content;
  /** True when `config` is not a valid configuration: the run must be exit 2 with one message. */
  configInvalid: boolean;
  /** The configuration's `failOn` (`error` when it sets none): which findings make the exit code 1. */
  failOn: 'error' | 'warning' | 'note' | 'never';
  ignore: string[];
}

const SEEDS: string[] = collectSeeds(path.join(REPO_ROOT, 'test/corpus'));

function collectSeeds(directory: string): string[] {
  const seeds: string[] = [];
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) seeds.push(...collectSeeds(full));
    else if (/\.ts$/u.test(entry.name) && !entry.name.endsWith('.test.ts')) seeds.push(fs.readFileSync(full, 'utf8'));
  }
  return seeds;
}

const TOKENS = [
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  '`',
  '${',
  '/*',
  '*/',
  '//',
  '"',
  "'",
  '/',
  '<',
  '>',
  ';',
  '=>',
  'async ',
  'await ',
  'catch',
  'try {',
  'finally',
  'throw ',
  '\\',
  '\u0000',
  '\uFEFF',
  '\u2028',
  '\r',
  '#!',
  '@',
  '?.',
  '??',
  'yield*',
  '<T,>',
  ' as any',
  '!',
  '...',
];

type Mutation =
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'duplicate'; at: number; length: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'line-endings'; eol: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.nat(300) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 6 })),
  }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.nat(400) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('line-endings' as const), eol: fc.constantFrom('\r', '\r\n', '\u2028', '\u2029', '\n\n') }),
);

function mutate(text: string, mutations: readonly Mutation[]): string {
  let result = text;
  for (const step of mutations) {
    const at = result.length === 0 ? 0 : ('at' in step ? step.at : 0) % result.length;
    if (step.kind === 'delete') result = result.slice(0, at) + result.slice(at + step.length);
    else if (step.kind === 'insert') result = result.slice(0, at) + step.text + result.slice(at);
    else if (step.kind === 'duplicate') result = result.slice(0, at + step.length) + result.slice(at, at + step.length) + result.slice(at + step.length);
    else if (step.kind === 'truncate') result = result.slice(0, at);
    else result = result.replace(/\n/gu, step.eol);
  }
  return result;
}

/** A real service file from the corpus with a few mutations: mostly almost-valid code. */
const mutatedSource: fc.Arbitrary<string> = fc
  .tuple(fc.nat(SEEDS.length - 1), fc.array(mutation, { maxLength: 4 }))
  .map(([index, mutations]) => mutate(SEEDS[index]!, mutations));

type Shape = 'parens' | 'arrays' | 'objects' | 'else-if' | 'then' | 'plus' | 'arrows' | 'ternary' | 'templates' | 'generics' | 'blocks' | 'calls' | 'assign';

/** Deep nesting and long chains, spread over lines (one line would be skipped as minified). */
function nested(shape: Shape, depth: number): string {
  switch (shape) {
    case 'parens':
      return `export const x = ${'(\n'.repeat(depth)}1${'\n)'.repeat(depth)};\n`;
    case 'arrays':
      return `export const x = ${'[\n'.repeat(depth)}${'\n]'.repeat(depth)};\n`;
    case 'objects':
      return `export const x = ${'{ a:\n'.repeat(depth)}1${'\n}'.repeat(depth)};\n`;
    case 'else-if':
      return `export function f(n: number): number {\n  if (n === 0) return 0;\n${Array.from({ length: depth }, (_, index) => `  else if (n === ${index + 1}) return ${index};\n`).join('')}  return -1;\n}\n`;
    case 'then':
      return `export const p = Promise.resolve(1)\n${'  .then((v) => v)\n'.repeat(depth)}  .catch(() => {});\n`;
    case 'plus':
      return `export const s = 'a'\n${"  + 'a'\n".repeat(depth)};\n`;
    case 'arrows':
      return `export const f = ${'() =>\n'.repeat(depth)}1;\n`;
    case 'ternary':
      return `export const t = (n: number) => ${'n ? n :\n'.repeat(depth)}0;\n`;
    case 'templates':
      return `export const t = ${'`${\n'.repeat(depth)}1${'\n}`'.repeat(depth)};\n`;
    case 'generics':
      return `export type T = ${'Array<\n'.repeat(depth)}string${'\n>'.repeat(depth)};\n`;
    case 'blocks':
      return `export function f(): void {\n${'{\n'.repeat(depth)}try { f(); } catch {}\n${'}\n'.repeat(depth)}}\n`;
    case 'calls':
      return `declare function g(x: unknown): unknown;\nexport const c = ${'g(\n'.repeat(depth)}1${'\n)'.repeat(depth)};\n`;
    case 'assign':
      return `let a: number;\n${'a =\n'.repeat(depth)}1;\n`;
  }
}

const deepSource: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom<Shape>('parens', 'arrays', 'objects', 'else-if', 'then', 'plus', 'arrows', 'ternary', 'templates', 'generics', 'blocks', 'calls', 'assign'),
    fc.oneof(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 200, max: 1_500 }), fc.integer({ min: 1_500, max: 6_000 })),
  )
  .map(([shape, depth]) => nested(shape, depth));

const ODD_SOURCES = [
  '',
  '\uFEFF',
  '\u0000\u0000\u0000',
  '#!/usr/bin/env node\n',
  '/*',
  '`${',
  '"unterminated',
  '/[/',
  '<div>',
  '// @generated\nexport const x = 1;\n',
  '// resilint-disable\ntry { x(); } catch {}\n',
  '// resilint-disable-next-line resilint/\ntry { x(); } catch {}\n',
  '/* eslint-disable */ /* resilint-enable */ try { x(); } catch {}\n',
  '// resilint-disable-line no-such-rule, , ,\ntry { x(); } catch {}\n',
  'export {};\n'.repeat(5000),
  `export const ${'x'.repeat(20_000)} = 1;\n`,
  `var a=${'1+'.repeat(3_000)}1;\n`,
  `${'('.repeat(8_000)}${')'.repeat(8_000)}\n`,
  'try { x(); } catch {}\r\n'.repeat(300),
  'try { x(); } catch {}\u2028'.repeat(400),
  'const a = 1;\r'.repeat(600),
  'export default class { constructor() { super(); } }\n',
  'import x from "./self";\nexport * from "./self";\nexport default x;\n',
  'declare module "*";\n',
  'enum E { A = E.A }\n',
  'type T = T[];\nexport const t: T = [];\n',
  'export const f = async function* () { for await (const x of f()) yield* x; };\n',
];

const oddSource: fc.Arbitrary<Content> = fc.oneof(
  fc.constantFrom(...ODD_SOURCES),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }),
  fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map((tokens) => tokens.join(' ')),
);

export const source: fc.Arbitrary<Content> = fc.oneof(
  { weight: 5, arbitrary: mutatedSource },
  { weight: 2, arbitrary: deepSource },
  { weight: 3, arbitrary: oddSource },
);

const BASE_NAMES = [
  'a',
  'a b',
  'ü',
  '日本',
  '#hash',
  '%s',
  '-dash',
  '.hidden',
  'x'.repeat(180),
  'index',
  'x.test',
  'x.spec',
  'x.d',
  'x.min',
  'a\nb',
  "quote'",
  'semi;colon',
  'back\\slash',
  '$dollar',
  '*star',
  '[bracket]',
  '{brace}',
];
const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.TS', '.ts.ts', '.json', ''];
const FOLDERS = ['', 'src/', 'node_modules/', 'dist/', 'test/', 'deep/er/still/', '__tests__/', 'x.ts/', '.git/'];

export const fileName: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...FOLDERS), fc.constantFrom(...BASE_NAMES), fc.constantFrom(...EXTENSIONS))
  .map(([folder, base, extension]) => `${folder}${base}${extension}`);

const COMPILER_OPTIONS = [
  { strict: true },
  { allowJs: true, checkJs: true },
  { jsx: 'react-jsx' },
  { target: 5 },
  { lib: ['nope'] },
  { types: ['does-not-exist'] },
  { paths: { '*': [null] } },
  { module: 'NodeNext', moduleResolution: 'NodeNext' },
  { moduleResolution: 'bogus' },
  { noLib: true },
  { rootDir: 'elsewhere' },
  null,
  'strict',
];

const tsconfig: fc.Arbitrary<Content> = fc.oneof(
  fc
    .record({ compilerOptions: fc.constantFrom(...COMPILER_OPTIONS), include: fc.constantFrom(undefined, ['.'], ['**/*'], [], ['nope/**'], [5], 'src') })
    .map((value) => JSON.stringify(value)),
  fc.constantFrom(
    '',
    'null',
    '[]',
    '5',
    '{',
    '\uFEFF{"compilerOptions":{"strict":true}}',
    '{ // comment\n "compilerOptions": { "strict": true, }, }',
    '{"references":[{"path":5}]}',
    '{"references":[null]}',
    '{"references":{"path":"x"}}',
    '{"references":[{"path":"."}]}',
    '{"references":[{"path":"../control"}]}',
    '{"references":[{"path":"nope"}]}',
    '{"files":["missing.ts"]}',
    '{"files":[5, null]}',
    '{"extends":"./tsconfig.json"}',
    '{"extends":"nope"}',
    '{"extends":["../control/tsconfig.json"]}',
    '{"extends":5}',
    '{"include":["../control/**/*"]}',
  ),
  fc.integer({ min: 1, max: 5_000 }).map((depth) => `{"x": ${'['.repeat(depth)}${']'.repeat(depth)}}`),
  fc.integer({ min: 1, max: 5_000 }).map((depth) => `{"compilerOptions": ${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`),
  fc.uint8Array({ maxLength: 60 }),
);

const packageJson: fc.Arbitrary<Content> = fc.oneof(
  fc.constantFrom(
    '{"name":"x","type":"module","dependencies":{"axios":"1.0.0","got":"^14"}}',
    '\uFEFF{"name":"bom","dependencies":{"axios":"1.0.0"}}',
    '{"dependencies":5}',
    '{"dependencies":{"axios":null}}',
    'null',
    '[]',
    '{',
    '',
  ),
  fc.integer({ min: 1, max: 5_000 }).map((depth) => `{"dependencies": ${'['.repeat(depth)}${']'.repeat(depth)}}`),
);

const gitignore = fc.constantFrom('*', '!', '\\', '[', '**/*.ts\n!keep.ts', '\uFEFF*.js', '/', '#', '\u0000');

const special = fc.constantFrom<Special>('self-link', 'dangling-link', 'folder-loop', 'fifo', 'dev-zero-link', 'dev-urandom-link', 'folder-named-ts');

export const fuzzCase: fc.Arbitrary<FuzzCase> = fc.record(
  {
    files: fc.array(fc.record({ name: fileName, content: source }), { minLength: 1, maxLength: 4 }),
    specials: fc.array(special, { maxLength: 2 }),
    tsconfig,
    packageJson,
    gitignore,
    named: fc.boolean(),
  },
  { requiredKeys: ['files', 'specials', 'named'] },
);

/** Globs that never name the control folder: the control's findings must survive every batch. */
const IGNORE_GLOBS = [
  '',
  '#',
  '**/*.gen.ts',
  'c0/**',
  'c1',
  '[',
  '\\',
  '{a,b',
  'c2/*.[jt]s',
  '**/node_modules',
  './c3',
  '*.js',
  '**/x.ts/**',
  'c*/deep/**',
  '**/*.d.ts',
];

const validConfig = fc
  .record(
    {
      ignore: fc.array(fc.constantFrom(...IGNORE_GLOBS), { maxLength: 3 }),
      failOn: fc.constantFrom('error', 'warning', 'note', 'never'),
      includeTests: fc.boolean(),
      maxFileSizeKb: fc.constantFrom(1, 64, 1024, 100_000),
    },
    { requiredKeys: [] },
  )
  .chain((config) => fc.tuple(fc.constant(config), fc.boolean()))
  .map(([config, bom]) => ({ text: `${bom ? '\uFEFF' : ''}${JSON.stringify(config)}`, failOn: config.failOn ?? ('error' as const) }));

const INVALID_CONFIGS = [
  '{',
  '[]',
  'null',
  '{"ignore":["!"]}',
  '{"ignore":"src"}',
  '{"rules":{"no-such-rule":"error"}}',
  '{"failOn":"sometimes"}',
  '{"maxFileSizeKb":"big"}',
  '{"preset":"nope"}',
  `{"x": ${'['.repeat(4_000)}${']'.repeat(4_000)}}`,
];

export const fuzzBatch = (size: number): fc.Arbitrary<FuzzBatch> =>
  fc
    .record({
      cases: fc.array(fuzzCase, { minLength: size, maxLength: size }),
      config: fc.oneof(
        { weight: 6, arbitrary: validConfig },
        { weight: 2, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.constantFrom(...INVALID_CONFIGS).map((text) => ({ text, invalid: true as const })) },
      ),
      ignore: fc.array(fc.constantFrom(...IGNORE_GLOBS), { maxLength: 2 }),
    })
    .map(({ cases, config, ignore }) => ({
      cases,
      config: config?.text,
      configInvalid: config !== undefined && 'invalid' in config,
      failOn: config !== undefined && 'failOn' in config ? config.failOn : ('error' as const),
      ignore,
    }));
