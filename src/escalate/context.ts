import { createHash } from 'node:crypto';
import path from 'node:path';

import { Node, SyntaxKind } from 'ts-morph';
import type { SourceFile } from 'ts-morph';

import type { Finding } from '../findings/finding.js';
import type { AnalysisSession } from './host.js';
import { getSourceFile } from './host.js';
import { redactSecrets } from './redact.js';

/** The code a reviewer needs for one finding, redacted and delimited, ready to send. */
export interface RegionContext {
  /** The untrusted part of the user message, delimiters included. */
  text: string;
  /** sha256 of `text`: part of the answer cache key. */
  hash: string;
  /** Same rule, same message and same code (ignoring file and line numbers), at the same place in it: escalated once. */
  dedupeKey: string;
  /** Secretlint rule ids of the secrets removed from the text. */
  redactions: string[];
  truncated: boolean;
  /** Lines of the flagged file the model was shown (region and imports): the only lines a fix may touch. */
  editable: [number, number][];
  /** The pieces of `text`, for a request about several findings of one region (`groupBlock`). */
  parts: ContextParts;
  /** Same rule, same file, same shared sections: findings that can go in one request. */
  groupKey: string;
}

/** The finding's own part (message, location, flagged lines) and the part the findings of its region share. */
export interface ContextParts {
  message: string;
  location: string;
  flagged: string;
  /** Enclosing function, imports, versions, declarations, callers: as many as fitted in the bound. */
  shared: string;
}

interface Section {
  title: string;
  body: string;
}

const MAX_FLAGGED_LINES = 40;
const MAX_DECLARATION_LINES = 40;
const MAX_DECLARATIONS = 8;
const MAX_CALLERS = 3;
const WINDOW = 15;

/** A source file's text with secrets replaced, line count unchanged, cached per file and text. */
export class RedactedSources {
  private readonly cache = new Map<string, Promise<{ lines: string[]; removed: string[] }>>();

  lines(sourceFile: SourceFile): Promise<{ lines: string[]; removed: string[] }> {
    const text = sourceFile.getFullText();
    const key = `${sourceFile.getFilePath()}\0${createHash('sha256').update(text).digest('hex')}`;
    let entry = this.cache.get(key);
    if (!entry) {
      entry = redactSecrets(text, sourceFile.getFilePath()).then(({ text: redacted, removed }) => ({
        lines: redacted.split(/\r?\n/u),
        removed,
      }));
      this.cache.set(key, entry);
    }
    return entry;
  }
}

/**
 * Gathers, with ts-morph, the flagged lines, the enclosing function, the imports it uses, the versions
 * of those packages, the declarations of what it calls (and of the objects it calls them on), and a
 * few callers of the enclosing function; bounded by `maxChars`, secrets redacted.
 */
export async function gatherContext(host: AnalysisSession, finding: Finding, maxChars: number, sources: RedactedSources): Promise<RegionContext> {
  const absolute = path.resolve(host.cwd, finding.file);
  const sourceFile = getSourceFile(host, absolute);
  if (!sourceFile) throw new Error(`${finding.file} is not in the project`);
  const { lines, removed } = await sources.lines(sourceFile);
  const relative = (file: string): string => path.relative(host.cwd, file).split(path.sep).join('/');

  const firstLine = Math.max(1, Math.min(finding.line, lines.length));
  const lastLine = Math.max(firstLine, Math.min(finding.endLine, lines.length, firstLine + MAX_FLAGGED_LINES - 1));
  const sections: Section[] = [{ title: `Flagged lines (${relative(absolute)})`, body: numbered(lines, firstLine, lastLine) }];

  const node = nodeAt(sourceFile, finding);
  const enclosing = node?.getFirstAncestor((ancestor) => isFunctionLike(ancestor));
  let region: Node | undefined = enclosing;
  let regionStart = Math.max(1, firstLine - WINDOW);
  let regionEnd = Math.min(lines.length, lastLine + WINDOW);
  if (enclosing) {
    // Leading comments belong to the function for a reviewer: they say what it promises.
    const leading = enclosing.getLeadingCommentRanges()[0];
    const start = leading ? sourceFile.getLineAndColumnAtPos(leading.getPos()).line : enclosing.getStartLineNumber();
    const end = enclosing.getEndLineNumber();
    if (numbered(lines, start, end).length <= maxChars / 2) {
      regionStart = start;
      regionEnd = end;
    } else {
      region = undefined;
    }
  }
  sections.push({
    title:
      enclosing && region
        ? `Enclosing function (${relative(absolute)}:${regionStart}-${regionEnd})`
        : `Surrounding lines (${relative(absolute)}:${regionStart}-${regionEnd})`,
    body: numbered(lines, regionStart, regionEnd),
  });

  const editable: [number, number][] = [[regionStart, regionEnd]];
  const regionText = lines.slice(regionStart - 1, regionEnd).join('\n');
  const imports = sourceFile.getImportDeclarations().filter((declaration) => {
    const names = [
      declaration.getDefaultImport()?.getText(),
      declaration.getNamespaceImport()?.getText(),
      ...declaration.getNamedImports().map((named) => (named.getAliasNode() ?? named.getNameNode()).getText()),
    ].filter((name): name is string => Boolean(name));
    return names.some((name) => new RegExp(`\\b${escapeRegExp(name)}\\b`, 'u').test(regionText));
  });
  if (imports.length > 0) {
    for (const declaration of imports) editable.push([declaration.getStartLineNumber(), declaration.getEndLineNumber()]);
    sections.push({
      title: 'Imports used',
      body: imports.map((declaration) => numbered(lines, declaration.getStartLineNumber(), declaration.getEndLineNumber())).join('\n'),
    });
    const dependencies = host.dependencies(absolute);
    const versions = [...new Set(imports.map((declaration) => packageName(declaration.getModuleSpecifierValue())))]
      .filter((name): name is string => name !== undefined)
      .map((name) => `${name} ${dependencies[name] ?? '(not declared in package.json)'}`);
    if (versions.length > 0) sections.push({ title: 'Package versions', body: versions.join('\n') });
  }

  const scope = region ?? node?.getFirstAncestor((ancestor) => Node.isStatement(ancestor)) ?? node;
  if (scope) {
    for (const declaration of await declarationsUsedIn(scope, enclosing, sources)) {
      sections.push({
        title: `Declaration of \`${declaration.name}\` (${relative(declaration.file)}:${declaration.start}-${declaration.end})`,
        body: declaration.body,
      });
    }
  }
  if (enclosing) {
    const callers = await callersOf(enclosing, sources, relative);
    if (callers.length > 0) sections.push({ title: 'Callers of the enclosing function', body: callers.join('\n---\n') });
  }

  let body = '';
  let truncated = false;
  let flagged = '';
  for (const section of sections) {
    const piece = `## ${section.title}\n${section.body}\n\n`;
    if (body.length + piece.length > maxChars) {
      if (body.length === 0) body = piece.slice(0, maxChars);
      truncated = true;
    } else {
      body += piece;
    }
    if (section === sections[0]) flagged = body;
  }
  // A second pass over the assembled text catches what only shows once pieces are joined.
  const second = await redactSecrets(body);
  const code = second.text;
  const message = (await redactSecrets(finding.message)).text;
  const nonce = createHash('sha256').update(code).update(message).digest('hex').slice(0, 16);
  const text = [
    `<<<UNTRUSTED-CODE-${nonce}`,
    `Finding message: ${message}`,
    `Location: ${relative(absolute)}:${finding.line}:${finding.column}`,
    '',
    code.trimEnd(),
    `UNTRUSTED-CODE-${nonce}>>>`,
  ].join('\n');
  const normalized = code.replace(/^ *\d+ \| /gmu, '').replace(/^## .*$/gmu, '');
  const shared = body.slice(flagged.length);
  return {
    text,
    parts: { message, location: `${relative(absolute)}:${finding.line}:${finding.column}`, flagged, shared },
    groupKey: createHash('sha256')
      .update(`${finding.ruleId}\0${relative(absolute)}\0${shared}`)
      .digest('hex'),
    hash: createHash('sha256').update(text).digest('hex'),
    // Where the flagged lines sit in their region: two identical statements of one function are two regions.
    dedupeKey: createHash('sha256')
      .update(`${finding.ruleId}\0${finding.messageId}\0${firstLine - regionStart}\0${normalized}`)
      .digest('hex'),
    redactions: [...removed, ...second.removed],
    truncated,
    editable,
  };
}

/**
 * The block of one request about several findings of one region: each finding's message, location and
 * flagged lines under its id, then once the sections they share; the assembled text is redacted once more.
 */
export async function groupBlock(members: readonly { id: string; context: RegionContext }[]): Promise<{ text: string; redactions: string[] }> {
  const own = members.map(({ id, context: { parts } }) => {
    const flagged = parts.flagged.replace(/^## Flagged lines/u, `## Flagged lines of ${id}`);
    return `## Finding ${id}\nFinding message: ${parts.message}\nLocation: ${parts.location}\n\n${flagged}`;
  });
  const { text: code, removed } = await redactSecrets(`${own.join('')}${members[0]?.context.parts.shared ?? ''}`);
  const nonce = createHash('sha256').update(code).digest('hex').slice(0, 16);
  return { text: [`<<<UNTRUSTED-CODE-${nonce}`, code.trimEnd(), `UNTRUSTED-CODE-${nonce}>>>`].join('\n'), redactions: removed };
}

/**
 * Where the findings of one request come from: the start of the function around the finding, or undefined
 * when it is in none. Cheap (no context gathered): it forms the groups before their contexts are gathered.
 */
export function enclosingFunctionStart(host: AnalysisSession, finding: Finding): number | undefined {
  try {
    const sourceFile = getSourceFile(host, path.resolve(host.cwd, finding.file));
    return (
      sourceFile &&
      nodeAt(sourceFile, finding)
        ?.getFirstAncestor((ancestor) => isFunctionLike(ancestor))
        ?.getStart()
    );
  } catch {
    return undefined; // gathering its context will say what is wrong
  }
}

function nodeAt(sourceFile: SourceFile, finding: Finding): Node | undefined {
  try {
    const position = sourceFile.compilerNode.getPositionOfLineAndCharacter(finding.line - 1, Math.max(0, finding.column - 1));
    return sourceFile.getDescendantAtPos(position);
  } catch {
    return undefined;
  }
}

function isFunctionLike(node: Node): boolean {
  return (
    Node.isFunctionDeclaration(node) ||
    Node.isMethodDeclaration(node) ||
    Node.isArrowFunction(node) ||
    Node.isFunctionExpression(node) ||
    Node.isConstructorDeclaration(node) ||
    Node.isGetAccessorDeclaration(node) ||
    Node.isSetAccessorDeclaration(node)
  );
}

interface DeclarationText {
  name: string;
  file: string;
  start: number;
  end: number;
  body: string;
}

// Callees (`fetchUser(...)`, `new Client(...)`) and the objects methods are called on
// (`client` in `client.get(...)`): where a timeout, retry policy or error handling may be configured.
async function declarationsUsedIn(scope: Node, enclosing: Node | undefined, sources: RedactedSources): Promise<DeclarationText[]> {
  const seen = new Set<Node>();
  const found: DeclarationText[] = [];
  const targets: Node[] = [];
  for (const call of [...scope.getDescendantsOfKind(SyntaxKind.CallExpression), ...scope.getDescendantsOfKind(SyntaxKind.NewExpression)]) {
    const callee = call.getExpression();
    targets.push(Node.isPropertyAccessExpression(callee) ? callee.getNameNode() : callee);
    let root: Node = callee;
    while (Node.isPropertyAccessExpression(root) || Node.isCallExpression(root) || Node.isElementAccessExpression(root)) {
      root = root.getExpression();
    }
    if (root !== callee && Node.isIdentifier(root)) targets.push(root);
  }
  // Then every other name the region reads that is declared outside it: settings objects, clients, constants.
  targets.push(...scope.getDescendantsOfKind(SyntaxKind.Identifier));
  for (const target of targets) {
    if (found.length >= MAX_DECLARATIONS) break;
    let symbol = target.getSymbol();
    if (symbol?.isAlias()) symbol = symbol.getAliasedSymbol() ?? symbol;
    for (const declaration of symbol?.getDeclarations() ?? []) {
      const sourceFile = declaration.getSourceFile();
      if (sourceFile.isDeclarationFile() || sourceFile.isInNodeModules()) continue;
      if (seen.has(declaration) || (enclosing && isWithin(declaration, enclosing)) || isWithin(declaration, scope)) continue;
      seen.add(declaration);
      const shown = Node.isVariableDeclaration(declaration) ? (declaration.getVariableStatement() ?? declaration) : declaration;
      const start = shown.getStartLineNumber();
      const end = Math.min(shown.getEndLineNumber(), start + MAX_DECLARATION_LINES - 1);
      const { lines } = await sources.lines(sourceFile);
      found.push({ name: target.getText(), file: sourceFile.getFilePath(), start, end, body: numbered(lines, start, end) });
      if (found.length >= MAX_DECLARATIONS) break;
    }
  }
  return found;
}

// Does the caller await the result, handle its rejection, pass a deadline?
async function callersOf(enclosing: Node, sources: RedactedSources, relative: (file: string) => string): Promise<string[]> {
  const name =
    Node.isFunctionDeclaration(enclosing) || Node.isMethodDeclaration(enclosing)
      ? enclosing.getNameNode()
      : enclosing.getParentIfKind(SyntaxKind.VariableDeclaration)?.getNameNode();
  if (!name || !Node.isIdentifier(name)) return [];
  const callers: string[] = [];
  for (const reference of name.findReferencesAsNodes()) {
    if (callers.length >= MAX_CALLERS) break;
    const sourceFile = reference.getSourceFile();
    if (sourceFile.isInNodeModules() || isWithin(reference, enclosing)) continue;
    const line = reference.getStartLineNumber();
    const { lines } = await sources.lines(sourceFile);
    callers.push(`${relative(sourceFile.getFilePath())}\n${numbered(lines, Math.max(1, line - 2), Math.min(lines.length, line + 2))}`);
  }
  return callers;
}

function isWithin(node: Node, container: Node): boolean {
  return node.getSourceFile() === container.getSourceFile() && node.getPos() >= container.getPos() && node.getEnd() <= container.getEnd();
}

function numbered(lines: readonly string[], start: number, end: number): string {
  const width = String(end).length;
  const out: string[] = [];
  for (let line = start; line <= end && line <= lines.length; line += 1) {
    out.push(`${String(line).padStart(width)} | ${lines[line - 1] ?? ''}`);
  }
  return out.join('\n');
}

function packageName(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}
