'use strict';

const net = require('node:net');
const tls = require('node:tls');

// A message-broker client's connect, in JavaScript: the socket options are the caller's.
function clone(options) {
  return Object.assign({}, options);
}

function connect(url, socketOptions, openCallback) {
  const sockopts = clone(socketOptions || {});
  const timeout = sockopts.timeout;
  const parts = new URL(url);
  sockopts.host = parts.hostname;
  sockopts.port = Number(parts.port) || 5672;

  let sock;
  const onConnect = () => {
    // The timeout only guards the handshake.
    if (timeout) sock.setTimeout(0);
    openCallback(null, sock);
  };
  if (parts.protocol === 'amqp:') {
    sock = net.connect(sockopts, onConnect); // expect: require-client-timeout
  } else {
    sock = tls.connect(sockopts, onConnect); // expect: require-client-timeout
  }
  if (timeout) {
    sock.setTimeout(timeout, () => {
      sock.destroy();
      openCallback(new Error('connect ETIMEDOUT'));
    });
  }
  sock.once('error', openCallback);
}

// The same with a default: every attempt has a deadline unless the caller turns it off.
function connectWithDefault(url, socketOptions, openCallback) {
  const sockopts = clone(socketOptions || {});
  const timeout = sockopts.timeout === undefined ? 30000 : sockopts.timeout;
  sockopts.host = new URL(url).hostname;
  const sock = net.connect(sockopts, openCallback); // ok: require-client-timeout
  if (timeout) sock.setTimeout(timeout, () => sock.destroy(new Error('connect ETIMEDOUT')));
  sock.once('error', openCallback);
}

module.exports = { connect, connectWithDefault };
