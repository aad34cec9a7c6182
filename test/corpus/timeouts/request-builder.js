'use strict';

const http = require('http');
const https = require('https');
const { Agent } = require('https');
const h2 = require('./h2-adapter');

// A fluent HTTP request builder: the transport is picked from a table by the URL's protocol, and the agent and
// the deadline are the caller's, through setters that nothing calls by default.
exports.protocols = { 'http:': http, 'https:': https };

function Request(method, url) {
  this.method = method;
  this.url = new URL(url);
  this._agent = false;
  this._timeout = 0;
}

Request.prototype.agent = function (agent) {
  this._agent = agent;
  return this;
};

Request.prototype.timeout = function (ms) {
  this._timeout = ms;
  return this;
};

Request.prototype.request = function () {
  const options = {};
  options.method = this.method;
  options.host = this.url.hostname;
  options.path = this.url.pathname;
  options.agent = this._agent;
  const transport = this._http2 ? h2.adapt(this.url.protocol) : exports.protocols[this.url.protocol];
  this.req = transport.request(options); // expect: require-request-timeout
  this._armTimer();
  return this.req;
};

Request.prototype._armTimer = function () {
  if (this._timeout && !this._timer) this._timer = setTimeout(() => this.abort(), this._timeout);
};

Request.prototype.abort = function () {
  if (this.req) this.req.destroy(new Error('Request timed out'));
};

// A pooled variant whose agent is its own, made with a socket timeout: the agent bounds the request.
function PooledRequest(method, url) {
  Request.call(this, method, url);
  this._pool = new Agent({ keepAlive: true, timeout: 30000 });
}

PooledRequest.prototype.request = function () {
  const options = { method: this.method, host: this.url.hostname, path: this.url.pathname };
  options.agent = this._pool;
  this.req = exports.protocols[this.url.protocol].request(options); // ok: require-request-timeout
  return this.req;
};

module.exports = { Request, PooledRequest };
