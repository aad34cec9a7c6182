import { BUILT_IN_MODELS } from './built-in-models.js';
import type { LibraryModel } from './library-model.js';

// One catalogue per list of user models, so that every file of a project (and every rule on a file) gets
// the same array and the predicates' caches keyed on it hold.
const catalogues = new WeakMap<readonly LibraryModel[], readonly LibraryModel[]>();

// The catalogue of a project: the user's models first (they can correct a built-in row as well as add
// packages), then the built-in ones; the built-in ones alone when the user has none.
export function withUserModels(userModels: readonly LibraryModel[] | undefined): readonly LibraryModel[] {
  if (!userModels || userModels.length === 0) return BUILT_IN_MODELS;
  let catalogue = catalogues.get(userModels);
  if (!catalogue) {
    catalogue = [...userModels, ...BUILT_IN_MODELS];
    catalogues.set(userModels, catalogue);
  }
  return catalogue;
}
