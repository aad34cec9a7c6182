// Measures the costs behind docs/architecture.md on one project, in one process:
// program build + binding, ESTree conversion, rule walks on raw nodes, and ts-morph wrapper walks.
// Usage: node --import tsx scripts/measure-architecture.ts <project-dir-with-tsconfig>
import path from 'node:path';

import { parse } from '@typescript-eslint/typescript-estree';
import { Project } from 'ts-morph';
import ts from 'typescript';

import { readProjectFacts } from '../rules/engine/read-project-facts.js';
import { type RunnableRule, runChecks } from '../rules/engine/run-check.js';
import { rules } from '../rules/index.js';

const directory = path.resolve(process.argv[2] ?? '.');
const time = <T>(label: string, work: () => T): T => {
  const started = performance.now();
  const result = work();
  console.log(`${label.padEnd(48)} ${(performance.now() - started).toFixed(0).padStart(7)} ms`);
  return result;
};

const parsed = ts.getParsedCommandLineOfConfigFile(path.join(directory, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
const program = time('ts.createProgram (read + parse)', () => ts.createProgram(parsed.fileNames, parsed.options));
const checker = time('getTypeChecker (bind + checker setup)', () => program.getTypeChecker());
const files = program.getSourceFiles().filter((file) => !file.isDeclarationFile && !file.fileName.includes('node_modules'));
console.log(`${files.length} source files`);
time('typescript-estree parse of every file (parse + ESTree)', () => {
  for (const file of files) parse(file.text, { loc: true, range: true, comment: true, tokens: true, filePath: file.fileName });
});
time('ts.createSourceFile of every file (parse only)', () => {
  for (const file of files) ts.createSourceFile(file.fileName, file.text, ts.ScriptTarget.Latest, true);
});
const allRules = Object.entries(rules).map(([name, rule]) => ({
  rule: { name, messages: rule.meta.messages, check: rule.check } as unknown as RunnableRule,
  options: (rule.meta.defaultOptions ?? []) as readonly unknown[],
}));
let findings = 0;
time('all rules, one raw walk per file, with the checker', () => {
  for (const sourceFile of files) findings += runChecks({ sourceFile, program, project: readProjectFacts(sourceFile.fileName) }, allRules).length;
});
console.log(`${findings} findings`);
void checker;
time('ts.forEachChild walk of every file', () => {
  let count = 0;
  const visit = (node: ts.Node): void => {
    count += 1;
    ts.forEachChild(node, visit);
  };
  for (const file of files) visit(file);
  return count;
});
const project = time('ts-morph Project from tsconfig', () => new Project({ tsConfigFilePath: path.join(directory, 'tsconfig.json') }));
const morphFiles = project.getSourceFiles().filter((file) => !file.isDeclarationFile());
time('ts-morph forEachDescendant walk of every file', () => {
  let count = 0;
  for (const file of morphFiles) file.forEachDescendant(() => void (count += 1));
  return count;
});
time('ts-morph compilerNode forEachChild walk', () => {
  let count = 0;
  const visit = (node: ts.Node): void => {
    count += 1;
    ts.forEachChild(node, visit);
  };
  for (const file of morphFiles) visit(file.compilerNode as unknown as ts.Node);
  return count;
});
