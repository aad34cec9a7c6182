/**
 * Which files are production code. The rules are about code that runs in production; on seven public
 * code bases a quarter of all findings sat in tests, test helpers, examples, scripts, benchmarks and
 * fixtures, and every sampled one was noise. Both hosts decide from this module: `analyze`'s directory
 * walk skips these files (one notice with the counts per kind), and the ESLint presets ignore the same
 * paths (`nonProductionGlobs`) and skip files whose content is test code (`isTestContent`).
 */

/** The kinds of code that is not production code, each of which a user can bring back on its own. */
export const NON_PRODUCTION_KINDS = ['tests', 'examples', 'scripts', 'benchmarks', 'fixtures'] as const;
export type NonProductionKind = (typeof NON_PRODUCTION_KINDS)[number];

interface KindPaths {
  /** Folder names: every file below a folder of this name is of the kind. */
  directories: readonly string[];
  /** `<name>.<suffix>.<ext>`: `orders.test.ts`, `app.e2e-spec.ts`, `queue.bench.js`. */
  suffixes: readonly string[];
  /** Base names without the extension: `test-setup.js`, `spec-utils.ts`. */
  baseNames: readonly string[];
}

export const NON_PRODUCTION_PATHS: Readonly<Record<NonProductionKind, KindPaths>> = {
  tests: {
    directories: [
      '__tests__',
      '__mocks__',
      'test',
      'tests',
      'e2e',
      'ecosystem-tests',
      'test-utils',
      'test-helpers',
      'testutils',
      'spec-utils',
      '__snapshots__',
      'cypress',
      'playwright',
    ],
    suffixes: ['test', 'spec', 'e2e', 'e2e-spec', 'stories', 'story', 'cy'],
    baseNames: [
      'test-setup',
      'test-utils',
      'test-helpers',
      'testUtils',
      'testHelpers',
      'spec-utils',
      'spec-helper',
      'specUtils',
      'setupTests',
      'setup-tests',
      'jest.setup',
      'vitest.setup',
      'jest.config',
      'vitest.config',
      'vitest.workspace',
      'playwright.config',
      'cypress.config',
      'karma.conf',
      '.mocharc',
    ],
  },
  examples: { directories: ['examples', 'example', 'samples', 'sample', 'demo', 'demos'], suffixes: ['example'], baseNames: [] },
  scripts: { directories: ['scripts'], suffixes: [], baseNames: [] },
  benchmarks: { directories: ['bench', 'benchmark', 'benchmarks', '__benchmarks__'], suffixes: ['bench', 'benchmark'], baseNames: [] },
  fixtures: { directories: ['fixtures', '__fixtures__', 'fixture', 'testdata', 'test-data'], suffixes: [], baseNames: [] },
};

const EXTENSIONS = 'ts,tsx,mts,cts,js,jsx,mjs,cjs';
const EXTENSION = /\.[cm]?[jt]sx?$/u;

/**
 * Flat-config globs of the kinds' paths, spelled with the extensions: ESLint does not lint a file that
 * only a pattern ending in `**` matches.
 */
export function nonProductionGlobs(kinds: readonly NonProductionKind[] = NON_PRODUCTION_KINDS): string[] {
  const globs: string[] = [];
  for (const kind of kinds) {
    const { directories, suffixes, baseNames } = NON_PRODUCTION_PATHS[kind];
    globs.push(`**/${alternatives(directories)}/**/*.{${EXTENSIONS}}`);
    if (suffixes.length > 0) globs.push(`**/*.${alternatives(suffixes)}.{${EXTENSIONS}}`);
    if (baseNames.length > 0) globs.push(`**/${alternatives(baseNames)}.{${EXTENSIONS}}`);
  }
  return globs;
}

// `{a,b}`; a single name without braces, which minimatch would read literally.
function alternatives(names: readonly string[]): string {
  return names.length === 1 ? names[0]! : `{${names.join(',')}}`;
}

/** The kind of a folder, by its name alone: `examples` -> examples. */
export function classifyDirectoryName(name: string): NonProductionKind | undefined {
  return NON_PRODUCTION_KINDS.find((kind) => NON_PRODUCTION_PATHS[kind].directories.includes(name));
}

/** The kind of a file, by its name alone: `orders.spec.ts` -> tests, `queue.bench.js` -> benchmarks. */
export function classifyFileName(name: string): NonProductionKind | undefined {
  if (!EXTENSION.test(name)) return undefined;
  const stem = name.replace(EXTENSION, '');
  const suffix = /\.([\w-]+)$/u.exec(stem)?.[1];
  return NON_PRODUCTION_KINDS.find((kind) => {
    const { suffixes, baseNames } = NON_PRODUCTION_PATHS[kind];
    return (suffix !== undefined && suffixes.includes(suffix)) || baseNames.includes(stem);
  });
}

/** The kind of a `/`-separated path by its folders and name: `packages/api/examples/bot.ts` -> examples. */
export function classifyPath(posixPath: string): NonProductionKind | undefined {
  const parts = posixPath.split('/');
  const name = parts.pop() ?? '';
  for (const part of parts) {
    const kind = classifyDirectoryName(part);
    if (kind) return kind;
  }
  return classifyFileName(name);
}

// import { describe } from 'vitest'; import test from 'node:test'; require('mocha'); '@playwright/test',
// ava, tap, tape, cypress, '@jest/globals', '@storybook/…', '@testing-library/…'.
const TEST_FRAMEWORK_IMPORT =
  /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"](?:vitest|@vitest\/[\w./-]+|jest|@jest\/globals|mocha|node:test|ava|tap|tape|@playwright\/test|cypress|@storybook\/[\w./-]+|@testing-library\/[\w./-]+)['"]/u;
// Deno.test('name', ...) and jest.mock('./db') / vi.mock('./db') at the start of a line.
const TEST_FRAMEWORK_CALL = /\bDeno\.test\s*\(|^[ \t]*(?:jest|vi)\.mock\s*\(/mu;
// describe('...', ...), it('...', ...), test.each(...)('...', ...) at the start of a line: the globals of
// jest, mocha and vitest. Alone they could be a function of the code's own; with an assertion they are a suite.
const SUITE_CALL = /^[ \t]*(?:describe|it|test|suite)(?:\.(?:only|skip|each|concurrent))?\s*\(\s*['"`]/mu;
const ASSERTION = /\bexpect\s*\(|\bassert(?:\.\w+)?\s*\(|\bbeforeEach\s*\(|\bafterEach\s*\(/u;

/** Whether a file's text is test code: it imports or calls a test framework. */
export function isTestContent(text: string): boolean {
  return TEST_FRAMEWORK_IMPORT.test(text) || TEST_FRAMEWORK_CALL.test(text) || (SUITE_CALL.test(text) && ASSERTION.test(text));
}
