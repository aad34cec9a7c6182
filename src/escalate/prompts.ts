import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import type { Family } from '../../rules/engine/types.js';
import { FAMILIES } from '../../rules/engine/types.js';
import { EscalationError } from '../errors.js';
import { PACKAGE_ROOT } from '../version.js';

export interface Prompts {
  persona: string;
  tasks: Readonly<Record<Family, string>>;
  /** sha256 over every prompt file's name and content: part of each cache key. */
  hash: string;
}

let loaded: Prompts | undefined;

/** The persona and task prompts shipped in `prompts/`, versioned by their content hash. */
export function loadPromptsOrThrow(directory = path.join(PACKAGE_ROOT, 'prompts')): Prompts {
  if (loaded && directory === path.join(PACKAGE_ROOT, 'prompts')) return loaded;
  const read = (name: string): string => {
    try {
      return fs.readFileSync(path.join(directory, name), 'utf8');
    } catch (error) {
      throw new EscalationError(`Cannot read prompt ${name} in ${directory}; reinstall resilint.`, 'llm-prompt-missing', {
        cause: error,
      });
    }
  };
  const hash = createHash('sha256');
  const persona = read('persona.md');
  hash.update(`persona.md\0${persona}\0`);
  const tasks = {} as Record<Family, string>;
  for (const family of FAMILIES) {
    tasks[family] = read(`${family}.md`);
    hash.update(`${family}.md\0${tasks[family]}\0`);
  }
  const prompts = { persona, tasks, hash: hash.digest('hex').slice(0, 16) };
  if (directory === path.join(PACKAGE_ROOT, 'prompts')) loaded = prompts;
  return prompts;
}
