import type { Random } from './random.js';

/**
 * Source templates for the synthetic service. Each module of the generated project is one domain
 * (`orders-17/`) with the files a real service has: types, errors, mapper, validation, cache, retry
 * helper, API client, repository, service, HTTP handlers, queue worker and a barrel. Every template
 * draws its variants from the seeded Random, so defects (floating promises, retries without bounds or
 * backoff, calls without timeouts, unsafe error access) appear at realistic, reproducible rates next
 * to the correct look-alikes.
 */

export interface Field {
  name: string;
  column: string;
  type: string;
  /** A predicate over `value` that narrows it to `type`. */
  guard: string;
  sample: string;
}

export interface ModuleInfo {
  /** Folder under src/, e.g. `orders-17`. */
  dir: string;
  /** PascalCase prefix, e.g. `Orders17`. */
  pascal: string;
  /** The entity type, e.g. `Order17`. */
  entity: string;
  table: string;
  fields: readonly Field[];
  /** Earlier modules whose types this one uses. */
  uses: readonly ModuleInfo[];
}

const FIELD_POOL: readonly Field[] = [
  { name: 'name', column: 'name', type: 'string', guard: "typeof value === 'string'", sample: "'example'" },
  { name: 'email', column: 'email', type: 'string', guard: "typeof value === 'string'", sample: "'a@example.com'" },
  { name: 'amountCents', column: 'amount_cents', type: 'number', guard: "typeof value === 'number'", sample: '1250' },
  { name: 'currency', column: 'currency', type: 'string', guard: "typeof value === 'string'", sample: "'EUR'" },
  { name: 'quantity', column: 'quantity', type: 'number', guard: "typeof value === 'number'", sample: '3' },
  { name: 'tags', column: 'tags', type: 'string[]', guard: 'Array.isArray(value)', sample: '[]' },
  { name: 'ownerId', column: 'owner_id', type: 'string', guard: "typeof value === 'string'", sample: "'owner-1'" },
  { name: 'region', column: 'region', type: 'string', guard: "typeof value === 'string'", sample: "'eu-west-1'" },
  { name: 'priority', column: 'priority', type: 'number', guard: "typeof value === 'number'", sample: '1' },
  { name: 'enabled', column: 'enabled', type: 'boolean', guard: "typeof value === 'boolean'", sample: 'true' },
  { name: 'notes', column: 'notes', type: 'string | null', guard: "value === null || typeof value === 'string'", sample: 'null' },
  { name: 'revision', column: 'revision', type: 'number', guard: "typeof value === 'number'", sample: '0' },
  { name: 'externalRef', column: 'external_ref', type: 'string', guard: "typeof value === 'string'", sample: "'ext-1'" },
  { name: 'score', column: 'score', type: 'number', guard: "typeof value === 'number'", sample: '0.5' },
  {
    name: 'labels',
    column: 'labels',
    type: 'Record<string, string>',
    guard: "typeof value === 'object' && value !== null",
    sample: '{}',
  },
];

export function pickFields(random: Random): Field[] {
  return random.sample(FIELD_POOL, random.int(4, 10));
}

const lower = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);

// ---------------------------------------------------------------------------------------------------
// Shared files
// ---------------------------------------------------------------------------------------------------

export function vendorTypes(): string {
  return `// Minimal typings for the libraries the service uses; the benchmark installs no packages.
declare module 'axios' {
  export interface AxiosRequestConfig {
    baseURL?: string;
    timeout?: number;
    headers?: Record<string, string>;
    signal?: AbortSignal;
    params?: Record<string, string | number | undefined>;
  }
  export interface AxiosResponse<T = unknown> {
    data: T;
    status: number;
    headers: Record<string, string>;
  }
  export interface AxiosError<T = unknown> extends Error {
    response?: AxiosResponse<T>;
    code?: string;
  }
  export interface AxiosInstance {
    get<T = unknown>(url: string, config?: AxiosRequestConfig): Promise<AxiosResponse<T>>;
    delete<T = unknown>(url: string, config?: AxiosRequestConfig): Promise<AxiosResponse<T>>;
    post<T = unknown>(url: string, data?: unknown, config?: AxiosRequestConfig): Promise<AxiosResponse<T>>;
    put<T = unknown>(url: string, data?: unknown, config?: AxiosRequestConfig): Promise<AxiosResponse<T>>;
  }
  export interface AxiosStatic extends AxiosInstance {
    create(config?: AxiosRequestConfig): AxiosInstance;
    isAxiosError<T = unknown>(value: unknown): value is AxiosError<T>;
  }
  const axios: AxiosStatic;
  export default axios;
}

declare module 'pg' {
  export interface PoolConfig {
    connectionString?: string;
    max?: number;
    idleTimeoutMillis?: number;
    connectionTimeoutMillis?: number;
    statement_timeout?: number;
    query_timeout?: number;
  }
  export interface QueryResult<R> {
    rows: R[];
    rowCount: number | null;
  }
  export interface PoolClient {
    query<R = Record<string, unknown>>(text: string, values?: readonly unknown[]): Promise<QueryResult<R>>;
    release(error?: Error | boolean): void;
  }
  export class Pool {
    constructor(config?: PoolConfig);
    query<R = Record<string, unknown>>(text: string, values?: readonly unknown[]): Promise<QueryResult<R>>;
    connect(): Promise<PoolClient>;
    end(): Promise<void>;
    on(event: 'error', listener: (error: Error) => void): this;
  }
}

declare module 'express' {
  export interface Request {
    params: Record<string, string>;
    query: Record<string, string | undefined>;
    // Express types the body as any.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    body: any;
    header(name: string): string | undefined;
  }
  export interface Response {
    status(code: number): this;
    json(body: unknown): this;
    send(body?: unknown): this;
    end(): void;
  }
  export type NextFunction = (error?: unknown) => void;
  export type Handler = (request: Request, response: Response, next: NextFunction) => unknown;
  export interface Router {
    get(path: string, ...handlers: Handler[]): this;
    post(path: string, ...handlers: Handler[]): this;
    put(path: string, ...handlers: Handler[]): this;
    delete(path: string, ...handlers: Handler[]): this;
    use(...handlers: unknown[]): this;
  }
  export function Router(): Router;
  export interface Application extends Router {
    listen(port: number, callback?: () => void): unknown;
  }
  function express(): Application;
  export default express;
}

declare module 'p-retry' {
  export interface Options {
    retries?: number;
    forever?: boolean;
    factor?: number;
    minTimeout?: number;
    maxTimeout?: number;
    onFailedAttempt?: (error: Error & { attemptNumber: number }) => void | Promise<void>;
  }
  export default function pRetry<T>(input: (attempt: number) => Promise<T>, options?: Options): Promise<T>;
}
`;
}

export function sharedFiles(): Record<string, string> {
  return {
    'src/shared/logger.ts': `export interface Logger {
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}

export function createLogger(scope: string): Logger {
  const write = (level: string, message: string, meta?: Record<string, unknown>): void => {
    process.stdout.write(JSON.stringify({ level, scope, message, ...meta }) + '\\n');
  };
  return {
    info: (message, meta) => write('info', message, meta),
    warn: (message, meta) => write('warn', message, meta),
    error: (message, meta) => write('error', message, meta),
  };
}
`,
    'src/shared/config.ts': `export interface ServiceConfig {
  readonly port: number;
  readonly databaseUrl: string;
  readonly upstreamUrl: string;
  readonly requestTimeoutMs: number;
}

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(\`Missing environment variable \${name}\`);
  }
  return value;
}

export function loadConfig(): ServiceConfig {
  return {
    port: Number(process.env.PORT ?? '3000'),
    databaseUrl: required('DATABASE_URL'),
    upstreamUrl: required('UPSTREAM_URL'),
    requestTimeoutMs: Number(process.env.REQUEST_TIMEOUT_MS ?? '5000'),
  };
}
`,
    'src/shared/sleep.ts': `export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
`,
    'src/shared/retry.ts': `import { sleep } from './sleep.js';

export interface RetryOptions {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs?: number;
}

/** Bounded retries with exponential backoff and full jitter. */
export async function withRetry<T>(operation: () => Promise<T>, options: RetryOptions): Promise<T> {
  let lastError: unknown;
  for (let attempt = 0; attempt < options.attempts; attempt++) {
    try {
      return await operation();
    } catch (error) {
      lastError = error;
      const cap = Math.min(options.maxDelayMs ?? 30_000, options.baseDelayMs * 2 ** attempt);
      await sleep(Math.random() * cap);
    }
  }
  throw new Error(\`Gave up after \${options.attempts} attempts\`, { cause: lastError });
}
`,
    'src/shared/db.ts': `import { Pool } from 'pg';

export const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: 10,
  idleTimeoutMillis: 30_000,
  connectionTimeoutMillis: 2_000,
  statement_timeout: 5_000,
  query_timeout: 6_000,
});

pool.on('error', (error) => {
  process.stderr.write(\`idle client error: \${error.message}\\n\`);
});
`,
    'src/shared/http.ts': `import axios from 'axios';

export const http = axios.create({ timeout: 5_000 });

export async function getJson<T>(url: string, timeoutMs = 5_000): Promise<T> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) {
    throw new Error(\`GET \${url} failed with \${response.status}\`);
  }
  return (await response.json()) as T;
}
`,
    'src/shared/queue.ts': `export interface QueueMessage {
  id: string;
  body: string;
  attempts: number;
}

export interface Queue {
  receive(max: number): Promise<QueueMessage[]>;
  ack(id: string): Promise<void>;
  nack(id: string, delayMs: number): Promise<void>;
}
`,
  };
}

// ---------------------------------------------------------------------------------------------------
// Module files
// ---------------------------------------------------------------------------------------------------

export const MODULE_FILES = [
  'types',
  'errors',
  'mapper',
  'validation',
  'cache',
  'retry',
  'client',
  'repository',
  'service',
  'handlers',
  'worker',
  'index',
] as const;

export type ModuleFile = (typeof MODULE_FILES)[number];

export function moduleFile(kind: ModuleFile, module: ModuleInfo, random: Random): string {
  switch (kind) {
    case 'types':
      return typesFile(module);
    case 'errors':
      return errorsFile(module);
    case 'mapper':
      return mapperFile(module, random);
    case 'validation':
      return validationFile(module, random);
    case 'cache':
      return cacheFile(module);
    case 'retry':
      return retryFile(module, random);
    case 'client':
      return clientFile(module, random);
    case 'repository':
      return repositoryFile(module, random);
    case 'service':
      return serviceFile(module, random);
    case 'handlers':
      return handlersFile(module, random);
    case 'worker':
      return workerFile(module, random);
    case 'index':
      return indexFile(module);
  }
}

function typesFile(m: ModuleInfo): string {
  const fields = m.fields.map((field) => `  ${field.name}: ${field.type};`).join('\n');
  const columns = m.fields.map((field) => `  ${field.column}: ${field.type};`).join('\n');
  return `export type ${m.entity}Id = string;

export type ${m.entity}Status = 'pending' | 'active' | 'suspended' | 'closed';

export const ${m.entity.toUpperCase()}_STATUSES: readonly ${m.entity}Status[] = ['pending', 'active', 'suspended', 'closed'];

export interface ${m.entity} {
  id: ${m.entity}Id;
  status: ${m.entity}Status;
  createdAt: Date;
  updatedAt: Date;
${fields}
}

export interface Create${m.entity}Input {
${fields}
}

export type Update${m.entity}Input = Partial<Create${m.entity}Input> & { status?: ${m.entity}Status };

export interface ${m.entity}Page {
  items: ${m.entity}[];
  nextCursor?: string;
}

export interface ${m.entity}Row {
  id: string;
  status: string;
  created_at: Date;
  updated_at: Date;
${columns}
}

export interface ${m.entity}Event {
  type: '${lower(m.entity)}.created' | '${lower(m.entity)}.updated' | '${lower(m.entity)}.deleted';
  id: ${m.entity}Id;
  at: string;
}
`;
}

function errorsFile(m: ModuleInfo): string {
  return `export class ${m.pascal}Error extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = '${m.pascal}Error';
  }
}

export class ${m.entity}NotFoundError extends ${m.pascal}Error {
  constructor(readonly id: string) {
    super(\`${m.entity} \${id} not found\`);
    this.name = '${m.entity}NotFoundError';
  }
}

export class ${m.pascal}ValidationError extends ${m.pascal}Error {
  constructor(
    message: string,
    readonly field?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = '${m.pascal}ValidationError';
  }
}

export class ${m.pascal}UpstreamError extends ${m.pascal}Error {
  constructor(
    message: string,
    readonly status?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = '${m.pascal}UpstreamError';
  }
}

export function is${m.pascal}Error(value: unknown): value is ${m.pascal}Error {
  return value instanceof ${m.pascal}Error;
}
`;
}

function mapperFile(m: ModuleInfo, random: Random): string {
  const fromRow = m.fields.map((field) => `    ${field.name}: row.${field.column},`).join('\n');
  const toRow = m.fields.map((field) => `    ${field.column}: entity.${field.name},`).join('\n');
  const json = m.fields.map((field) => `    ${field.name}: entity.${field.name},`).join('\n');
  const unknownStatus = random.chance(0.1)
    ? `  throw \`Unknown ${lower(m.entity)} status: \${value}\`;`
    : `  throw new ${m.pascal}ValidationError(\`Unknown ${lower(m.entity)} status: \${value}\`, 'status');`;
  return `import { ${m.pascal}ValidationError } from './errors.js';
import { ${m.entity.toUpperCase()}_STATUSES, type ${m.entity}, type ${m.entity}Row, type ${m.entity}Status } from './types.js';

function parseStatus(value: string): ${m.entity}Status {
  const status = ${m.entity.toUpperCase()}_STATUSES.find((candidate) => candidate === value);
  if (status !== undefined) {
    return status;
  }
${unknownStatus}
}

export function to${m.entity}(row: ${m.entity}Row): ${m.entity} {
  return {
    id: row.id,
    status: parseStatus(row.status),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
${fromRow}
  };
}

export function to${m.entity}Row(entity: ${m.entity}): ${m.entity}Row {
  return {
    id: entity.id,
    status: entity.status,
    created_at: entity.createdAt,
    updated_at: entity.updatedAt,
${toRow}
  };
}

export function to${m.entity}Json(entity: ${m.entity}): Record<string, unknown> {
  return {
    id: entity.id,
    status: entity.status,
    createdAt: entity.createdAt.toISOString(),
    updatedAt: entity.updatedAt.toISOString(),
${json}
  };
}
`;
}

function validationFile(m: ModuleInfo, random: Random): string {
  const checks = m.fields
    .map(
      (field) => `  {
    const value = record.${field.name};
    if (!(${field.guard})) {
      throw new ${m.pascal}ValidationError('${field.name} must be ${field.type}', '${field.name}');
    }
  }`,
    )
    .join('\n');
  const result = m.fields.map((field) => `    ${field.name}: record.${field.name} as ${field.type},`).join('\n');
  const parse = random.chance(0.3)
    ? `export function parse${m.entity}Payload(text: string): Create${m.entity}Input {
  return validateCreate${m.entity}(JSON.parse(text));
}`
    : `export function parse${m.entity}Payload(text: string): Create${m.entity}Input {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ${m.pascal}ValidationError('Body is not valid JSON', undefined, { cause: error });
  }
  return validateCreate${m.entity}(parsed);
}`;
  return `import { ${m.pascal}ValidationError } from './errors.js';
import type { Create${m.entity}Input } from './types.js';

export function validateCreate${m.entity}(body: unknown): Create${m.entity}Input {
  if (typeof body !== 'object' || body === null) {
    throw new ${m.pascal}ValidationError('Body must be an object');
  }
  const record = body as Record<string, unknown>;
${checks}
  return {
${result}
  };
}

${parse}
`;
}

function cacheFile(m: ModuleInfo): string {
  return `interface Entry<T> {
  value: T;
  expiresAt: number;
}

/** A small TTL cache in front of the repository. */
export class ${m.pascal}Cache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 1_000,
  ) {}

  get(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) {
      return undefined;
    }
    if (entry.expiresAt < Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: T): void {
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) {
        this.entries.delete(oldest.value);
      }
    }
    this.entries.set(key, { value, expiresAt: Date.now() + this.ttlMs });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
`;
}

function retryFile(m: ModuleInfo, random: Random): string {
  const variant = random.pick(['bounded', 'bounded', 'bounded', 'p-retry', 'unbounded', 'no-backoff', 'forever'] as const);
  const name = `retry${m.pascal}`;
  switch (variant) {
    case 'bounded':
      return `import { sleep } from '../shared/sleep.js';

const MAX_ATTEMPTS = ${random.int(3, 6)};
const BASE_DELAY_MS = ${random.pick([50, 100, 200, 250])};

export async function ${name}<T>(operation: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS) {
        throw error;
      }
      await sleep(BASE_DELAY_MS * 2 ** attempt + Math.random() * BASE_DELAY_MS);
    }
  }
}
`;
    case 'p-retry':
      return `import pRetry from 'p-retry';

export function ${name}<T>(operation: () => Promise<T>): Promise<T> {
  return pRetry(() => operation(), { retries: ${random.int(3, 8)}, factor: 2, minTimeout: 200, maxTimeout: 5_000 });
}
`;
    case 'forever':
      return `import pRetry from 'p-retry';

export function ${name}<T>(operation: () => Promise<T>): Promise<T> {
  return pRetry(() => operation(), { forever: true, minTimeout: 500 });
}
`;
    case 'unbounded':
      return `import { sleep } from '../shared/sleep.js';

export async function ${name}<T>(operation: () => Promise<T>): Promise<T> {
  while (true) {
    try {
      return await operation();
    } catch {
      await sleep(1_000);
    }
  }
}
`;
    case 'no-backoff':
      return `export async function ${name}<T>(operation: () => Promise<T>, attempts = 5): Promise<T> {
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      return await operation();
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}
`;
  }
}

function clientFile(m: ModuleInfo, random: Random): string {
  const path = m.dir;
  const axiosTimeout = random.chance(0.75) ? `, timeout: ${random.pick([2_000, 5_000, 10_000])}` : '';
  const fetchSignal = random.chance(0.7) ? ', signal: AbortSignal.timeout(5_000)' : '';
  const getCatch = random.pick([
    `      if (axios.isAxiosError(error) && error.response?.status === 404) {
        return undefined;
      }
      throw new ${m.pascal}UpstreamError(\`GET ${path}/\${id} failed\`, undefined, { cause: error });`,
    `      if (axios.isAxiosError(error) && error.response?.status === 404) {
        return undefined;
      }
      throw new ${m.pascal}UpstreamError(\`GET ${path}/\${id} failed\`);`,
    `      if (axios.isAxiosError(error) && error.response?.status === 404) {
        return undefined;
      }
      this.logger.error('get failed', { id, error });
      throw error;`,
    `      this.logger.warn('get failed', { id });
      return undefined;`,
  ]);
  const catchBinding = random.chance(0.15) ? 'error: any' : 'error';
  const getCatchBody =
    catchBinding === 'error: any'
      ? `      this.logger.error(\`GET ${path}/\${id} failed: \${error.message}\`);
      return undefined;`
      : getCatch;
  const notify = random.chance(0.8)
    ? `  async notify(id: ${m.entity}Id): Promise<void> {
    await this.http.post(\`/${path}/\${id}/notify\`, {}, { timeout: 2_000 });
  }`
    : `  notify(id: ${m.entity}Id): Promise<void> {
    return fetch(\`\${this.baseUrl}/${path}/\${id}/notify\`, { method: 'POST' }).then(() => undefined);
  }`;
  return `import axios, { type AxiosInstance } from 'axios';

import type { Logger } from '../shared/logger.js';
import { ${m.pascal}UpstreamError } from './errors.js';
import type { Create${m.entity}Input, ${m.entity}, ${m.entity}Id, ${m.entity}Page } from './types.js';

export class ${m.pascal}Client {
  private readonly http: AxiosInstance;

  constructor(
    private readonly baseUrl: string,
    private readonly logger: Logger,
  ) {
    this.http = axios.create({ baseURL: baseUrl${axiosTimeout} });
  }

  async get(id: ${m.entity}Id): Promise<${m.entity} | undefined> {
    try {
      const response = await this.http.get<${m.entity}>(\`/${path}/\${id}\`);
      return response.data;
    } catch (${catchBinding}) {
${getCatchBody}
    }
  }

  async list(cursor?: string): Promise<${m.entity}Page> {
    const url = new URL('/${path}', this.baseUrl);
    if (cursor !== undefined) {
      url.searchParams.set('cursor', cursor);
    }
    const response = await fetch(url${fetchSignal ? `, { headers: { accept: 'application/json' }${fetchSignal} }` : ''});
    if (!response.ok) {
      throw new ${m.pascal}UpstreamError(\`GET ${path} failed with \${response.status}\`, response.status);
    }
    return (await response.json()) as ${m.entity}Page;
  }

  async create(input: Create${m.entity}Input): Promise<${m.entity}> {
    const response = await this.http.post<${m.entity}>('/${path}', input);
    return response.data;
  }

${notify}

  async push(entity: ${m.entity}): Promise<void> {
    await this.http.put(\`/${path}/\${entity.id}\`, entity);
  }
}
`;
}

function repositoryFile(m: ModuleInfo, random: Random): string {
  const poolSource = random.pick(['shared', 'shared', 'own-timeouts', 'own-bare'] as const);
  const poolImport =
    poolSource === 'shared'
      ? `import type { Pool, PoolClient } from 'pg';

import { pool as sharedPool } from '../shared/db.js';`
      : `import { Pool, type PoolClient } from 'pg';`;
  const poolDeclaration =
    poolSource === 'shared'
      ? ''
      : poolSource === 'own-timeouts'
        ? `
const sharedPool = new Pool({
  connectionString: process.env.${m.pascal.toUpperCase()}_DATABASE_URL,
  connectionTimeoutMillis: 2_000,
  statement_timeout: 5_000,
});
`
        : `
const sharedPool = new Pool({ connectionString: process.env.${m.pascal.toUpperCase()}_DATABASE_URL, max: 5 });
`;
  const columns = m.fields.map((field) => field.column);
  const placeholders = columns.map((_, index) => `$${index + 2}`).join(', ');
  const values = m.fields.map((field) => `input.${field.name}`).join(', ');
  const rollback = random.chance(0.2)
    ? `    } catch {
      await client.query('ROLLBACK');
      return undefined as T;`
    : `    } catch (error) {
      await client.query('ROLLBACK');
      throw error;`;
  return `${poolImport}

import { ${m.entity}NotFoundError } from './errors.js';
import { to${m.entity} } from './mapper.js';
import type { Create${m.entity}Input, ${m.entity}, ${m.entity}Id, ${m.entity}Row, ${m.entity}Status } from './types.js';
${poolDeclaration}
export class ${m.pascal}Repository {
  constructor(private readonly db: Pool = sharedPool) {}

  async findById(id: ${m.entity}Id): Promise<${m.entity}> {
    const result = await this.db.query<${m.entity}Row>('SELECT * FROM ${m.table} WHERE id = $1', [id]);
    const row = result.rows[0];
    if (row === undefined) {
      throw new ${m.entity}NotFoundError(id);
    }
    return to${m.entity}(row);
  }

  async list(limit: number, status?: ${m.entity}Status): Promise<${m.entity}[]> {
    const result =
      status === undefined
        ? await this.db.query<${m.entity}Row>('SELECT * FROM ${m.table} ORDER BY created_at DESC LIMIT $1', [limit])
        : await this.db.query<${m.entity}Row>('SELECT * FROM ${m.table} WHERE status = $2 ORDER BY created_at DESC LIMIT $1', [limit, status]);
    return result.rows.map((row) => to${m.entity}(row));
  }

  async insert(input: Create${m.entity}Input): Promise<${m.entity}> {
    const id = crypto.randomUUID();
    const result = await this.db.query<${m.entity}Row>(
      'INSERT INTO ${m.table} (id, ${columns.join(', ')}) VALUES ($1, ${placeholders}) RETURNING *',
      [id, ${values}],
    );
    const row = result.rows[0];
    if (row === undefined) {
      throw new ${m.entity}NotFoundError(id);
    }
    return to${m.entity}(row);
  }

  async setStatus(id: ${m.entity}Id, status: ${m.entity}Status): Promise<void> {
    const result = await this.db.query('UPDATE ${m.table} SET status = $2, updated_at = now() WHERE id = $1', [id, status]);
    if (result.rowCount === 0) {
      throw new ${m.entity}NotFoundError(id);
    }
  }

  async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.db.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
${rollback}
    } finally {
      client.release();
    }
  }
}
`;
}

function serviceFile(m: ModuleInfo, random: Random): string {
  const other = m.uses;
  const otherImports = other.map((used) => `import type { ${used.entity} } from '../${used.dir}/types.js';`).join('\n');
  const createNotify = random.pick([
    `    await this.client.notify(entity.id);`,
    `    void this.client.notify(entity.id).catch((error: unknown) => {
      this.logger.warn('notify failed', { id: entity.id, error });
    });`,
    `    this.client.notify(entity.id);`,
    `    this.client.notify(entity.id).catch((error) => this.logger.warn(\`notify failed: \${error.message}\`));`,
  ]);
  const syncBody = random.chance(0.2)
    ? `    try {
      const entity = await this.repository.findById(id);
      this.client.push(entity);
    } catch (error) {
      this.logger.error('sync failed', { id, error });
    }`
    : `    try {
      const entity = await this.repository.findById(id);
      await retry${m.pascal}(() => this.client.push(entity));
    } catch (error) {
      this.logger.error('sync failed', { id, error });
      throw error;
    }`;
  const syncAll = random.chance(0.15)
    ? `  async syncAll(ids: readonly ${m.entity}Id[]): Promise<void> {
    ids.forEach(async (id) => {
      await this.sync(id);
    });
  }`
    : `  async syncAll(ids: readonly ${m.entity}Id[]): Promise<void> {
    const results = await Promise.allSettled(ids.map((id) => this.sync(id)));
    const failed = results.filter((result) => result.status === 'rejected').length;
    if (failed > 0) {
      this.logger.warn('some syncs failed', { failed, total: ids.length });
    }
  }`;
  const links = other
    .map(
      (used) => `  link${used.entity}(entity: ${m.entity}, target: ${used.entity}): string {
    return \`\${entity.id}->\${target.id}:\${target.status}\`;
  }`,
    )
    .join('\n\n');
  const extra: string[] = [];
  const extraCount = random.int(1, 5);
  for (let index = 0; index < extraCount; index++) {
    extra.push(
      random.pick([
        `  async countByStatus${index}(): Promise<Record<string, number>> {
    const entities = await this.repository.list(${random.int(50, 500)});
    const counts: Record<string, number> = {};
    for (const entity of entities) {
      counts[entity.status] = (counts[entity.status] ?? 0) + 1;
    }
    return counts;
  }`,
        `  async archive${index}(id: ${m.entity}Id): Promise<void> {
    try {
      await this.repository.setStatus(id, 'closed');
      this.cache.delete(id);
    } catch (error) {
      throw new ${m.pascal}Error(\`Could not archive \${id}\`, { cause: error });
    }
  }`,
        `  async refresh${index}(id: ${m.entity}Id): Promise<${m.entity} | undefined> {
    try {
      const remote = await this.client.get(id);
      if (remote !== undefined) {
        this.cache.set(id, remote);
      }
      return remote;
    } catch (error) {
      if (error instanceof Error) {
        this.logger.warn(\`refresh failed: \${error.message}\`);
      }
      return this.cache.get(id);
    }
  }`,
        `  async activate${index}(id: ${m.entity}Id): Promise<void> {
    try {
      await this.repository.setStatus(id, 'active');
    } catch (error) {
      throw new ${m.pascal}Error(\`Could not activate \${id}\`);
    }
  }`,
        `  async importPage${index}(cursor?: string): Promise<number> {
    const page = await this.client.list(cursor);
    await Promise.all(page.items.map((item) => this.repository.setStatus(item.id, item.status)));
    return page.items.length;
  }`,
        `  async suspend${index}(id: ${m.entity}Id): Promise<void> {
    try {
      await this.repository.setStatus(id, 'suspended');
    } catch (error) {
      // The entity may be gone already; suspending it again is harmless.
    }
  }`,
      ]),
    );
  }
  return `import type { Logger } from '../shared/logger.js';
${otherImports}
import { ${m.pascal}Cache } from './cache.js';
import type { ${m.pascal}Client } from './client.js';
import { ${m.pascal}Error } from './errors.js';
import type { ${m.pascal}Repository } from './repository.js';
import { retry${m.pascal} } from './retry.js';
import type { Create${m.entity}Input, ${m.entity}, ${m.entity}Id } from './types.js';

export class ${m.pascal}Service {
  private readonly cache = new ${m.pascal}Cache<${m.entity}>(${random.pick([30_000, 60_000, 300_000])});

  constructor(
    private readonly repository: ${m.pascal}Repository,
    private readonly client: ${m.pascal}Client,
    private readonly logger: Logger,
  ) {}

  async get(id: ${m.entity}Id): Promise<${m.entity}> {
    const cached = this.cache.get(id);
    if (cached !== undefined) {
      return cached;
    }
    const entity = await this.repository.findById(id);
    this.cache.set(id, entity);
    return entity;
  }

  async create(input: Create${m.entity}Input): Promise<${m.entity}> {
    const entity = await this.repository.insert(input);
${createNotify}
    return entity;
  }

  async sync(id: ${m.entity}Id): Promise<void> {
${syncBody}
  }

${syncAll}
${links ? `\n${links}\n` : ''}
${extra.join('\n\n')}
}
`;
}

function handlersFile(m: ModuleInfo, random: Random): string {
  const getHandler = random.chance(0.4)
    ? `  router.get('/:id', async (request, response) => {
    const entity = await service.get(request.params.id ?? '');
    response.json(to${m.entity}Json(entity));
  });`
    : `  router.get('/:id', (request, response, next) => {
    service
      .get(request.params.id ?? '')
      .then((entity) => response.json(to${m.entity}Json(entity)))
      .catch(next);
  });`;
  const postHandler = random.chance(0.3)
    ? `  router.post('/', async (request: Request, response: Response) => {
    const input = validateCreate${m.entity}(JSON.parse(request.body));
    const entity = await service.create(input);
    response.status(201).json(to${m.entity}Json(entity));
  });`
    : `  router.post('/', async (request: Request, response: Response, next: NextFunction) => {
    try {
      const input = validateCreate${m.entity}(request.body);
      const entity = await service.create(input);
      response.status(201).json(to${m.entity}Json(entity));
    } catch (error) {
      next(error);
    }
  });`;
  const syncHandler = random.chance(0.25)
    ? `  router.post('/:id/sync', (request, response) => {
    service.sync(request.params.id ?? '');
    response.status(202).end();
  });`
    : `  router.post('/:id/sync', (request, response, next) => {
    service.sync(request.params.id ?? '').then(() => response.status(202).end(), next);
  });`;
  return `import { Router, type NextFunction, type Request, type Response } from 'express';

import { ${m.pascal}ValidationError, ${m.entity}NotFoundError } from './errors.js';
import { to${m.entity}Json } from './mapper.js';
import type { ${m.pascal}Service } from './service.js';
import { validateCreate${m.entity} } from './validation.js';

export function create${m.pascal}Router(service: ${m.pascal}Service): Router {
  const router = Router();

${getHandler}

${postHandler}

${syncHandler}

  router.use((error: unknown, _request: Request, response: Response, next: NextFunction) => {
    if (error instanceof ${m.entity}NotFoundError) {
      response.status(404).json({ error: error.message });
      return;
    }
    if (error instanceof ${m.pascal}ValidationError) {
      response.status(400).json({ error: error.message, field: error.field });
      return;
    }
    next(error);
  });

  return router;
}
`;
}

function workerFile(m: ModuleInfo, random: Random): string {
  const start = random.pick([
    `    void this.loop().catch((error: unknown) => {
      this.logger.error('worker stopped', { error });
    });`,
    `    this.loop().catch((error: unknown) => {
      this.logger.error('worker stopped', { error });
    });`,
    `    this.loop();`,
    `    this.timer = setInterval(async () => {
      await this.poll();
    }, 1_000);`,
  ]);
  const onFailure = random.pick([
    `        this.logger.warn('message failed', { id: message.id, error });
        await this.queue.nack(message.id, Math.min(60_000, 1_000 * 2 ** message.attempts));`,
    `        this.logger.warn('message failed', { id: message.id, error });
        await this.queue.nack(message.id, Math.min(60_000, 1_000 * 2 ** message.attempts));`,
    `        // Poison messages are dropped; the producer retries.`,
    `        await this.queue.nack(message.id, 0);`,
  ]);
  return `import type { Logger } from '../shared/logger.js';
import type { Queue, QueueMessage } from '../shared/queue.js';
import { sleep } from '../shared/sleep.js';
import type { ${m.pascal}Service } from './service.js';

export class ${m.pascal}Worker {
  private running = false;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly queue: Queue,
    private readonly service: ${m.pascal}Service,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.running = true;
${start}
  }

  stop(): void {
    this.running = false;
    if (this.timer !== undefined) {
      clearInterval(this.timer);
    }
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const handled = await this.poll();
      if (handled === 0) {
        await sleep(${random.pick([250, 500, 1_000])});
      }
    }
  }

  private async poll(): Promise<number> {
    const messages = await this.queue.receive(${random.pick([1, 10, 25])});
    for (const message of messages) {
      try {
        await this.handle(message);
        await this.queue.ack(message.id);
      } catch (error) {
${onFailure}
      }
    }
    return messages.length;
  }

  private async handle(message: QueueMessage): Promise<void> {
    const payload = JSON.parse(message.body) as { id?: unknown };
    if (typeof payload.id !== 'string') {
      throw new TypeError(\`Message \${message.id} has no id\`);
    }
    await this.service.sync(payload.id);
  }
}
`;
}

function indexFile(m: ModuleInfo): string {
  return `export { ${m.pascal}Client } from './client.js';
export * from './errors.js';
export { create${m.pascal}Router } from './handlers.js';
export { ${m.pascal}Repository } from './repository.js';
export { ${m.pascal}Service } from './service.js';
export type * from './types.js';
export { ${m.pascal}Worker } from './worker.js';
`;
}

/** A file outside the modules, used to reach an exact file count. */
export function utilityFile(index: number, random: Random): string {
  const timeout = random.chance(0.7) ? ', { signal: AbortSignal.timeout(3_000) }' : '';
  return `import type { Logger } from '../shared/logger.js';

export function chunk${index}<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    chunks.push(items.slice(start, start + size));
  }
  return chunks;
}

export function formatDuration${index}(ms: number): string {
  if (ms < 1_000) {
    return \`\${ms}ms\`;
  }
  return \`\${(ms / 1_000).toFixed(${random.int(1, 3)})}s\`;
}

export async function ping${index}(url: string, logger: Logger): Promise<boolean> {
  try {
    const response = await fetch(url${timeout});
    return response.ok;
  } catch (error) {
    logger.warn('ping failed', { url, error });
    return false;
  }
}
`;
}
