import { findMethodRow, getCatalogueIndex } from '../models/get-catalogue-index.js';
import type { LibraryModel, PromiseMethodRow } from '../models/library-model.js';
import type { ImportedBinding } from './get-imported-module.js';

// The catalogue's row for a method of an object made from `origin` (user rows come first in `models`):
//   (discord.js, 'reply') -> returns promise      (zod, 'catch') -> returns not-promise      (pg, 'release') -> undefined
export function findPromiseMethodModel(models: readonly LibraryModel[], origin: ImportedBinding, method: string): PromiseMethodRow | undefined {
  return findMethodRow(getCatalogueIndex(models).rows('promiseMethods', origin.module), origin.imported, method);
}
