import ts from './engine/typescript.cjs';

import { createRule } from './engine/create-rule.js';
import type { SuggestionReport, TextEdit } from './engine/types.js';
import { evaluateDeadlineOptions } from './utils/evaluate-deadline-options.js';
import type { DeadlineOptionSpec, DeadlineVerdict } from './utils/evaluate-deadline-options.js';
import { findLocalDeclaration } from './utils/find-local-declaration.js';
import { getFetchFlavor } from './utils/get-fetch-flavor.js';
import { getHttpRequestCall } from './utils/get-http-request-call.js';
import type { HttpRequestCall } from './utils/get-http-request-call.js';
import { getResultDeadline } from './utils/get-result-deadline.js';
import { getGuardedDeadlineOptions } from './utils/get-guarded-deadline-options.js';
import { getUnsetDefaultDeadline } from './utils/get-unset-default-deadline.js';
import { getUnsetRequestDeadline } from './utils/get-unset-request-deadline.js';
import { getZeroTimeoutFallback } from './utils/get-zero-timeout-fallback.js';
import { getDeadlineSpec } from './utils/get-deadline-spec.js';
import { hasClientDefaultDeadline } from './utils/has-client-default-deadline.js';
import type { ClientDefaults } from './utils/has-client-default-deadline.js';
import { insertObjectProperty } from './utils/insert-object-property.js';
import { isRacedAgainstTimeout } from './utils/is-raced-against-timeout.js';
import type { ClientInstance } from './utils/resolve-client-instance.js';
import { unwrapExpression } from './utils/unwrap-expression.js';
import { yieldsResponseBody } from './utils/yields-response-body.js';

export interface RequireRequestTimeoutOptions {
  /**
   * The deadline, in milliseconds, that suggestions insert.
   * @default 10000
   */
  timeoutMs?: number;
  /**
   * Extra names of functions to treat as WHATWG fetch (an SDK's injected fetch the file cannot show).
   * @default []
   */
  fetchNames?: string[];
}

type Options = [RequireRequestTimeoutOptions];
type MessageIds =
  | 'fetchWithoutSignal'
  | 'fetchTimeoutIgnored'
  | 'optionalSignal'
  | 'missingTimeout'
  | 'instanceWithoutTimeout'
  | 'timeoutDisabled'
  | 'timeoutFallsBackToZero'
  | 'deadlineUnsetByDefault'
  | 'projectClientWithoutTimeout'
  | 'addSignal'
  | 'replaceTimeoutWithSignal'
  | 'defaultSignal'
  | 'addTimeout';

export default createRule<Options, MessageIds>({
  name: 'require-request-timeout',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require outbound HTTP calls to carry a deadline',
      family: 'timeouts',
      recommended: 'recommended',
      typeInformation: 'optional',
      precision: 'high',
      cwe: ['CWE-400', 'CWE-1088'],
    },
    hasSuggestions: true,
    messages: {
      fetchWithoutSignal:
        'This fetch has no deadline: without a `signal` it waits as long as the server keeps the connection open. Pass `signal: AbortSignal.timeout(ms)`.',
      fetchTimeoutIgnored: 'fetch ignores `timeout`: this request has no deadline. Use `signal: AbortSignal.timeout(ms)` instead.',
      optionalSignal:
        "This request's only deadline is the caller's optional `signal`, undefined unless passed: by default it never times out. Fall back to `AbortSignal.timeout(ms)`.",
      missingTimeout: 'This {{client}} request has no timeout: {{client}} waits forever by default. {{remedy}}',
      instanceWithoutTimeout:
        'This {{client}} request goes through an instance created without a timeout, so it waits forever by default. Set `timeout` where the instance is created or in this call.',
      timeoutDisabled: '`{{option}}: 0` disables the timeout: this request can wait forever.',
      timeoutFallsBackToZero:
        '`{{option}}` falls back to 0 when the caller sets none, and 0 means no timeout: by default this request can wait forever. Fall back to a positive deadline.',
      projectClientWithoutTimeout:
        "This request config has no `{{option}}`, and this project's HTTP client arms its deadline only when `{{option}}` is set (it is undefined otherwise): by default this request waits forever. Set `{{option}}`.",
      deadlineUnsetByDefault:
        '`{{option}}` defaults to {{value}}, and this project arms that deadline only when the option is set: by default a request whose server never answers waits forever. Give it a positive default.',
      addSignal: 'Add `signal: AbortSignal.timeout({{ms}})`.',
      replaceTimeoutWithSignal: 'Replace `timeout` with `signal: AbortSignal.timeout(...)`.',
      defaultSignal: 'Fall back to `AbortSignal.timeout({{ms}})` when the caller passes no signal.',
      addTimeout: 'Add `{{option}}: {{ms}}`.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          timeoutMs: { type: 'integer', minimum: 1, description: 'The deadline, in milliseconds, that suggestions insert.' },
          fetchNames: {
            type: 'array',
            items: { type: 'string' },
            description: 'Extra names of functions to treat as WHATWG fetch (an injected fetch the file cannot show).',
          },
        },
      },
    ],
    defaultOptions: [{ timeoutMs: 10_000, fetchNames: [] }],
  },
  check(context) {
    const { timeoutMs = 10_000, fetchNames = [] } = context.options[0] ?? {};
    const ms = formatMilliseconds(timeoutMs);
    const { checker, sourceFile } = context;
    const { models, dependencies } = context.project;

    return {
      CallExpression(node) {
        const fetch = getFetchFlavor(node, checker, models, fetchNames);
        if (fetch) {
          checkFetch(node, getDeadlineSpec(fetch.row, dependencies));
          return;
        }
        const request = getHttpRequestCall(node, checker, models, dependencies);
        if (request) {
          checkClientRequest(node, request);
          return;
        }
        const option = getUnsetRequestDeadline(node, checker, () => getGuardedDeadlineOptions(context.program, sourceFile));
        if (option) context.report({ node, messageId: 'projectClientWithoutTimeout', data: { option } });
      },
      NewExpression(node) {
        const request = getHttpRequestCall(node, checker, models, dependencies);
        if (request) checkClientRequest(node, request);
      },
      PropertyAssignment(node) {
        const option = getZeroTimeoutFallback(node);
        if (option) {
          context.report({ node, messageId: 'timeoutFallsBackToZero', data: { option } });
          return;
        }
        const value = getUnsetDefaultDeadline(node, () => getGuardedDeadlineOptions(context.program, sourceFile));
        if (value) context.report({ node, messageId: 'deadlineUnsetByDefault', data: { option: node.name.getText(sourceFile), value } });
      },
    };

    function checkFetch(call: ts.CallExpression, spec: DeadlineOptionSpec): void {
      if (isRacedAgainstTimeout(call, checker)) return;
      const [input, init] = call.arguments;
      if (!input) return;
      // `(...args) => fetch(...args)`: a wrapper forwarding its caller's arguments; the deadline belongs there.
      if (call.arguments.some(ts.isSpreadElement)) return;
      // `fetch('data:,')`: a data or blob URL is read in memory, with no server to wait for.
      if (isInMemoryUrl(input, sourceFile)) return;
      // `async function* download(url) { const { body } = await fetch(url); yield* body; }`: a stream its consumer pulls.
      if (yieldsResponseBody(call)) return;
      if (!init) {
        // fetch(new Request(url, { signal })) carries the init of its Request.
        const request = requestConstruction(input, sourceFile, checker);
        if (request === 'unknown') return;
        if (request) {
          reportFetchVerdict(call, evaluateDeadlineOptions(request.arguments?.[1], spec, checker), undefined);
          return;
        }
        reportFetchVerdict(call, { kind: 'none' }, [{ range: [input.getEnd(), input.getEnd()], text: `, { signal: AbortSignal.timeout(${ms}) }` }]);
        return;
      }
      const verdict = evaluateDeadlineOptions(init, spec, checker);
      const literal = unwrapExpression(init);
      const edits = verdict.kind === 'none' && verdict.object === literal ? addSignalEdits(verdict.object, ms, sourceFile) : undefined;
      reportFetchVerdict(call, verdict, edits);
    }

    function reportFetchVerdict(call: ts.CallExpression, verdict: DeadlineVerdict, addEdits: readonly TextEdit[] | undefined): void {
      switch (verdict.kind) {
        case 'none': {
          if (verdict.ignored) {
            const suggest: SuggestionReport<MessageIds>[] = [
              { messageId: 'replaceTimeoutWithSignal', edits: [timeoutToSignalEdit(verdict.ignored, sourceFile)] },
            ];
            context.report({ node: call, messageId: 'fetchTimeoutIgnored', suggest });
            return;
          }
          context.report({
            node: call,
            messageId: 'fetchWithoutSignal',
            ...(addEdits && { suggest: [{ messageId: 'addSignal', data: { ms }, edits: addEdits }] }),
          });
          return;
        }
        case 'optional':
          reportOptionalSignal(call, verdict.property);
          return;
        case 'disabled':
          context.report({ node: call, messageId: 'timeoutDisabled', data: { option: verdict.key } });
          return;
        default:
      }
    }

    function reportOptionalSignal(node: ts.Node, property: ts.PropertyAssignment | ts.ShorthandPropertyAssignment): void {
      const edits = [defaultSignalEdit(property, ms, sourceFile)];
      context.report({ node, messageId: 'optionalSignal', suggest: [{ messageId: 'defaultSignal', data: { ms }, edits }] });
    }

    function checkClientRequest(node: ts.CallExpression | ts.NewExpression, request: HttpRequestCall): void {
      if (request.kind === 'unsupported') return;
      if (ts.isCallExpression(node) && isRacedAgainstTimeout(node, checker)) return;
      const verdict = request.options === 'unknown' ? ({ kind: 'unknown' } as const) : evaluateDeadlineOptions(request.options, request.spec, checker);
      if (verdict.kind === 'deadline' || verdict.kind === 'unknown') return;
      if (verdict.kind === 'disabled') {
        context.report({ node, messageId: 'timeoutDisabled', data: { option: verdict.key } });
        return;
      }
      if (request.disabledOnly) return;
      // What the instance, the defaults or the returned request add, before blaming this call's options.
      if (request.resultMethods && getResultDeadline(node, request.resultMethods, checker) !== 'none') return;
      const inherited = request.instance ? instanceDeadline(request.instance, request.spec, request.defaults, context) : 'none-default';
      if (inherited === 'deadline') return;
      if (inherited === 'disabled') {
        context.report({ node, messageId: 'timeoutDisabled', data: { option: 'timeout' } });
        return;
      }
      if (verdict.kind === 'optional') {
        reportOptionalSignal(node, verdict.property);
        return;
      }
      if (inherited === 'none-instance') {
        context.report({ node, messageId: 'instanceWithoutTimeout', data: { client: request.client } });
        return;
      }
      const suggest = request.suggested ? optionSuggestion(node, request, request.suggested, verdict, ms, sourceFile) : undefined;
      context.report({
        node,
        messageId: 'missingTimeout',
        data: { client: request.client, remedy: request.remedy },
        ...(suggest && { suggest: [suggest] }),
      });
    }
  },
});

// The `new Request(...)` a fetch input is, or 'unknown' when it is a Request made elsewhere (it may carry a signal).
function requestConstruction(input: ts.Expression, sourceFile: ts.SourceFile, checker: ts.TypeChecker | undefined): ts.NewExpression | 'unknown' | undefined {
  let value = unwrapExpression(input);
  if (ts.isIdentifier(value)) {
    const declaration = findLocalDeclaration(value);
    if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer) value = unwrapExpression(declaration.initializer);
    else if (declaration && ts.isParameter(declaration) && declaration.type && /\bRequest\b/u.test(declaration.type.getText(sourceFile))) {
      return 'unknown';
    }
  }
  if (ts.isNewExpression(value) && value.expression.getText(sourceFile) === 'Request') return value;
  // A service worker's `fetch(event.request)`, a proxy's `fetch(req)`: a Request made elsewhere.
  if ((ts.isIdentifier(value) || ts.isPropertyAccessExpression(value)) && /^(?:req|request)$/iu.test(ts.isIdentifier(value) ? value.text : value.name.text)) {
    return 'unknown';
  }
  if (checker) {
    const type = checker.getTypeAtLocation(input);
    if (type.getSymbol()?.getName() === 'Request') return 'unknown';
  }
  return undefined;
}

// Adds a deadline to an init literal; a signal already there that never fires is combined with one.
function addSignalEdits(object: ts.ObjectLiteralExpression, ms: string, sourceFile: ts.SourceFile): TextEdit[] {
  const deadline = `AbortSignal.timeout(${ms})`;
  const existing = object.properties.find(
    (property): property is ts.PropertyAssignment | ts.ShorthandPropertyAssignment =>
      (ts.isPropertyAssignment(property) || ts.isShorthandPropertyAssignment(property)) && ts.isIdentifier(property.name) && property.name.text === 'signal',
  );
  if (!existing) return insertObjectProperty(object, `signal: ${deadline}`, sourceFile);
  const value = ts.isShorthandPropertyAssignment(existing) ? existing.name : existing.initializer;
  const unwrapped = unwrapExpression(value);
  // `ms > 0 ? AbortSignal.timeout(ms) : undefined` may be no signal at all, which AbortSignal.any rejects.
  const conditional = ts.isConditionalExpression(unwrapped) || (ts.isIdentifier(unwrapped) && isConditionalConst(unwrapped));
  const text =
    (ts.isIdentifier(unwrapped) && unwrapped.text === 'undefined') || unwrapped.kind === ts.SyntaxKind.NullKeyword
      ? deadline
      : conditional
        ? `${ts.isIdentifier(unwrapped) ? unwrapped.text : `(${unwrapped.getText(sourceFile)})`} ?? ${deadline}`
        : `AbortSignal.any([${value.getText(sourceFile)}, ${deadline}])`;
  return [{ range: [existing.getStart(sourceFile), existing.getEnd()], text: `signal: ${text}` }];
}

// What an instance's creation options (and its parents', and the package's defaults) give every request through it.
function instanceDeadline(
  instance: ClientInstance,
  spec: DeadlineOptionSpec,
  defaults: ClientDefaults | undefined,
  context: { sourceFile: ts.SourceFile; program: ts.Program | undefined; checker: ts.TypeChecker | undefined },
): 'deadline' | 'disabled' | 'none-instance' | 'none-default' {
  const { sourceFile, checker } = context;
  for (let current: ClientInstance | undefined = instance; current; current = current.parent) {
    if (defaults && hasClientDefaultDeadline(sourceFile, context.program, current.path, current.module, defaults)) return 'deadline';
    if (!current.factory) continue;
    const verdict = evaluateDeadlineOptions(current.factory.arguments[0], spec, checker);
    if (verdict.kind === 'deadline' || verdict.kind === 'unknown') return 'deadline';
    if (verdict.kind === 'disabled') return 'disabled';
  }
  if (defaults && hasClientDefaultDeadline(sourceFile, context.program, undefined, instance.module, defaults)) return 'deadline';
  return instance.factory ? 'none-instance' : 'none-default';
}

// Adds the row's suggested option (`timeout: 10_000`) to the call's options literal, or as a new options argument.
function optionSuggestion(
  node: ts.CallExpression | ts.NewExpression,
  request: HttpRequestCall & { kind: 'request' },
  option: string,
  verdict: DeadlineVerdict,
  ms: string,
  sourceFile: ts.SourceFile,
): SuggestionReport<MessageIds> | undefined {
  const property = `${option}: ${ms}`;
  if (verdict.kind === 'none' && verdict.object && typeof request.options === 'object' && unwrapExpression(request.options) === verdict.object) {
    return { messageId: 'addTimeout', data: { option, ms }, edits: insertObjectProperty(verdict.object, property, sourceFile) };
  }
  const args = node.arguments ?? [];
  if (request.options === undefined && args.length === request.optionsIndex && args.length > 0) {
    const last = args[args.length - 1]!;
    return { messageId: 'addTimeout', data: { option, ms }, edits: [{ range: [last.getEnd(), last.getEnd()], text: `, { ${property} }` }] };
  }
  return undefined;
}

// `fetch('data:,')`, `fetch(`blob:${id}`)`: read in memory, with no server to wait for.
function isInMemoryUrl(input: ts.Expression, sourceFile: ts.SourceFile): boolean {
  const url = unwrapExpression(input);
  return (ts.isStringLiteralLike(url) || ts.isTemplateExpression(url)) && /^(?:data|blob):/iu.test(url.getText(sourceFile).slice(1));
}

// `signal` -> `signal: signal ?? AbortSignal.timeout(10_000)`: the caller's signal when there is one, a deadline otherwise.
function defaultSignalEdit(property: ts.PropertyAssignment | ts.ShorthandPropertyAssignment, ms: string, sourceFile: ts.SourceFile): TextEdit {
  const value = ts.isShorthandPropertyAssignment(property) ? property.name : property.initializer;
  const text = value.getText(sourceFile);
  return ts.isShorthandPropertyAssignment(property)
    ? { range: [property.getStart(sourceFile), property.getEnd()], text: `signal: ${text} ?? AbortSignal.timeout(${ms})` }
    : { range: [value.getStart(sourceFile), value.getEnd()], text: `${needsParentheses(value) ? `(${text})` : text} ?? AbortSignal.timeout(${ms})` };
}

// fetch ignores `timeout: 5000`: `signal: AbortSignal.timeout(5000)` is what bounds it.
function timeoutToSignalEdit(property: ts.PropertyAssignment, sourceFile: ts.SourceFile): TextEdit {
  return { range: [property.getStart(sourceFile), property.getEnd()], text: `signal: AbortSignal.timeout(${property.initializer.getText(sourceFile)})` };
}

// 10000 -> 10_000, as people write durations.
function formatMilliseconds(value: number): string {
  return value >= 10_000 ? String(value).replace(/\B(?=(\d{3})+(?!\d))/gu, '_') : String(value);
}

function needsParentheses(expression: ts.Expression): boolean {
  return ts.isBinaryExpression(expression) || ts.isConditionalExpression(expression);
}

// const signal = ms > 0 ? AbortSignal.timeout(ms) : undefined
function isConditionalConst(identifier: ts.Identifier): boolean {
  const declaration = findLocalDeclaration(identifier);
  return (
    declaration !== undefined &&
    ts.isVariableDeclaration(declaration) &&
    declaration.initializer !== undefined &&
    ts.isConditionalExpression(unwrapExpression(declaration.initializer))
  );
}
