import fs from 'node:fs';
import path from 'node:path';

import { REPO_ROOT } from './lint-snippet.js';

export const RULE_DOCS_DIR = path.join(REPO_ROOT, 'docs', 'rules');

export interface Heading {
  level: number;
  text: string;
  /** 1-based line of the heading. */
  line: number;
}

export interface CodeBlock {
  /** The fence's info string, e.g. `ts` or `ts type-checked`. */
  info: string;
  language: string;
  /** Words after the language in the info string. */
  flags: readonly string[];
  code: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The nearest headings above the block, outermost first (`## Examples`, `### Incorrect`). */
  path: readonly string[];
}

export interface ParsedDoc {
  file: string;
  markdown: string;
  headings: readonly Heading[];
  blocks: readonly CodeBlock[];
  /** Text between the `#` title and the first `##` heading, trimmed. */
  intro: string;
  /** First paragraph of the intro. */
  firstParagraph: string;
}

/** Ids of the rules that have a page, from the file names in docs/rules. */
export function listRuleDocIds(directory = RULE_DOCS_DIR): string[] {
  if (!fs.existsSync(directory)) return [];
  return fs
    .readdirSync(directory)
    .filter((name) => name.endsWith('.md') && name !== 'README.md')
    .map((name) => name.slice(0, -'.md'.length))
    .sort();
}

export function ruleDocPath(id: string, directory = RULE_DOCS_DIR): string {
  return path.join(directory, `${id}.md`);
}

export function readRuleDoc(id: string, directory = RULE_DOCS_DIR): ParsedDoc {
  const file = ruleDocPath(id, directory);
  return parseDoc(file, fs.readFileSync(file, 'utf8'));
}

/** Headings and fenced code blocks of a markdown page; headings inside fences are not headings. */
export function parseDoc(file: string, markdown: string): ParsedDoc {
  const lines = markdown.split(/\r?\n/u);
  const headings: Heading[] = [];
  const blocks: CodeBlock[] = [];
  const stack: Heading[] = [];
  let fence: { marker: string; info: string; line: number; body: string[] } | undefined;
  lines.forEach((text, index) => {
    if (fence) {
      if (text.trim() === fence.marker) {
        const [language = '', ...flags] = fence.info.split(/\s+/u).filter(Boolean);
        blocks.push({
          info: fence.info,
          language,
          flags,
          code: fence.body.join('\n'),
          line: fence.line,
          path: stack.map((heading) => heading.text),
        });
        fence = undefined;
      } else {
        fence.body.push(text);
      }
      return;
    }
    const opening = /^(\s*)(`{3,}|~{3,})(.*)$/u.exec(text);
    if (opening) {
      fence = { marker: opening[2]!, info: opening[3]!.trim(), line: index + 1, body: [] };
      return;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/u.exec(text);
    if (heading) {
      const entry = { level: heading[1]!.length, text: heading[2]!, line: index + 1 };
      headings.push(entry);
      while (stack.length > 0 && stack[stack.length - 1]!.level >= entry.level) stack.pop();
      stack.push(entry);
    }
  });
  const title = headings.find((heading) => heading.level === 1);
  const firstSection = headings.find((heading) => heading.level === 2);
  const intro = lines
    .slice(title ? title.line : 0, firstSection ? firstSection.line - 1 : lines.length)
    .join('\n')
    .trim();
  const firstParagraph = (intro.split(/\n\s*\n/u)[0] ?? '').replace(/\s*\n\s*/gu, ' ').trim();
  return { file, markdown, headings, blocks, intro, firstParagraph };
}

/** The lines of a section (without its heading) up to the next heading of the same or a higher level. */
export function getSectionText(doc: ParsedDoc, level: number, text: string): string | undefined {
  const lines = doc.markdown.split(/\r?\n/u);
  const start = doc.headings.find((heading) => heading.level === level && heading.text === text);
  if (!start) return undefined;
  const next = doc.headings.find((heading) => heading.line > start.line && heading.level <= level);
  return lines
    .slice(start.line, next ? next.line - 1 : lines.length)
    .join('\n')
    .trim();
}

/** Headings nested in a section, e.g. the `### \`name\`` entries under `## Options`. */
export function getSubheadings(doc: ParsedDoc, level: number, text: string): Heading[] {
  const start = doc.headings.find((heading) => heading.level === level && heading.text === text);
  if (!start) return [];
  const next = doc.headings.find((heading) => heading.line > start.line && heading.level <= level);
  return doc.headings.filter((heading) => heading.line > start.line && (!next || heading.line < next.line) && heading.level === level + 1);
}

export type ExampleKind = 'incorrect' | 'correct';

const LINTED_LANGUAGES = new Map([
  ['ts', '.ts'],
  ['typescript', '.ts'],
  ['tsx', '.tsx'],
  ['js', '.js'],
  ['javascript', '.js'],
]);

export interface Example extends CodeBlock {
  kind: ExampleKind;
  extension: string;
  /** `type-checked` in the fence: the rule needs types to find this one, so only the typed run must report. */
  typeChecked: boolean;
}

/** The code blocks under `### Incorrect` and `### Correct` in a language the tests lint. */
export function getExamples(doc: ParsedDoc): Example[] {
  const examples: Example[] = [];
  for (const block of doc.blocks) {
    const extension = LINTED_LANGUAGES.get(block.language);
    // The nearest `Incorrect`/`Correct` heading above the block, even with sub-headings (`#### With option x`) between.
    const section = [...block.path].reverse().find((text) => text === 'Incorrect' || text === 'Correct');
    if (!extension || !section) continue;
    examples.push({
      ...block,
      kind: section === 'Incorrect' ? 'incorrect' : 'correct',
      extension,
      typeChecked: block.flags.includes('type-checked'),
    });
  }
  return examples;
}
