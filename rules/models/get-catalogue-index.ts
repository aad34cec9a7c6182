import { isModuleOfPackage } from '../utils/is-module-of-package.js';
import type { LibraryModel } from './library-model.js';

/** The sections of a package's model that hold rows. */
export type CatalogueSection = 'promiseMethods' | 'handlerRegistrations' | 'outboundCalls' | 'retryOptions';

export type SectionRow<S extends CatalogueSection> = NonNullable<LibraryModel[S]>[number];

/** A row with the package it belongs to. */
export interface PackageRow<Row> {
  package: string;
  row: Row;
}

export interface CatalogueIndex {
  /** The rows of one section for an import specifier, user rows first. */
  rows<S extends CatalogueSection>(section: S, module: string): readonly PackageRow<SectionRow<S>>[];
  /** Every method name of an outbound row a rule judges, so that `logger.info()` is dismissed before anything is resolved. */
  outboundMethods: ReadonlySet<string>;
}

const indexes = new WeakMap<readonly LibraryModel[], CatalogueIndex>();

// The rows of a catalogue, looked up by section and import specifier: built once per catalogue (one per
// project) and filled per specifier on first use, so a rule asks a Map, not the list, at each call it meets.
//   rows('outboundCalls', 'pg/lib/client') -> the rows of `pg`      rows('outboundCalls', 'lodash') -> []
export function getCatalogueIndex(models: readonly LibraryModel[]): CatalogueIndex {
  let index = indexes.get(models);
  if (index) return index;
  const cache = new Map<CatalogueSection, Map<string, readonly PackageRow<unknown>[]>>();
  index = {
    rows: <S extends CatalogueSection>(section: S, module: string) => {
      let bySection = cache.get(section);
      if (!bySection) {
        bySection = new Map();
        cache.set(section, bySection);
      }
      let rows = bySection.get(module) as readonly PackageRow<SectionRow<S>>[] | undefined;
      if (!rows) {
        rows = models
          .filter((model) => model[section] && isModuleOfPackage(module, model.package))
          .flatMap((model) => (model[section] as readonly SectionRow<S>[]).map((row) => ({ package: model.package, row })));
        bySection.set(module, rows);
      }
      return rows;
    },
    // A process row is judged by no rule: `pattern.exec(text)` must not look like child_process's exec.
    outboundMethods: new Set(models.flatMap((model) => (model.outboundCalls ?? []).flatMap((row) => (row.kind === 'process' ? [] : row.methods)))),
  };
  indexes.set(models, index);
  return index;
}

// The first row (user rows come first) that names `method` and applies to objects made from the export `imported`:
//   (discord.js rows, 'Message', 'reply') -> { returns: 'promise' }     (a row with export 'Queue', 'Bus', ...) -> undefined
export function findMethodRow<Row extends { methods: readonly string[]; export?: string }>(
  rows: readonly PackageRow<Row>[],
  imported: string,
  method: string,
): Row | undefined {
  return rows.find(({ row }) => row.methods.includes(method) && (row.export === undefined || row.export === imported))?.row;
}
