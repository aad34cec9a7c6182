import { isModuleOfPackage } from '../utils/is-module-of-package.js';
import type { LibraryModel, OutboundCallRow, RetryOptionsRow } from './library-model.js';

/** A row with the package it belongs to. */
export interface PackageRow<Row> {
  package: string;
  row: Row;
}

export interface CatalogueIndex {
  /** The outbound-call rows for an import specifier, user rows first. */
  outboundCalls(module: string): readonly PackageRow<OutboundCallRow>[];
  /** The retry rows for an import specifier, user rows first. */
  retryOptions(module: string): readonly PackageRow<RetryOptionsRow>[];
  /** Every method name of an outbound row, so that `logger.info()` is dismissed before anything is resolved. */
  outboundMethods: ReadonlySet<string>;
}

const indexes = new WeakMap<readonly LibraryModel[], CatalogueIndex>();

// The deadline and retry rows of a catalogue, looked up by import specifier: built once per catalogue (one per
// project) and filled per specifier on first use, so a rule asks a Map, not the list, at each call it meets.
//   outboundCalls('pg/lib/client') -> the rows of `pg`      outboundCalls('lodash') -> []
export function getCatalogueIndex(models: readonly LibraryModel[]): CatalogueIndex {
  let index = indexes.get(models);
  if (index) return index;
  const outbound = models.filter((model) => model.outboundCalls?.length);
  const retries = models.filter((model) => model.retryOptions?.length);
  const outboundByModule = new Map<string, PackageRow<OutboundCallRow>[]>();
  const retriesByModule = new Map<string, PackageRow<RetryOptionsRow>[]>();
  index = {
    outboundCalls: (module) => rowsOf(outboundByModule, outbound, module, (model) => model.outboundCalls ?? []),
    retryOptions: (module) => rowsOf(retriesByModule, retries, module, (model) => model.retryOptions ?? []),
    outboundMethods: new Set(outbound.flatMap((model) => (model.outboundCalls ?? []).flatMap((row) => row.methods))),
  };
  indexes.set(models, index);
  return index;
}

function rowsOf<Row>(
  cache: Map<string, PackageRow<Row>[]>,
  models: readonly LibraryModel[],
  module: string,
  section: (model: LibraryModel) => readonly Row[],
): readonly PackageRow<Row>[] {
  let rows = cache.get(module);
  if (!rows) {
    rows = models
      .filter((model) => isModuleOfPackage(module, model.package))
      .flatMap((model) => section(model).map((row) => ({ package: model.package, row })));
    cache.set(module, rows);
  }
  return rows;
}
