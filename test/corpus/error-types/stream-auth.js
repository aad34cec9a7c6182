'use strict';

const { StreamAuthError, StreamDecodeError, StreamFatalError, StreamRejectedError } = require('./stream-errors');
const errors = require('./stream-errors');

// A stream client's authentication and decoding, in JavaScript: the error classes come from another module.
function plainAuthenticator(credentials, { logger, exchange }) {
  return {
    async authenticate() {
      if (!credentials.username) {
        throw new StreamAuthError('missing username'); // ok: require-error-cause
      }
      try {
        await exchange({ user: credentials.username, password: credentials.password });
      } catch (e) {
        // Rebuilt from the text: the connection error's type, code and stack are gone.
        const error = new StreamAuthError(`authentication failed: ${e.message}`); // expect: require-error-cause; expect: no-unsafe-error-access
        logger.error(error.message);
        throw error;
      }
    },
  };
}

function tokenAuthenticator(provider, { exchange }) {
  return {
    authenticate() {
      return provider
        .token()
        .then((token) => exchange({ token }))
        .catch((e) => { // expect: no-unsafe-error-access
          throw new errors.StreamFatalError(`token exchange failed: ${e.message}`); // expect: require-error-cause
        });
    },
  };
}

async function refresh(session, { exchange }) {
  try {
    return await exchange({ refresh: session.refreshToken });
  } catch (e) {
    // The cause is kept.
    throw new StreamAuthError(`refresh failed: ${e.message}`, { cause: e }); // ok: require-error-cause; expect: no-unsafe-error-access
  }
}

async function reauthenticate(session, { exchange, logger }) {
  try {
    return await exchange({ user: session.user });
  } catch (e) {
    // Kept after construction, before the throw.
    const error = new StreamFatalError(`reauthentication failed: ${e.message}`); // ok: require-error-cause; expect: no-unsafe-error-access
    error.cause = e;
    logger.error(error.message);
    throw error;
  }
}

function decode(buffer, decoder) {
  try {
    return decoder.decode(buffer);
  } catch (e) {
    // The class keeps the original in a field.
    throw new StreamDecodeError(`cannot decode ${buffer.length} bytes`, e); // ok: require-error-cause
  }
}

async function send(request, { exchange }) {
  try {
    return await exchange(request);
  } catch (e) {
    // No place for a cause, and the message copies the caught error's text: a lossy wrapper.
    throw new StreamRejectedError(`send failed: ${e.message}`, 503); // expect: require-error-cause; expect: no-unsafe-error-access
  }
}

async function sendOrReject(request, { exchange }) {
  try {
    return await exchange(request);
  } catch (e) {
    // A domain translation that uses nothing of the caught error.
    throw new StreamRejectedError('the broker rejected the request', 503); // ok: require-error-cause
  }
}

function parseOffset(value, parse) {
  try {
    return parse(value);
  } catch (_) {
    // A binding named as unused: the input is the story, not the parser's error.
    throw new StreamFatalError(`invalid offset, expected a long, received ${value}`); // ok: require-error-cause
  }
}

async function createInbox(prefix, { request }) {
  try {
    return await request({ inbox: prefix });
  } catch (e) {
    throw new errors.StreamApiError(`inbox ${prefix}: ${e}`, 'API_ERROR', e); // ok: require-error-cause
  }
}

async function loadConfig(name, { request }) {
  try {
    return await request({ config: name });
  } catch (e) {
    throw new errors.StreamConfigError({ code: 'config/unavailable', message: `config ${name}: ${e}` }); // expect: require-error-cause
  }
}

const Codes = { INVALID_TOKEN: 'invalid-token' };

async function decodeToken(token, { decode }) {
  try {
    return await decode(token);
  } catch (e) {
    // One identified case, translated on purpose; the code is compared with a named constant.
    if (e.code === Codes.INVALID_TOKEN) { // ok: no-unsafe-error-access
      throw new StreamFatalError('pass the whole token, as issued'); // ok: require-error-cause
    }
    throw new StreamFatalError(`decoding failed: ${e.message}`); // expect: require-error-cause; expect: no-unsafe-error-access
  }
}

module.exports = { decodeToken, createInbox, loadConfig, plainAuthenticator, tokenAuthenticator, refresh, reauthenticate, decode, send, sendOrReject, parseOffset };
