'use strict';

// The editor's flow-state endpoint: start or stop every flow, and remember the state across restarts.
let runtime;

module.exports = {
  init: function (_runtime) {
    runtime = _runtime;
  },

  setState: async function (state) {
    if (state === 'start') {
      try {
        runtime.settings.set('flowState', state); // expect: no-unhandled-rejection
      } catch (err) {
        console.warn('could not record the flow state', err);
      }
      await runtime.flows.start();
    } else {
      await runtime.settings.set('flowState', state); // ok: no-unhandled-rejection
      await runtime.flows.stop();
    }
    return { state: runtime.settings.get('flowState') }; // ok: no-unhandled-rejection
  },

  getState: function () {
    if (!runtime.settings.available()) return { state: 'unknown' }; // ok: no-unhandled-rejection
    return { state: runtime.settings.get('flowState') };
  },
};
