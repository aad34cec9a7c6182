import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

// npm run create-rule -- <id> --family <family> [--description "..."] [--type-information none|optional|required] [--root <dir>]
//
// Scaffolds rules/<id>.ts, test/rules/<id>.test.ts and docs/rules/<id>.md from scripts/templates/ and
// registers the rule in rules/index.ts. The test and the doc fail until they are filled in.

const FAMILIES = ['error-handling', 'retries', 'timeouts', 'error-types'] as const;
const TYPE_INFORMATION = ['none', 'optional', 'required'] as const;
const TEMPLATES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'templates');
const DEFAULT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const USAGE =
  'usage: npm run create-rule -- <id> --family <error-handling|retries|timeouts|error-types> ' +
  '[--description "..."] [--type-information none|optional|required] [--root <dir>]';

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface CreateRuleOptions {
  id: string;
  family: (typeof FAMILIES)[number];
  description: string;
  typeInformation: (typeof TYPE_INFORMATION)[number];
  /** The repository to scaffold into. */
  root: string;
}

/** The files written, relative to the root. */
export function createRule(options: CreateRuleOptions): string[] {
  const { id, root } = options;
  const outputs = [
    { template: 'rule.ts.template', target: path.join('rules', `${id}.ts`) },
    { template: 'rule.test.ts.template', target: path.join('test', 'rules', `${id}.test.ts`) },
    { template: 'rule-doc.md.template', target: path.join('docs', 'rules', `${id}.md`) },
  ];
  const indexFile = path.join(root, 'rules', 'index.ts');
  if (!fs.existsSync(indexFile)) throw new UsageError(`${indexFile} does not exist: is --root the repository?`);
  for (const { target } of outputs) {
    if (fs.existsSync(path.join(root, target))) throw new UsageError(`${target} already exists`);
  }
  // Compute everything before writing anything, so a failure leaves the tree untouched.
  const index = registerRule(fs.readFileSync(indexFile, 'utf8'), id);
  const values: Record<string, string> = {
    id,
    family: options.family,
    description: options.description,
    typeInformation: options.typeInformation,
  };
  const contents = outputs.map(({ template, target }) => {
    const text = fs.readFileSync(path.join(TEMPLATES, template), 'utf8');
    const escape = target.endsWith('.ts') ? escapeSingleQuoted : (value: string): string => value;
    return { target, text: text.replace(/\{\{(\w+)\}\}/gu, (whole, key: string) => (key in values ? escape(values[key]!) : whole)) };
  });
  for (const { target, text } of contents) {
    fs.mkdirSync(path.dirname(path.join(root, target)), { recursive: true });
    fs.writeFileSync(path.join(root, target), text);
  }
  fs.writeFileSync(indexFile, index);
  return [...contents.map(({ target }) => target), path.join('rules', 'index.ts')];
}

/** rules/index.ts with the rule's import and record entry added in sorted position. */
export function registerRule(source: string, id: string): string {
  const binding = camelCase(id);
  const lines = source.split('\n');
  const importPattern = /^import \w+ from '\.\/([a-z0-9-]+)\.js';$/u;
  const imports = lines.flatMap((line, index) => {
    const match = importPattern.exec(line);
    return match ? [{ index, id: match[1]! }] : [];
  });
  if (imports.length === 0) throw new UsageError("rules/index.ts has no rule imports (import x from './<id>.js';) to add to");
  const start = lines.findIndex((line) => /^export const rules = \{$/u.test(line));
  const end = lines.findIndex((line, index) => index > start && /^\}/u.test(line));
  if (start === -1 || end === -1) throw new UsageError('rules/index.ts has no `export const rules = {` record to add to');
  const entryPattern = /^ {2}'([a-z0-9-]+)': \w+,$/u;
  const entries = lines.slice(start + 1, end).flatMap((line, offset) => {
    const match = entryPattern.exec(line);
    return match ? [{ index: start + 1 + offset, id: match[1]! }] : [];
  });
  if (entries.some((entry) => entry.id === id) || imports.some((entry) => entry.id === id)) {
    throw new UsageError(`rules/index.ts already has ${id}`);
  }
  // Record first: inserting there does not move the import lines above it.
  const entryAt = entries.find((entry) => entry.id > id)?.index ?? (entries.at(-1)?.index ?? start) + 1;
  lines.splice(entryAt, 0, `  '${id}': ${binding},`);
  const importAt = imports.find((entry) => entry.id > id)?.index ?? imports.at(-1)!.index + 1;
  lines.splice(importAt, 0, `import ${binding} from './${id}.js';`);
  return lines.join('\n');
}

export function parseCreateRuleArgs(argv: readonly string[]): CreateRuleOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        family: { type: 'string' },
        description: { type: 'string' },
        'type-information': { type: 'string', default: 'none' },
        root: { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`, { cause: error });
  }
  const { positionals, values } = parsed;
  const id = positionals[0]?.replace(/^resilint\//u, '');
  if (!id || positionals.length > 1) throw new UsageError(`give exactly one rule id\n${USAGE}`);
  if (!/^(?:require|no|prefer)(?:-[a-z0-9]+)+$/u.test(id)) {
    throw new UsageError(`"${id}" is not a rule id: kebab case, starting with require-, no- or prefer-`);
  }
  const family = values.family as CreateRuleOptions['family'] | undefined;
  if (!family || !FAMILIES.includes(family)) throw new UsageError(`--family must be one of ${FAMILIES.join(', ')}\n${USAGE}`);
  const typeInformation = values['type-information'] as CreateRuleOptions['typeInformation'];
  if (!TYPE_INFORMATION.includes(typeInformation)) {
    throw new UsageError(`--type-information must be one of ${TYPE_INFORMATION.join(', ')}`);
  }
  const description = values.description?.trim() || `TODO: describe what ${id} requires or disallows`;
  if (/[\r\n]/u.test(description)) throw new UsageError('--description must be one line');
  return { id, family, description, typeInformation, root: path.resolve(values.root ?? DEFAULT_ROOT) };
}

export function main(argv: readonly string[], io: { stdout: (text: string) => void; stderr: (text: string) => void }): number {
  try {
    const options = parseCreateRuleArgs(argv);
    const written = createRule(options);
    io.stdout(
      `${written.map((file) => `  ${file}`).join('\n')}\nNext: write the check, its RuleTester table and its doc; \`npx vitest run test/package.test.ts test/docs.test.ts test/rules/${options.id}.test.ts\`.\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`create-rule: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

function camelCase(id: string): string {
  return id.replace(/-([a-z0-9])/gu, (_whole, letter: string) => letter.toUpperCase());
}

function escapeSingleQuoted(value: string): string {
  return value.replace(/\\/gu, '\\\\').replace(/'/gu, "\\'");
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
}
