import { describe, expect, it } from 'vitest';

import { runChecks, type RunnableRule } from '../../rules/engine/run-check.js';
import ts from '../../rules/engine/typescript.cjs';
import { walk } from '../../rules/engine/walk.js';
import { NO_PROJECT_FACTS } from '../helpers/lint-snippet.js';

const parse = (text: string): ts.SourceFile => ts.createSourceFile('file.ts', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);

describe('the shared rule walk', () => {
  it('visits every node of a 20,000-term + chain, which is as deep as it is long, in document order', () => {
    // TypeScript parses a left-nested operator chain with a loop, so only the walk could overflow on it.
    const sourceFile = parse(`export const s = 'a'${" + 'a'".repeat(20_000)};\n`);
    const events: string[] = [];
    let literals = 0;
    walk(sourceFile, [
      {
        BinaryExpression: (node) => events.push(`enter ${node.getStart(sourceFile)}-${node.end}`),
        'BinaryExpression:exit': (node) => events.push(`exit ${node.getStart(sourceFile)}-${node.end}`),
        StringLiteral: () => {
          literals += 1;
        },
      },
    ]);
    expect(literals).toBe(20_001);
    expect(events).toHaveLength(40_000);
    // Outermost first on the way in, last on the way out.
    expect(events[0]).toBe(`enter 17-${sourceFile.text.length - 2}`);
    expect(events[19_999]).toBe('enter 17-26');
    expect(events[20_000]).toBe('exit 17-26');
    expect(events.at(-1)).toBe(events[0]!.replace('enter', 'exit'));
  });

  it("keeps the other rules' findings when one rule throws, and names the rule that failed", () => {
    const sourceFile = parse('try { run(); } catch {}\ncall();\n');
    const reporting: RunnableRule = {
      name: 'reports-calls',
      messages: { call: 'a call' },
      check: (context) => ({ CallExpression: (node) => context.report({ node, messageId: 'call' }) }),
    };
    let catchCalls = 0;
    const throwing: RunnableRule = {
      name: 'throws',
      messages: { call: 'a call' },
      check: (context) => ({
        CallExpression: (node) => context.report({ node, messageId: 'call' }),
        CatchClause: () => {
          catchCalls += 1;
          throw new RangeError('Maximum call stack size exceeded');
        },
      }),
    };
    const failures: string[] = [];
    const findings = runChecks(
      { sourceFile, program: undefined, project: NO_PROJECT_FACTS },
      [
        { rule: throwing, options: [] },
        { rule: reporting, options: [] },
      ],
      (ruleName, error) => failures.push(`${ruleName}: ${(error as Error).message}`),
    );
    // The failing rule keeps what it found before it threw (line 1) and is called no more on the file (line 2).
    expect(findings.map((finding) => `${finding.ruleName} ${finding.loc.start.line}`)).toEqual(['throws 1', 'reports-calls 1', 'reports-calls 2']);
    expect(failures).toEqual(['throws: Maximum call stack size exceeded']);
    expect(catchCalls).toBe(1);
    // Without a handler the error reaches the host (ESLint names the rule itself).
    expect(() => runChecks({ sourceFile, program: undefined, project: NO_PROJECT_FACTS }, [{ rule: throwing, options: [] }])).toThrow(RangeError);
  });
});
