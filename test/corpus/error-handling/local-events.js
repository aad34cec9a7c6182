'use strict';

// A service broker's local events: `broadcastLocal` hands its caller the raw promise of the local handlers only when
// the caller asks for it (`throwError`); otherwise it logs a handler's failure itself.
class LocalBus {
  constructor(logger) {
    this.logger = logger;
    this.handlers = new Map();
  }

  async emitLocal(name, payload) {
    const handlers = this.handlers.get(name) ?? [];
    await Promise.all(handlers.map((handler) => handler(payload)));
  }

  broadcastLocal(name, payload, opts) {
    if (opts == null) opts = {};
    const p = this.emitLocal(name, payload);
    if (opts.throwError) {
      return p;
    }
    return p.catch((err) => this.logger.error(err));
  }

  started() {
    this.broadcastLocal('$broker.started'); // ok: no-unhandled-rejection
  }

  failed(error) {
    this.broadcastLocal('$broker.error', { error }, { groups: ['ops'] }); // ok: no-unhandled-rejection
  }

  // The caller asked for the raw promise and dropped it: a failing handler is an unhandled rejection.
  strictStop() {
    this.broadcastLocal('$broker.stopped', {}, { throwError: true }); // expect: no-unhandled-rejection
  }
}

module.exports = { LocalBus };
