import tsParser from '@typescript-eslint/parser';
import type { TSESLint } from '@typescript-eslint/utils';

import type { AnyResilintRule } from '../rules/engine/create-rule.js';
import type { ResilintDocs } from '../rules/engine/types.js';
import { rules } from '../rules/index.js';
import { PACKAGE_VERSION } from '../src/version.js';

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

const plugin = {
  meta: { name: 'eslint-plugin-resilint', version: PACKAGE_VERSION, namespace: 'resilint' },
  rules: rules as Record<string, TSESLint.LooseRuleDefinition>,
  configs: {} as Record<PresetName, TSESLint.FlatConfig.Config>,
};

function preset(name: PresetName): TSESLint.FlatConfig.Config {
  const typeChecked = name !== 'recommended';
  return {
    name: `resilint/${name}`,
    files: FILES,
    plugins: { resilint: plugin },
    languageOptions: {
      parser: tsParser,
      ...(typeChecked && { parserOptions: { projectService: true } }),
    },
    rules: presetRules(name),
  };
}

for (const name of PRESET_ORDER) {
  plugin.configs[name] = preset(name);
}

export default plugin;
