import type { NotificationKind } from './findings/finding.js';

/**
 * Errors named for their causes. Known errors print one actionable message and exit 2 without a stack;
 * anything else keeps its stack.
 */
export class ResilintError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad command-line usage, a bad config file, a missing path: the user can fix it. */
export class ConfigurationError extends ResilintError {}

/** A file that could not be parsed or read. Carries the file and position when known. */
export class ParseError extends ResilintError {
  constructor(
    message: string,
    readonly file: string,
    readonly position?: { line: number; column: number },
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The LLM stage failed for one region or as a whole; the static findings are unaffected. */
export class EscalationError extends ResilintError {
  constructor(
    message: string,
    /** A stable kind for notifications: `llm-timeout`, `llm-overloaded`, `llm-invalid-answer`, ... */
    readonly kind: NotificationKind,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The user stopped the run (SIGINT, SIGTERM) before anything complete could be written. */
export class InterruptedError extends ResilintError {}

export function isKnownError(error: unknown): error is ResilintError {
  return error instanceof ResilintError;
}
