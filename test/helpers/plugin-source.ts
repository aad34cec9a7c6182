import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { REPO_ROOT } from './lint-snippet.js';

export type ResilintPlugin = (typeof import('../../eslint-plugin/index.js'))['default'];

/**
 * The plugin object built from source. `eslint-plugin/index.js` also exists (the workspace package's
 * entry, re-exporting the build in dist/), and a plain `import '…/index.js'` would load that file and
 * test a possibly stale build instead of the rules in this tree.
 */
export async function loadPluginFromSource(): Promise<ResilintPlugin> {
  const url = pathToFileURL(path.join(REPO_ROOT, 'eslint-plugin', 'index.ts')).href;
  const module = (await import(url)) as { default: ResilintPlugin };
  return module.default;
}
