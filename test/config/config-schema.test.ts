import fs from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { getModelProblems } from '../../rules/models/get-model-problems.js';
import { MODELS_SCHEMA } from '../../rules/models/models-schema.js';
import { LLM_CONFIG_SCHEMA } from '../../src/cli/llm-options.js';
import { validateConfig } from '../../src/config/load-config.js';
import { REPO_ROOT } from '../helpers/run-cli.js';

const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'docs/config.schema.json'), 'utf8')) as { properties: Record<string, unknown> };

describe('the published config schema', () => {
  it('embeds the llm section exactly as the LLM stage validates it', () => {
    expect(schema.properties.llm).toEqual(JSON.parse(JSON.stringify(LLM_CONFIG_SCHEMA)));
  });

  it('embeds the models section exactly as the catalogue declares it', () => {
    expect(schema.properties.models).toEqual(JSON.parse(JSON.stringify(MODELS_SCHEMA)));
  });

  // The plugin checks settings.resilint.models with getModelProblems (it has no Ajv): both must take and
  // refuse the same models, in the same words.
  it.each([
    [[{ package: '@acme/bus', promiseMethods: [{ methods: ['publish'], returns: 'promise' }] }], true],
    [[{ package: '@acme/', promiseMethods: [{ export: 'Bus', methods: ['then'], returns: 'not-promise' }], handlerRegistrations: [] }], true],
    [[{ package: 'web', handlerRegistrations: [{ methods: ['route'], handlers: 'awaited' }] }], true],
    [[], true],
    [{ package: 'a' }, false],
    [[{ promiseMethods: [] }], false],
    [[{ package: '' }], false],
    [[{ package: 'a', promiseMethods: [{ methods: [], returns: 'promise' }] }], false],
    [[{ package: 'a', promiseMethods: [{ methods: [''], returns: 'promise' }] }], false],
    [[{ package: 'a', promiseMethods: [{ methods: ['x'], returns: 'yes' }] }], false],
    [[{ package: 'a', promiseMethods: [{ methods: 'x', returns: 'promise' }] }], false],
    [[{ package: 'a', handlerRegistrations: [{ methods: ['x'] }] }], false],
    [[{ package: 'a', outboundCalls: [] }], true],
    [
      [
        {
          package: '@acme/http',
          outboundCalls: [
            {
              methods: ['send'],
              kind: 'request',
              options: { kind: 'argument', argument: 1, or: 'url' },
              deadlines: [{ name: 'timeoutMs', unit: 'ms', where: { kind: 'argument', argument: 1 }, default: 0, defaultIsFinite: false, suggested: true }],
            },
          ],
          retryOptions: [{ methods: ['withRetry'], where: { kind: 'argument', argument: 1 }, cap: 'attempts', defaultCap: 3, budget: ['deadline'] }],
        },
      ],
      true,
    ],
    [[{ package: 'a', outboundCalls: [{ methods: ['send'], kind: 'request', deadlines: [] }] }], false],
    [
      [
        {
          package: 'a',
          outboundCalls: [{ methods: ['send'], kind: 'call', deadlines: [{ name: 't', unit: 'ms', where: { kind: 'argument' }, defaultIsFinite: 'no' }] }],
        },
      ],
      false,
    ],
    [
      [
        {
          package: 'a',
          outboundCalls: [
            {
              methods: ['send'],
              kind: 'request',
              deadlines: [{ name: 't', unit: 'ms', where: { kind: 'argument', argument: -1.5 }, default: '0', defaultIsFinite: false }],
            },
          ],
        },
      ],
      false,
    ],
    [[{ package: 'a', retryOptions: [{ methods: ['r'], where: { kind: 'argument', argument: 0 } }] }], false],
    [[{ package: 'a', promiseMethods: [{ methods: ['x'], returns: 'promise', exports: 'A' }] }], false],
    [['a'], false],
  ])('agrees with the plugin on models %j (valid: %s)', (models, valid) => {
    const problems = getModelProblems(models, '/models');
    expect(problems.length === 0).toBe(valid);
    let ajvProblems: string[] = [];
    try {
      validateConfig({ models }, 'test');
    } catch (error) {
      ajvProblems = /: (.*)\. See docs\/config\.schema\.json\.$/u.exec((error as Error).message)![1]!.split('; ');
    }
    expect(problems.sort()).toEqual(ajvProblems.sort());
  });

  it('accepts a full configuration and rejects a wrong one with the path of the problem', () => {
    expect(() =>
      validateConfig(
        {
          preset: 'strict-type-checked',
          rules: { 'resilint/no-swallowed-error': ['warn'] },
          ignore: ['a/**'],
          failOn: 'warning',
          maxFileSizeKb: 10,
          llm: { mode: 'off', maxEscalations: 3 },
        },
        'test',
      ),
    ).not.toThrow();
    expect(() => validateConfig({ llm: { mode: 'sometimes' } }, 'test')).toThrow(
      /Invalid configuration in test: \/llm\/mode must be equal to one of the allowed values \(off, auto, on, dry-run\)/u,
    );
    expect(() => validateConfig({ preset: 'all' }, 'test')).toThrow(/\/preset must be equal to one of the allowed values/u);
  });
});

describe('the README', () => {
  it('shows a configuration that loads', async () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const example = /### Configuration[\s\S]*?```json\n([\s\S]*?)```/u.exec(readme)?.[1];
    expect(example).toBeDefined();
    const config = validateConfig(JSON.parse(example!), 'README.md');
    const { resolveRules } = await import('../../src/config/resolve-rules.js');
    expect(resolveRules(config).find((rule) => rule.name === 'require-request-timeout')?.options).toEqual([expect.objectContaining({ timeoutMs: 5000 })]);
  });
});
