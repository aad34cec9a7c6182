import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';

// Nightly report export: reads the previous report from S3, renders the new one and uploads it.
const s3 = new S3Client({
  region: process.env.AWS_REGION,
  requestHandler: new NodeHttpHandler({ connectionTimeout: 3_000, requestTimeout: 30_000 }),
});
const BUCKET = process.env.REPORT_BUCKET ?? 'reports';

export class ExportError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ExportError';
  }
}

function assertIsError(value: unknown): asserts value is Error {
  if (!(value instanceof Error)) throw new TypeError(`non-error thrown: ${String(value)}`); // ok: no-throw-non-error
}

const failure = (key: string) => `export of ${key} failed`;

export async function readPrevious(key: string): Promise<string | undefined> {
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    return await object.Body?.transformToString();
  } catch (error) {
    if (error instanceof NoSuchKey) return undefined;
    if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 403) { // ok: no-unsafe-error-access
      throw new ExportError(`no read access to ${key}`); // ok: require-error-cause
    }
    throw new ExportError(`reading ${key} failed`, { cause: error }); // ok: require-error-cause
  }
}

export async function upload(key: string, body: string): Promise<void> {
  try {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
  } catch (error) {
    assertIsError(error);
    console.error(`upload of ${key} failed: ${error.name}: ${error.message}`); // ok: no-unsafe-error-access
    throw new ExportError(failure(key), { cause: error }); // ok: require-error-cause
  }
}

export async function exportReport(key: string, render: (previous?: string) => string): Promise<void> {
  let previous: string | undefined;
  try {
    previous = await readPrevious(key);
  } catch (err: any) {
    // readPrevious throws only ExportErrors (its catch never rethrows what S3 threw), so `err.name` is an Error's.
    if (err.name === 'AccessDenied') throw failure(key); // expect: no-throw-non-error; ok: no-unsafe-error-access
    throw err; // ok: no-throw-non-error, require-error-cause
  }
  await upload(key, render(previous));
}

export function exportAll(keys: string[], render: (previous?: string) => string): Promise<void[]> {
  return Promise.all(keys.map((key) => exportReport(key, render))).catch((err) => {
    const reason = err instanceof ExportError ? err.message : 'unknown failure'; // ok: no-unsafe-error-access
    return Promise.reject(new ExportError(`export run failed: ${reason}`)); // expect: require-error-cause
  });
}

export function scheduleExport(keys: string[], render: (previous?: string) => string): void {
  exportAll(keys, render).catch((error: unknown) => {
    console.error('scheduled export failed', error); // ok: no-unsafe-error-access
    process.exitCode = 1;
  });
}

export async function cleanup(keys: string[]): Promise<number> {
  let removed = 0;
  for (const key of keys) {
    try {
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `${key}.tombstone`, Body: '' }));
      removed += 1;
    } catch (error) {
      const { name } = error as Error; // expect: no-unsafe-error-access
      console.warn(`tombstone for ${key} not written (${name})`);
    }
  }
  return removed;
}
