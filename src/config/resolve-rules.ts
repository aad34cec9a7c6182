import { Ajv } from 'ajv';

import { presetRules } from '../../eslint-plugin/presets.js';
import { applyDefault } from '../../rules/engine/apply-default.js';
import type { AnyResilintRule } from '../../rules/engine/create-rule.js';
import { rules } from '../../rules/index.js';
import { ConfigurationError } from '../errors.js';
import type { Severity } from '../findings/finding.js';
import type { PresetName, ResilintConfig, SeveritySetting } from './load-config.js';

export interface EnabledRule {
  /** Without prefix: `no-swallowed-error`. */
  name: string;
  rule: AnyResilintRule;
  severity: Severity;
  /** With the rule's defaults applied, exactly as the ESLint host applies them. */
  options: readonly unknown[];
}

const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: false });

/**
 * `analyze` runs every rule unless told otherwise: it is run on purpose, before a release or in CI, where a
 * finding is read once (and triaged by the LLM stage or a baseline); the plugin's `recommended` presets,
 * which run on every save, keep only the rules that are precise on real code (README, presets).
 */
export const DEFAULT_PRESET: PresetName = 'strict-type-checked';

/** The preset's rules adjusted by `config.rules`; unknown rule ids and invalid options are configuration errors. */
export function resolveRules(config: ResilintConfig): EnabledRule[] {
  const settings = new Map<string, { severity: Severity | 'off'; options: unknown[] }>();
  for (const [id, level] of Object.entries(presetRules(config.preset ?? DEFAULT_PRESET))) {
    settings.set(id.replace(/^resilint\//u, ''), { severity: toSeverity(level, id), options: [] });
  }
  for (const [id, setting] of Object.entries(config.rules ?? {})) {
    const name = id.replace(/^resilint\//u, '');
    if (!(name in rules)) {
      throw new ConfigurationError(`Unknown rule "${id}" in the configuration. Known rules: ${Object.keys(rules).join(', ')}.`);
    }
    const [level, ...options] = Array.isArray(setting) ? setting : [setting];
    settings.set(name, { severity: toSeverity(level, id), options });
  }
  const enabled: EnabledRule[] = [];
  for (const [name, { severity, options }] of settings) {
    if (severity === 'off') continue;
    const rule = (rules as Record<string, AnyResilintRule>)[name]!;
    validateOptions(name, rule, options);
    enabled.push({ name, rule, severity, options: applyDefault(rule.meta.defaultOptions ?? [], options) });
  }
  return enabled.sort((a, b) => a.name.localeCompare(b.name));
}

function toSeverity(level: SeveritySetting, id: string): Severity | 'off' {
  switch (level) {
    case 'off':
    case 0:
      return 'off';
    case 'note':
      return 'note';
    case 'warn':
    case 'warning':
    case 1:
      return 'warning';
    case 'error':
    case 2:
      return 'error';
    default:
      throw new ConfigurationError(`Invalid severity ${JSON.stringify(level)} for rule "${id}": use "off", "note", "warn" or "error".`);
  }
}

const validators = new Map<string, ReturnType<Ajv['compile']>>();

// Same shape ESLint gives an array schema: positional items, no more options than the schema lists.
function validateOptions(name: string, rule: AnyResilintRule, options: unknown[]): void {
  const schema = rule.meta.schema;
  let validator = validators.get(name);
  if (!validator) {
    const arraySchema =
      Array.isArray(schema) && schema.length > 0
        ? { type: 'array', items: schema, minItems: 0, maxItems: schema.length }
        : Array.isArray(schema) || !schema
          ? { type: 'array', maxItems: 0 }
          : schema;
    validator = ajv.compile(arraySchema as object);
    validators.set(name, validator);
  }
  if (!validator(options)) {
    const problems = (validator.errors ?? []).map((error) => `${error.instancePath || '(options)'} ${error.message ?? ''}`).join('; ');
    throw new ConfigurationError(`Invalid options for rule "resilint/${name}": ${problems}. See docs/rules/${name}.md.`);
  }
}
