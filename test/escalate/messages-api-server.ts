import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted reply of the loopback Messages API. */
export type Reply =
  | {
      /**
       * The same answer for every finding of the request: when the request asks for an answer list (its
       * schema has `answers`), the server sends `{ answers: [{ id, ...answer }] }`, one item per id the
       * request lists; `answers` sends a list as given.
       */
      kind: 'answer';
      answer: unknown;
      /** A thinking block first: its text, or a short default one. */ thinking?: boolean | string;
      usage?: Partial<UsageWire>;
      latencyMs?: number;
    }
  | { kind: 'answers'; answers: unknown[]; usage?: Partial<UsageWire>; latencyMs?: number }
  | { kind: 'text'; text: string; stopReason?: string; usage?: Partial<UsageWire>; latencyMs?: number }
  | { kind: 'error'; status: number; type: string; message: string; retryAfter?: string; latencyMs?: number }
  | { kind: 'hang' }
  /** In a batch only: the item is not processed before the batch's 24 hours end. */
  | { kind: 'expired' };

export interface UsageWire {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  /** The raw body, exactly as received. */
  raw: string;
  body: MessagesBody;
  /** The usage the server measured from the body (what it answers unless the script gives usage). */
  measured: UsageWire;
}

export interface MessagesBody {
  model: string;
  max_tokens: number;
  system: { type: string; text: string; cache_control?: unknown }[];
  messages: { role: string; content: { type: string; text: string; cache_control?: unknown }[] }[];
  output_config?: { format?: { type: string; schema: unknown } };
  [key: string]: unknown;
}

export type Script = (request: RecordedRequest, index: number) => Reply;

/** One Message Batch the server received, with the reply the script chose for each item. */
export interface RecordedBatch {
  id: string;
  items: { custom_id: string; request: RecordedRequest; reply: Reply }[];
  /** GET /v1/messages/batches/{id} calls so far. */
  retrieves: number;
  canceled: boolean;
  /** GET .../results calls so far. */
  resultReads: number;
}

export interface MessagesApiServer {
  url: string;
  apiKey: string;
  /** POST /v1/messages requests (batch items are in `batches`). */
  requests: RecordedRequest[];
  batches: RecordedBatch[];
  /**
   * Retrieves of a batch that still see `in_progress` before it ends (default 1). A batch holding a `hang`
   * item never ends on its own; a canceled one ends at the next retrieve, its unfinished items canceled.
   */
  batchPolls: number;
  /** Replace the reply script; requests are numbered from 0 across the server's life. */
  script(script: Script): void;
  close(): Promise<void>;
}

const NO_USAGE: UsageWire = { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };

export interface MessagesApiServerOptions {
  apiKey?: string;
  script?: Script;
  /** Prefixes shorter than this many tokens are not cached (the model's minimum). @default 1024 */
  minCacheableTokens?: number;
  /** Lifetime of a cache entry, refreshed by each read. @default 300000 (the 5-minute cache) */
  cacheTtlMs?: number;
}

/** Tokens as the loopback server counts them: a quarter of the characters, rounded up. */
export function countTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/**
 * Usage measured from a request body, the way the API bills it: the blocks up to the last
 * `cache_control` breakpoint form the cacheable prefix. The longest breakpoint prefix already written
 * (same model, same bytes, not expired) is a cache read; from there to the last breakpoint whose prefix
 * reaches the minimum is a cache write; the rest, and a prefix under the minimum, is fresh input.
 * The answer schema of `output_config` counts as the start of the prefix (the API puts its format
 * instructions in front of the system prompt). `commit` writes the prefixes: call it when the answer
 * is sent, since the API makes an entry readable once the response begins.
 */
function measureUsage(
  body: MessagesBody,
  entries: Map<string, number>,
  now: number,
  options: { minCacheableTokens: number; cacheTtlMs: number },
): { usage: Omit<UsageWire, 'output_tokens'>; commit: (at: number) => void } {
  const blocks: { text: string; breakpoint: boolean }[] = [];
  if (body.output_config?.format?.schema) blocks.push({ text: JSON.stringify(body.output_config.format.schema), breakpoint: false });
  for (const block of body.system ?? []) blocks.push({ text: block.text, breakpoint: Boolean(block.cache_control) });
  for (const message of body.messages) for (const block of message.content) blocks.push({ text: block.text ?? '', breakpoint: Boolean(block.cache_control) });
  const hash = createHash('sha256').update(body.model);
  const prefixes: { tokens: number; key: string }[] = [];
  let total = 0;
  for (const block of blocks) {
    total += countTokens(block.text);
    hash.update(`\0${block.text}`);
    if (block.breakpoint) prefixes.push({ tokens: total, key: hash.copy().digest('hex') });
  }
  const live = (key: string) => (entries.get(key) ?? 0) > now;
  const read = [...prefixes].reverse().find((prefix) => live(prefix.key));
  const cacheable = prefixes.filter((prefix) => prefix.tokens >= options.minCacheableTokens);
  const written = cacheable.at(-1);
  const readTokens = read?.tokens ?? 0;
  const writeTokens = written && written.tokens > readTokens ? written.tokens - readTokens : 0;
  return {
    usage: { input_tokens: total - readTokens - writeTokens, cache_read_input_tokens: readTokens, cache_creation_input_tokens: writeTokens },
    commit: (at) => {
      for (const prefix of cacheable) entries.set(prefix.key, at + options.cacheTtlMs);
    },
  };
}

/** The message of an answer or text reply; its usage is the script's, else what the server measured (output counted here). */
function messageFor(reply: Extract<Reply, { kind: 'answer' | 'answers' | 'text' }>, model: string, recorded: RecordedRequest): Record<string, unknown> {
  const content: { type: string; text?: string; thinking?: string; signature?: string }[] = [];
  if (reply.kind === 'answer' && reply.thinking) {
    content.push({
      type: 'thinking',
      thinking: typeof reply.thinking === 'string' ? reply.thinking : 'Let me consider the failure modes first.',
      signature: 'c2lnbmF0dXJl',
    });
  }
  content.push({ type: 'text', text: reply.kind === 'text' ? reply.text : JSON.stringify(answerBody(reply, recorded)) });
  recorded.measured.output_tokens = content.reduce((sum, block) => sum + countTokens(block.text ?? block.thinking ?? ''), 0);
  return {
    id: `msg_${randomUUID().replace(/-/gu, '')}`,
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: reply.kind === 'text' ? (reply.stopReason ?? 'end_turn') : 'end_turn',
    stop_sequence: null,
    usage: reply.usage ? { ...NO_USAGE, ...reply.usage } : recorded.measured,
  };
}

/** The JSON an answer reply sends: its list as given, or its one answer for each finding id of a request that asks for a list. */
function answerBody(reply: Extract<Reply, { kind: 'answer' | 'answers' }>, recorded: RecordedRequest): unknown {
  if (reply.kind === 'answers') return { answers: reply.answers };
  const schema = recorded.body.output_config?.format?.schema as { properties?: Record<string, unknown> } | undefined;
  if (!schema?.properties?.answers) return reply.answer;
  const answer = typeof reply.answer === 'object' && reply.answer !== null ? reply.answer : {};
  return { answers: findingIds(recorded).map((id) => ({ id, ...answer })) };
}

/** The finding ids a request lists (`Finding ids: F1, F2`). */
export function findingIds(request: RecordedRequest): string[] {
  const text = request.body.messages.flatMap((message) => message.content.map((block) => block.text)).join('\n');
  return /^Finding ids: (.+)$/mu.exec(text)?.[1]?.split(', ') ?? [];
}

/**
 * A loopback server speaking the Messages API wire format: POST /v1/messages, and the Message Batches
 * endpoints (POST /v1/messages/batches, GET /v1/messages/batches/{id}, POST .../{id}/cancel, GET
 * .../{id}/results as JSONL, out of request order as the API allows), authentication by
 * `x-api-key` or `Authorization: Bearer`, JSON bodies only, a `request-id` header on every response,
 * error bodies `{ type: "error", error: { type, message } }`.
 */
export async function startMessagesApiServer(options: MessagesApiServerOptions = {}): Promise<MessagesApiServer> {
  const apiKey = options.apiKey ?? 'sk-ant-test-loopback-key';
  let script: Script = options.script ?? (() => ({ kind: 'error', status: 500, type: 'api_error', message: 'no script' }));
  const requests: RecordedRequest[] = [];
  const batches: RecordedBatch[] = [];
  let url = '';
  const api = { batchPolls: 1 };
  const cacheEntries = new Map<string, number>();
  const cacheOptions = { minCacheableTokens: options.minCacheableTokens ?? 1024, cacheTtlMs: options.cacheTtlMs ?? 300_000 };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const requestId = `req_${randomUUID().replace(/-/gu, '')}`;
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        response.writeHead(status, { 'content-type': 'application/json', 'request-id': requestId, ...headers });
        response.end(JSON.stringify(body));
      };
      const error = (status: number, type: string, message: string, headers?: Record<string, string>) =>
        send(status, { type: 'error', error: { type, message }, request_id: requestId }, headers);
      const route = request.url?.split('?')[0] ?? '';
      const batchRoute = /^\/v1\/messages\/batches(?:\/(msgbatch_[0-9a-f]+)(\/cancel|\/results)?)?$/u.exec(route);
      if (!(request.method === 'POST' && route === '/v1/messages') && !batchRoute) {
        error(404, 'not_found_error', `No route ${request.method} ${request.url}`);
        return;
      }
      const bearer = /^Bearer (.+)$/u.exec(request.headers.authorization ?? '')?.[1];
      if (request.headers['x-api-key'] !== apiKey && bearer !== apiKey) {
        error(401, 'authentication_error', 'invalid x-api-key');
        return;
      }
      if (batchRoute) {
        const raw = Buffer.concat(chunks).toString('utf8');
        serveBatch(request.method ?? '', batchRoute[1], batchRoute[2], raw, send, error, (text) => {
          response.writeHead(200, { 'content-type': 'application/binary', 'request-id': requestId });
          response.end(text);
        });
        return;
      }
      if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
        error(400, 'invalid_request_error', 'content-type must be application/json');
        return;
      }
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: MessagesBody;
      try {
        body = JSON.parse(raw) as MessagesBody;
      } catch {
        error(400, 'invalid_request_error', 'body is not JSON');
        return;
      }
      if (!Array.isArray(body.messages) || typeof body.model !== 'string') {
        error(400, 'invalid_request_error', 'model and messages are required');
        return;
      }
      const measured = measureUsage(body, cacheEntries, Date.now(), cacheOptions);
      const recorded: RecordedRequest = {
        method: 'POST',
        url: request.url ?? route,
        headers: request.headers,
        raw,
        body,
        measured: { ...measured.usage, output_tokens: 0 },
      };
      const index = requests.length;
      requests.push(recorded);
      const reply = script(recorded, index);
      if (reply.kind === 'hang' || reply.kind === 'expired') return; // never answers; the client's timeout has to act
      const respond = () => {
        if (reply.kind === 'error') {
          error(reply.status, reply.type, reply.message, reply.retryAfter ? { 'retry-after': reply.retryAfter } : {});
          return;
        }
        measured.commit(Date.now());
        send(200, messageFor(reply, body.model, recorded));
      };
      const latency = 'latencyMs' in reply ? (reply.latencyMs ?? 0) : 0;
      if (latency > 0) setTimeout(respond, latency);
      else respond();
    });
  });
  type Send = (status: number, body: unknown) => void;
  type SendError = (status: number, type: string, message: string) => void;
  const batchObject = (batch: RecordedBatch): Record<string, unknown> => {
    const stuck = batch.items.some((item) => item.reply.kind === 'hang');
    const ended = batch.canceled ? batch.retrieves > 0 : !stuck && batch.retrieves >= api.batchPolls;
    const outcome = (reply: Reply): string =>
      reply.kind === 'expired'
        ? 'expired'
        : reply.kind === 'error'
          ? 'errored'
          : reply.kind === 'hang'
            ? batch.canceled
              ? 'canceled'
              : 'processing'
            : 'succeeded';
    const counts = { processing: 0, succeeded: 0, errored: 0, canceled: 0, expired: 0 };
    for (const item of batch.items) {
      if (!ended) counts.processing += 1;
      else counts[outcome(item.reply) as keyof typeof counts] += 1;
    }
    const now = new Date().toISOString();
    return {
      id: batch.id,
      type: 'message_batch',
      processing_status: ended ? 'ended' : batch.canceled ? 'canceling' : 'in_progress',
      request_counts: counts,
      ended_at: ended ? now : null,
      created_at: now,
      expires_at: new Date(Date.now() + 86_400_000).toISOString(),
      archived_at: null,
      cancel_initiated_at: batch.canceled ? now : null,
      results_url: ended ? `${url}/v1/messages/batches/${batch.id}/results` : null,
    };
  };
  const serveBatch = (
    method: string,
    id: string | undefined,
    action: string | undefined,
    raw: string,
    send: Send,
    error: SendError,
    sendJsonl: (text: string) => void,
  ): void => {
    if (id === undefined) {
      if (method !== 'POST') return error(405, 'invalid_request_error', 'use POST to create a batch');
      let body: { requests?: { custom_id?: unknown; params?: MessagesBody }[] };
      try {
        body = JSON.parse(raw) as typeof body;
      } catch {
        return error(400, 'invalid_request_error', 'body is not JSON');
      }
      const items = body.requests ?? [];
      const ids = new Set(items.map((item) => item.custom_id));
      if (
        items.length === 0 ||
        ids.size !== items.length ||
        items.some((item) => typeof item.custom_id !== 'string' || !/^[a-zA-Z0-9_-]{1,64}$/u.test(item.custom_id) || !item.params)
      ) {
        return error(400, 'invalid_request_error', 'requests: 1 or more items, each with a unique custom_id matching ^[a-zA-Z0-9_-]{1,64}$ and params');
      }
      const batch: RecordedBatch = {
        id: `msgbatch_${randomUUID().replace(/-/gu, '')}`,
        items: items.map((item, index) => {
          const itemRaw = JSON.stringify(item.params);
          // Batch items read and write the prompt cache as single requests do.
          const measured = measureUsage(item.params!, cacheEntries, Date.now(), cacheOptions);
          measured.commit(Date.now());
          const recorded: RecordedRequest = {
            method: 'POST',
            url: '/v1/messages',
            headers: {},
            raw: itemRaw,
            body: item.params!,
            measured: { ...measured.usage, output_tokens: 0 },
          };
          return { custom_id: item.custom_id as string, request: recorded, reply: script(recorded, index) };
        }),
        retrieves: 0,
        canceled: false,
        resultReads: 0,
      };
      batches.push(batch);
      return send(200, batchObject(batch));
    }
    const batch = batches.find((candidate) => candidate.id === id);
    if (!batch) return error(404, 'not_found_error', `No batch ${id}`);
    if (action === '/cancel') {
      if (method !== 'POST') return error(405, 'invalid_request_error', 'use POST to cancel');
      batch.canceled = true;
      return send(200, batchObject(batch));
    }
    if (method !== 'GET') return error(405, 'invalid_request_error', `use GET for ${action ?? 'a batch'}`);
    if (action === '/results') {
      const status = batchObject(batch);
      if (status.processing_status !== 'ended') return error(400, 'invalid_request_error', `Batch ${id} has not ended`);
      batch.resultReads += 1;
      const lines = batch.items.map((item) => {
        const { reply } = item;
        const result =
          reply.kind === 'answer' || reply.kind === 'answers' || reply.kind === 'text'
            ? { type: 'succeeded', message: messageFor(reply, item.request.body.model, item.request) }
            : reply.kind === 'error'
              ? { type: 'errored', error: { type: 'error', error: { type: reply.type, message: reply.message }, request_id: null } }
              : { type: reply.kind === 'expired' ? 'expired' : 'canceled' };
        return JSON.stringify({ custom_id: item.custom_id, result });
      });
      // Results come in any order; custom_id matches them to requests.
      return sendJsonl(`${lines.reverse().join('\n')}\n`);
    }
    batch.retrieves += 1;
    return send(200, batchObject(batch));
  };

  // Idle keep-alive sockets stay open longer than any test pause, so a reused socket is never half-closed.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  url = `http://127.0.0.1:${port}`;
  return {
    url,
    apiKey,
    requests,
    batches,
    get batchPolls() {
      return api.batchPolls;
    },
    set batchPolls(value: number) {
      api.batchPolls = value;
    },
    script(next) {
      script = next;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** The untrusted block of a recorded request: what the analyzed project contributed. */
export function untrustedBlock(request: RecordedRequest): string {
  const text = request.body.messages.flatMap((message) => message.content.map((block) => block.text)).join('\n');
  // The closing delimiter must carry the opening one's nonce: a forged one in the code does not end the block.
  return /<<<UNTRUSTED-CODE-([0-9a-f]+)\n[\s\S]*?UNTRUSTED-CODE-\1>>>/u.exec(text)?.[0] ?? '';
}

/** The numbered lines of the flagged file as the request shows them: line number -> text. */
export function flaggedLines(request: RecordedRequest): Map<number, string> {
  const block = untrustedBlock(request);
  const section = /## Flagged lines[^\n]*\n([\s\S]*?)(?:\n\n|\nUNTRUSTED)/u.exec(block)?.[1] ?? '';
  const lines = new Map<number, string>();
  for (const line of section.split('\n')) {
    const match = /^ *(\d+) \| (.*)$/u.exec(line);
    if (match) lines.set(Number(match[1]), match[2]!);
  }
  return lines;
}
