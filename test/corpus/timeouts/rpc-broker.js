'use strict';

// A service broker: every remote call goes through the timeout middleware, which waits for `requestTimeout`.
const defaultOptions = {
  namespace: '',
  requestTimeout: 0, // expect: require-request-timeout
  heartbeatTimeout: 0, // ok: require-request-timeout
  retryPolicy: { enabled: false, retries: 5 },
};

// The pool's own defaults: a checkout waits at most 5 s, so nothing is off here.
const defaultPoolOptions = {
  acquireTimeout: 5000, // ok: require-request-timeout
};

function timeoutMiddleware(broker, next) {
  return function callWithTimeout(ctx) {
    if (ctx.options.timeout == null) ctx.options.timeout = broker.options.requestTimeout;
    const pending = next(ctx);
    if (ctx.options.timeout > 0 && pending.timeout) {
      return pending.timeout(ctx.options.timeout);
    }
    return pending;
  };
}

function acquire(pool, options) {
  if (options.acquireTimeout > 0) return pool.acquire().timeout(options.acquireTimeout);
  return pool.acquire();
}

class ServiceBroker {
  constructor(options = {}) {
    this.options = { ...defaultOptions, ...options };
  }
}

module.exports = { ServiceBroker, timeoutMiddleware, acquire, defaultPoolOptions };
