import tsParser from '@typescript-eslint/parser';
import type { TSESLint } from '@typescript-eslint/utils';

import { rules } from '../rules/index.js';
import { PLUGIN_VERSION } from './version.js';
import { FILES, NON_PRODUCTION_FILES, overlapRules, PRESET_ORDER, type PresetName, presetRules } from './presets.js';

// The shape of `settings.resilint.models`, for typed configs (docs/models.md).
export type { HandlerRegistrationRow, LibraryModel, PromiseMethodRow } from '../rules/models/library-model.js';
export { defaultSeverity, FILES, NON_PRODUCTION_FILES, overlapRules, PRESET_ORDER, type PresetName, presetRules, TEST_FILES } from './presets.js';

// The public types are structural and written as type aliases, as typescript-eslint's compatibility types
// are: ESLint's `defineConfig` (whose LanguageOptions is a string-indexed record) and typescript-eslint's
// `FlatConfig.Config` both accept them, which neither does for the other's named interfaces.
export type CompatibleParser = {
  parseForESLint(text: string): { ast: unknown; scopeManager: unknown };
};
export type CompatiblePlugin = {
  meta: { name: string; version: string; namespace: string };
};
export type ResilintConfig = {
  name: string;
  files: string[];
  ignores: string[];
  plugins: { resilint: CompatiblePlugin };
  settings: { resilint: { skipTestContent: boolean } };
  languageOptions: { parser: CompatibleParser; parserOptions?: { projectService: boolean } };
  rules: Record<string, 'error' | 'warn'>;
};
/** Turns off, or narrows, the typescript-eslint and ESLint core rules that report the same lines as resilint's. */
export type OverlapConfig = {
  name: string;
  rules: Record<string, 'off' | ['error', Record<string, unknown>]>;
};

const plugin: CompatiblePlugin & {
  configs: Record<PresetName, ResilintConfig> & { 'disable-overlap': OverlapConfig };
  rules: Record<string, TSESLint.LooseRuleDefinition>;
} = {
  meta: { name: 'eslint-plugin-resilint', version: PLUGIN_VERSION, namespace: 'resilint' },
  rules: rules as Record<string, TSESLint.LooseRuleDefinition>,
  configs: {} as Record<PresetName, ResilintConfig> & { 'disable-overlap': OverlapConfig },
};

function preset(name: PresetName): ResilintConfig {
  const typeChecked = name !== 'recommended';
  return {
    name: `resilint/${name}`,
    files: FILES,
    ignores: NON_PRODUCTION_FILES,
    // Test code that lives next to production code (a helper that imports vitest) is known by its content.
    settings: { resilint: { skipTestContent: true } },
    plugins: { resilint: plugin },
    languageOptions: {
      parser: tsParser as CompatibleParser,
      ...(typeChecked && { parserOptions: { projectService: true } }),
    },
    rules: presetRules(name),
  };
}

for (const name of PRESET_ORDER) {
  plugin.configs[name] = preset(name);
}
plugin.configs['disable-overlap'] = { name: 'resilint/disable-overlap', rules: overlapRules() };

export default plugin;

// The plugin's parts as named exports too: CommonJS configs load this ES module with require() (Node
// 20.19 and later), which returns the module namespace, so `require('eslint-plugin-resilint').configs`
// and `plugins: { resilint: require('eslint-plugin-resilint') }` work as they do with CommonJS plugins.
export const { meta, rules: pluginRules, configs } = plugin;
export { pluginRules as rules };
