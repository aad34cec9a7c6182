import type { AnyResilintRule } from '../rules/engine/create-rule.js';
import type { ResilintDocs } from '../rules/engine/types.js';
import { rules } from '../rules/index.js';

export type PresetName = ResilintDocs['recommended'];

/** Each preset includes the rules of the presets before it. */
export const PRESET_ORDER: readonly PresetName[] = ['recommended', 'recommended-type-checked', 'strict-type-checked'];

export const FILES = ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'];

/** Folders of tests, mocks and end-to-end suites: the presets leave them alone, `analyze` does not walk into them. */
export const TEST_DIRECTORIES = ['__tests__', '__mocks__', 'test', 'tests', 'e2e'];
/** `<name>.test.ts`, `<name>.spec.ts`, `<name>.e2e.ts`, `<name>.e2e-spec.ts` (Nest's e2e suites). */
export const TEST_FILE_SUFFIXES = ['test', 'spec', 'e2e', 'e2e-spec'];

/**
 * Test code, which the presets do not lint: a test runner bounds its time, a failed assertion is its error
 * handling, and its fixtures throw strings on purpose. Rules meant for production code report hundreds of
 * findings there that no one acts on (283 of 392 on novu's API and worker).
 */
export const TEST_FILES = [
  `**/*.{${TEST_FILE_SUFFIXES.join(',')}}.{ts,tsx,mts,cts,js,jsx,mjs,cjs}`,
  // Spelled with the extensions: ESLint does not lint a file that only a pattern ending in `**` matches.
  `**/{${TEST_DIRECTORIES.join(',')}}/**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}`,
];

const TEST_FILE_NAME = new RegExp(`\\.(?:${TEST_FILE_SUFFIXES.join('|')})\\.[cm]?[jt]sx?$`, 'u');

/** Whether a file name is a test file's: `orders.test.ts`, `app.e2e-spec.ts`. */
export function isTestFileName(name: string): boolean {
  return TEST_FILE_NAME.test(name);
}

/** `error` for rules whose precision is high or better, `warn` otherwise. */
export function defaultSeverity(rule: AnyResilintRule): 'error' | 'warn' {
  return rule.meta.docs.precision === 'very-high' || rule.meta.docs.precision === 'high' ? 'error' : 'warn';
}

/** The rule ids a preset enables, derived from each rule's `meta.docs.recommended`. */
export function presetRules(preset: PresetName): Record<string, 'error' | 'warn'> {
  const level = PRESET_ORDER.indexOf(preset);
  const entries = Object.entries(rules as Record<string, AnyResilintRule>)
    .filter(([, rule]) => PRESET_ORDER.indexOf(rule.meta.docs.recommended) <= level)
    .map(([name, rule]) => [`resilint/${name}`, defaultSeverity(rule)] as const);
  return Object.fromEntries(entries);
}

/**
 * The settings of ESLint core and typescript-eslint rules that report the same lines as a resilint rule
 * (each rule's `meta.docs.overlaps`), merged: the `disable-overlap` config, placed after typescript-eslint's.
 */
export function overlapRules(): Record<string, 'off' | ['error', Record<string, unknown>]> {
  const settings: Record<string, 'off' | ['error', Record<string, unknown>]> = {};
  for (const rule of Object.values(rules as Record<string, AnyResilintRule>)) {
    for (const [name, setting] of Object.entries(rule.meta.docs.overlaps ?? {})) {
      settings[name] = setting === 'off' ? 'off' : ['error', { ...setting[1] }];
    }
  }
  return settings;
}
