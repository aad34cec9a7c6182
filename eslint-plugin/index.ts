import tsParser from '@typescript-eslint/parser';
import type { TSESLint } from '@typescript-eslint/utils';

import { rules } from '../rules/index.js';
import { PACKAGE_VERSION } from '../src/version.js';
import { FILES, PRESET_ORDER, type PresetName, presetRules, TEST_FILES } from './presets.js';

export { defaultSeverity, FILES, PRESET_ORDER, type PresetName, presetRules, TEST_FILES } from './presets.js';

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
    ignores: TEST_FILES,
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
