'use strict';

let runtime;

const api = module.exports = {
  init: function (_runtime) {
    runtime = _runtime;
    api.flows.init(runtime);
  },
  flows: require('./flows'),
};
