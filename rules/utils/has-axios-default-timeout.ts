import ts from '../engine/typescript.cjs';

import { getAccessPath } from './get-access-path.js';
import { getImportOf } from './get-import-of.js';
import { getStaticNumber } from './get-static-number.js';
import { forEachDescendant } from './for-each-descendant.js';

const byFile = new WeakMap<ts.SourceFile, ReadonlySet<string>>();
const byProgram = new WeakMap<ts.Program, boolean>();
const GLOBAL = '<axios>';

// Whether a default timeout covers an axios receiver (`axios`, or an instance's path such as `api`):
//   axios.defaults.timeout = 10_000        in this file, or (with a program) in any of its source files
//   api.defaults.timeout = 5000            in this file, for `api`
//   Object.assign(axios.defaults, { timeout: 5000 })
//   api.interceptors.request.use((config) => { config.timeout = 5000; return config; })   for `api`
// `axios.create()` copies axios.defaults, so a global default covers instances too.
export function hasAxiosDefaultTimeout(sourceFile: ts.SourceFile, program: ts.Program | undefined, receiverPath: string | undefined): boolean {
  const paths = defaultsIn(sourceFile);
  if (paths.has(GLOBAL) || (receiverPath !== undefined && paths.has(receiverPath))) return true;
  if (!program) return false;
  let global = byProgram.get(program);
  if (global === undefined) {
    global = program.getSourceFiles().some((file) => !file.isDeclarationFile && !file.fileName.includes('/node_modules/') && defaultsIn(file).has(GLOBAL));
    byProgram.set(program, global);
  }
  return global;
}

function defaultsIn(sourceFile: ts.SourceFile): ReadonlySet<string> {
  const cached = byFile.get(sourceFile);
  if (cached) return cached;
  const paths = new Set<string>();
  // Cheap text test first: most files never touch `.defaults`.
  if (sourceFile.text.includes('defaults') || sourceFile.text.includes('interceptors')) {
    const visit = (node: ts.Node): void => {
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        const target = getAccessPath(node.left);
        if (target?.endsWith('.defaults.timeout') && getStaticNumber(node.right) !== 0) {
          addReceiver(paths, node.left, target.slice(0, -'.defaults.timeout'.length));
        }
      } else if (ts.isCallExpression(node) && getAccessPath(node.expression) === 'Object.assign' && node.arguments.length >= 2) {
        const target = getAccessPath(node.arguments[0]!);
        const hasTimeout = node.arguments
          .slice(1)
          .some(
            (argument) =>
              ts.isObjectLiteralExpression(argument) &&
              argument.properties.some((property) => property.name !== undefined && ts.isIdentifier(property.name) && property.name.text === 'timeout'),
          );
        if (target?.endsWith('.defaults') && hasTimeout) addReceiver(paths, node.arguments[0]!, target.slice(0, -'.defaults'.length));
      } else if (ts.isCallExpression(node)) {
        const callee = getAccessPath(node.expression);
        if (callee?.endsWith('.interceptors.request.use') && node.arguments.some(setsDeadline)) {
          addReceiver(paths, node.expression, callee.slice(0, -'.interceptors.request.use'.length));
        }
      }
    };
    forEachDescendant(sourceFile, visit, { crossFunctions: true });
  }
  byFile.set(sourceFile, paths);
  return paths;
}

// An interceptor that writes `config.timeout = ...` or `config.signal = ...`, or returns `{ ...config, timeout }`.
function setsDeadline(callback: ts.Expression): boolean {
  if (!ts.isArrowFunction(callback) && !ts.isFunctionExpression(callback)) return false;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left)) {
      found = node.left.name.text === 'timeout' || node.left.name.text === 'signal';
    } else if ((ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) && ts.isIdentifier(node.name)) {
      found = node.name.text === 'timeout' || node.name.text === 'signal';
    }
    ts.forEachChild(node, visit);
  };
  visit(callback);
  return found;
}

function addReceiver(paths: Set<string>, access: ts.Expression, receiver: string): void {
  paths.add(receiver);
  let root: ts.Expression = access;
  while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root)) root = root.expression;
  if (ts.isIdentifier(root) && root.text === receiver && getImportOf(root)?.module === 'axios') paths.add(GLOBAL);
}
