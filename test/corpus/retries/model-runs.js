'use strict';

// An SDK's automatic retries of HTTP calls, in JavaScript.
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// The wait only happens for an integer delay, and the jitter makes it a fraction: five attempts back to back.
async function withAutomaticRetries(request, options = {}) {
  const shouldRetry = options.shouldRetry || (() => false);
  const maxRetries = options.maxRetries || 5;
  const interval = options.interval || 500;
  const jitter = options.jitter || 100;

  let attempts = 0;
  do { // expect: require-retry-backoff
    const delay = interval * 2 ** attempts + Math.random() * jitter;
    try {
      const response = await request();
      if (response.ok || !shouldRetry(response)) {
        return response;
      }
    } catch (error) {
      if (!shouldRetry(error)) throw error;
    }
    if (Number.isInteger(delay) && delay > 0) {
      await sleep(delay);
    }
    attempts += 1;
  } while (attempts < maxRetries);
  return request();
}

// The same with the jittered delay rounded first: the wait runs, and grows.
async function withRoundedRetries(request, options = {}) {
  const shouldRetry = options.shouldRetry || (() => false);
  let attempts = 0;
  do { // ok: require-retry-backoff
    const delay = Math.round(500 * 2 ** attempts + Math.random() * 100);
    try {
      const response = await request();
      if (response.ok || !shouldRetry(response)) {
        return response;
      }
    } catch (error) {
      if (!shouldRetry(error)) throw error;
    }
    if (Number.isInteger(delay) && delay > 0) {
      await sleep(delay);
    }
    attempts += 1;
  } while (attempts < 5);
  return request();
}

// An upsert in the library's own serializable transaction: the second attempt finds the other's row at once.
const SERIALIZATION_FAILURE = '40001';
async function upsertRun(attempt) {
  for (let attempts = 1; ; attempts++) { // ok: require-retry-backoff
    try {
      return await attempt();
    } catch (err) {
      if (err?.code !== SERIALIZATION_FAILURE || attempts === 3) throw err;
    }
  }
}

module.exports = { withAutomaticRetries, withRoundedRetries, upsertRun };
