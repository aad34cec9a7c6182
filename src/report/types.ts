import type { Finding, Notification } from '../findings/finding.js';

/** Version of the JSON report schema (docs/report.schema.json). Bump on any breaking change. */
export const REPORT_SCHEMA_VERSION = '1.0.0';

export interface LlmStats {
  requests: number;
  cacheHits: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadInputTokens: number;
  cacheCreationInputTokens: number;
  estimatedCostUsd: number;
  /** Set when the requests went through the Message Batches API (`--llm-batch`); their cost is counted at half price. */
  batch?: {
    id: string;
    /** Requests in the batch (cache hits are not sent). */
    requests: number;
    /**
     * `ended`: answered; otherwise the deadline or an interrupt came first and its findings have no answer
     * in this report: `left-running` (a later run with the same answer cache collects it), `canceled`, or
     * `cancel-failed`; `failed`: polling it or reading its results failed (a later run with the same
     * answer cache reads it again).
     */
    status: 'ended' | 'left-running' | 'canceled' | 'cancel-failed' | 'failed';
    succeeded: number;
    errored: number;
    expired: number;
    canceled: number;
    /** What a batched request costs against a direct one: 0.5. */
    priceFactor: number;
  };
}

export interface ReportStats {
  /** Files matched by the paths. */
  filesMatched: number;
  /** Files whose findings are in the report. */
  filesAnalyzed: number;
  findings: number;
  durationMs: number;
  llm?: LlmStats;
}

/** One run's complete result: what every formatter receives. */
export interface AnalysisReport {
  version: typeof REPORT_SCHEMA_VERSION;
  tool: { name: string; version: string };
  /** Ids (`resilint/<rule>`) of every rule that ran, for SARIF's driver.rules. */
  rules: string[];
  findings: Finding[];
  notifications: Notification[];
  stats: ReportStats;
}

export interface FormatContext {
  /** Absolute working directory; finding paths are relative to it. */
  cwd: string;
  color: boolean;
}

/** Formatters are pure: a report in, text out. One writer does the IO. */
export type Formatter = (report: AnalysisReport, context: FormatContext) => string;
