import fs from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { BUILT_IN_MODELS } from '../../rules/models/built-in-models.js';
import { getModelProblems } from '../../rules/models/get-model-problems.js';
import type { LibraryModel } from '../../rules/models/library-model.js';
import { renderModelsDoc } from '../../scripts/generate-models-doc.js';
import { REPO_ROOT } from '../helpers/run-cli.js';

describe('docs/models.md', () => {
  it('is what npm run generate:models writes from the catalogue', () => {
    const checkedIn = fs.readFileSync(path.join(REPO_ROOT, 'docs/models.md'), 'utf8');
    expect(checkedIn, 'docs/models.md is out of date: run npm run generate:models').toBe(renderModelsDoc());
  });

  it('lists every package of the catalogue and every method of its rows', () => {
    const doc = renderModelsDoc();
    for (const model of BUILT_IN_MODELS) {
      expect(doc).toContain(`| \`${model.package}\` |`);
      for (const row of [
        ...(model.promiseMethods ?? []),
        ...(model.handlerRegistrations ?? []),
        ...(model.outboundCalls ?? []),
        ...(model.retryOptions ?? []),
      ]) {
        for (const method of row.methods) expect(doc).toContain(`\`${method}\``);
      }
      for (const option of (model.outboundCalls ?? []).flatMap((row) => row.deadlines)) expect(doc).toContain(`\`${option.name}\``);
    }
  });

  it('has a line per deadline option and per retry row, with the default and whether it is finite', () => {
    const model: LibraryModel = {
      package: '@acme/http',
      outboundCalls: [
        {
          methods: ['request'],
          kind: 'request',
          options: { kind: 'argument', argument: 1 },
          deadlines: [
            { name: 'headersTimeout', unit: 'ms', where: { kind: 'argument', argument: 1 }, default: 300_000, defaultIsFinite: true },
            { name: 'signal', unit: 'signal', where: { kind: 'argument', argument: 1 }, defaultIsFinite: false },
          ],
        },
      ],
      retryOptions: [{ methods: ['withRetry'], where: { kind: 'argument', argument: 1 }, cap: 'maxRetries', defaultCap: 5 }],
    };
    const doc = renderModelsDoc([model]);
    expect(doc).toContain('| `@acme/http` | outbound calls, retry options |');
    expect(doc).toContain('| `@acme/http` | any | `request` | request | `headersTimeout` | ms | argument 1 | 300000 | yes |');
    expect(doc).toContain('| `@acme/http` | any | `request` | request | `signal` | signal | argument 1 | none | no: waits forever |');
    expect(doc).toContain('| `@acme/http` | any | `withRetry` | argument 1 | `maxRetries` (5) | - | - |');
    expect(doc).toMatch(/## Error classes that take a cause\n\n.*\n\nNo rows yet/u);
  });

  it('shows the documented defaults of the built-in deadline rows', () => {
    const doc = renderModelsDoc();
    expect(doc).toContain('| `axios` | default | `get`, `delete`, `head`, `options` | request | `timeout` | ms | argument 1 | 0 | no: waits forever |');
    expect(doc).toContain(
      '| `mysql2` | default | `createConnection`, `createPool`, `createPoolCluster` | client | `connectTimeout` | ms | argument 0 | 10000 | yes |',
    );
    expect(doc).toContain('| `cockatiel` | retry | `()` | argument 1 | `maxAttempts` (Infinity) |');
  });

  it('documents rows users can write: every built-in row fits the user schema', () => {
    expect(getModelProblems(BUILT_IN_MODELS, '/models')).toEqual([]);
  });
});
