import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const manifest = JSON.parse(fs.readFileSync(findManifest(path.dirname(fileURLToPath(import.meta.url))), 'utf8')) as { version: string };

/** The plugin's version, from the nearest package.json above this module (eslint-plugin/, in source and in dist). */
export const PLUGIN_VERSION = manifest.version;

function findManifest(directory: string): string {
  for (let current = directory; ; current = path.dirname(current)) {
    const candidate = path.join(current, 'package.json');
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(current) === current) {
      throw new Error(`eslint-plugin-resilint: no package.json above ${directory}`);
    }
  }
}
