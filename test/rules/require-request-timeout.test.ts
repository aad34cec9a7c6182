import path from 'node:path';

import { describe, expect, it } from 'vitest';

import rule from '../../rules/require-request-timeout.js';
import type { RequireRequestTimeoutOptions } from '../../rules/require-request-timeout.js';
import { createVirtualProgram, NO_PROJECT_FACTS, parseUntyped, runRules, summarize } from '../helpers/lint-snippet.js';
import { createTypedRuleTester, createUntypedRuleTester } from './rule-tester.js';

const cases = {
  valid: [
    // The standard deadline.
    'declare const url: string;\nawait fetch(url, { signal: AbortSignal.timeout(5000) });',
    // a signal that exists when a positive timeout is the default (issue 12, point 9)
    'export async function get(url: string, { timeoutMs = 800 }: { timeoutMs?: number } = {}) {\n  const signal = timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined;\n  return fetch(url, { signal });\n}',
    // `signal` destructured in the body from an options parameter that requires it: the caller decides
    "export async function request(url: string, options: { method?: string; signal: AbortSignal }) {\n  const { method = 'GET', signal } = options;\n  return fetch(url, { method, signal });\n}",
    // ... or with a deadline as its default
    'export async function request(url: string, options: { signal?: AbortSignal }) {\n  const { signal = AbortSignal.timeout(5000) } = options;\n  return fetch(url, { signal });\n}',
    // ... or from an untyped options parameter, which says nothing
    'export async function request(url: string, options: any) {\n  const { signal } = options;\n  return fetch(url, { signal });\n}',
    // an SDK's request config built from a default with a timeout (sendgrid's shape)
    "import axios from 'axios';\nexport class Client {\n  defaultRequest: Record<string, unknown>;\n  constructor() {\n    this.defaultRequest = { baseURL: 'https://api.example.com/', method: 'GET', timeout: 30_000 };\n  }\n  setDefaultRequest(key: string, value: unknown) {\n    this.defaultRequest[key] = value;\n  }\n  createRequest(data: { url: string; body?: unknown }) {\n    let options: Record<string, unknown> = { url: data.url, data: data.body };\n    options = Object.assign({}, this.defaultRequest, options);\n    options.headers = { Accept: 'application/json' };\n    return options;\n  }\n  request(data: any) {\n    data = this.createRequest(data);\n    return axios(data);\n  }\n}",
    // ... or from a default another method may replace whole
    "import axios from 'axios';\nexport class Client {\n  defaultRequest: Record<string, unknown>;\n  constructor() {\n    this.defaultRequest = { baseURL: 'https://api.example.com/', method: 'GET' };\n  }\n  setDefaultRequest(key: string, value: unknown) {\n    this.defaultRequest[key] = value;\n  }\n  configure(defaults: Record<string, unknown>) {\n    this.defaultRequest = defaults;\n  }\n  createRequest(data: { url: string; body?: unknown }) {\n    let options: Record<string, unknown> = { url: data.url, data: data.body };\n    options = Object.assign({}, this.defaultRequest, options);\n    options.headers = { Accept: 'application/json' };\n    return options;\n  }\n  request(data: any) {\n    data = this.createRequest(data);\n    return axios(data);\n  }\n}",
    // a data URL is read in memory (the Anthropic SDK probes fetch's Response class this way)
    "export const probe = async () => (await fetch('data:,')).constructor;",
    // a wrapper forwarding its caller's arguments: the deadline belongs to the call sites
    'export const resolveFetch = () => (...args: Parameters<typeof fetch>) => fetch(...args);',
    // a download an async generator hands on as a stream (grammY's upload by URL): its consumer decides how long to wait
    "export async function* fetchFile(url: string) {\n  const { body } = await fetch(url);\n  if (body === null) throw new Error('no body');\n  yield* body;\n}",
    'export async function* chunks(url: string) {\n  const res = await fetch(url);\n  for await (const chunk of res.body!) yield chunk;\n}',
    // a timeout the caller must pass: the file does not tell
    'export async function get(url: string, timeoutMs: number) {\n  return fetch(url, { signal: timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined });\n}',
    // The caller's cancellation combined with a deadline.
    'declare const url: string;\ndeclare const req: { signal: AbortSignal };\nawait fetch(url, { signal: AbortSignal.any([req.signal, AbortSignal.timeout(5000)]) });',
    // A controller aborted by a timer.
    `declare const url: string;
const controller = new AbortController();
const timer = setTimeout(() => controller.abort(), 5000);
try {
  await fetch(url, { signal: controller.signal });
} finally {
  clearTimeout(timer);
}`,
    // The same inside a function body.
    `export async function report(url: string, body: string) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 10_000);
  try {
    await fetch(url, { method: 'POST', body, signal: controller.signal });
  } finally {
    clearTimeout(timer);
  }
}`,
    // Raced against a timer, or wrapped by p-timeout.
    "declare const url: string;\nawait Promise.race([fetch(url), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 5000))]);",
    "import pTimeout from 'p-timeout';\ndeclare const url: string;\nawait pTimeout(fetch(url), { milliseconds: 5000 });",
    'declare const url: string;\ndeclare function withTimeout<T>(p: Promise<T>, ms: number): Promise<T>;\nconst pending = fetch(url).then((r) => r.json());\nawait withTimeout(pending, 5000);',
    // A callback run under a timeout helper.
    "declare function withTimeout<T>(run: () => Promise<T>, ms: number): Promise<T>;\nawait withTimeout(async () => {\n  const res = await fetch('https://example.com');\n  return res.json();\n}, 5000);",
    // A Request built with a signal, or received from elsewhere.
    'declare const url: string;\nconst request = new Request(url, { signal: AbortSignal.timeout(5000) });\nawait fetch(request);',
    'export function forward(request: Request) { return fetch(request); }',
    "declare const self: { addEventListener(type: 'fetch', listener: (event: { request: Request; respondWith(r: Promise<Response>): void }) => void): void };\nself.addEventListener('fetch', (event) => event.respondWith(fetch(event.request)));",
    // Options whose content the file cannot see may carry a signal: precision first.
    "declare const url: string;\nexport function post(init: RequestInit) { return fetch(url, { ...init, method: 'POST' }); }",
    'declare const url: string;\nexport function get(init?: RequestInit) { return fetch(url, init); }',
    // A spread that does carry one.
    "declare const url: string;\nconst defaults = { signal: AbortSignal.timeout(5000) };\nawait fetch(url, { ...defaults, method: 'POST' });",
    // An init variable given a signal later.
    "declare const url: string;\nconst init: RequestInit = { method: 'POST' };\ninit.signal = AbortSignal.timeout(5000);\nawait fetch(url, init);",
    // A required signal parameter: the caller must pass one.
    'export function get(url: string, signal: AbortSignal) { return fetch(url, { signal }); }',
    // A default signal, or a fallback to a deadline.
    'export function get(url: string, signal = AbortSignal.timeout(5000)) { return fetch(url, { signal }); }',
    'export function get(url: string, signal?: AbortSignal) { return fetch(url, { signal: signal ?? AbortSignal.timeout(5000) }); }',
    // A request-scoped signal we cannot see through.
    'declare const url: string;\ndeclare const req: { signal: AbortSignal };\nawait fetch(url, { signal: req.signal });',
    // fetch(new Request(url, { signal }))
    'declare const url: string;\nawait fetch(new Request(url, { signal: AbortSignal.timeout(5000) }));',
    // node-fetch v2 honours `timeout`.
    "import fetch from 'node-fetch';\ndeclare const url: string;\nawait fetch(url, { timeout: 5000 });",
    // Not fetch: a local function, a class's own method, ky (10 s default), undici's request (300 s defaults).
    "function fetch(id: string) { return id; }\nfetch('user-1');",
    'class Cache { fetch(key: string) { return key; } load() { return this.fetch("a"); } }',
    "import ky from 'ky';\ndeclare const url: string;\nawait ky.get(url).json();",
    // ky's rows (docs/models.md): its 10 s default bounds calls and instances; 0 times out at once.
    "import ky from 'ky';\ndeclare const url: string;\nawait ky(url, { timeout: 0, method: 'post' }).json();",
    "import ky from 'ky';\nconst api = ky.create({ prefixUrl: 'https://reviews.example.com' });\nexport const reviews = () => api.get('latest').json();",
    // child_process's rows are judged by no rule: a child may run as long as its work takes; a RegExp's exec is no child.
    "import { exec, execFile } from 'node:child_process';\nexec('ls', () => {});\nexecFile('git', ['status'], () => {});\nexport const match = /a/u.exec('abc');",
    "import { request } from 'undici';\ndeclare const url: string;\nawait request(url);",
    // axios with a timeout in the call, in the instance, or in the defaults.
    "import axios from 'axios';\ndeclare const url: string;\nawait axios.get(url, { timeout: 5000 });",
    "import axios from 'axios';\nconst api = axios.create({ baseURL: 'https://api.example.com', timeout: 5000 });\nawait api.get('/users');",
    "import axios from 'axios';\naxios.defaults.timeout = 5000;\ndeclare const url: string;\nawait axios.post(url, { a: 1 });",
    "import axios from 'axios';\nconst api = axios.create({ baseURL: 'https://api.example.com' });\napi.defaults.timeout = 5000;\nawait api.get('/users');",
    "import axios from 'axios';\ndeclare const url: string;\nawait axios.get(url, { signal: AbortSignal.timeout(5000) });",
    "import axios from 'axios';\nconst api = axios.create({ baseURL: 'https://api.example.com' });\napi.interceptors.request.use((config) => {\n  config.timeout = 5000;\n  return config;\n});\nawait api.get('/users');",
    // The caller's optional signal next to an instance timeout.
    "import axios from 'axios';\nconst api = axios.create({ timeout: 5000 });\nexport function get(url: string, signal?: AbortSignal) { return api.get(url, { signal }); }",
    // axios config from elsewhere.
    "import axios, { type AxiosRequestConfig } from 'axios';\nexport function get(url: string, config: AxiosRequestConfig) { return axios.get(url, config); }",
    "import axios from 'axios';\nimport { config } from './config';\nconst api = axios.create(config);\nawait api.get('/users');",
    // `this.http` of another class, injected through the constructor.
    `import axios, { type AxiosInstance } from 'axios';
class Gists {
  private http: AxiosInstance;
  constructor() {
    this.http = axios.create({ baseURL: 'https://api.github.com' });
  }
}
class Checks {
  constructor(private readonly http: AxiosInstance) {}
  complete(url: string) {
    return this.http.patch(url, { status: 'completed' });
  }
}`,
    // A nested class's field is its own: the inner client has a timeout, whatever the outer class declares later.
    "import axios from 'axios';\nclass Outer {\n  make() {\n    return class {\n      private http = axios.create({ timeout: 5000 });\n      list() { return this.http.get('/items'); }\n    };\n  }\n  private http = axios.create();\n}",
    // The constructor's later assignment wins over the field's initializer, however it spells the name.
    ...["this['http']", 'this.\\u0068ttp'].map(
      (target) =>
        `import axios from 'axios';\nclass Client {\n  private http = axios.create();\n  constructor() {\n    ${target} = axios.create({ timeout: 5000 });\n  }\n  list() { return this.http.get('/items'); }\n}`,
    ),
    // A method no client requests through, on a client.
    "import axios from 'axios';\nconst api = axios.create();\napi.getUri({ url: '/users' });",
    // A member whose declaration says nothing of fetch.
    "interface Deps { http: (url: string) => Promise<string> }\nexport function ping(deps: Deps) { return deps.http('https://example.com'); }",
    // Parameters whose function types cannot be fetch's.
    'export function run(operation: () => Promise<void>) { return operation(); }',
    "export function run<T>(work: (client: string) => Promise<T>) { return work('https://example.com'); }",
    "export function run(done: (url: string) => void) { done('https://example.com'); }",
    // A name nothing declares is not fetch, typed or not.
    "await loadRemote('https://example.com');",
    // A class whose own \`fetch\` method shares the name, next to an options interface with an injected fetch.
    'interface Options { fetch?: typeof fetch }\nexport class Cache {\n  constructor(readonly options: Options) {}\n  fetch(id: string) { return id; }\n  get(id: string) { return this.fetch(id); }\n}',
    // got with an overall or response timeout.
    "import got from 'got';\ndeclare const url: string;\nawait got(url, { timeout: { request: 5000 } }).json();",
    "import got from 'got';\nconst client = got.extend({ prefixUrl: 'https://api.example.com', timeout: { response: 5000 } });\nawait client.get('users').json();",
    // node:http with a timeout option, or setTimeout on the request.
    "import https from 'node:https';\ndeclare const url: string;\nhttps.get(url, { timeout: 5000 }, (res) => res.resume());",
    "import http from 'node:http';\nconst req = http.request({ host: 'example.com', path: '/' }, (res) => res.resume());\nreq.setTimeout(5000, () => req.destroy());\nreq.end();",
    "import https from 'node:https';\ndeclare const url: string;\nhttps.get(url, (res) => res.resume()).setTimeout(5000);",
    // superagent with .timeout() in the chain.
    "import superagent from 'superagent';\ndeclare const url: string;\nawait superagent.get(url).set('Accept', 'application/json').timeout({ response: 5000, deadline: 30000 });",
    // graphql-request with a signal, or a client with a custom fetch.
    "import { request } from 'graphql-request';\ndeclare const url: string;\nawait request({ url, document: '{ me { id } }', signal: AbortSignal.timeout(5000) });",
    "import { GraphQLClient } from 'graphql-request';\ndeclare const url: string;\ndeclare const fetchWithDeadline: typeof fetch;\nexport const client = new GraphQLClient(url, { fetch: fetchWithDeadline });",
    // Look-alikes: express routes, a Map's get.
    "import express from 'express';\nconst app = express();\napp.get('/health', (_req, res) => res.send('ok'));",
    "const cache = new Map<string, string>();\ncache.get('a');",
    // a timeout that falls back to a positive default, or to 0 from a value the caller must pass (issue 12, point 9)
    'declare const client: { sendRequest(r: object): Promise<unknown> };\nexport async function run(options: { requestOptions?: { timeout?: number } }) {\n  const init = { timeout: options.requestOptions?.timeout || 30_000 };\n  return client.sendRequest(init);\n}',
    'declare const client: { sendRequest(r: object): Promise<unknown> };\nexport async function run(config: { timeout: number }) {\n  const init = { timeout: config.timeout || 0 };\n  return client.sendRequest(init);\n}',
    // ... or a 0 fallback in a function that sends nothing (a job's own option, a lock wait)
    "export function toJob(options: { jobOptions?: { timeout?: number } }) {\n  return { name: 'sync', timeout: options.jobOptions?.timeout || 0 };\n}",
    // a module's default timeout that is positive, or 0 for an option no guard of the project waits for (a server's own)
    'const defaultOptions = { requestTimeout: 10_000 };\nexport function call(ctx: any, broker: any) {\n  if (ctx.options.timeout == null) ctx.options.timeout = broker.options.requestTimeout;\n  if (ctx.options.timeout > 0) return ctx.promise.timeout(ctx.options.timeout);\n  return ctx.promise;\n}\nexport { defaultOptions };',
    'const defaultInitOptions = { requestTimeout: 0, keepAliveTimeout: 72_000 };\nexport function listen(server: any, options: any) {\n  server.requestTimeout = options.requestTimeout ?? defaultInitOptions.requestTimeout;\n}',
    // ... or an unset timeout in a function's own object, not the module's defaults
    'export function connect(socket: any, options: any) {\n  const defaults = { timeout: undefined };\n  if (options.timeout > 0) socket.setTimeout(options.timeout);\n  return { ...defaults, ...options };\n}',
    // an agent the class makes itself (it may carry a timeout), or a protocol table with no client of the catalogue in it
    "declare const h2: { setProtocol(p: string): typeof http };\nimport http from 'node:http';\nimport https from 'node:https';\nconst protocols: Record<string, typeof http | typeof https> = { 'http:': http, 'https:': https };\nexport class Request {\n  method = 'GET';\n  _agent: http.Agent | undefined = new http.Agent({ keepAlive: true, timeout: 5000 });\n  req: http.ClientRequest | undefined;\n  agent(agent: http.Agent) {\n    this._agent = agent;\n    return this;\n  }\n  request(protocol: string, http2: boolean) {\n    const options: http.RequestOptions = {};\n    options.method = this.method;\n    options.agent = this._agent;\n    const transport = http2 ? h2.setProtocol(protocol) : protocols[protocol];\n    this.req = transport.request(options);\n    return this.req;\n  }\n}",
    "declare const h2: { setProtocol(p: string): typeof http };\nimport http from 'node:http';\nimport https from 'node:https';\nconst protocols: Record<string, typeof http> = { 'http:': h2.setProtocol('http:') };\nexport class Request {\n  method = 'GET';\n  _agent: http.Agent | undefined = undefined;\n  req: http.ClientRequest | undefined;\n  agent(agent: http.Agent) {\n    this._agent = agent;\n    return this;\n  }\n  request(protocol: string, http2: boolean) {\n    const options: http.RequestOptions = {};\n    options.method = this.method;\n    options.agent = this._agent;\n    const transport = http2 ? h2.setProtocol(protocol) : protocols[protocol];\n    this.req = transport.request(options);\n    return this.req;\n  }\n}",
  ],
  invalid: [
    {
      // superagent: the request goes through a protocol table of node:http modules, with an agent only the opt-in
      // `.agent()` setter fills, and no timeout unless `.timeout()` was called (issue 12, point 9)
      code: "declare const h2: { setProtocol(p: string): typeof http };\nimport http from 'node:http';\nimport https from 'node:https';\nconst protocols: Record<string, typeof http | typeof https> = { 'http:': http, 'https:': https };\nexport class Request {\n  method = 'GET';\n  _agent: http.Agent | undefined = undefined;\n  req: http.ClientRequest | undefined;\n  agent(agent: http.Agent) {\n    this._agent = agent;\n    return this;\n  }\n  request(protocol: string, http2: boolean) {\n    const options: http.RequestOptions = {};\n    options.method = this.method;\n    options.agent = this._agent;\n    const transport = http2 ? h2.setProtocol(protocol) : protocols[protocol];\n    this.req = transport.request(options);\n    return this.req;\n  }\n}",
      errors: [{ messageId: 'missingTimeout' as const, line: 18, column: 16 }],
    },
    {
      // moleculer: the broker's default requestTimeout is 0, and the timeout middleware arms a deadline only when it is positive
      code: "const defaultOptions = { namespace: '', requestTimeout: 0 * 1000 };\nexport function call(ctx: any, broker: any) {\n  if (ctx.options.timeout == null) ctx.options.timeout = broker.options.requestTimeout;\n  if (ctx.options.timeout > 0 && ctx.promise.timeout) return ctx.promise.timeout(ctx.options.timeout);\n  return ctx.promise;\n}\nexport { defaultOptions };",
      errors: [{ messageId: 'deadlineUnsetByDefault' as const, line: 1, column: 41 }],
    },
    {
      // got: every phase of `timeout` defaults to undefined, and each timer is armed only for a phase that is set
      code: "declare function addTimeout(ms: number, event: string): void;\nexport const defaultInternals = { timeout: { connect: undefined, response: undefined }, retry: { limit: 2 } };\nexport function timedOut(delays: any) {\n  if (delays.response !== undefined) addTimeout(delays.response, 'response');\n}",
      errors: [{ messageId: 'deadlineUnsetByDefault' as const, line: 2, column: 35 }],
    },
    {
      // @azure/service-bus's administration calls: the request's timeout falls back to 0 (no timeout) unless the caller sets one
      code: 'declare const client: { sendRequest(r: object): Promise<unknown> };\ndeclare function applyRequestOptions(r: object, o: object): void;\nexport async function execute(request: object, operationOptions: { requestOptions?: { timeout?: number } }) {\n  const reqPrepareOptions = {\n    disableJsonStringifyOnBody: true,\n    timeout: operationOptions.requestOptions?.timeout || 0,\n  };\n  applyRequestOptions(request, reqPrepareOptions);\n  return client.sendRequest(request);\n}',
      errors: [{ messageId: 'timeoutFallsBackToZero' as const, line: 6, column: 5 }],
    },
    {
      // the same with `??` from an options parameter that is optional
      code: "import axios from 'axios';\nexport function get(url: string, opts: { timeout?: number } = {}) {\n  const config = { url, timeout: opts.timeout ?? 0 };\n  return axios.request(config);\n}",
      errors: [{ messageId: 'timeoutFallsBackToZero' as const, line: 3, column: 25 }],
    },
    {
      // a generator that fetches page after page itself and yields what it parsed: each request is its own wait
      code: 'export async function* pages(url: string) {\n  for (let page = 1; ; page++) {\n    const res = await fetch(`${url}?page=${page}`);\n    const { items } = (await res.json()) as { items: unknown[] };\n    if (items.length === 0) return;\n    yield items;\n  }\n}',
      errors: [
        {
          messageId: 'fetchWithoutSignal' as const,
          line: 3,
          column: 23,
          suggestions: [
            {
              messageId: 'addSignal' as const,
              output:
                'export async function* pages(url: string) {\n  for (let page = 1; ; page++) {\n    const res = await fetch(`${url}?page=${page}`, { signal: AbortSignal.timeout(10_000) });\n    const { items } = (await res.json()) as { items: unknown[] };\n    if (items.length === 0) return;\n    yield items;\n  }\n}',
            },
          ],
        },
      ],
    },
    {
      // a signal that exists only when a timeout option is positive, and that option defaults to 0
      code: 'export async function get(url: string, { timeoutMs = 0 }: { timeoutMs?: number } = {}) {\n  const signal = timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined;\n  return fetch(url, { signal });\n}',
      errors: [
        {
          messageId: 'fetchWithoutSignal' as const,
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'addSignal' as const,
              output:
                'export async function get(url: string, { timeoutMs = 0 }: { timeoutMs?: number } = {}) {\n  const signal = timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined;\n  return fetch(url, { signal: signal ?? AbortSignal.timeout(10_000) });\n}',
            },
          ],
        },
      ],
    },
    {
      code: 'export class Client {\n  private readonly timeoutMs = 0;\n  get(url: string) {\n    return fetch(url, { signal: this.timeoutMs ? AbortSignal.timeout(this.timeoutMs) : undefined });\n  }\n}',
      errors: [
        {
          messageId: 'fetchWithoutSignal' as const,
          line: 4,
          column: 12,
          suggestions: [
            {
              messageId: 'addSignal' as const,
              output:
                'export class Client {\n  private readonly timeoutMs = 0;\n  get(url: string) {\n    return fetch(url, { signal: (this.timeoutMs ? AbortSignal.timeout(this.timeoutMs) : undefined) ?? AbortSignal.timeout(10_000) });\n  }\n}',
            },
          ],
        },
      ],
    },
    {
      code: 'declare const url: string;\nawait fetch(url);',
      errors: [
        {
          messageId: 'fetchWithoutSignal' as const,
          line: 2,
          column: 7,
          endColumn: 17,
          suggestions: [{ messageId: 'addSignal' as const, output: 'declare const url: string;\nawait fetch(url, { signal: AbortSignal.timeout(10_000) });' }],
        },
      ],
    },
    {
      code: "declare const url: string;\nawait fetch(url, { method: 'POST', body: '{}' });",
      errors: [
        {
          messageId: 'fetchWithoutSignal' as const,
          line: 2,
          column: 7,
          suggestions: [
            {
              messageId: 'addSignal' as const,
              output: "declare const url: string;\nawait fetch(url, { method: 'POST', body: '{}', signal: AbortSignal.timeout(10_000) });",
            },
          ],
        },
      ],
    },
    {
      code: "declare const url: string;\nawait fetch(url, {\n  method: 'POST',\n  headers: { 'content-type': 'application/json' },\n});",
      errors: [
        {
          messageId: 'fetchWithoutSignal' as const,
          line: 2,
          column: 7,
          suggestions: [
            {
              messageId: 'addSignal' as const,
              output:
                "declare const url: string;\nawait fetch(url, {\n  method: 'POST',\n  headers: { 'content-type': 'application/json' },\n  signal: AbortSignal.timeout(10_000),\n});",
            },
          ],
        },
      ],
    },
    {
      // The option is configurable.
      code: 'declare const url: string;\nawait fetch(url, {});',
      options: [{ timeoutMs: 2500 }] as [RequireRequestTimeoutOptions],
      errors: [
        {
          messageId: 'fetchWithoutSignal' as const,
          line: 2,
          column: 7,
          suggestions: [{ messageId: 'addSignal' as const, output: 'declare const url: string;\nawait fetch(url, { signal: AbortSignal.timeout(2500) });' }],
        },
      ],
    },
    {
      // `timeout` is not a fetch option.
      code: 'declare const url: string;\nawait fetch(url, { timeout: 5000 });',
      errors: [
        {
          messageId: 'fetchTimeoutIgnored' as const,
          line: 2,
          column: 7,
          suggestions: [
            { messageId: 'replaceTimeoutWithSignal' as const, output: 'declare const url: string;\nawait fetch(url, { signal: AbortSignal.timeout(5000) });' },
          ],
        },
      ],
    },
    {
      // @sendgrid/client: the config is createRequest()'s literal merged with a default that has no timeout.
      code: "import axios from 'axios';\nexport class Client {\n  defaultRequest: Record<string, unknown>;\n  constructor() {\n    this.defaultRequest = { baseURL: 'https://api.example.com/', method: 'GET' };\n  }\n  setDefaultRequest(key: string, value: unknown) {\n    this.defaultRequest[key] = value;\n  }\n  createRequest(data: { url: string; body?: unknown }) {\n    let options: Record<string, unknown> = { url: data.url, data: data.body };\n    options = Object.assign({}, this.defaultRequest, options);\n    options.headers = { Accept: 'application/json' };\n    return options;\n  }\n  request(data: any) {\n    data = this.createRequest(data);\n    return axios(data);\n  }\n}",
      errors: [{ messageId: 'missingTimeout' as const, line: 18, column: 12 }],
    },
    {
      // The same signal destructured in the body from the options parameter (replicate's request()).
      code: "export async function request(url: string, options: { method?: string; signal?: AbortSignal }) {\n  const { method = 'GET', signal } = options;\n  return fetch(url, { method, signal });\n}",
      errors: [
        {
          messageId: 'optionalSignal' as const,
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'defaultSignal' as const,
              output:
                "export async function request(url: string, options: { method?: string; signal?: AbortSignal }) {\n  const { method = 'GET', signal } = options;\n  return fetch(url, { method, signal: signal ?? AbortSignal.timeout(10_000) });\n}",
            },
          ],
        },
      ],
    },
    {
      // The caller's optional signal is undefined by default.
      code: 'export function get(url: string, { signal }: { signal?: AbortSignal } = {}) {\n  return fetch(url, { signal });\n}',
      errors: [
        {
          messageId: 'optionalSignal' as const,
          line: 2,
          column: 10,
          suggestions: [
            {
              messageId: 'defaultSignal' as const,
              output:
                'export function get(url: string, { signal }: { signal?: AbortSignal } = {}) {\n  return fetch(url, { signal: signal ?? AbortSignal.timeout(10_000) });\n}',
            },
          ],
        },
      ],
    },
    {
      code: 'interface Options { signal?: AbortSignal }\nexport function get(url: string, options: Options) {\n  return fetch(url, { signal: options.signal });\n}',
      errors: [
        {
          messageId: 'optionalSignal' as const,
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'defaultSignal' as const,
              output:
                'interface Options { signal?: AbortSignal }\nexport function get(url: string, options: Options) {\n  return fetch(url, { signal: options.signal ?? AbortSignal.timeout(10_000) });\n}',
            },
          ],
        },
      ],
    },
    {
      // A controller nobody aborts is no deadline.
      code: 'declare const url: string;\nconst controller = new AbortController();\nawait fetch(url, { signal: controller.signal });',
      errors: [
        {
          messageId: 'fetchWithoutSignal' as const,
          line: 3,
          column: 7,
          suggestions: [
            {
              messageId: 'addSignal' as const,
              output:
                'declare const url: string;\nconst controller = new AbortController();\nawait fetch(url, { signal: AbortSignal.any([controller.signal, AbortSignal.timeout(10_000)]) });',
            },
          ],
        },
      ],
    },
    {
      code: 'declare const url: string;\nawait fetch(url, { signal: undefined });',
      errors: [
        {
          messageId: 'fetchWithoutSignal' as const,
          line: 2,
          column: 7,
          suggestions: [{ messageId: 'addSignal' as const, output: 'declare const url: string;\nawait fetch(url, { signal: AbortSignal.timeout(10_000) });' }],
        },
      ],
    },
    {
      // Retrying or fanning out is not a deadline.
      code: "import pRetry from 'p-retry';\ndeclare const url: string;\nawait pRetry(() => fetch(url), { retries: 3 });",
      errors: [
        {
          messageId: 'fetchWithoutSignal' as const,
          line: 3,
          column: 20,
          suggestions: [
            {
              messageId: 'addSignal' as const,
              output:
                "import pRetry from 'p-retry';\ndeclare const url: string;\nawait pRetry(() => fetch(url, { signal: AbortSignal.timeout(10_000) }), { retries: 3 });",
            },
          ],
        },
      ],
    },
    {
      // An injected fetch, kept on the instance.
      code: 'export class Sdk {\n  constructor(private readonly fetchImpl: typeof fetch = fetch) {}\n  get(path: string) {\n    return this.fetchImpl(path);\n  }\n}',
      errors: [
        {
          messageId: 'fetchWithoutSignal' as const,
          line: 4,
          column: 12,
          suggestions: [
            {
              messageId: 'addSignal' as const,
              output:
                'export class Sdk {\n  constructor(private readonly fetchImpl: typeof fetch = fetch) {}\n  get(path: string) {\n    return this.fetchImpl(path, { signal: AbortSignal.timeout(10_000) });\n  }\n}',
            },
          ],
        },
      ],
    },
    {
      code: "import { fetch } from 'undici';\ndeclare const url: string;\nawait fetch(url);",
      errors: [
        {
          messageId: 'fetchWithoutSignal' as const,
          line: 3,
          column: 7,
          suggestions: [
            {
              messageId: 'addSignal' as const,
              output: "import { fetch } from 'undici';\ndeclare const url: string;\nawait fetch(url, { signal: AbortSignal.timeout(10_000) });",
            },
          ],
        },
      ],
    },
    {
      code: "declare const options: { fetch?: typeof fetch };\nconst doFetch = options.fetch ?? fetch;\nawait doFetch('https://example.com');",
      errors: [
        {
          messageId: 'fetchWithoutSignal' as const,
          line: 3,
          column: 7,
          suggestions: [
            {
              messageId: 'addSignal' as const,
              output:
                "declare const options: { fetch?: typeof fetch };\nconst doFetch = options.fetch ?? fetch;\nawait doFetch('https://example.com', { signal: AbortSignal.timeout(10_000) });",
            },
          ],
        },
      ],
    },
    // An in-house client from the user's models: its message and the option its suggestion inserts come from the row.
    {
      code: "import acme from '@acme/http';\ndeclare const url: string;\nawait acme.send(url);",
      settings: {
        resilint: {
          models: [
            {
              package: '@acme/http',
              outboundCalls: [
                {
                  methods: ['send'],
                  kind: 'request',
                  options: { kind: 'argument', argument: 1 },
                  deadlines: [{ name: 'timeoutMs', unit: 'ms', where: { kind: 'argument', argument: 1 }, default: 0, defaultIsFinite: false, suggested: true }],
                  remedy: 'Pass `timeoutMs`.',
                },
              ],
            },
          ],
        },
      },
      errors: [
        {
          messageId: 'missingTimeout' as const,
          data: { client: '@acme/http', remedy: 'Pass `timeoutMs`.' },
          line: 3,
          column: 7,
          suggestions: [
            {
              messageId: 'addTimeout' as const,
              data: { option: 'timeoutMs', ms: '10_000' },
              output: "import acme from '@acme/http';\ndeclare const url: string;\nawait acme.send(url, { timeoutMs: 10_000 });",
            },
          ],
        },
      ],
    },
    {
      code: "import axios from 'axios';\ndeclare const url: string;\nawait axios.get(url);",
      errors: [
        {
          messageId: 'missingTimeout' as const,
          line: 3,
          column: 7,
          suggestions: [
            { messageId: 'addTimeout' as const, output: "import axios from 'axios';\ndeclare const url: string;\nawait axios.get(url, { timeout: 10_000 });" },
          ],
        },
      ],
    },
    {
      code: "import axios from 'axios';\ndeclare const url: string;\nawait axios.post(url, { name: 'a' }, { headers: { authorization: 'x' } });",
      errors: [
        {
          messageId: 'missingTimeout' as const,
          line: 3,
          column: 7,
          suggestions: [
            {
              messageId: 'addTimeout' as const,
              output:
                "import axios from 'axios';\ndeclare const url: string;\nawait axios.post(url, { name: 'a' }, { headers: { authorization: 'x' }, timeout: 10_000 });",
            },
          ],
        },
      ],
    },
    {
      code: "const axios = require('axios');\nasync function load() {\n  return axios({ method: 'get', url: '/users' });\n}",
      errors: [
        {
          messageId: 'missingTimeout' as const,
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'addTimeout' as const,
              output: "const axios = require('axios');\nasync function load() {\n  return axios({ method: 'get', url: '/users', timeout: 10_000 });\n}",
            },
          ],
        },
      ],
    },
    {
      // An injected fetch named by the `fetchNames` option.
      code: "declare const httpFetch: (url: string) => Promise<unknown>;\nawait httpFetch('https://example.com');",
      options: [{ fetchNames: ['httpFetch'] }] as [RequireRequestTimeoutOptions],
      errors: [
        {
          messageId: 'fetchWithoutSignal' as const,
          line: 2,
          column: 7,
          suggestions: [
            {
              messageId: 'addSignal' as const,
              output:
                "declare const httpFetch: (url: string) => Promise<unknown>;\nawait httpFetch('https://example.com', { signal: AbortSignal.timeout(10_000) });",
            },
          ],
        },
      ],
    },
    {
      // An interceptor that only adds headers sets no deadline.
      code: "import axios from 'axios';\nconst api = axios.create({ baseURL: 'https://api.example.com' });\napi.interceptors.request.use((config) => {\n  config.headers.set('x-request-id', '1');\n  return config;\n});\nawait api.get('/users');",
      errors: [{ messageId: 'instanceWithoutTimeout' as const, line: 7, column: 7 }],
    },
    {
      code: "import axios from 'axios';\nconst api = axios.create({ baseURL: 'https://api.example.com' });\nawait api.get('/users');",
      errors: [{ messageId: 'instanceWithoutTimeout' as const, line: 3, column: 7 }],
    },
    {
      code: "import axios from 'axios';\nclass Client {\n  private http = axios.create({ baseURL: 'https://api.example.com' });\n  list() {\n    return this.http.get('/items');\n  }\n}",
      errors: [{ messageId: 'instanceWithoutTimeout' as const, line: 5, column: 12 }],
    },
    {
      // The outer class's client has no timeout; the nested class's later field does not count for it.
      code: "import axios from 'axios';\nclass Outer {\n  private http = axios.create();\n  list() { return this.http.get('/items'); }\n  make() {\n    return class {\n      private http = axios.create({ timeout: 5000 });\n    };\n  }\n}",
      errors: [{ messageId: 'instanceWithoutTimeout' as const, line: 4, column: 19 }],
    },
    {
      // A file that never spells "fetch": the escape still names it.
      code: "const get = globalThis['f\\u0065tch'];\nawait get('https://example.com');",
      errors: [
        {
          messageId: 'fetchWithoutSignal' as const,
          line: 2,
          column: 7,
          suggestions: [
            {
              messageId: 'addSignal' as const,
              output: "const get = globalThis['f\\u0065tch'];\nawait get('https://example.com', { signal: AbortSignal.timeout(10_000) });",
            },
          ],
        },
      ],
    },
    {
      code: "import axios from 'axios';\nexport function get(url: string, signal?: AbortSignal) {\n  return axios.get(url, { signal });\n}",
      errors: [
        {
          messageId: 'optionalSignal' as const,
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'defaultSignal' as const,
              output:
                "import axios from 'axios';\nexport function get(url: string, signal?: AbortSignal) {\n  return axios.get(url, { signal: signal ?? AbortSignal.timeout(10_000) });\n}",
            },
          ],
        },
      ],
    },
    {
      code: "import axios from 'axios';\ndeclare const url: string;\nawait axios.get(url, { timeout: 0 });",
      errors: [{ messageId: 'timeoutDisabled' as const, line: 3, column: 7 }],
    },
    {
      code: "import got from 'got';\ndeclare const url: string;\nawait got(url).json();",
      errors: [{ messageId: 'missingTimeout' as const, line: 3, column: 7 }],
    },
    {
      // got's connect timeout does not bound the response.
      code: "import got from 'got';\ndeclare const url: string;\nawait got.post(url, { json: {}, timeout: { connect: 1000 } });",
      errors: [{ messageId: 'missingTimeout' as const, line: 3, column: 7 }],
    },
    {
      code: "import https from 'node:https';\ndeclare const url: string;\nhttps.get(url, (res) => res.resume());",
      errors: [{ messageId: 'missingTimeout' as const, line: 3, column: 1 }],
    },
    {
      code: "import superagent from 'superagent';\ndeclare const url: string;\nawait superagent.post(url).send({ a: 1 });",
      errors: [{ messageId: 'missingTimeout' as const, line: 3, column: 7 }],
    },
    {
      code: "import { request } from 'graphql-request';\ndeclare const url: string;\nawait request(url, '{ me { id } }');",
      errors: [{ messageId: 'missingTimeout' as const, line: 3, column: 7 }],
    },
    {
      code: "import { GraphQLClient } from 'graphql-request';\nexport const client = new GraphQLClient('https://api.example.com/graphql');",
      errors: [{ messageId: 'missingTimeout' as const, line: 2, column: 23 }],
    },
    {
      code: "import { request } from 'undici';\ndeclare const url: string;\nawait request(url, { headersTimeout: 0 });",
      errors: [{ messageId: 'timeoutDisabled' as const, line: 3, column: 7 }],
    },
  ],
};

// Only types show that `deps.http` is a fetch.
const typedOnly = {
  valid: [
    // the project's own client with the timeout set, or with a deadline it always arms
    "import http from 'node:http';\nclass HttpClient {\n  send(config: { method: string; url: string; timeout?: number }) {\n    return new Promise((resolve) => {\n      const req = http.request(config.url, { method: config.method }, resolve);\n      const timeout = config.timeout;\n      if (timeout) req.setTimeout(timeout, () => req.destroy());\n      req.end();\n    });\n  }\n}\nconst httpClient = new HttpClient();\nexport function getRules(url: string) {\n  const request = { method: 'GET', url, timeout: 10_000 };\n  return httpClient.send(request);\n}",
    "import http from 'node:http';\nclass HttpClient {\n  send(config: { method: string; url: string; timeout?: number }) {\n    return new Promise((resolve) => {\n      const req = http.request(config.url, { method: config.method, timeout: 10_000 }, resolve);\n      req.end();\n    });\n  }\n}\nconst httpClient = new HttpClient();\nexport function getRules(url: string) {\n  const request = { method: 'GET', url };\n  return httpClient.send(request);\n}",
    // a client from a package (an axios instance made elsewhere), even where the project guards a timeout of its own
    "import type { AxiosInstance } from 'axios';\ndeclare const api: AxiosInstance;\nexport function ping(socket: { setTimeout(ms: number): void }, options: { timeout?: number }) {\n  if (options.timeout) socket.setTimeout(options.timeout);\n  return api.request({ method: 'GET', url: '/health' });\n}",
    // Shaped like fetch but resolving to something else.
    "declare const load: (input: string, init?: RequestInit) => Promise<string>;\nawait load('https://example.com');",
    // A wrapper declared with a body is analysed on its own, not as fetch.
    "async function fetchJson(input: RequestInfo, init?: RequestInit): Promise<Response> {\n  return fetch(input, { ...init, signal: AbortSignal.timeout(5000) });\n}\nawait fetchJson('https://example.com');",
  ],
  invalid: [
    {
      // firebase-admin's Remote Config: the request config has no timeout, and the SDK's HTTP client arms one only `if (timeout)`
      code: "import http from 'node:http';\nclass HttpClient {\n  send(config: { method: string; url: string; timeout?: number }) {\n    return new Promise((resolve) => {\n      const req = http.request(config.url, { method: config.method }, resolve);\n      const timeout = config.timeout;\n      if (timeout) req.setTimeout(timeout, () => req.destroy());\n      req.end();\n    });\n  }\n}\nconst httpClient = new HttpClient();\nexport function getServerTemplate(url: string) {\n  const request = { method: 'GET', url, headers: { Accept: 'application/json' } };\n  return httpClient.send(request);\n}",
      errors: [{ messageId: 'projectClientWithoutTimeout' as const, line: 15, column: 10 }],
    },
    // A parameter typed like fetch, its result `Response` itself or a type parameter so named.
    ...['export function ping(', 'export function ping<Response>('].map((head) => {
      const code = `${head}send: (input: string, init?: RequestInit) => Promise<Response>) {\n  return send('https://example.com');\n}`;
      return {
        code,
        errors: [
          {
            messageId: 'fetchWithoutSignal' as const,
            line: 2,
            column: 10,
            suggestions: [
              {
                messageId: 'addSignal' as const,
                output: code.replace("'https://example.com'", "'https://example.com', { signal: AbortSignal.timeout(10_000) }"),
              },
            ],
          },
        ],
      };
    }),
    ...['Response', 'Reply'].map((result) => {
      // A function type shaped like fetch, its result spelled directly or through an alias (`type Reply = Response`).
      const declaration = `type Reply = Response;\ndeclare const send: (input: string, init?: RequestInit) => Promise<${result}>;\n`;
      return {
        code: `${declaration}await send('https://example.com');`,
        errors: [
          {
            messageId: 'fetchWithoutSignal' as const,
            line: 3,
            column: 7,
            suggestions: [
              { messageId: 'addSignal' as const, output: `${declaration}await send('https://example.com', { signal: AbortSignal.timeout(10_000) });` },
            ],
          },
        ],
      };
    }),
    {
      code: "interface Deps { http: typeof fetch }\nexport function ping(deps: Deps) {\n  return deps.http('https://example.com/health');\n}",
      errors: [
        {
          messageId: 'fetchWithoutSignal' as const,
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'addSignal' as const,
              output:
                "interface Deps { http: typeof fetch }\nexport function ping(deps: Deps) {\n  return deps.http('https://example.com/health', { signal: AbortSignal.timeout(10_000) });\n}",
            },
          ],
        },
      ],
    },
  ],
};

// Without types, a member typed `typeof fetch` in an interface is not followed.
const untypedOnly = {
  valid: [
    // without a checker the project's own client is not told from a package's
    "import http from 'node:http';\nclass HttpClient {\n  send(config: { method: string; url: string; timeout?: number }) {\n    return new Promise((resolve) => {\n      const req = http.request(config.url, { method: config.method }, resolve);\n      const timeout = config.timeout;\n      if (timeout) req.setTimeout(timeout, () => req.destroy());\n      req.end();\n    });\n  }\n}\nconst httpClient = new HttpClient();\nexport function getServerTemplate(url: string) {\n  const request = { method: 'GET', url, headers: { Accept: 'application/json' } };\n  return httpClient.send(request);\n}",
    "export function ping(send: (input: string, init?: RequestInit) => Promise<Response>) {\n  return send('https://example.com');\n}",
    "type Reply = Response;\ndeclare const send: (input: string, init?: RequestInit) => Promise<Reply>;\nawait send('https://example.com');",
    "interface Deps { http: typeof fetch }\nexport function ping(deps: Deps) {\n  return deps.http('https://example.com/health');\n}",
  ],
  invalid: [],
};

createTypedRuleTester().run('require-request-timeout (typed)', rule, cases);
createUntypedRuleTester().run('require-request-timeout (untyped)', rule, cases);
createTypedRuleTester().run('require-request-timeout (typed only)', rule, typedOnly);
createUntypedRuleTester().run('require-request-timeout (untyped only)', rule, untypedOnly);

describe('require-request-timeout across a program', () => {
  // In-memory files in a folder that exists on disk, so that module resolution finds `./http.js`.
  const http = path.join(import.meta.dirname, 'require-request-timeout.http.ts');
  const bootstrap = path.join(import.meta.dirname, 'require-request-timeout.bootstrap.ts');
  const users = path.join(import.meta.dirname, 'require-request-timeout.users.ts');
  const usersCode = [
    "import axios from 'axios';",
    "import { api } from './require-request-timeout.http.js';",
    'export const one = (id: string) => api.get(`/users/${id}`);',
    'export const raw = (url: string) => axios.get(url);',
  ].join('\n');

  it('follows an instance exported from another file', () => {
    const program = createVirtualProgram({
      [http]: "import axios from 'axios';\nexport const api = axios.create({ baseURL: 'https://api.example.com' });",
      [users]: usersCode,
    });
    expect(runRules([rule], program.getSourceFile(users)!, program).map(summarize)).toEqual(['3:35 instanceWithoutTimeout', '4:36 missingTimeout']);
  });

  it('honours axios.defaults.timeout set in any source file of the program', () => {
    const program = createVirtualProgram({
      [http]: "import axios from 'axios';\nexport const api = axios.create({ baseURL: 'https://api.example.com' });",
      [bootstrap]: "import axios from 'axios';\naxios.defaults.timeout = 10_000;",
      [users]: usersCode,
    });
    expect(runRules([rule], program.getSourceFile(users)!, program).map(summarize)).toEqual([]);
  });

  // replicate 1.4.0: the SDK's request() takes an injected fetch typed `Function` by its JSDoc, and a signal that
  // the JSDoc makes optional; typed or not, every API call's only deadline is the caller's.
  const sdk = path.join(import.meta.dirname, 'require-request-timeout.sdk.js');
  const sdkCode = (signalTag: string): string =>
    [
      'class Client {',
      '  /** @param {{ fetch?: Function }} options */',
      '  constructor(options = {}) {',
      '    this.fetch = options.fetch || globalThis.fetch;',
      '  }',
      '  /**',
      '   * @param {string} route',
      '   * @param {object} options',
      `   * ${signalTag}`,
      '   */',
      '  async request(route, options) {',
      '    const { method = "GET", signal } = options;',
      '    const init = { method, signal };',
      '    const _fetch = this.fetch;',
      '    return _fetch(route, init);',
      '  }',
      '}',
      'module.exports = { Client };',
    ].join('\n');

  it('follows a signal destructured from a JavaScript options parameter whose JSDoc makes it optional', () => {
    const optional = sdkCode('@param {AbortSignal} [options.signal] - AbortSignal to cancel the request');
    const program = createVirtualProgram({ [sdk]: optional });
    expect(runRules([rule], program.getSourceFile(sdk)!, program).map(summarize)).toEqual(['15:11 optionalSignal']);
    expect(runRules([rule], parseUntyped('sdk.js', optional), undefined).map(summarize)).toEqual(['15:11 optionalSignal']);
  });

  it('leaves a signal the JSDoc requires to the caller', () => {
    const required = sdkCode('@param {AbortSignal} options.signal - AbortSignal to cancel the request');
    const program = createVirtualProgram({ [sdk]: required });
    expect(runRules([rule], program.getSourceFile(sdk)!, program).map(summarize)).toEqual([]);
    expect(runRules([rule], parseUntyped('sdk.js', required), undefined).map(summarize)).toEqual([]);
  });

  it('treats node-fetch 3 `timeout` as ignored, node-fetch 2 `timeout` as a deadline', () => {
    const code = "import fetch from 'node-fetch';\nexport const ping = (url: string) => fetch(url, { timeout: 5000 });";
    const sourceFile = parseUntyped('ping.ts', code);
    expect(runRules([rule], sourceFile, undefined, { ...NO_PROJECT_FACTS, dependencies: { 'node-fetch': '^3.3.2' } }).map(summarize)).toEqual([
      '2:37 fetchTimeoutIgnored',
    ]);
    expect(runRules([rule], sourceFile, undefined, { ...NO_PROJECT_FACTS, dependencies: { 'node-fetch': '^2.7.0' } }).map(summarize)).toEqual([]);
  });
});
