import { ESLintUtils } from '@typescript-eslint/utils';

import { createTypedRuleTester } from './rule-tester.js';

// The typed RuleTester puts every case of a file into one program (rule-tester.ts). Each case must still
// see a program of its own: its own declarations, and no other case among the program's source files.

const probe = ESLintUtils.RuleCreator.withoutDocs({
  meta: {
    type: 'problem',
    messages: { seen: '{{type}} in {{files}} source file(s)' },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    const services = ESLintUtils.getParserServices(context);
    const checker = services.program.getTypeChecker();
    return {
      CallExpression(node): void {
        const type = checker.typeToString(checker.getTypeAtLocation(services.esTreeNodeToTSNodeMap.get(node)));
        const files = services.program.getSourceFiles().filter((file) => !file.isDeclarationFile).length;
        context.report({ node, messageId: 'seen', data: { type, files: String(files) } });
      },
    };
  },
});

createTypedRuleTester().run('the typed RuleTester gives each case its own program', probe, {
  valid: ['export const nothing = 1;'],
  invalid: [
    // the same name declared by two cases: were they scripts in one program, the two would merge into overloads
    {
      code: 'declare function load(): string;\nload();',
      errors: [{ messageId: 'seen', data: { type: 'string', files: '1' } }],
    },
    {
      code: 'declare function load(): number;\nload();',
      errors: [{ messageId: 'seen', data: { type: 'number', files: '1' } }],
    },
    // a global declaration keeps a program of its own
    {
      code: 'declare global { function tick(): boolean; }\ntick();\nexport {};',
      errors: [{ messageId: 'seen', data: { type: 'boolean', files: '1' } }],
    },
  ],
});
