'use strict';

const axios = require('axios');

// A mail API's client: every call goes through request(), whose config merges the client's defaults.
function mergeData(base, extra) {
  return Object.assign({}, base, extra);
}

class MailClient {
  constructor() {
    this.defaultRequest = { baseUrl: 'https://api.mail.example.com/', url: '', method: 'GET', headers: {} };
  }

  setDefaultRequest(key, value) {
    this.defaultRequest[key] = value;
    return this;
  }

  createRequest(data) {
    let options = { url: data.uri || data.url, method: data.method, data: data.body };
    options = mergeData(this.defaultRequest, options);
    options.baseURL = options.baseUrl;
    delete options.baseUrl;
    return options;
  }

  request(data) {
    data = this.createRequest(data);
    return axios(data); // expect: require-request-timeout
  }
}

// The same client with a default timeout.
class TimedMailClient {
  constructor() {
    this.defaultRequest = { baseURL: 'https://api.mail.example.com/', method: 'GET', timeout: 30000 };
  }

  createRequest(data) {
    let options = { url: data.url, method: data.method, data: data.body };
    options = mergeData(this.defaultRequest, options);
    return options;
  }

  request(data) {
    data = this.createRequest(data);
    return axios(data); // ok: require-request-timeout
  }
}

// The caller's config, passed through as it is: the caller decides.
function send(config) {
  return axios(config); // ok: require-request-timeout
}

module.exports = { MailClient, TimedMailClient, send };
