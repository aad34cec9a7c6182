'use strict';

// The runtime object every API module receives from its `init`: assembled here, handed down through api/index.js.
const settings = require('./settings');
const externalAPI = require('./api');

const flows = {
  started: false,
  start: async function () {
    flows.started = true;
  },
  stop: async function () {
    flows.started = false;
  },
};

const runtime = {
  settings: settings,
  flows: flows,
};

function init(storage) {
  externalAPI.init(runtime);
  return settings.load(storage);
}

module.exports = { init: init };
