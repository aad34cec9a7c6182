'use strict';

// A message queue's administration client: every management call builds its request here and sends it through
// the HTTP pipeline, whose timer is armed only for a positive `timeout`.
function applyRequestOptions(request, options) {
  request.headers = { ...request.headers, ...options.headers };
  request.abortSignal = options.abortSignal;
  request.timeout = options.timeout;
}

async function executeOperation(pipelineClient, request, operationOptions) {
  const prepared = {
    headers: operationOptions.requestOptions?.customHeaders,
    abortSignal: operationOptions.abortSignal,
    timeout: operationOptions.requestOptions?.timeout || 0, // expect: require-request-timeout
  };
  applyRequestOptions(request, prepared);
  const response = await pipelineClient.sendRequest(request);
  return JSON.parse(response.bodyAsText);
}

// The same client with a default of its own: 30 s unless the caller says otherwise.
async function executeWithDefault(pipelineClient, request, operationOptions) {
  const prepared = {
    abortSignal: operationOptions.abortSignal,
    timeout: operationOptions.requestOptions?.timeout || 30000, // ok: require-request-timeout
  };
  applyRequestOptions(request, prepared);
  return pipelineClient.sendRequest(request);
}

// A queue message's own processing limit, not a request: nothing is sent here.
function toMessage(body, operationOptions) {
  return {
    body,
    timeout: operationOptions.messageOptions?.timeout || 0, // ok: require-request-timeout
  };
}

module.exports = { executeOperation, executeWithDefault, toMessage };
