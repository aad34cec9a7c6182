import type ts from 'typescript';

import type { LibraryModel } from '../models/library-model.js';

/** The four failure families every finding belongs to. */
export type Family = 'error-handling' | 'retries' | 'timeouts' | 'error-types';

export const FAMILIES: readonly Family[] = ['error-handling', 'retries', 'timeouts', 'error-types'];

/**
 * How a rule uses the type checker.
 * - `none`: syntax only.
 * - `optional`: uses types where the program has them and falls back to syntax where it does not.
 * - `required`: reports nothing useful without types; the ESLint host raises a clear error.
 */
export type TypeInformation = 'none' | 'optional' | 'required';

/** `docs` block of a resilint rule's meta: the single source for presets, doc headers and SARIF. */
export interface ResilintDocs {
  description: string;
  family: Family;
  /** The lightest preset that enables the rule. */
  recommended: 'recommended' | 'recommended-type-checked' | 'strict-type-checked';
  typeInformation: TypeInformation;
  /**
   * The share of the rule's findings a reviewer kept on published packages (`npm run eval:real`, the rules table
   * of docs/real-world.md, without dependencies installed): `high` at 0.8 or more, `medium` from 0.3, `low`
   * below; a rule with no finding there keeps the class its corpus gives it. SARIF `properties.precision`, and
   * the presets' severity (`error` for high or better, `warn` otherwise). test/rules/precision-metadata.test.ts
   * keeps it in line with the table.
   */
  precision: 'very-high' | 'high' | 'medium' | 'low';
  /** CWE ids, e.g. `CWE-755`. */
  cwe: readonly string[];
  /**
   * Rules of ESLint core or typescript-eslint that report the same lines, each with the setting that leaves
   * those lines to this rule: the `disable-overlap` config applies them, and the rule's doc names them.
   */
  overlaps?: Readonly<Record<string, OverlapSetting>>;
}

/** `off`, or the other rule's options that keep what this rule does not cover. */
export type OverlapSetting = 'off' | readonly ['error', Readonly<Record<string, unknown>>];

/** A replacement of `range` (source offsets, end exclusive) by `text`. */
export interface TextEdit {
  range: readonly [number, number];
  text: string;
}

export interface SuggestionReport<MessageIds extends string> {
  messageId: MessageIds;
  data?: Record<string, string | number>;
  edits: readonly TextEdit[];
}

export interface Report<MessageIds extends string> {
  /** The node whose span (without leading trivia) is the location. */
  node: ts.Node;
  messageId: MessageIds;
  data?: Record<string, string | number>;
  /** An autofix: applied by `--fix`, so only when it is safe and mechanical. */
  fix?: readonly TextEdit[];
  suggest?: readonly SuggestionReport<MessageIds>[];
}

/** Facts about the project a file belongs to that no AST holds. Hosts gather them; checks only read them. */
export interface ProjectFacts {
  /** Declared dependency versions (dependencies, devDependencies, peerDependencies) of the nearest package.json. */
  dependencies: Readonly<Record<string, string>>;
  /**
   * The library catalogue for this project: the user's models (resilint.config.json `models`, or the
   * plugin's `settings.resilint.models`) first, then the built-in ones. Checks pass it to the predicates
   * that ask about packages; it is never kept in a module, so two projects never see each other's rows.
   */
  models: readonly LibraryModel[];
}

export interface CheckContext<Options extends readonly unknown[], MessageIds extends string> {
  sourceFile: ts.SourceFile;
  /** Present when the host has a program for this file. */
  program: ts.Program | undefined;
  /** Present when the host has a program for this file. */
  checker: ts.TypeChecker | undefined;
  options: Options;
  project: ProjectFacts;
  report(report: Report<MessageIds>): void;
}

/** Node types of the kinds checks listen to most; other kinds get `ts.Node`. */
export interface NodeByKind {
  ArrowFunction: ts.ArrowFunction;
  AwaitExpression: ts.AwaitExpression;
  BinaryExpression: ts.BinaryExpression;
  CallExpression: ts.CallExpression;
  CatchClause: ts.CatchClause;
  ClassDeclaration: ts.ClassDeclaration;
  DoStatement: ts.DoStatement;
  ElementAccessExpression: ts.ElementAccessExpression;
  ExpressionStatement: ts.ExpressionStatement;
  ForInStatement: ts.ForInStatement;
  ForOfStatement: ts.ForOfStatement;
  ForStatement: ts.ForStatement;
  FunctionDeclaration: ts.FunctionDeclaration;
  FunctionExpression: ts.FunctionExpression;
  Identifier: ts.Identifier;
  ImportDeclaration: ts.ImportDeclaration;
  MethodDeclaration: ts.MethodDeclaration;
  NewExpression: ts.NewExpression;
  ObjectLiteralExpression: ts.ObjectLiteralExpression;
  PropertyAccessExpression: ts.PropertyAccessExpression;
  PropertyAssignment: ts.PropertyAssignment;
  ReturnStatement: ts.ReturnStatement;
  SourceFile: ts.SourceFile;
  ThrowStatement: ts.ThrowStatement;
  TryStatement: ts.TryStatement;
  VariableDeclaration: ts.VariableDeclaration;
  WhileStatement: ts.WhileStatement;
}

type KindName = keyof typeof ts.SyntaxKind;
type NodeOf<Kind extends string> = Kind extends keyof NodeByKind ? NodeByKind[Kind] : ts.Node;

/** Listener names are `ts.SyntaxKind` member names, optionally with `:exit`, as in ESLint's selectors. */
export type Listeners = {
  [Kind in KindName]?: (node: NodeOf<Kind>) => void;
} & {
  [Kind in KindName as `${Kind}:exit`]?: (node: NodeOf<Kind>) => void;
};

export type Check<Options extends readonly unknown[], MessageIds extends string> = (context: CheckContext<Options, MessageIds>) => Listeners;
