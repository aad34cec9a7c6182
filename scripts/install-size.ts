/**
 * What each package costs a user's disk: packs both packages, installs each tarball into a fresh project
 * with npm, as a user would, and prints node_modules sizes against the targets of issue 11.
 *
 *   npm run size            (builds first; exits 1 when a package is over its target)
 *
 * - eslint-plugin-resilint: what it adds beyond its peers (ESLint and TypeScript, which a linted project
 *   has already), at most 5 MB.
 * - resilint: the whole install of `npm install resilint` in an empty project, at most half of the 83.8 MB (103 MB on disk)
 *   it took at commit 84fd296 (measured the same way, before the packages were split).
 * The LLM stage's optional packages are printed too, for information.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { createProjectFolder, directorySize, npmInstall, packPackages } from '../test/helpers/packed-packages.js';

const MB = 1024 * 1024;
const PEERS = ['eslint@^10.0.0', 'typescript@~6.0.2'];
/** `npm install resilint` at 84fd296, summed the same way (the 103 MB counted disk blocks). */
const BEFORE_SPLIT_BYTES = 83_764_387;

interface Row {
  what: string;
  bytes: number;
  targetBytes?: number;
}

async function installedBytes(name: string, specs: readonly string[]): Promise<number> {
  const root = createProjectFolder(name);
  try {
    const result = await npmInstall(root, specs);
    if (result.code !== 0) throw new Error(`npm install ${specs.join(' ')} failed:\n${result.stderr}`);
    return directorySize(path.join(root, 'node_modules'));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'resilint-size-'));
  try {
    const tarballs = packPackages(workspace);
    const [peers, pluginWithPeers, cli, cliWithLlm] = await Promise.all([
      installedBytes('peers', PEERS),
      installedBytes('plugin', [...PEERS, tarballs.plugin]),
      installedBytes('cli', [tarballs.cli]),
      installedBytes('cli-llm', [tarballs.cli, '@anthropic-ai/sdk@^1.14.0', 'ts-morph@^28.0.0']),
    ]);
    const rows: Row[] = [
      { what: 'eslint-plugin-resilint beyond its peers (eslint 10, typescript 6.0)', bytes: pluginWithPeers - peers, targetBytes: 5 * MB },
      { what: 'resilint (npm install resilint)', bytes: cli, targetBytes: BEFORE_SPLIT_BYTES / 2 },
      { what: 'resilint with the LLM stage (+ @anthropic-ai/sdk, ts-morph)', bytes: cliWithLlm },
      { what: 'resilint before the split (84fd296, measured the same way)', bytes: BEFORE_SPLIT_BYTES },
    ];
    let over = 0;
    for (const row of rows) {
      const verdict =
        row.targetBytes === undefined
          ? ''
          : row.bytes <= row.targetBytes
            ? `  within ${(row.targetBytes / MB).toFixed(1)} MB`
            : `  OVER ${(row.targetBytes / MB).toFixed(1)} MB`;
      if (row.targetBytes !== undefined && row.bytes > row.targetBytes) over++;
      process.stdout.write(`${(row.bytes / MB).toFixed(1).padStart(7)} MB  ${row.what}${verdict}\n`);
    }
    process.stdout.write(`resilint now / before the split: ${(cli / BEFORE_SPLIT_BYTES).toFixed(2)}x\n`);
    return over === 0 ? 0 : 1;
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

process.exitCode = await main();
