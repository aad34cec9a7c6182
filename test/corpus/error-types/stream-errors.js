'use strict';

// A stream client's error classes, in JavaScript, in their own module.
class StreamError extends Error {
  constructor(e, { retriable = true, cause } = {}) {
    super(e, { cause });
    this.message = e.message || e;
    this.name = 'StreamError';
    this.retriable = retriable;
  }
}

class StreamFatalError extends StreamError {
  constructor(e, { cause } = {}) {
    super(e, { retriable: false, cause });
    this.name = 'StreamFatalError';
  }
}

// Takes every argument its base takes.
class StreamAuthError extends StreamFatalError {
  constructor() {
    super(...arguments);
    this.name = 'StreamAuthError';
  }
}

// Keeps what it wraps in a field, not through super.
class StreamDecodeError extends Error {
  constructor(message, original) {
    super(message);
    this.name = 'StreamDecodeError';
    this.originalError = original;
  }
}

// Has nowhere to put a cause: a status and a text.
class StreamRejectedError extends StreamError {
  constructor(message, status) {
    super(message, { retriable: false });
    this.status = status;
  }
}

// Takes what it wraps through a parameter named as an error, or in an info object's `cause`.
class StreamApiError extends Error {
  constructor(message, code, chainedError) {
    super(message);
    this.code = code;
    this.chainedError = chainedError;
  }
}

class StreamConfigError extends Error {
  constructor(info) {
    super(info.message, { cause: info.cause });
    this.code = info.code;
  }
}

module.exports = { StreamError, StreamFatalError, StreamAuthError, StreamDecodeError, StreamRejectedError, StreamApiError, StreamConfigError };
