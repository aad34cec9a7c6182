import { describe, expect, it } from 'vitest';

import ts from '../../rules/engine/typescript.cjs';
import { BUILT_IN_MODELS } from '../../rules/models/built-in-models.js';
import type { LibraryModel } from '../../rules/models/library-model.js';
import { getCatalogueIndex } from '../../rules/models/get-catalogue-index.js';
import { withUserModels } from '../../rules/models/with-user-models.js';
import { findOutboundCallModel } from '../../rules/utils/find-outbound-call-model.js';
import { findPromiseMethodModel } from '../../rules/utils/find-promise-method-model.js';
import { getHandlerRegistration } from '../../rules/utils/get-handler-registration.js';
import { parseUntyped } from '../helpers/lint-snippet.js';

const USER: readonly LibraryModel[] = [
  { package: '@acme/bus', promiseMethods: [{ export: 'Bus', methods: ['publish'], returns: 'promise' }] },
  { package: '@acme/web', handlerRegistrations: [{ methods: ['route'], handlers: 'awaited' }] },
  { package: 'pg', promiseMethods: [{ methods: ['query'], returns: 'not-promise' }] },
];

/** The handler registration of the last call statement of `code`, untyped. */
function registrationOf(code: string, models: readonly LibraryModel[]) {
  const sourceFile = parseUntyped('app.ts', code);
  const statement = sourceFile.statements.at(-1)!;
  if (!ts.isExpressionStatement(statement) || !ts.isCallExpression(statement.expression)) throw new Error('the last statement must be a call');
  return getHandlerRegistration(statement.expression, undefined, models);
}

describe('the library catalogue', () => {
  it('puts the user rows first, and keeps the built-in catalogue when there are none', () => {
    expect(withUserModels(undefined)).toBe(BUILT_IN_MODELS);
    expect(withUserModels([])).toBe(BUILT_IN_MODELS);
    const catalogue = withUserModels(USER);
    expect(catalogue.slice(0, USER.length)).toEqual(USER);
    expect(catalogue.slice(USER.length)).toEqual(BUILT_IN_MODELS);
    expect(withUserModels(USER)).toBe(catalogue);
  });

  it('answers for an export only when the receiver was made from it', () => {
    const catalogue = withUserModels(USER);
    expect(findPromiseMethodModel(catalogue, { module: '@acme/bus', imported: 'Bus' }, 'publish')?.returns).toBe('promise');
    expect(findPromiseMethodModel(catalogue, { module: '@acme/bus/client', imported: 'Bus' }, 'publish')?.returns).toBe('promise');
    expect(findPromiseMethodModel(catalogue, { module: '@acme/bus', imported: 'Queue' }, 'publish')).toBeUndefined();
    expect(findPromiseMethodModel(BUILT_IN_MODELS, { module: '@acme/bus', imported: 'Bus' }, 'publish')).toBeUndefined();
  });

  it('lets a user row correct a built-in one', () => {
    expect(findPromiseMethodModel(BUILT_IN_MODELS, { module: 'pg', imported: 'Pool' }, 'query')?.returns).toBe('promise');
    expect(findPromiseMethodModel(withUserModels(USER), { module: 'pg', imported: 'Pool' }, 'query')?.returns).toBe('not-promise');
  });

  it('keeps a child process out of the calls the timeout rules judge', () => {
    const exec = { module: 'node:child_process', imported: 'exec' };
    expect(findOutboundCallModel(BUILT_IN_MODELS, exec, '()', ['process'])?.row.deadlines.map((option) => option.name)).toEqual(['timeout', 'signal']);
    expect(findOutboundCallModel(BUILT_IN_MODELS, exec, '()', ['request', 'client'])).toBeUndefined();
    // `pattern.exec(text)` is dismissed by name before any receiver is resolved.
    expect(getCatalogueIndex(BUILT_IN_MODELS).outboundMethods.has('exec')).toBe(false);
    expect(getCatalogueIndex(BUILT_IN_MODELS).outboundMethods.has('get')).toBe(true);
  });

  it('knows the finite defaults of ky, node-redis, kafkajs and knex', () => {
    const defaults = (module: string, imported: string, method: string, kinds: Parameters<typeof findOutboundCallModel>[3]) =>
      findOutboundCallModel(BUILT_IN_MODELS, { module, imported }, method, kinds)?.row.deadlines.map((option) => [
        option.name,
        option.default,
        option.defaultIsFinite,
      ]);
    expect(defaults('ky', 'default', 'get', ['request'])?.[0]).toEqual(['timeout', 10_000, true]);
    expect(defaults('redis', 'createClient', '()', ['client'])).toEqual([['socket.connectTimeout', 5_000, true]]);
    expect(defaults('kafkajs', 'Kafka', 'new', ['client'])).toEqual([
      ['connectionTimeout', 1_000, true],
      ['requestTimeout', 30_000, true],
    ]);
    expect(defaults('knex', 'knex', '()', ['client'])).toEqual([['acquireConnectionTimeout', 60_000, true]]);
  });

  it('decides handler registrations by the user rows too, for the receiver and for the file', () => {
    const code = "import { App } from '@acme/web';\nconst app = new App();\napp.route('/orders', async () => {});";
    expect(registrationOf(code, BUILT_IN_MODELS)).toBeUndefined();
    expect(registrationOf(code, withUserModels(USER))).toEqual({ handlers: 'awaited', package: '@acme/web' });
    // A receiver whose origin nothing shows, in a file that imports the package.
    const unknownReceiver = "import { App } from '@acme/web';\nexport const app = new App();\nserver.app.route('/orders', async () => {});";
    expect(registrationOf(unknownReceiver, BUILT_IN_MODELS)).toBeUndefined();
    expect(registrationOf(unknownReceiver, withUserModels(USER))).toEqual({ handlers: 'awaited', package: '@acme/web' });
  });
});
