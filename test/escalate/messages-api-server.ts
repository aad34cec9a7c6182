import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted reply of the loopback Messages API. */
export type Reply =
  | { kind: 'answer'; answer: unknown; /** A thinking block first: its text, or a short default one. */ thinking?: boolean | string; usage?: Partial<UsageWire>; latencyMs?: number }
  | { kind: 'text'; text: string; stopReason?: string; usage?: Partial<UsageWire>; latencyMs?: number }
  | { kind: 'error'; status: number; type: string; message: string; retryAfter?: string; latencyMs?: number }
  | { kind: 'hang' };

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

export interface MessagesApiServer {
  url: string;
  apiKey: string;
  requests: RecordedRequest[];
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

/**
 * A loopback server speaking the Messages API wire format: POST /v1/messages, authentication by
 * `x-api-key` or `Authorization: Bearer`, JSON bodies only, a `request-id` header on every response,
 * error bodies `{ type: "error", error: { type, message } }`.
 */
export async function startMessagesApiServer(options: MessagesApiServerOptions = {}): Promise<MessagesApiServer> {
  const apiKey = options.apiKey ?? 'sk-ant-test-loopback-key';
  let script: Script = options.script ?? (() => ({ kind: 'error', status: 500, type: 'api_error', message: 'no script' }));
  const requests: RecordedRequest[] = [];
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
      if (request.method !== 'POST' || request.url?.split('?')[0] !== '/v1/messages') {
        error(404, 'not_found_error', `No route ${request.method} ${request.url}`);
        return;
      }
      const bearer = /^Bearer (.+)$/u.exec(request.headers.authorization ?? '')?.[1];
      if (request.headers['x-api-key'] !== apiKey && bearer !== apiKey) {
        error(401, 'authentication_error', 'invalid x-api-key');
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
      const recorded: RecordedRequest = { method: request.method, url: request.url, headers: request.headers, raw, body, measured: { ...measured.usage, output_tokens: 0 } };
      const index = requests.length;
      requests.push(recorded);
      const reply = script(recorded, index);
      if (reply.kind === 'hang') return; // never answers; the client's timeout has to act
      const respond = () => {
        if (reply.kind === 'error') {
          error(reply.status, reply.type, reply.message, reply.retryAfter ? { 'retry-after': reply.retryAfter } : {});
          return;
        }
        const content: { type: string; text?: string; thinking?: string; signature?: string }[] = [];
        if (reply.kind === 'answer' && reply.thinking) {
          content.push({ type: 'thinking', thinking: typeof reply.thinking === 'string' ? reply.thinking : 'Let me consider the failure modes first.', signature: 'c2lnbmF0dXJl' });
        }
        content.push({ type: 'text', text: reply.kind === 'answer' ? JSON.stringify(reply.answer) : reply.text });
        measured.commit(Date.now());
        recorded.measured.output_tokens = content.reduce((sum, block) => sum + countTokens(block.text ?? block.thinking ?? ''), 0);
        const usage = reply.usage ? { ...NO_USAGE, ...reply.usage } : recorded.measured;
        send(200, {
          id: `msg_${randomUUID().replace(/-/gu, '')}`,
          type: 'message',
          role: 'assistant',
          model: body.model,
          content,
          stop_reason: reply.kind === 'text' ? (reply.stopReason ?? 'end_turn') : 'end_turn',
          stop_sequence: null,
          usage,
        });
      };
      const latency = reply.latencyMs ?? 0;
      if (latency > 0) setTimeout(respond, latency);
      else respond();
    });
  });
  // Idle keep-alive sockets stay open longer than any test pause, so a reused socket is never half-closed.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    requests,
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
