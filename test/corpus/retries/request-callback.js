'use strict';

// A callback-style HTTP request in JavaScript whose retries are decided in the callback and run by a prototype method.
function Request(options) {
  this.options = options;
  this._maxRetries = 0;
  this._retries = 0;
}

Request.prototype.retry = function (count) {
  this._maxRetries = count;
  return this;
};

Request.prototype._shouldRetry = function (error, res) {
  if (!this._maxRetries || this._retries++ >= this._maxRetries) return false;
  return Boolean(error) || (res && res.status >= 500);
};

// A failed attempt is sent again at once: the next attempt starts before the server had any time to recover.
Request.prototype.callback = function (error, res) {
  if (this._shouldRetry(error, res)) {
    return this._retry(); // expect: require-retry-backoff
  }
  return this._done(error, res);
};

Request.prototype._retry = function () {
  this.req = null;
  return this._end();
};

Request.prototype._end = function () {
  this.req = this.options.transport.request(this.options, (error, res) => this.callback(error, res));
  return this;
};

Request.prototype._done = function (error, res) {
  if (this.options.onDone) this.options.onDone(error, res);
  return this;
};

// A queue's redelivery decided the same way but handed to a timer that waits longer after each failure.
function Delivery(send) {
  this.send = send;
  this.attempt = 0;
}

Delivery.prototype.onResult = function (error) {
  if (error && this.shouldRetryDelivery(error)) {
    return this.retryDelivery(); // ok: require-retry-backoff
  }
  return undefined;
};

Delivery.prototype.shouldRetryDelivery = function (error) {
  return this.attempt < 5 && error.code !== 'EINVALID';
};

Delivery.prototype.retryDelivery = function () {
  this.attempt += 1;
  setTimeout(() => this.send(this.onResult.bind(this)), 100 * 2 ** this.attempt + Math.random() * 100);
};

module.exports = { Request, Delivery };
