'use strict';

// A hosted-model SDK, in JavaScript typed by JSDoc, that lets the caller inject fetch and cancel a request.
class PredictionsClient {
  /**
   * @param {object} options
   * @param {string} options.auth - API token
   * @param {Function} [options.fetch] - Fetch function to use. Defaults to `globalThis.fetch`
   */
  constructor(options = {}) {
    this.auth = options.auth;
    this.fetch = options.fetch || globalThis.fetch;
  }

  /**
   * Every API call goes through here; the signal is the caller's, when there is one.
   *
   * @param {string} route
   * @param {object} options
   * @param {string} [options.method] - Defaults to GET
   * @param {AbortSignal} [options.signal] - AbortSignal to cancel the request
   */
  async request(route, options) {
    const { method = 'GET', signal } = options;
    const init = { method, headers: { Authorization: `Bearer ${this.auth}` }, signal };
    const _fetch = this.fetch;
    const response = await _fetch(`https://api.predictions.example.com/v1/${route}`, init); // expect: require-request-timeout
    if (!response.ok) throw new Error(`predictions API answered ${response.status}`);
    return response.json();
  }

  /**
   * Streams output; the stream's lifetime is the caller's, so the caller must pass a signal.
   *
   * @param {string} url
   * @param {object} options
   * @param {AbortSignal} options.signal - Required: ends the stream
   */
  async stream(url, options) {
    const { signal } = options;
    const _fetch = this.fetch;
    return _fetch(url, { headers: { Accept: 'text/event-stream' }, signal }); // ok: require-request-timeout
  }

  /**
   * @param {string} id
   * @param {object} [options]
   * @param {AbortSignal} [options.signal]
   */
  async cancel(id, options = {}) {
    const { signal = AbortSignal.timeout(10000) } = options;
    const _fetch = this.fetch;
    return _fetch(`https://api.predictions.example.com/v1/predictions/${id}/cancel`, { method: 'POST', signal }); // ok: require-request-timeout
  }
}

// Whether this runtime's Response reads FormData: a data URL, read in memory.
async function responseClass() {
  return (await fetch('data:,')).constructor; // ok: require-request-timeout
}

// The fetch a caller injects, or the global one, behind one signature: the caller's arguments pass through.
function resolveFetch(customFetch) {
  if (customFetch) return (...args) => customFetch(...args);
  return (...args) => fetch(...args); // ok: require-request-timeout
}

// A file input given by URL, streamed into the upload request that sends it: the upload's deadline bounds it.
async function* streamFile(url) {
  const { body } = await fetch(url); // ok: require-request-timeout
  if (body === null) throw new Error(`Download failed, no response body from '${url}'`);
  yield* body;
}

// Every prediction of a model, page after page, each page parsed here: every request is this code's own wait.
async function* listPredictions(url) {
  for (let next = url; next; ) {
    const res = await fetch(next); // expect: require-request-timeout
    const page = await res.json();
    yield* page.results;
    next = page.next;
  }
}

module.exports = { PredictionsClient, responseClass, resolveFetch, streamFile, listPredictions };
