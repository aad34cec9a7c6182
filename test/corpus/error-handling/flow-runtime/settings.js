'use strict';

// Persistent runtime settings: a change is written through the storage module that `load` receives.
let storage = null;
let values = null;

const settings = {
  load: function (_storage) {
    storage = _storage;
    return storage.getSettings().then((saved) => {
      values = saved || {};
    });
  },
  available: function () {
    return values !== null;
  },
  get: function (key) {
    if (values === null) throw new Error('settings not available');
    return values[key];
  },
  set: function (key, value) {
    if (values === null) throw new Error('settings not available');
    if (values[key] === value) return Promise.resolve();
    values[key] = value;
    return storage.saveSettings({ ...values });
  },
};

module.exports = settings;
