import { ConfigurationError } from '../errors.js';

/**
 * Rejects ignore globs that would silently skip every file. A leading "!" negates a minimatch glob:
 * "!" alone, or "!src/keep.ts", matches every path it does not name, so every file would be ignored
 * without a word. resilint's ignore list only adds exclusions; there is nothing to re-include.
 * `origin` names where the globs came from ("--ignore", `<config file> "ignore"`).
 */
export function checkIgnoreGlobs(globs: readonly unknown[], origin: string): void {
  for (const glob of globs) {
    if (typeof glob === 'string' && glob.trimStart().startsWith('!')) {
      throw new ConfigurationError(
        `${origin} ${JSON.stringify(glob)}: a glob that starts with "!" is negated and would ignore every file it does not name. List only the paths to skip (there is no re-include).`,
      );
    }
  }
}
