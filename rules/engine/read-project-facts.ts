import fs from 'node:fs';
import path from 'node:path';

import { BUILT_IN_MODELS } from '../models/built-in-models.js';
import type { LibraryModel } from '../models/library-model.js';
import type { ProjectFacts } from './types.js';

const NO_DEPENDENCIES: Readonly<Record<string, string>> = {};
const byDirectory = new Map<string, Readonly<Record<string, string>>>();

/**
 * The dependency versions declared by the package.json nearest to `fileName`, with the catalogue the host
 * built (`withUserModels`; the built-in one when the user has no models).
 * Hosts call this; checks only read the result. Unreadable or invalid manifests count as none.
 */
export function readProjectFacts(fileName: string, models: readonly LibraryModel[] = BUILT_IN_MODELS): ProjectFacts {
  return { dependencies: dependenciesFor(path.dirname(path.resolve(fileName))), models };
}

function dependenciesFor(directory: string): Readonly<Record<string, string>> {
  const cached = byDirectory.get(directory);
  if (cached) return cached;
  let dependencies = readManifest(path.join(directory, 'package.json'));
  if (!dependencies) {
    const parent = path.dirname(directory);
    dependencies = parent === directory ? NO_DEPENDENCIES : dependenciesFor(parent);
  }
  byDirectory.set(directory, dependencies);
  return dependencies;
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
