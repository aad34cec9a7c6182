import fs from 'node:fs';
import path from 'node:path';

import { Ajv } from 'ajv';

import type { NonProductionKind } from '../../rules/engine/classify-file.js';
import type { LibraryModel } from '../../rules/models/library-model.js';
import { ConfigurationError } from '../errors.js';
import type { Severity } from '../findings/finding.js';
import { PACKAGE_ROOT } from '../version.js';

export type PresetName = 'recommended' | 'recommended-type-checked' | 'strict-type-checked';
export type SeveritySetting = 'off' | 'note' | 'warn' | 'warning' | 'error' | 0 | 1 | 2;
export type RuleSetting = SeveritySetting | [SeveritySetting, ...unknown[]];

export interface ResilintConfig {
  preset?: PresetName;
  rules?: Record<string, RuleSetting>;
  ignore?: string[];
  /** Also analyze test files and folders, which a directory walk skips by default. */
  includeTests?: boolean;
  /** Kinds of non-production code (tests, examples, scripts, benchmarks, fixtures) to analyze anyway. */
  include?: NonProductionKind[];
  failOn?: Severity | 'never';
  maxFileSizeKb?: number;
  llm?: Record<string, unknown>;
  /** Library models for in-house clients, read before the built-in ones (docs/models.md). */
  models?: LibraryModel[];
}

export interface LoadedConfig {
  config: ResilintConfig;
  /** The file it came from; undefined when none was found (defaults apply). */
  file: string | undefined;
  /** The folder `ignore` globs are relative to. */
  directory: string;
}

const CONFIG_FILE = 'resilint.config.json';

let validate: ReturnType<Ajv['compile']> | undefined;

/**
 * `explicitFile` (from --config) or the nearest resilint.config.json / package.json "resilint" key,
 * searching from `cwd` upwards. Throws ConfigurationError naming the file and what to fix.
 */
export function loadConfig(cwd: string, explicitFile?: string): LoadedConfig {
  if (explicitFile) {
    const file = path.resolve(cwd, explicitFile);
    if (!fs.existsSync(file)) {
      throw new ConfigurationError(`Config file not found: ${explicitFile}`);
    }
    return { config: readConfigFile(file), file, directory: path.dirname(file) };
  }
  for (let directory = cwd; ; directory = path.dirname(directory)) {
    const file = path.join(directory, CONFIG_FILE);
    if (fs.existsSync(file)) {
      return { config: readConfigFile(file), file, directory };
    }
    const manifest = path.join(directory, 'package.json');
    if (fs.existsSync(manifest)) {
      const fromManifest = readPackageJsonConfig(manifest);
      if (fromManifest) return { config: fromManifest, file: manifest, directory };
    }
    if (fs.existsSync(path.join(directory, '.git')) || path.dirname(directory) === directory) {
      return { config: {}, file: undefined, directory: cwd };
    }
  }
}

function readConfigFile(file: string): ResilintConfig {
  return validateConfig(parseJson(file), file);
}

function readPackageJsonConfig(file: string): ResilintConfig | undefined {
  const manifest = parseJson(file) as { resilint?: unknown } | null;
  if (!manifest || typeof manifest !== 'object' || manifest.resilint === undefined) return undefined;
  return validateConfig(manifest.resilint, `${file} ("resilint" key)`);
}

function parseJson(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigurationError(`Cannot read config file ${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  try {
    // Editors on Windows save JSON with a byte-order mark; JSON.parse rejects it.
    return JSON.parse(text.replace(/^\uFEFF/u, '')) as unknown;
  } catch (error) {
    throw new ConfigurationError(`Config file ${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

export function validateConfig(value: unknown, origin: string): ResilintConfig {
  validate ??= new Ajv({ allErrors: true, strict: false }).compile(
    JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'docs', 'config.schema.json'), 'utf8')) as object,
  );
  if (!validate(value)) {
    const problems = (validate.errors ?? [])
      .map(
        (error) =>
          `${error.instancePath || '(root)'} ${error.message ?? ''}${error.params && 'allowedValues' in error.params ? ` (${(error.params.allowedValues as unknown[]).join(', ')})` : ''}${error.params && 'additionalProperty' in error.params ? ` "${String(error.params.additionalProperty)}"` : ''}`,
      )
      .join('; ');
    throw new ConfigurationError(`Invalid configuration in ${origin}: ${problems}. See docs/config.schema.json.`);
  }
  return value as ResilintConfig;
}
