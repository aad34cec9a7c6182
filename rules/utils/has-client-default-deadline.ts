import ts from '../engine/typescript.cjs';

import { getAccessPath } from './get-access-path.js';
import { getImportOf } from './get-import-of.js';
import { getStaticNumber } from './get-static-number.js';
import { forEachDescendant } from './for-each-descendant.js';

/** Where a package keeps the defaults of every request (`axios.defaults`), from its catalogue row. */
export interface ClientDefaults {
  /** The defaults object of the package and of its instances (`defaults`). */
  object: string;
  /** The deadline options a default can set (`timeout`). */
  options: readonly string[];
  /** The method that registers a request interceptor, which may set a deadline on each request (`interceptors.request.use`). */
  interceptor?: string;
}

const byFile = new WeakMap<ts.SourceFile, Map<string, ReadonlySet<string>>>();
const byProgram = new WeakMap<ts.Program, Map<string, boolean>>();
const GLOBAL = '<module>:';

// Whether a default deadline covers a client receiver (the package, or an instance's path such as `api`), for a
// package that keeps defaults (axios: `defaults`, `timeout`, `interceptors.request.use`):
//   axios.defaults.timeout = 10_000        in this file, or (with a program) in any of its source files
//   api.defaults.timeout = 5000            in this file, for `api`
//   Object.assign(axios.defaults, { timeout: 5000 })
//   api.interceptors.request.use((config) => { config.timeout = 5000; return config; })   for `api`
// An instance copies the package's defaults, so a default set on the package covers instances too.
export function hasClientDefaultDeadline(
  sourceFile: ts.SourceFile,
  program: ts.Program | undefined,
  receiverPath: string | undefined,
  module: string,
  defaults: ClientDefaults,
): boolean {
  const paths = defaultsIn(sourceFile, defaults);
  if (paths.has(GLOBAL + module) || (receiverPath !== undefined && paths.has(receiverPath))) return true;
  if (!program) return false;
  let byModule = byProgram.get(program);
  if (!byModule) {
    byModule = new Map();
    byProgram.set(program, byModule);
  }
  const key = `${keyOf(defaults)} ${module}`;
  let global = byModule.get(key);
  if (global === undefined) {
    global = program
      .getSourceFiles()
      .some((file) => !file.isDeclarationFile && !file.fileName.includes('/node_modules/') && defaultsIn(file, defaults).has(GLOBAL + module));
    byModule.set(key, global);
  }
  return global;
}

function keyOf(defaults: ClientDefaults): string {
  return `${defaults.object}|${defaults.options.join()}|${defaults.interceptor ?? ''}`;
}

function defaultsIn(sourceFile: ts.SourceFile, defaults: ClientDefaults): ReadonlySet<string> {
  let cache = byFile.get(sourceFile);
  if (!cache) {
    cache = new Map();
    byFile.set(sourceFile, cache);
  }
  const key = keyOf(defaults);
  const cached = cache.get(key);
  if (cached) return cached;
  const paths = new Set<string>();
  const object = `.${defaults.object}`;
  const interceptor = defaults.interceptor && `.${defaults.interceptor}`;
  // Cheap text test first: most files never touch the defaults.
  if (sourceFile.text.includes(defaults.object) || (defaults.interceptor && sourceFile.text.includes(defaults.interceptor.split('.')[0]!))) {
    const visit = (node: ts.Node): void => {
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        const target = getAccessPath(node.left);
        const option = defaults.options.find((name) => target?.endsWith(`${object}.${name}`));
        if (target && option && getStaticNumber(node.right) !== 0) {
          addReceiver(paths, node.left, target.slice(0, -`${object}.${option}`.length));
        }
      } else if (ts.isCallExpression(node) && getAccessPath(node.expression) === 'Object.assign' && node.arguments.length >= 2) {
        const target = getAccessPath(node.arguments[0]!);
        const hasDeadline = node.arguments
          .slice(1)
          .some(
            (argument) =>
              ts.isObjectLiteralExpression(argument) &&
              argument.properties.some(
                (property) => property.name !== undefined && ts.isIdentifier(property.name) && defaults.options.includes(property.name.text),
              ),
          );
        if (target?.endsWith(object) && hasDeadline) addReceiver(paths, node.arguments[0]!, target.slice(0, -object.length));
      } else if (interceptor && ts.isCallExpression(node)) {
        const callee = getAccessPath(node.expression);
        if (callee?.endsWith(interceptor) && node.arguments.some((argument) => setsDeadline(argument, defaults.options))) {
          addReceiver(paths, node.expression, callee.slice(0, -interceptor.length));
        }
      }
    };
    forEachDescendant(sourceFile, visit, { crossFunctions: true });
  }
  cache.set(key, paths);
  return paths;
}

// An interceptor that writes `config.timeout = ...` or `config.signal = ...`, or returns `{ ...config, timeout }`.
function setsDeadline(callback: ts.Expression, options: readonly string[]): boolean {
  if (!ts.isArrowFunction(callback) && !ts.isFunctionExpression(callback)) return false;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left)) {
      found = options.includes(node.left.name.text) || node.left.name.text === 'signal';
    } else if ((ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) && ts.isIdentifier(node.name)) {
      found = options.includes(node.name.text) || node.name.text === 'signal';
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
  // Set on the package itself (`import axios from 'axios'; axios.defaults...`): every instance of it.
  const imported = ts.isIdentifier(root) && root.text === receiver ? getImportOf(root) : undefined;
  if (imported) paths.add(GLOBAL + imported.module);
}
