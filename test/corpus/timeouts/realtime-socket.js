'use strict';

const { EventEmitter } = require('events');

// A realtime server's socket: an event sent with an acknowledgement waits for the client's answer, and the timer
// that bounds the wait is armed only when the caller chained `.timeout(ms)` first.
class ServerSocket extends EventEmitter {
  constructor(transport) {
    super();
    this.transport = transport;
    this.acks = new Map();
    this.nextId = 0;
    this.flags = {};
  }

  timeout(ms) {
    this.flags.timeout = ms;
    return this;
  }

  send(event, ...args) {
    const ack = typeof args[args.length - 1] === 'function' ? args.pop() : undefined;
    const flags = this.flags;
    this.flags = {};
    const id = this.nextId++;
    if (ack) this.registerAck(id, ack, flags.timeout);
    this.transport.write(JSON.stringify({ id, event, args }));
    return this;
  }

  registerAck(id, ack, timeout) {
    if (timeout === undefined) {
      this.acks.set(id, ack);
      return;
    }
    const timer = setTimeout(() => {
      this.acks.delete(id);
      ack(new Error('ack timed out'));
    }, timeout);
    this.acks.set(id, (...answer) => {
      clearTimeout(timer);
      ack(null, ...answer);
    });
  }

  sendWithAck(event, ...args) {
    const withErr = this.flags.timeout !== undefined;
    return new Promise((resolve, reject) => { // expect: require-client-timeout
      args.push((err, answer) => (withErr ? (err ? reject(err) : resolve(answer)) : resolve(err)));
      this.send(event, ...args);
    });
  }
}

// The admin channel's socket: its acknowledgements always time out, 5 s unless the caller says otherwise.
class AdminSocket extends ServerSocket {
  constructor(transport) {
    super(transport);
    this.ackTimeout = 5000;
  }

  ackTimeoutMs(ms) {
    this.ackTimeout = ms;
    return this;
  }

  request(event, payload) {
    const ms = this.ackTimeout;
    return new Promise((resolve, reject) => { // ok: require-client-timeout
      this.send(event, payload, (answer) => resolve(answer));
      setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
    });
  }
}

module.exports = { ServerSocket, AdminSocket };
