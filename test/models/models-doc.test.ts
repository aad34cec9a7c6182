import fs from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { BUILT_IN_MODELS } from '../../rules/models/built-in-models.js';
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
      for (const row of [...(model.promiseMethods ?? []), ...(model.handlerRegistrations ?? [])]) {
        for (const method of row.methods) expect(doc).toContain(`\`${method}\``);
      }
    }
  });

  it('renders the sections no built-in row fills yet once a model has them', () => {
    const model: LibraryModel = {
      package: 'undici',
      outboundCalls: [
        {
          methods: ['request'],
          deadlines: [{ name: 'headersTimeout', unit: 'ms', where: { kind: 'argument', argument: 1 }, default: 300_000, defaultIsFinite: true }],
        },
      ],
      retryOptions: [{ methods: ['RetryAgent'], where: { kind: 'argument', argument: 1 }, cap: ['maxRetries'], defaultCap: 5 }],
    };
    const doc = renderModelsDoc([model]);
    expect(doc).toContain('| `undici` | outbound calls, retry options |');
    expect(doc).toContain('| `undici` | any | `request` | `headersTimeout` (ms, argument 1, default 300000) |');
    expect(doc).toContain('| `undici` | any | `RetryAgent` (argument 1) | cap `maxRetries`; 5 attempts by default |');
    expect(doc).toMatch(/## Error classes that take a cause\n\n.*\n\nNo rows yet/u);
  });
});
