import type { AnyResilintRule } from '../rules/engine/create-rule.js';
import type { ResilintDocs } from '../rules/engine/types.js';
import { nonProductionGlobs } from '../rules/engine/classify-file.js';
import { rules } from '../rules/index.js';

export type PresetName = ResilintDocs['recommended'];

/** Each preset includes the rules of the presets before it. */
export const PRESET_ORDER: readonly PresetName[] = ['recommended', 'recommended-type-checked', 'strict-type-checked'];

export const FILES = ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'];

/**
 * Code that is not production code, which the presets do not lint: tests, test helpers, examples, scripts,
 * benchmarks and fixtures, by path (rules/engine/classify-file.ts, shared with `analyze`'s directory walk).
 * A test runner bounds a test's time, a failed assertion is its error handling, and fixtures throw strings
 * on purpose: on seven public code bases a quarter of all findings sat there, and none was worth keeping.
 */
export const NON_PRODUCTION_FILES = nonProductionGlobs();

/** Test files and folders alone, for a config object that lints them too (README, "test code"). */
export const TEST_FILES = nonProductionGlobs(['tests']);

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
