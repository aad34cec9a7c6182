import path from 'node:path';

import { Command } from 'commander';
import { describe, expect, it } from 'vitest';

import { addLlmOptions, resolveEscalationOptions } from '../../src/cli/llm-options.js';
import { ConfigurationError } from '../../src/errors.js';

function parse(argv: string[]) {
  const command = addLlmOptions(new Command('analyze').exitOverride()).option('--cache-dir <dir>', '', '.resilint-cache').option('--no-cache');
  command.parse(argv, { from: 'user' });
  return command.opts();
}

describe('LLM options', () => {
  it('applies the documented defaults', () => {
    expect(resolveEscalationOptions(parse([]), undefined, {})).toMatchObject({
      mode: 'auto',
      apiKey: undefined,
      baseURL: undefined,
      model: 'claude-haiku-5-5',
      fixModel: undefined,
      maxEscalations: 50,
      budgetUsd: undefined,
      concurrency: 4,
      minSeverity: 'note',
      families: undefined,
      cacheDir: path.join('.resilint-cache', 'llm'),
    });
  });

  it('takes the command line over the environment over the config file', () => {
    const options = resolveEscalationOptions(
      parse([
        '--llm',
        'on',
        '--model',
        'claude-haiku-4-5',
        '--llm-fix-model',
        ' claude-opus-5-5 ',
        '--max-escalations',
        '7',
        '--llm-budget-usd',
        '0.5',
        '--concurrency',
        '8',
        '--llm-family',
        'timeouts,retries',
        '--llm-min-severity',
        'error',
      ]),
      { mode: 'off', model: 'claude-opus-4-6', baseURL: 'http://config.example', concurrency: 2 },
      { ANTHROPIC_API_KEY: ' sk-ant-key ', ANTHROPIC_BASE_URL: 'http://127.0.0.1:9999' },
    );
    expect(options).toMatchObject({
      mode: 'on',
      apiKey: 'sk-ant-key',
      baseURL: 'http://127.0.0.1:9999',
      model: 'claude-haiku-4-5',
      fixModel: 'claude-opus-5-5',
      maxEscalations: 7,
      budgetUsd: 0.5,
      concurrency: 8,
      families: ['timeouts', 'retries'],
      minSeverity: 'error',
      cacheDir: path.join('.resilint-cache', 'llm'),
    });
    expect(resolveEscalationOptions(parse(['--cache-dir', 'shared']), {}, {}).cacheDir).toBe(path.join('shared', 'llm'));
    expect(resolveEscalationOptions(parse([]), { baseURL: 'http://config.example', cache: false }, {})).toMatchObject({
      baseURL: 'http://config.example',
      cacheDir: undefined,
    });
    expect(resolveEscalationOptions(parse(['--no-cache']), {}, {}).cacheDir).toBeUndefined();
    expect(resolveEscalationOptions(parse([]), { fixModel: 'claude-sonnet-5-5' }, {}).fixModel).toBe('claude-sonnet-5-5');
  });

  it.each([
    [['--llm', 'sometimes'], /--llm must be one of off, auto, on, dry-run/u],
    [['--max-escalations', '-1'], /--max-escalations must be an integer/u],
    [['--concurrency', '0'], /--concurrency must be an integer from 1 to 64/u],
    [['--llm-budget-usd', 'lots'], /--llm-budget-usd must be a positive number/u],
    [['--llm-family', 'speed'], /--llm-family must be one of error-handling, retries, timeouts, error-types/u],
    [['--llm-min-severity', 'fatal'], /--llm-min-severity must be one of note, warning, error/u],
    [['--llm-timeout', '1.5'], /--llm-timeout must be an integer/u],
  ])('rejects %j with a ConfigurationError', (argv, message) => {
    expect(() => resolveEscalationOptions(parse(argv), undefined, {})).toThrow(ConfigurationError);
    expect(() => resolveEscalationOptions(parse(argv), undefined, {})).toThrow(message);
  });

  it('rejects a bad config section and a bad base URL', () => {
    expect(() => resolveEscalationOptions(parse([]), { concurency: 2 }, {})).toThrow(/Invalid "llm" section.*concurency/u);
    expect(() => resolveEscalationOptions(parse([]), { maxEscalations: 'many' }, {})).toThrow(ConfigurationError);
    expect(() => resolveEscalationOptions(parse([]), undefined, { ANTHROPIC_BASE_URL: 'ftp://x' })).toThrow(/not an http\(s\) URL/u);
  });
});
