import type { AnyResilintRule } from './engine/create-rule.js';
import noSwallowedError from './no-swallowed-error.js';
import noThrowNonError from './no-throw-non-error.js';
import noUnboundedRetry from './no-unbounded-retry.js';
import noUnboundedRetryOptions from './no-unbounded-retry-options.js';
import noUnhandledRejection from './no-unhandled-rejection.js';
import noUnsafeAsyncCallback from './no-unsafe-async-callback.js';
import noUnsafeErrorAccess from './no-unsafe-error-access.js';
import requireClientTimeout from './require-client-timeout.js';
import requireErrorCause from './require-error-cause.js';
import requireJsonParseGuard from './require-json-parse-guard.js';
import requireRequestTimeout from './require-request-timeout.js';
import requireRetryBackoff from './require-retry-backoff.js';

/** Every resilint rule by id (without the `resilint/` prefix). */
export const rules = {
  'no-swallowed-error': noSwallowedError,
  'no-throw-non-error': noThrowNonError,
  'no-unbounded-retry': noUnboundedRetry,
  'no-unbounded-retry-options': noUnboundedRetryOptions,
  'no-unhandled-rejection': noUnhandledRejection,
  'no-unsafe-async-callback': noUnsafeAsyncCallback,
  'no-unsafe-error-access': noUnsafeErrorAccess,
  'require-client-timeout': requireClientTimeout,
  'require-error-cause': requireErrorCause,
  'require-json-parse-guard': requireJsonParseGuard,
  'require-request-timeout': requireRequestTimeout,
  'require-retry-backoff': requireRetryBackoff,
} satisfies Record<string, AnyResilintRule>;

export type RuleName = keyof typeof rules;
