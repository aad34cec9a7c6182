import type ts from '../engine/typescript.cjs';

import type { DeadlineOption, OutboundCallRow } from '../models/library-model.js';
import type { DeadlineOptionSpec } from './evaluate-deadline-options.js';
import { isBoundingObject } from './is-bounding-object.js';

const specs = new WeakMap<OutboundCallRow, Map<string, DeadlineOptionSpec>>();

// Which options of a call's options object bound it, from its catalogue row (the options the library reads at the
// call, `where` an argument); an option read only below some major version counts when the project's version is
// below it or unknown:
//   axios get       -> { timeoutKeys: ['timeout'], signal: true, opaqueKeys: ['cancelToken'] }
//   node-fetch      -> { timeoutKeys: ['timeout'], signal: true } with node-fetch 2,
//                      { timeoutKeys: [], signal: true, ignoredKeys: ['timeout'] } with 3
export function getDeadlineSpec(row: OutboundCallRow, dependencies: Readonly<Record<string, string>>): DeadlineOptionSpec {
  const atCall = row.deadlines.filter((option) => option.where.kind === 'argument');
  const read = atCall.filter((option) => isRead(option, dependencies));
  // An option this version no longer reads (node-fetch 3's `timeout`) is one the call ignores.
  const ignored = [...(row.ignoredOptions ?? []), ...atCall.filter((option) => !read.includes(option)).map((option) => option.name)];
  const key = read.map((option) => option.name).join();
  let byKey = specs.get(row);
  if (!byKey) {
    byKey = new Map();
    specs.set(row, byKey);
  }
  let spec = byKey.get(key);
  if (!spec) {
    const timeouts = read.filter((option) => option.unit !== 'signal');
    const bounding = timeouts.find((option) => option.boundingKeys)?.boundingKeys;
    const zeroBounds = timeouts.filter((option) => option.zeroDisables === false).map((option) => option.name);
    spec = {
      timeoutKeys: timeouts.map((option) => option.name),
      signal: read.some((option) => option.unit === 'signal'),
      ...(ignored.length > 0 && { ignoredKeys: ignored }),
      ...(row.opaqueOptions && { opaqueKeys: row.opaqueOptions }),
      ...(zeroBounds.length > 0 && { zeroBoundsKeys: zeroBounds }),
      ...(bounding && { isBoundingValue: (value: ts.Expression) => isBoundingObject(value, bounding) }),
    };
    byKey.set(key, spec);
  }
  return spec;
}

function isRead(option: DeadlineOption, dependencies: Readonly<Record<string, string>>): boolean {
  if (!option.belowMajor) return true;
  const major = /^\D*(\d+)/u.exec(dependencies[option.belowMajor.package] ?? '')?.[1];
  return major === undefined || Number(major) < option.belowMajor.major;
}
