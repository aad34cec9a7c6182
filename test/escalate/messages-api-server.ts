import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted reply of the loopback Messages API. */
export type Reply =
  | { kind: 'answer'; answer: unknown; thinking?: boolean; usage?: Partial<UsageWire>; latencyMs?: number }
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

const DEFAULT_USAGE: UsageWire = { input_tokens: 1200, output_tokens: 300, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };

/**
 * A loopback server speaking the Messages API wire format: POST /v1/messages, authentication by
 * `x-api-key` or `Authorization: Bearer`, JSON bodies only, a `request-id` header on every response,
 * error bodies `{ type: "error", error: { type, message } }`.
 */
export async function startMessagesApiServer(options: { apiKey?: string; script?: Script } = {}): Promise<MessagesApiServer> {
  const apiKey = options.apiKey ?? 'sk-ant-test-loopback-key';
  let script: Script = options.script ?? (() => ({ kind: 'error', status: 500, type: 'api_error', message: 'no script' }));
  const requests: RecordedRequest[] = [];
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
      const recorded: RecordedRequest = { method: request.method, url: request.url, headers: request.headers, raw, body };
      const index = requests.length;
      requests.push(recorded);
      const reply = script(recorded, index);
      if (reply.kind === 'hang') return; // never answers; the client's timeout has to act
      const respond = () => {
        if (reply.kind === 'error') {
          error(reply.status, reply.type, reply.message, reply.retryAfter ? { 'retry-after': reply.retryAfter } : {});
          return;
        }
        const usage = { ...DEFAULT_USAGE, ...reply.usage };
        const content: unknown[] = [];
        if (reply.kind === 'answer' && reply.thinking) {
          content.push({ type: 'thinking', thinking: 'Let me consider the failure modes first.', signature: 'c2lnbmF0dXJl' });
        }
        content.push({ type: 'text', text: reply.kind === 'answer' ? JSON.stringify(reply.answer) : reply.text });
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
