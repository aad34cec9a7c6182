import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { describe, expect, it } from 'vitest';

import { type AnyResilintRule, DOCS_BASE_URL } from '../rules/engine/create-rule.js';
import { FAMILIES } from '../rules/engine/types.js';
import { rules } from '../rules/index.js';
import { REPO_ROOT } from './helpers/lint-snippet.js';
import { loadPluginFromSource } from './helpers/plugin-source.js';
import { getSectionText, getSubheadings, listRuleDocIds, type ParsedDoc, readRuleDoc, ruleDocPath } from './helpers/rule-doc.js';

// The package's consistency guard: meta is the single source of truth, and everything derived from it
// (the rules record, the plugin, the presets, the rule pages) must agree with it.

const plugin = await loadPluginFromSource();
const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
const ruleRecord = rules as Record<string, AnyResilintRule>;
const ruleIds = Object.keys(ruleRecord).sort();

const RULES_DIR = path.join(REPO_ROOT, 'rules');
const ruleFiles = fs
  .readdirSync(RULES_DIR)
  .filter((name) => /\.ts$/u.test(name) && !name.endsWith('.d.ts') && name !== 'index.ts')
  .map((name) => name.slice(0, -'.ts'.length))
  .sort();

/** Lightest first; each preset includes the rules of the ones before it. */
const PRESETS = ['recommended', 'recommended-type-checked', 'strict-type-checked'] as const;

const REQUIRED_SECTIONS: readonly (readonly [level: number, text: string])[] = [
  [2, 'Failure mode'],
  [2, 'Examples'],
  [3, 'Incorrect'],
  [3, 'Correct'],
  [2, 'Options'],
  [2, 'Type information'],
  [2, 'When not to use it'],
  [2, 'Related rules'],
];

interface SchemaProperty {
  description?: unknown;
  [key: string]: unknown;
}

/** The option properties of a rule's schema: `[{ type: 'object', properties }]` or `{ properties }`. */
function schemaProperties(rule: AnyResilintRule): Record<string, SchemaProperty> {
  const schema = rule.meta.schema as unknown;
  const entries = Array.isArray(schema) ? schema : schema ? [schema] : [];
  const properties: Record<string, SchemaProperty> = {};
  for (const entry of entries as { properties?: Record<string, SchemaProperty> }[]) {
    Object.assign(properties, entry.properties ?? {});
  }
  return properties;
}

function defaultOf(rule: AnyResilintRule, option: string): unknown {
  const [first] = (rule.meta.defaultOptions ?? []) as unknown[];
  return first && typeof first === 'object' ? (first as Record<string, unknown>)[option] : undefined;
}

/** Whether a doc section states `value`, written as JSON or in JS notation (quotes of either kind, any spacing). */
function mentionsValue(section: string, value: unknown): boolean {
  const normalize = (text: string): string => text.replace(/\s+/gu, '').replace(/'/gu, '"').replace(/_/gu, '');
  const haystack = normalize(section);
  if (typeof value === 'string' && section.includes(value)) return true;
  return haystack.includes(normalize(JSON.stringify(value)));
}

describe('rules/index.ts', () => {
  it('has rules', () => {
    expect(ruleIds.length).toBeGreaterThan(0);
  });

  it('lists exactly the rule files in rules/', () => {
    expect(ruleIds).toEqual(ruleFiles);
  });

  it.each(ruleFiles)('exports the default export of rules/%s.ts under its name', async (file) => {
    const module = (await import(pathToFileURL(path.join(RULES_DIR, `${file}.ts`)).href)) as { default: AnyResilintRule };
    expect(module.default.name).toBe(file);
    expect(ruleRecord[file]).toBe(module.default);
  });
});

describe('eslint-plugin', () => {
  it('is named and versioned like the package', () => {
    expect(plugin.meta.name).toBe('eslint-plugin-resilint');
    expect(plugin.meta.version).toBe(manifest.version);
  });

  it('carries every rule and nothing else', () => {
    expect(Object.keys(plugin.rules).sort()).toEqual(ruleIds);
    for (const id of ruleIds) expect(plugin.rules[id], id).toBe(ruleRecord[id]);
  });

  it('has exactly the three presets and the disable-overlap config', () => {
    expect(Object.keys(plugin.configs).sort()).toEqual([...PRESETS, 'disable-overlap'].sort());
  });

  it('turns off, in disable-overlap, exactly the overlapping rules the rules name, with their settings', () => {
    const expected = Object.fromEntries(ruleIds.flatMap((id) => Object.entries(ruleRecord[id]!.meta.docs.overlaps ?? {})));
    expect(plugin.configs['disable-overlap'].rules).toEqual(expected);
    expect(Object.keys(expected)).toContain('@typescript-eslint/no-floating-promises');
    // It changes other plugins' rules only: it enables nothing of resilint's and loads no parser.
    expect(Object.keys(plugin.configs['disable-overlap'])).toEqual(['name', 'rules']);
    expect(Object.keys(expected).some((name) => name.startsWith('resilint/'))).toBe(false);
  });

  it.each(PRESETS)('enables in %s exactly the rules whose meta.docs.recommended is it or a lighter preset', (preset) => {
    const config = plugin.configs[preset];
    const expected = ruleIds.filter((id) => PRESETS.indexOf(ruleRecord[id]!.meta.docs.recommended) <= PRESETS.indexOf(preset)).map((id) => `resilint/${id}`);
    expect(Object.keys(config.rules ?? {}).sort()).toEqual(expected.sort());
    for (const severity of Object.values(config.rules ?? {})) {
      expect(['error', 'warn']).toContain(severity);
    }
    expect(config.plugins?.resilint).toBe(plugin);
  });

  // The README says which rules are in `recommended` and why; it must name each of them and count the others.
  it('README names every rule of recommended and counts the ones strict-type-checked adds', () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const start = readme.indexOf('**The presets differ');
    const end = readme.indexOf('`strict-type-checked` adds the other', start);
    expect(start).toBeGreaterThan(-1);
    expect(end).toBeGreaterThan(start);
    const paragraph = readme.slice(start, end);
    const recommended = ruleIds.filter((id) => ruleRecord[id]!.meta.docs.recommended !== 'strict-type-checked');
    for (const id of recommended) expect(paragraph).toContain(`\`${id}\``);
    const NUMBERS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen'];
    expect(readme.slice(end)).toMatch(new RegExp(`^\`strict-type-checked\` adds the other ${NUMBERS[ruleIds.length - recommended.length]}\\b`, 'u'));
  });

  // meta.docs.precision (SARIF's precision, the presets' error or warn) is what reviewers measured on published
  // packages, not what the rule's author hoped: the class of the precision in docs/real-world.md's newest rules
  // table (without dependencies installed), and `recommended` only for a rule at 0.95 or with no finding there.
  it('gives each rule the precision class and the preset that docs/real-world.md measured', () => {
    const measured = readMeasuredPrecision();
    for (const id of ruleIds) {
      const docs = ruleRecord[id]!.meta.docs;
      expect(measured.has(id), `${id} is missing from the rules table of docs/real-world.md`).toBe(true);
      const precision = measured.get(id);
      if (precision === undefined) continue;
      const expected = precision >= 0.8 ? ['very-high', 'high'] : precision >= 0.3 ? ['medium'] : ['low'];
      expect(expected, `${id}: measured ${precision}, meta says ${docs.precision}`).toContain(docs.precision);
      if (docs.precision === 'very-high') expect(precision).toBeGreaterThanOrEqual(0.95);
      if (docs.recommended !== 'strict-type-checked') expect(precision, `${id} is in ${docs.recommended}`).toBeGreaterThanOrEqual(0.95);
    }
  });

  it('asks for type information in the type-checked presets only', () => {
    const parserOptions = (preset: (typeof PRESETS)[number]): Record<string, unknown> =>
      (plugin.configs[preset].languageOptions?.parserOptions ?? {}) as Record<string, unknown>;
    const typed = (preset: (typeof PRESETS)[number]): boolean => Boolean(parserOptions(preset).projectService ?? parserOptions(preset).project);
    expect(typed('recommended')).toBe(false);
    expect(typed('recommended-type-checked')).toBe(true);
    expect(typed('strict-type-checked')).toBe(true);
  });
});

describe('docs/rules', () => {
  it('has a page only for rules that exist', () => {
    expect(listRuleDocIds().filter((id) => !(id in ruleRecord))).toEqual([]);
  });
});

describe.each(ruleIds)('%s', (id) => {
  const rule = ruleRecord[id]!;
  const docs = rule.meta.docs;

  it('is named require-*, no-* or prefer-*, in kebab case', () => {
    expect(id).toMatch(/^(require|no|prefer)(-[a-z0-9]+)+$/u);
    expect(rule.name).toBe(id);
  });

  it('has a family, a preset, a precision and CWE ids from the allowed sets', () => {
    expect(FAMILIES).toContain(docs.family);
    expect(PRESETS).toContain(docs.recommended);
    expect(['none', 'optional', 'required']).toContain(docs.typeInformation);
    expect(['very-high', 'high', 'medium', 'low']).toContain(docs.precision);
    for (const cwe of docs.cwe) expect(cwe).toMatch(/^CWE-\d+$/u);
    expect(docs.description.trim()).not.toBe('');
  });

  it('is only in a type-checked preset when it requires type information', () => {
    if (docs.typeInformation === 'required') expect(docs.recommended).not.toBe('recommended');
  });

  it('has camelCase messageIds', () => {
    const messageIds = Object.keys(rule.meta.messages);
    expect(messageIds.length).toBeGreaterThan(0);
    for (const messageId of messageIds) expect(messageId).toMatch(/^[a-z][a-zA-Z0-9]*$/u);
  });

  it('describes every schema property', () => {
    for (const [name, property] of Object.entries(schemaProperties(rule))) {
      expect(typeof property.description === 'string' && property.description.trim() !== '', `option ${name}`).toBe(true);
    }
  });

  it('names in its page every rule it overlaps with, and the config that leaves those lines to it', () => {
    const overlaps = Object.keys(docs.overlaps ?? {});
    if (overlaps.length === 0) return;
    const page = fs.readFileSync(ruleDocPath(id), 'utf8');
    for (const name of overlaps) expect(page, name).toContain(`\`${name}\``);
    expect(page).toContain("resilint.configs['disable-overlap']");
  });

  it('points meta.docs.url at its page', () => {
    expect(docs.url).toBe(`${DOCS_BASE_URL}${id}.md`);
  });

  it('has a RuleTester table', () => {
    expect(fs.existsSync(path.join(REPO_ROOT, 'test', 'rules', `${id}.test.ts`)), `test/rules/${id}.test.ts`).toBe(true);
  });

  describe(`docs/rules/${id}.md`, () => {
    const exists = fs.existsSync(ruleDocPath(id));
    const doc: ParsedDoc | undefined = exists ? readRuleDoc(id) : undefined;

    it('exists', () => {
      expect(exists, `docs/rules/${id}.md is missing`).toBe(true);
    });

    it.skipIf(!doc)('is titled resilint/<id> and opens with meta.docs.description alone', () => {
      const title = doc!.headings[0];
      expect(title).toMatchObject({ level: 1, text: `resilint/${id}` });
      expect(doc!.firstParagraph).toBe(docs.description);
      // Family, presets and type information come from meta; a page that restates them by hand drifts.
      expect(doc!.intro).toBe(docs.description);
    });

    it.skipIf(!doc)('has the required sections, in order', () => {
      const positions = REQUIRED_SECTIONS.map(([level, text]) => {
        const heading = doc!.headings.find((candidate) => candidate.level === level && candidate.text === text);
        expect(heading, `${'#'.repeat(level)} ${text}`).toBeDefined();
        return heading?.line ?? -1;
      });
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      for (const [level, text] of REQUIRED_SECTIONS.filter(([level]) => level === 2)) {
        expect(getSectionText(doc!, level, text), `## ${text} is empty`).not.toBe('');
      }
    });

    it.skipIf(!doc)('documents exactly the schema options under ## Options, each with its default', () => {
      const properties = Object.keys(schemaProperties(rule)).sort();
      const documented = getSubheadings(doc!, 2, 'Options').map((heading) => heading.text);
      expect(documented.sort()).toEqual(properties.map((name) => `\`${name}\``));
      if (properties.length === 0) {
        expect(getSectionText(doc!, 2, 'Options')).toContain('This rule has no options.');
      }
      for (const name of properties) {
        const section = getSectionText(doc!, 3, `\`${name}\``) ?? '';
        const value = defaultOf(rule, name);
        if (value !== undefined) {
          expect(/default/iu.test(section) && mentionsValue(section, value), `### \`${name}\` states its default ${JSON.stringify(value)}`).toBe(true);
        }
      }
    });
  });
});

/** Rule id to the precision of the first rules table of docs/real-world.md (`undefined` for `n/a`: no finding). */
function readMeasuredPrecision(): Map<string, number | undefined> {
  const text = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'real-world.md'), 'utf8');
  const table = text.slice(text.indexOf('| rule | family | lightest preset |'));
  const measured = new Map<string, number | undefined>();
  for (const line of table.split('\n').slice(2)) {
    if (!line.startsWith('|')) break;
    const cells = line.split('|').map((cell) => cell.trim());
    measured.set(cells[1]!, cells[8] === 'n/a' ? undefined : Number(cells[8]));
  }
  return measured;
}
