import type { AnyResilintRule } from '../rules/engine/create-rule.js';
import type { ResilintDocs } from '../rules/engine/types.js';
import { rules } from '../rules/index.js';

export type PresetName = ResilintDocs['recommended'];

/** Each preset includes the rules of the presets before it. */
export const PRESET_ORDER: readonly PresetName[] = ['recommended', 'recommended-type-checked', 'strict-type-checked'];

export const FILES = ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'];

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
