// What `analyze` takes: a module of its own so that the public API's types do not reach ts-morph's.
import type { LoadedConfig } from '../config/load-config.js';
import type { NonProductionKind } from '../../rules/engine/classify-file.js';

export interface AnalyzeOptions {
  cwd: string;
  paths: readonly string[];
  /** tsconfig files or folders (--project); empty: the nearest tsconfig.json of each path. */
  projects?: readonly string[];
  /** --config; otherwise resilint.config.json or package.json "resilint", searched upwards. */
  configFile?: string;
  /** Already loaded configuration (takes precedence over configFile). */
  config?: LoadedConfig;
  ignore?: readonly string[];
  /** Also analyze test files and folders (--include-tests); undefined: the config's `includeTests`. */
  includeTests?: boolean;
  /** Kinds of non-production code to analyze too (--include), on top of the config's `include`. */
  include?: readonly NonProductionKind[];
  /** Analyze only files changed since this git ref (types still come from the whole project). */
  changedSince?: string;
  /** 1-based shard index of `count`. */
  shard?: { index: number; count: number };
  reportUnusedDisableDirectives?: boolean;
  /** Folder of the on-disk analysis cache; undefined: no cache. */
  cacheDirectory?: string;
  onProgress?: (progress: { phase: 'load' | 'analyze'; done: number; total: number }) => void;
  /** Checked before loading and between files (which then yield to the event loop): aborted means InterruptedError. */
  signal?: AbortSignal;
}
