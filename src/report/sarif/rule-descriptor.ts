import { defaultSeverity } from '../../../eslint-plugin/presets.js';
import type { AnyResilintRule } from '../../../rules/engine/create-rule.js';
import { rules } from '../../../rules/index.js';
import { getRuleDoc } from '../../findings/rule-docs.js';
import type { SarifLevel, SarifReportingDescriptor } from './types.js';

/** What ESLint's `context.rulesMeta` holds for any rule, resilint's or not. */
export interface LooseRuleMeta {
  type?: string;
  docs?: { description?: string; url?: string };
}

/**
 * The SARIF rule of `ruleId`. resilint's rules (under any plugin prefix) are described from their own
 * meta and doc page, so `resilint analyze` and the ESLint formatter describe them identically; other
 * rules get what their `meta` offers.
 */
export function buildRuleDescriptor(ruleId: string, meta?: LooseRuleMeta): SarifReportingDescriptor {
  const rule = getResilintRule(ruleId, meta);
  return rule ? describeResilintRule(ruleId, rule) : describeForeignRule(ruleId, meta);
}

function getResilintRule(ruleId: string, meta: LooseRuleMeta | undefined): AnyResilintRule | undefined {
  const name = ruleId.slice(ruleId.lastIndexOf('/') + 1);
  const rule = (rules as Record<string, AnyResilintRule | undefined>)[name];
  if (!rule) return undefined;
  // Under another prefix a rule of the same name may belong to another plugin: the doc URL tells.
  if (!ruleId.startsWith('resilint/') && meta?.docs?.url !== rule.meta.docs.url) return undefined;
  return rule;
}

function describeResilintRule(ruleId: string, rule: AnyResilintRule): SarifReportingDescriptor {
  const { docs } = rule.meta;
  const doc = getRuleDoc(rule.name);
  const failureMode = doc?.failureMode ? flatten(doc.failureMode) : undefined;
  const level: SarifLevel = defaultSeverity(rule) === 'error' ? 'error' : 'warning';
  return {
    id: ruleId,
    name: pascalCase(rule.name),
    shortDescription: { text: docs.description },
    fullDescription: { text: failureMode ? `${docs.description.replace(/\.$/u, '')}. ${failureMode}` : docs.description },
    help: {
      text: [docs.description, failureMode, `Documentation: ${docs.url}`].filter(Boolean).join('\n\n'),
      markdown: doc?.markdown ?? `${docs.description}\n\n[Documentation](${docs.url})`,
    },
    helpUri: docs.url,
    defaultConfiguration: { level },
    properties: {
      tags: [docs.family, 'reliability', ...docs.cwe.map(cweTag), ...docs.cwe.map((cwe) => cwe.toUpperCase())],
      precision: docs.precision,
    },
  };
}

function describeForeignRule(ruleId: string, meta: LooseRuleMeta | undefined): SarifReportingDescriptor {
  const description = meta?.docs?.description;
  return {
    id: ruleId,
    ...(description && { shortDescription: { text: description }, fullDescription: { text: description } }),
    ...(meta?.docs?.url && { helpUri: meta.docs.url }),
    ...(meta?.type && { properties: { tags: [meta.type] } }),
  };
}

/** GitHub reads CWE ids from tags of this exact lower-case shape, the one CodeQL uses. */
export function cweTag(cwe: string): string {
  const number = /(\d+)$/u.exec(cwe)?.[1] ?? cwe;
  return `external/cwe/cwe-${number.padStart(3, '0')}`;
}

function pascalCase(name: string): string {
  return name.replace(/(^|-)([a-z])/gu, (_whole, _dash: string, letter: string) => letter.toUpperCase());
}

// Markdown paragraphs as one line of plain text: SARIF `text` fields are shown verbatim.
function flatten(markdown: string): string {
  return markdown
    .replace(/`([^`]*)`/gu, '$1')
    .replace(/\s+/gu, ' ')
    .trim();
}
