import ts from '../engine/typescript.cjs';

import { findLocalDeclaration } from './find-local-declaration.js';
import { getImportOf } from './get-import-of.js';
import { getImportedModule } from './get-imported-module.js';
import type { ImportedBinding } from './get-imported-module.js';
import { unwrapExpression } from './unwrap-expression.js';

const MAX_DEPTH = 5;
const NODE_MODULES = /[\\/]node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/u;

// The import a value was made from: the package whose object a receiver is. From syntax first (the
// declaration, its type annotation, the constructor or factory it came from), then, with a checker and
// only when syntax found nothing, from the file that declares the value's type:
//   import { Telegraf } from 'telegraf'; const bot = new Telegraf(t)     bot       -> telegraf, Telegraf
//   function mount(bot: Telegraf) { bot.on(...) }                          bot       -> telegraf, Telegraf
//   constructor(private readonly bot: Telegraf) {}   this.bot              this.bot  -> telegraf, Telegraf
//   const channel = await (await amqp.connect(url)).createChannel()        channel   -> amqplib, default
//   class Bus extends EventEmitter {}; const bus = new Bus()               bus       -> node:events, EventEmitter
//   process                                                                            -> process (the global)
//   client.on('messageCreate', (message) => ...)   message   -> discord.js, when client is a discord.js Client
//   (typed) a client whose type is declared in node_modules/discord.js                -> discord.js
// Undefined when nothing says; a relative module (`./bot`) is followed through its symbol with a checker.
export function getValueOrigin(node: ts.Expression, checker: ts.TypeChecker | undefined): ImportedBinding | undefined {
  const origin = fromExpression(node, checker, 0);
  if (origin || !checker) return origin;
  return fromType(node, checker, 0);
}

function fromExpression(node: ts.Expression, checker: ts.TypeChecker | undefined, depth: number): ImportedBinding | undefined {
  if (depth > MAX_DEPTH) return undefined;
  let value = unwrapExpression(node);
  if (ts.isAwaitExpression(value)) value = unwrapExpression(value.expression);
  if (ts.isIdentifier(value)) {
    const imported = getImportOf(value);
    if (imported) return isRelative(imported.module) && checker ? fromAlias(value, checker, depth) : imported;
    const declaration = findLocalDeclaration(value);
    if (declaration && ts.isParameter(declaration) && !declaration.type && !declaration.initializer) {
      return fromHandlerParameter(declaration, checker, depth);
    }
    if (declaration) return ts.isBindingElement(declaration) ? undefined : fromDeclaration(declaration, checker, depth);
    if (value.text === 'process') return { module: 'process', imported: 'default' };
    const owner = findClass(value.getSourceFile(), value.text);
    return owner ? fromHeritage(owner, checker, depth) : undefined;
  }
  if (ts.isPropertyAccessExpression(value) && value.expression.kind === ts.SyntaxKind.ThisKeyword) {
    return fromField(value, checker, depth);
  }
  if (ts.isNewExpression(value) || ts.isCallExpression(value)) {
    // new Telegraf(t)   Fastify()   express.Router()   amqp.connect(url)   (await connect()).createChannel()
    const callee = unwrapExpression(value.expression);
    if (ts.isPropertyAccessExpression(callee)) return fromExpression(callee.expression, checker, depth + 1);
    return fromExpression(callee, checker, depth + 1);
  }
  return undefined;
}

function fromDeclaration(
  declaration: ts.VariableDeclaration | ts.ParameterDeclaration | ts.PropertyDeclaration,
  checker: ts.TypeChecker | undefined,
  depth: number,
): ImportedBinding | undefined {
  if (declaration.type) return fromTypeNode(declaration.type);
  return declaration.initializer ? fromExpression(declaration.initializer, checker, depth + 1) : undefined;
}

// client.on('messageCreate', async (message) => ...): a handler's parameter is an object of the package the
// handler was registered on (`message` is a discord.js Message when `client` is a discord.js Client).
function fromHandlerParameter(parameter: ts.ParameterDeclaration, checker: ts.TypeChecker | undefined, depth: number): ImportedBinding | undefined {
  const handler = parameter.parent;
  if (!ts.isArrowFunction(handler) && !ts.isFunctionExpression(handler)) return undefined;
  let argument: ts.Node = handler;
  while (ts.isParenthesizedExpression(argument.parent)) argument = argument.parent;
  const call = argument.parent;
  if (!ts.isCallExpression(call) || !call.arguments.includes(argument as ts.Expression)) return undefined;
  const callee = unwrapExpression(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const registrar = fromExpression(callee.expression, checker, depth + 1);
  return registrar && !isRelative(registrar.module) ? { module: registrar.module, imported: 'handler argument' } : undefined;
}

// Telegraf<Context>   Koa.Context   NodeJS.EventEmitter
function fromTypeNode(type: ts.TypeNode): ImportedBinding | undefined {
  if (!ts.isTypeReferenceNode(type)) return undefined;
  let name: ts.EntityName = type.typeName;
  const last = ts.isQualifiedName(name) ? name.right.text : name.text;
  while (ts.isQualifiedName(name)) name = name.left;
  if (name.text === 'NodeJS' && last === 'EventEmitter') return { module: 'events', imported: 'EventEmitter' };
  const imported = getImportedModule(type.getSourceFile(), name.text);
  return imported && { module: imported.module, imported: imported.imported === '*' || imported.imported === 'default' ? last : imported.imported };
}

// this.bot: a field's type or initializer, a constructor parameter property, or `this.bot = ...` in the constructor.
function fromField(access: ts.PropertyAccessExpression, checker: ts.TypeChecker | undefined, depth: number): ImportedBinding | undefined {
  let owner: ts.Node | undefined = access.parent;
  while (owner && !ts.isClassLike(owner)) owner = owner.parent;
  if (!owner) return undefined;
  const name = access.name.text;
  for (const member of owner.members) {
    if (ts.isPropertyDeclaration(member) && ts.isIdentifier(member.name) && member.name.text === name) {
      const origin = fromDeclaration(member, checker, depth);
      if (origin) return origin;
    }
    if (!ts.isConstructorDeclaration(member)) continue;
    for (const parameter of member.parameters) {
      if (ts.isIdentifier(parameter.name) && parameter.name.text === name && ts.getModifiers(parameter)?.length) {
        return fromDeclaration(parameter, checker, depth);
      }
    }
    for (const statement of member.body?.statements ?? []) {
      if (!ts.isExpressionStatement(statement) || !ts.isBinaryExpression(statement.expression)) continue;
      const { left, operatorToken, right } = statement.expression;
      if (
        operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        ts.isPropertyAccessExpression(left) &&
        left.expression.kind === ts.SyntaxKind.ThisKeyword &&
        left.name.text === name
      ) {
        return fromExpression(right, checker, depth + 1);
      }
    }
  }
  return undefined;
}

function findClass(sourceFile: ts.SourceFile, name: string): ts.ClassDeclaration | undefined {
  for (const statement of sourceFile.statements) {
    if (ts.isClassDeclaration(statement) && statement.name?.text === name) return statement;
  }
  return undefined;
}

// class Bus extends EventEmitter {}: a Bus is what it extends.
function fromHeritage(owner: ts.ClassLikeDeclaration, checker: ts.TypeChecker | undefined, depth: number): ImportedBinding | undefined {
  const base = owner.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
  return base ? fromExpression(base.expression, checker, depth + 1) : undefined;
}

// import { bot } from './bot': the declaration the alias stands for, in the other file.
function fromAlias(identifier: ts.Identifier, checker: ts.TypeChecker, depth: number): ImportedBinding | undefined {
  let symbol = checker.getSymbolAtLocation(identifier);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const declaration = symbol?.valueDeclaration;
  if (!declaration) return undefined;
  if (ts.isVariableDeclaration(declaration) && ts.isIdentifier(declaration.name)) return fromDeclaration(declaration, checker, depth + 1);
  if (ts.isClassDeclaration(declaration)) return fromHeritage(declaration, checker, depth);
  return undefined;
}

// The module that declares the value's type: an ambient `declare module 'events'` (the @types/node files),
// the package folder under node_modules, or a class of the project and what it extends.
function fromType(node: ts.Expression, checker: ts.TypeChecker, depth: number): ImportedBinding | undefined {
  const type = checker.getTypeAtLocation(node);
  const symbol = type.aliasSymbol ?? type.getSymbol();
  const declaration = symbol?.declarations?.[0];
  if (!declaration || depth > MAX_DEPTH) return undefined;
  for (let current: ts.Node | undefined = declaration.parent; current; current = current.parent) {
    if (ts.isModuleDeclaration(current) && ts.isStringLiteral(current.name)) return { module: current.name.text, imported: symbol.name };
  }
  const file = declaration.getSourceFile();
  const match = NODE_MODULES.exec(file.fileName);
  if (match?.[1]) {
    const folder = match[1].replace(/\\/gu, '/');
    const module = folder.startsWith('@types/') ? folder.slice('@types/'.length).replace(/^(.+)__(.+)$/u, '@$1/$2') : folder;
    return { module, imported: symbol.name };
  }
  return ts.isClassLike(declaration) ? fromHeritage(declaration, checker, depth + 1) : undefined;
}

function isRelative(module: string): boolean {
  return module.startsWith('.') || module.startsWith('/');
}
