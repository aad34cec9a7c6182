import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { REPO_ROOT } from './run-cli.js';

export interface Tarballs {
  /** resilint-<version>.tgz: the CLI. */
  cli: string;
  /** eslint-plugin-resilint-<version>.tgz: the rules and presets. */
  plugin: string;
}

export interface CommandRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The two packages as a registry serves them: `npm pack` of the built tree (the test suite's global setup
 * builds both dist/ folders), into `directory`. Scripts are not run: packing must not rebuild.
 */
export function packPackages(directory: string): Tarballs {
  const pack = (workspaceArguments: readonly string[]): string => {
    const result = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', directory, ...workspaceArguments], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`npm pack failed:\n${result.stderr}`);
    const [entry] = JSON.parse(result.stdout) as { filename: string }[];
    return path.join(directory, entry!.filename);
  };
  return { cli: pack([]), plugin: pack(['--workspace', 'eslint-plugin']) };
}

/** A fresh project folder with a package.json, outside the repository (so nothing resolves from its node_modules). */
export function createProjectFolder(name: string, manifest: Record<string, unknown> = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `resilint-consumer-${name}-`));
  fs.writeFileSync(path.join(root, 'package.json'), `${JSON.stringify({ name, version: '1.0.0', private: true, ...manifest }, null, 2)}\n`);
  return root;
}

/**
 * `npm install` of `specs` (tarball paths or `name@range`) in `root`, as a user runs it. Asynchronous, so
 * several consumer projects install at once; registry metadata comes from npm's cache when it has it.
 */
export function npmInstall(root: string, specs: readonly string[]): Promise<CommandRun> {
  return run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--save-dev', ...specs], root);
}

export function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CommandRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, NODE_OPTIONS: '', NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** The total size in bytes of the files below `directory` (symbolic links not followed). */
export function directorySize(directory: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) total += directorySize(full);
    else if (entry.isFile()) total += fs.statSync(full).size;
  }
  return total;
}
