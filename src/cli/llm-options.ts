import path from 'node:path';

import { Ajv } from 'ajv';
import type { Command } from 'commander';

import type { Family } from '../../rules/engine/types.js';
import { FAMILIES } from '../../rules/engine/types.js';
import { ConfigurationError } from '../errors.js';
import type { Severity, TriageAction } from '../findings/finding.js';
import type { EscalationOptions, LlmMode } from '../escalate/options.js';
import { DEFAULT_ESCALATION_OPTIONS, LLM_MODES } from '../escalate/options.js';
import { TRIAGE_ACTIONS, TRIAGE_MIN_CONFIDENCE } from '../escalate/triage.js';

const DEFAULT_CACHE_ROOT = '.resilint-cache';
const SEVERITIES: readonly Severity[] = ['note', 'warning', 'error'];

/** The `llm` section of resilint.config.json. Embed it as `properties.llm` of the config schema. */
export const LLM_CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  description: 'Escalation of findings to Claude (docs/llm.md).',
  properties: {
    mode: { enum: [...LLM_MODES], description: 'off | auto (on when ANTHROPIC_API_KEY is set) | on | dry-run. Default auto.' },
    model: { type: 'string', minLength: 1, description: `Model id. Default ${DEFAULT_ESCALATION_OPTIONS.model}.` },
    fixModel: {
      type: 'string',
      minLength: 1,
      description: 'Model that proposes fixes, asked only for confirmed findings without a rule fix. Default none (the model fixes).',
    },
    baseURL: { type: 'string', minLength: 1, description: 'API base URL; ANTHROPIC_BASE_URL overrides it.' },
    maxEscalations: { type: 'integer', minimum: 0, description: 'Requests sent per run. Default 50.' },
    budgetUsd: { type: 'number', exclusiveMinimum: 0, description: 'Stop when the estimated cost would pass it.' },
    concurrency: { type: 'integer', minimum: 1, maximum: 64, description: 'Requests in flight. Default 4.' },
    timeoutMs: { type: 'integer', minimum: 1, description: 'Per-request timeout. Default 60000.' },
    maxRetries: { type: 'integer', minimum: 0, maximum: 10, description: 'SDK retries per request. Default 2.' },
    deadlineMs: { type: 'integer', minimum: 1, description: 'Deadline of the whole stage. Default 300000.' },
    circuitBreakerThreshold: { type: 'integer', minimum: 1, description: 'Consecutive failures that stop escalation. Default 3.' },
    minSeverity: { enum: [...SEVERITIES], description: 'Lowest severity escalated. Default note.' },
    families: { type: 'array', items: { enum: [...FAMILIES] }, uniqueItems: true, description: 'Families escalated. Default all.' },
    maxContextChars: { type: 'integer', minimum: 500, description: 'Bound of the code context per finding. Default 12000.' },
    maxOutputTokens: { type: 'integer', minimum: 256, description: 'max_tokens per request. Default 2048.' },
    cache: { type: 'boolean', description: 'Cache answers in <--cache-dir>/llm (default .resilint-cache/llm). Default true.' },
    dryRunDir: { type: 'string', minLength: 1, description: 'Where --llm dry-run writes requests. Default .resilint-dry-run.' },
    triage: {
      enum: [...TRIAGE_ACTIONS],
      description: `A finding the model judges a false positive with confidence ${TRIAGE_MIN_CONFIDENCE} or more: mark it (it still counts towards the exit code) or hide it from the exit code; it stays in the report. Default mark.`,
    },
    batch: {
      type: 'boolean',
      description: 'Send the requests through the Message Batches API (half the price; answers that miss deadlineMs are dropped). Default false.',
    },
    batchPollMs: { type: 'integer', minimum: 10, description: 'Wait between two polls of a batch. Default 10000.' },
  },
} as const;

export interface LlmConfigSection {
  mode?: LlmMode;
  model?: string;
  fixModel?: string;
  baseURL?: string;
  maxEscalations?: number;
  budgetUsd?: number;
  concurrency?: number;
  timeoutMs?: number;
  maxRetries?: number;
  deadlineMs?: number;
  circuitBreakerThreshold?: number;
  minSeverity?: Severity;
  families?: Family[];
  maxContextChars?: number;
  maxOutputTokens?: number;
  cache?: boolean;
  dryRunDir?: string;
  triage?: TriageAction;
  batch?: boolean;
  batchPollMs?: number;
}

/** What commander parses from the options registered by addLlmOptions (all strings, as typed). */
export interface LlmCliOptions {
  llm?: string;
  model?: string;
  llmFixModel?: string;
  maxEscalations?: string;
  llmBudgetUsd?: string;
  concurrency?: string;
  llmTimeout?: string;
  llmDeadline?: string;
  llmMinSeverity?: string;
  llmFamily?: string[];
  llmContextChars?: string;
  dryRunDir?: string;
  llmTriage?: string;
  llmBatch?: boolean;
  /** The analyze command's --cache-dir: LLM answers live in its `llm` subfolder. */
  cacheDir?: string;
  /** false with --no-cache. */
  cache?: boolean;
}

/**
 * Registers the LLM options on the analyze command. Values are validated by resolveEscalationOptions.
 * `--cache-dir` and `--no-cache` are the analyze command's own (shared caches): answers go to `<cache-dir>/llm`.
 */
export function addLlmOptions(command: Command): Command {
  return command
    .option('--llm <mode>', 'escalate findings to Claude: off | auto (on when ANTHROPIC_API_KEY is set) | on | dry-run')
    .option('--model <id>', `model id (default ${DEFAULT_ESCALATION_OPTIONS.model})`)
    .option('--llm-fix-model <id>', 'ask this model for the fixes of confirmed findings (default: the --model answer carries the fix)')
    .option('--max-escalations <n>', 'requests sent per run (default 50)')
    .option('--llm-budget-usd <usd>', 'stop escalating when the estimated cost would pass this')
    .option('--concurrency <n>', 'LLM requests in flight (default 4)')
    .option('--llm-timeout <ms>', 'timeout of one LLM request (default 60000)')
    .option('--llm-deadline <ms>', 'deadline of the whole LLM stage (default 300000)')
    .option('--llm-min-severity <level>', 'escalate findings at or above: note | warning | error (default note)')
    .option('--llm-family <family...>', `escalate only these families (${FAMILIES.join(', ')}); repeat or separate with commas`)
    .option('--llm-context-chars <n>', 'bound of the code context sent per finding (default 12000)')
    .option('--dry-run-dir <dir>', 'where --llm dry-run writes the requests (default .resilint-dry-run)')
    .option(
      '--llm-triage <action>',
      `a finding the model judges a false positive with confidence >= ${TRIAGE_MIN_CONFIDENCE}: mark | hide (left out of the exit code, still reported) (default mark)`,
    )
    .option('--llm-batch', 'send the requests through the Message Batches API: half the price, answers only if the batch ends within --llm-deadline');
}

let validateSection: ReturnType<Ajv['compile']> | undefined;

/**
 * Command line over environment over config file over defaults. The key comes only from
 * `ANTHROPIC_API_KEY` in `env`. Throws ConfigurationError naming the bad option and what is accepted.
 */
export function resolveEscalationOptions(
  cliOptions: LlmCliOptions,
  configLlmSection: unknown,
  env: Readonly<Record<string, string | undefined>>,
): EscalationOptions {
  const config = checkSection(configLlmSection);
  const mode = pick(cliOptions.llm, '--llm', (value) => oneOf(value, LLM_MODES, '--llm')) ?? config.mode ?? DEFAULT_ESCALATION_OPTIONS.mode;
  const families =
    cliOptions.llmFamily && cliOptions.llmFamily.length > 0
      ? [
          ...new Set(
            cliOptions.llmFamily
              .flatMap((value) => value.split(','))
              .map((value) => value.trim())
              .filter(Boolean),
          ),
        ].map((value) => oneOf(value, FAMILIES, '--llm-family'))
      : config.families;
  const cacheRoot = cliOptions.cache === false || config.cache === false ? undefined : (cliOptions.cacheDir ?? DEFAULT_CACHE_ROOT);
  const cacheDir = cacheRoot === undefined ? undefined : path.join(cacheRoot, 'llm');
  const apiKey = env.ANTHROPIC_API_KEY?.trim() || undefined;
  const baseURL = env.ANTHROPIC_BASE_URL?.trim() || config.baseURL;
  if (baseURL !== undefined && !/^https?:\/\/[^\s]+$/u.test(baseURL)) {
    throw new ConfigurationError(`The LLM base URL "${baseURL}" is not an http(s) URL (ANTHROPIC_BASE_URL or llm.baseURL).`);
  }
  const defaults = DEFAULT_ESCALATION_OPTIONS;
  return {
    mode,
    apiKey,
    baseURL,
    model: cliOptions.model?.trim() || config.model || defaults.model,
    fixModel: cliOptions.llmFixModel?.trim() || config.fixModel || defaults.fixModel,
    maxEscalations: pick(cliOptions.maxEscalations, '--max-escalations', integer(0)) ?? config.maxEscalations ?? defaults.maxEscalations,
    budgetUsd: pick(cliOptions.llmBudgetUsd, '--llm-budget-usd', positiveNumber) ?? config.budgetUsd ?? defaults.budgetUsd,
    concurrency: pick(cliOptions.concurrency, '--concurrency', integer(1, 64)) ?? config.concurrency ?? defaults.concurrency,
    requestTimeoutMs: pick(cliOptions.llmTimeout, '--llm-timeout', integer(1)) ?? config.timeoutMs ?? defaults.requestTimeoutMs,
    maxRetries: config.maxRetries ?? defaults.maxRetries,
    deadlineMs: pick(cliOptions.llmDeadline, '--llm-deadline', integer(1)) ?? config.deadlineMs ?? defaults.deadlineMs,
    circuitBreakerThreshold: config.circuitBreakerThreshold ?? defaults.circuitBreakerThreshold,
    minSeverity:
      pick(cliOptions.llmMinSeverity, '--llm-min-severity', (value) => oneOf(value, SEVERITIES, '--llm-min-severity')) ??
      config.minSeverity ??
      defaults.minSeverity,
    families,
    maxContextChars: pick(cliOptions.llmContextChars, '--llm-context-chars', integer(500)) ?? config.maxContextChars ?? defaults.maxContextChars,
    maxOutputTokens: config.maxOutputTokens ?? defaults.maxOutputTokens,
    cacheDir,
    dryRunDir: cliOptions.dryRunDir ?? config.dryRunDir ?? defaults.dryRunDir,
    batch: cliOptions.llmBatch ?? config.batch ?? defaults.batch,
    batchPollMs: config.batchPollMs ?? defaults.batchPollMs,
    triage: pick(cliOptions.llmTriage, '--llm-triage', (value) => oneOf(value, TRIAGE_ACTIONS, '--llm-triage')) ?? config.triage ?? defaults.triage,
    promptLayout: defaults.promptLayout,
  };
}

function checkSection(section: unknown): LlmConfigSection {
  if (section === undefined || section === null) return {};
  validateSection ??= new Ajv({ allErrors: true, strict: false }).compile(LLM_CONFIG_SCHEMA);
  if (!validateSection(section)) {
    const problems = (validateSection.errors ?? []).map(
      (error) =>
        `llm${error.instancePath.replace(/\//gu, '.')} ${error.message ?? ''}${error.params && 'additionalProperty' in error.params ? ` (${String(error.params.additionalProperty)})` : ''}`,
    );
    throw new ConfigurationError(`Invalid "llm" section in the config file: ${problems.join('; ')}.`);
  }
  return section as LlmConfigSection;
}

function pick<T>(value: string | undefined, name: string, parse: (value: string, name: string) => T): T | undefined {
  return value === undefined ? undefined : parse(value.trim(), name);
}

function oneOf<T extends string>(value: string, allowed: readonly T[], name: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new ConfigurationError(`${name} must be one of ${allowed.join(', ')}; got "${value}".`);
}

function integer(minimum: number, maximum = Number.MAX_SAFE_INTEGER) {
  return (value: string, name: string): number => {
    const number = /^\d+$/u.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(number) || number < minimum || number > maximum) {
      throw new ConfigurationError(`${name} must be an integer from ${minimum}${maximum < Number.MAX_SAFE_INTEGER ? ` to ${maximum}` : ''}; got "${value}".`);
    }
    return number;
  };
}

function positiveNumber(value: string, name: string): number {
  const number = /^\d+(\.\d+)?$/u.test(value) ? Number(value) : Number.NaN;
  if (!(number > 0) || !Number.isFinite(number)) throw new ConfigurationError(`${name} must be a positive number of USD; got "${value}".`);
  return number;
}
