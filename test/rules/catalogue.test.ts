import { describe, expect, it } from 'vitest';

import ts from '../../rules/engine/typescript.cjs';
import { BUILT_IN_MODELS } from '../../rules/models/built-in-models.js';
import type { LibraryModel } from '../../rules/models/library-model.js';
import { withUserModels } from '../../rules/models/with-user-models.js';
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
