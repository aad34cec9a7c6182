import { getCatalogueIndex } from '../models/get-catalogue-index.js';
import type { PackageRow } from '../models/get-catalogue-index.js';
import type { LibraryModel, OutboundCallKind, OutboundCallRow } from '../models/library-model.js';

/** An export of a package, as a receiver or callee was made from it (`*` is the whole module). */
export interface ExportOrigin {
  module: string;
  imported: string;
}

// The catalogue's row for a call written `method` on `origin` (`()` a call of it, `new` a construction), among `kinds`:
//   ({ axios, default }, 'get')          -> axios's get row          ({ pg, Pool }, 'new') -> pg's Pool row
//   ({ net, connect }, '()')             -> net's `connect` row of the default export (a named export is the
//                                           default's member: `import { connect } from 'net'`)
//   ({ lodash, default }, 'get')         -> undefined
// `method` undefined: any call of the export (is the export a client at all?).
export function findOutboundCallModel(
  models: readonly LibraryModel[],
  origin: ExportOrigin,
  method: string | undefined,
  kinds: readonly OutboundCallKind[],
): PackageRow<OutboundCallRow> | undefined {
  const rows = getCatalogueIndex(models).rows('outboundCalls', origin.module);
  if (rows.length === 0) return undefined;
  const find = (exportName: string, name: string | undefined): PackageRow<OutboundCallRow> | undefined =>
    rows.find(
      ({ row }) => kinds.includes(row.kind) && (name === undefined || row.methods.includes(name)) && (row.export === undefined || row.export === exportName),
    );
  const exportName = origin.imported === '*' ? 'default' : origin.imported;
  return find(exportName, method) ?? ((method === '()' || method === undefined) && exportName !== 'default' ? find('default', exportName) : undefined);
}
