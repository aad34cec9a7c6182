import { describe, expect, it } from 'vitest';

import ts from '../../rules/engine/typescript.cjs';
import { forEachDescendant } from '../../rules/utils/for-each-descendant.js';
import { getProjectFunctions, getProjectMembers } from '../../rules/utils/get-project-members.js';
import { whereTextMatches, whereWordIsWritten } from '../../rules/utils/where-word-is-written.js';

const parse = (text: string, name = 'file.ts'): ts.SourceFile => ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);

function programOf(files: Record<string, string>): ts.Program {
  const options: ts.CompilerOptions = { noLib: true, noResolve: true, types: [] };
  const host = ts.createCompilerHost(options);
  host.getSourceFile = (fileName) => (files[fileName] === undefined ? undefined : parse(files[fileName]!, fileName));
  host.fileExists = (fileName) => files[fileName] !== undefined;
  return ts.createProgram(Object.keys(files), options, host);
}

// Where a test says which nodes a walk entered, by their text.
function entered(sourceFile: ts.SourceFile, within: (node: ts.Node) => boolean): string[] {
  const texts: string[] = [];
  forEachDescendant(
    sourceFile,
    (node) => {
      if (!within(node)) return false;
      if (ts.isIdentifier(node)) texts.push(node.text);
      return undefined;
    },
    { crossFunctions: true },
  );
  return texts;
}

describe('forEachDescendant', () => {
  it('visits every node of a 20,000-term + chain in document order, deeper than the call stack allows', () => {
    const sourceFile = parse(`const s = a0${Array.from({ length: 20_000 }, (_, index) => ` + a${index + 1}`).join('')};\n`);
    const names: string[] = [];
    forEachDescendant(sourceFile, (node) => {
      if (ts.isIdentifier(node)) names.push(node.text);
    });
    expect(names).toHaveLength(20_002);
    expect(names.slice(0, 3)).toEqual(['s', 'a0', 'a1']);
    expect(names.at(-1)).toBe('a20000');
  });

  it('skips the children of a node its visitor rejects, and nested functions unless asked, at any depth', () => {
    // A left-nested chain: its first operand, the arrow, sits 2,000 levels down.
    const sourceFile = parse(`const f = (() => inner())${' + a'.repeat(2_000)};\nouter();\n`);
    const calls = (options: { crossFunctions?: boolean }): string[] => {
      const found: string[] = [];
      forEachDescendant(
        sourceFile,
        (node) => {
          if (ts.isCallExpression(node)) found.push(node.expression.getText(sourceFile));
        },
        options,
      );
      return found;
    };
    expect(calls({})).toEqual(['outer']);
    expect(calls({ crossFunctions: true })).toEqual(['inner', 'outer']);
    const statements: string[] = [];
    forEachDescendant(sourceFile, (node) => {
      if (ts.isVariableStatement(node)) return false;
      if (ts.isCallExpression(node)) statements.push(node.expression.getText(sourceFile));
      return undefined;
    });
    expect(statements).toEqual(['outer']);
  });
});

describe('whereWordIsWritten', () => {
  it('enters only the paths to the whole word, not to longer identifiers that contain it', () => {
    const sourceFile = parse('class Broker {}\nclass BrokerPool {}\nconst unrelated = 1;\n');
    expect(entered(sourceFile, whereWordIsWritten(sourceFile, 'Broker')!)).toEqual(['Broker']);
    expect(whereWordIsWritten(sourceFile, 'Pool')).toBeUndefined();
    expect(whereWordIsWritten(sourceFile, 'Missing')).toBeUndefined();
  });

  it('enters every node of a file that may spell a name with an escape', () => {
    const sourceFile = parse('class Br\\u006fker {}\nconst other = 1;\n');
    expect(entered(sourceFile, whereWordIsWritten(sourceFile, 'Broker')!)).toEqual(['Broker', 'other']);
  });

  it('whereTextMatches finds the text inside identifiers too', () => {
    const sourceFile = parse('const f = opts.fetchImpl;\nconst g = 2;\n');
    expect(entered(sourceFile, whereTextMatches(sourceFile, /fetch/giu)!)).toEqual(['fetchImpl']);
    expect(whereTextMatches(sourceFile, /axios/gu)).toBeUndefined();
  });
});

describe('getProjectMembers and getProjectFunctions', () => {
  it('finds every declaration of a name across the project, in file and document order, and nothing else', () => {
    const program = programOf({
      '/a.ts': 'export class Store { query() {} }\nexport const handlers = { query: () => 1, queryAll() {} };\n',
      '/b.ts': 'export function query() {}\nthis.query = run;\nexport class Queryable { query = 1 }\n',
      '/c.ts': 'export const unrelated = "query is a word in a string";\n',
    });
    const [a] = program.getSourceFiles();
    const members = getProjectMembers(program, a!);
    expect(members.get('query')?.map((node) => `${node.getSourceFile().fileName} ${ts.SyntaxKind[node.kind]}`)).toEqual([
      '/a.ts MethodDeclaration',
      '/a.ts PropertyAssignment',
      '/b.ts BinaryExpression',
      '/b.ts PropertyDeclaration',
    ]);
    expect(members.get('class Queryable')?.map((node) => node.getSourceFile().fileName)).toEqual(['/b.ts']);
    expect(members.get('class Missing')).toBeUndefined();
    expect(
      getProjectFunctions(program, a!)
        .get('query')
        ?.map((node) => node.getSourceFile().fileName),
    ).toEqual(['/b.ts']);
  });

  it('without a program, knows the file it is given', () => {
    const sourceFile = parse('class Broker { connect() {} }\nconst other = { connect: 1 };\n');
    expect(getProjectMembers(undefined, sourceFile).get('connect')).toHaveLength(2);
    expect(getProjectMembers(undefined, sourceFile).get('class Broker')).toHaveLength(1);
  });
});
