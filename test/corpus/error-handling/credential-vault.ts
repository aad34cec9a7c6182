import { createCipheriv, createHash, createHmac, randomBytes } from 'node:crypto';

interface Logger {
  warn(message: string, error?: unknown): void;
  debug(message: string): void;
}

interface Store {
  write(name: string, value: unknown): Promise<void>;
}

// Keeps node credentials in memory and hands them to storage encrypted with the project's key.
export class CredentialVault {
  private cache: Record<string, Record<string, string>> = {};
  private encrypted: { $: string } | undefined;
  private dirty = false;

  constructor(
    private readonly key: Buffer | undefined,
    private readonly log: Logger,
    private readonly store: Store,
  ) {}

  set(id: string, credentials: Record<string, string>): void {
    this.cache[id] = credentials;
    this.dirty = true;
  }

  // What storage writes to disk: the ciphertext, or the plain cache when no key is configured.
  async export(): Promise<unknown> {
    let result: unknown = this.cache;
    const plain = this.cache;
    if (this.key) {
      if (this.dirty) {
        try {
          this.log.debug('encrypting credentials');
          result = encryptCredentials(this.key, plain);
        } catch (error) { // expect: no-swallowed-error
          this.log.warn('credentials not encrypted', error);
        }
      } else {
        result = this.encrypted;
      }
    }
    this.dirty = false;
    await this.store.write('credentials', result);
    return result;
  }

  // A signature for the audit trail; an empty one says it could not be made, and the reader checks for it.
  fingerprint(payload: string): string {
    let digest = '';
    try {
      digest = hashPayload(payload);
    } catch (error) { // ok: no-swallowed-error
      this.log.warn('fingerprint unavailable', error);
    }
    return digest;
  }

  // Encrypts before the write; a failure stops the write and reaches the caller.
  async save(id: string): Promise<void> {
    const plain = this.cache[id] ?? {};
    let sealed: unknown = plain;
    try {
      sealed = encryptCredentials(this.key ?? randomBytes(32), plain);
    } catch (error) { // ok: no-swallowed-error
      this.log.warn('credentials not encrypted', error);
      throw error;
    }
    await this.store.write(id, sealed);
  }

  // Labels are shown to the user as given when they are not valid base64: a decoding, not a protection.
  label(raw: string): string {
    let text = raw;
    try {
      text = decodeLabel(raw);
    } catch (error) { // ok: no-swallowed-error
      this.log.warn('label kept as given', error);
    }
    return text;
  }

  // The signed copy is only sent from inside the try; the code after it never reads the unsigned one.
  async publish(body: string, send: (signed: string) => Promise<void>): Promise<void> {
    let signed = body;
    try {
      signed = signBody(body, this.key ?? randomBytes(32));
      await send(signed);
    } catch (error) { // ok: no-swallowed-error
      this.log.warn('not published', error);
      throw error;
    }
  }
}

function encryptCredentials(key: Buffer, credentials: object): { $: string } {
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-ctr', key, iv);
  return { $: iv.toString('hex') + cipher.update(JSON.stringify(credentials), 'utf8', 'base64') + cipher.final('base64') };
}

function hashPayload(payload: string): string {
  return createHash('sha256').update(payload).digest('hex');
}

function signBody(body: string, key: Buffer): string {
  return createHmac('sha256', key).update(body).digest('hex');
}

function decodeLabel(raw: string): string {
  return Buffer.from(raw, 'base64').toString('utf8');
}
