import fs from 'node:fs';
import path from 'node:path';

import type { ProjectFacts } from './types.js';

const EMPTY: ProjectFacts = { dependencies: {} };
const byDirectory = new Map<string, ProjectFacts>();

/**
 * The dependency versions declared by the package.json nearest to `fileName`.
 * Hosts call this; checks only read the result. Unreadable or invalid manifests count as none.
 */
export function readProjectFacts(fileName: string): ProjectFacts {
  return factsFor(path.dirname(path.resolve(fileName)));
}

function factsFor(directory: string): ProjectFacts {
  const cached = byDirectory.get(directory);
  if (cached) return cached;
  let facts: ProjectFacts;
  const manifest = readManifest(path.join(directory, 'package.json'));
  if (manifest) {
    facts = { dependencies: manifest };
  } else {
    const parent = path.dirname(directory);
    facts = parent === directory ? EMPTY : factsFor(parent);
  }
  byDirectory.set(directory, facts);
  return facts;
}

function readManifest(file: string): Record<string, string> | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    // No manifest in this directory: the caller looks in the parent.
    return undefined;
  }
  try {
    const json = JSON.parse(text.replace(/^\uFEFF/u, '')) as Record<string, unknown>;
    const dependencies: Record<string, string> = {};
    for (const field of ['peerDependencies', 'devDependencies', 'dependencies']) {
      const group = json[field];
      if (group && typeof group === 'object') {
        for (const [name, version] of Object.entries(group)) {
          if (typeof version === 'string') dependencies[name] = version;
        }
      }
    }
    return dependencies;
  } catch {
    // A broken package.json tells us nothing about versions; stop the search here like npm does.
    return {};
  }
}
