import type { LibraryModel, PromiseMethodRow } from '../models/library-model.js';
import type { ImportedBinding } from './get-imported-module.js';
import { isModuleOfPackage } from './is-module-of-package.js';

// The catalogue's row for a method of an object made from `origin` (user rows come first in `models`):
//   (discord.js, 'reply') -> returns promise      (zod, 'catch') -> returns not-promise      (pg, 'release') -> undefined
export function findPromiseMethodModel(models: readonly LibraryModel[], origin: ImportedBinding, method: string): PromiseMethodRow | undefined {
  for (const model of models) {
    if (!model.promiseMethods || !isModuleOfPackage(origin.module, model.package)) continue;
    const row = model.promiseMethods.find(
      (candidate) => candidate.methods.includes(method) && (candidate.export === undefined || candidate.export === origin.imported),
    );
    if (row) return row;
  }
  return undefined;
}
