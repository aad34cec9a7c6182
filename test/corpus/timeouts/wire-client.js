'use strict';

const { EventEmitter } = require('node:events');
const net = require('node:net');

// A database driver's connection, which owns the socket: no idle timeout on it either.
class Connection extends EventEmitter {
  constructor() {
    super();
    this.stream = new net.Socket(); // expect: require-client-timeout
  }

  connect(port, host) {
    this.stream.connect(port, host);
    this.stream.once('connect', () => this.emit('connect'));
  }
}

class Client extends EventEmitter {
  constructor(config = {}) {
    super();
    this.connection = new Connection();
    // 0 means "no timeout", and it is the default.
    this._connectionTimeoutMillis = config.connectionTimeoutMillis || 0;
  }

  _connect(callback) {
    const con = this.connection;
    if (this._connectionTimeoutMillis > 0) {
      this.connectionTimeoutHandle = setTimeout(() => {
        con.stream.destroy(new Error('timeout expired'));
      }, this._connectionTimeoutMillis);
    }
    con.connect(this.port, this.host); // expect: require-client-timeout
    con.once('connect', () => {
      clearTimeout(this.connectionTimeoutHandle);
      callback(null);
    });
  }
}

// A pool's connection, whose connect deadline defaults to 10 s.
class PooledClient extends EventEmitter {
  constructor(config = {}) {
    super();
    this.connection = new Connection();
    this._connectionTimeoutMillis = config.connectionTimeoutMillis || 10000;
  }

  _connect(callback) {
    const con = this.connection;
    if (this._connectionTimeoutMillis > 0) {
      this.connectionTimeoutHandle = setTimeout(() => {
        con.stream.destroy(new Error('timeout expired'));
      }, this._connectionTimeoutMillis);
    }
    con.connect(this.port, this.host); // ok: require-client-timeout
    con.once('connect', () => {
      clearTimeout(this.connectionTimeoutHandle);
      callback(null);
    });
  }
}

// A driver whose connection arms its own connect timer on the stream it opens.
class TimedConnection extends EventEmitter {
  constructor(config) {
    super();
    this.config = config;
    this.stream = net.connect(config.port, config.host); // ok: require-client-timeout
    if (this.config.connectTimeout) {
      const timeoutHandler = this._handleTimeoutError.bind(this);
      this.connectTimeout = setTimeout(timeoutHandler, this.config.connectTimeout);
    }
    this.stream.once('connect', () => clearTimeout(this.connectTimeout));
  }

  _handleTimeoutError() {
    this.stream.destroy();
    this.emit('error', new Error('connect ETIMEDOUT'));
  }
}

// A helper the client spawns, answering its parent over the socket path it was given: a local peer.
function answerParent() {
  const socket = net.connect(process.argv[2], () => socket.end(`${process.argv[3] || ''}\n`)); // ok: require-client-timeout
  socket.setEncoding('utf8');
}

// The same answer sent to a port on another host: a network peer that may never read it.
function answerRemoteParent(host) {
  const socket = net.connect(process.argv[2], host, () => socket.end(`${process.argv[3] || ''}\n`)); // expect: require-client-timeout
  socket.setEncoding('utf8');
}

module.exports = { Client, PooledClient, TimedConnection, answerParent, answerRemoteParent };
