'use strict';

// An HTTP client's request object (callback style, prototype methods): `.retry(n)` lets a failed attempt be sent again.
const http = require('node:http');

const RETRYABLE_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EAI_AGAIN']);
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);

function Request(method, url) {
  this.method = method;
  this.url = url;
  this._maxRetries = 0;
  this._retries = 0;
  this._callback = null;
  this.req = null;
}

Request.prototype.retry = function (count) {
  this._maxRetries = count;
  return this;
};

Request.prototype._shouldRetry = function (error, res) {
  if (!this._maxRetries || this._retries++ >= this._maxRetries) return false;
  if (res && RETRYABLE_STATUSES.has(res.statusCode)) return true;
  return Boolean(error && RETRYABLE_CODES.has(error.code));
};

// Sends the request again: the next attempt leaves as soon as the last one failed.
Request.prototype._retry = function () {
  if (this.req) this.req.destroy();
  this.req = null;
  return this._send();
};

Request.prototype._send = function () {
  this.req = http.request(this.url, { method: this.method, timeout: 10_000 }, (res) => this.callback(null, res));
  this.req.on('timeout', () => this.req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
  this.req.on('error', (error) => this.callback(error));
  this.req.end();
  return this;
};

// A 503 or a refused connection is sent again at once, as many times as `.retry(n)` allows.
Request.prototype.callback = function (error, res) {
  if (this._shouldRetry(error, res)) {
    return this._retry(); // expect: require-retry-backoff
  }
  const done = this._callback;
  this._callback = null;
  if (done) done(error, res);
  return this;
};

Request.prototype.end = function (callback) {
  this._callback = callback;
  return this._send();
};

// The streaming variant waits before the next attempt, longer each time, with jitter.
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

Request.prototype.onStreamError = async function (error) {
  if (this._shouldRetry(error)) {
    await sleep(100 * 2 ** this._retries * (0.5 + Math.random()));
    return this._retry(); // ok: require-retry-backoff
  }
  const done = this._callback;
  this._callback = null;
  if (done) done(error);
  return this;
};

module.exports = { Request };
