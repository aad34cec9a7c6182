import fs from 'node:fs';

// Ledger sync worker: loads its settings, validates entries with the project's own checks, and posts them
// to the ledger service. Which catches get an Error is decided by what their try can throw.

export class LedgerError extends Error {
  constructor(
    message: string,
    readonly code: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'LedgerError';
  }
}

interface Entry {
  id: string;
  amount: number;
}

interface Settings {
  endpoint: string;
}

function validate(entry: Entry): Entry {
  if (!entry.id) throw new LedgerError('entry without id', 'E_ID');
  if (!Number.isFinite(entry.amount)) throw new RangeError(`amount of ${entry.id} is not a number`);
  return entry;
}

function validateAll(entries: Entry[]): Entry[] {
  return entries.map((entry) => validate(entry));
}

// The status object is this module's contract with its callers: a code and details, not an Error.
function reserve(entry: Entry, balance: number): number {
  if (entry.amount > balance) throw { code: 'E_FUNDS', details: `balance ${balance}` }; // expect: no-throw-non-error
  return balance - entry.amount;
}

export function loadSettings(path: string): Settings {
  try {
    return JSON.parse(fs.readFileSync(path, 'utf8')) as Settings;
  } catch (err) {
    throw new Error(`cannot read settings ${path}: ${err}`); // ok: require-error-cause
  }
}

export function checkBatch(entries: Entry[]): string | undefined {
  try {
    validateAll(entries);
    return undefined;
  } catch (err: any) {
    return `${err.code ?? 'E_INVALID'}: ${err.message}`; // ok: no-unsafe-error-access
  }
}

export function applyBatch(entries: Entry[], balance: number): number {
  let left = balance;
  for (const entry of entries) {
    try {
      left = reserve(entry, left);
    } catch (err: any) {
      console.warn(`skipped ${entry.id}: ${err.message}`); // expect: no-unsafe-error-access
    }
  }
  return left;
}

export function runHook(entry: Entry, hook: (entry: Entry) => void): void {
  try {
    hook(entry);
  } catch (err) {
    console.warn(`hook failed for ${entry.id}: ${(err as Error).message}`); // expect: no-unsafe-error-access
  }
}

export async function post(settings: Settings, entry: Entry): Promise<void> {
  let response: Response;
  try {
    response = await fetch(settings.endpoint, { method: 'POST', body: JSON.stringify(entry), signal: AbortSignal.timeout(10_000) });
  } catch (err) {
    throw new LedgerError(`posting ${entry.id} failed: ${err}`, 'E_POST'); // expect: require-error-cause
  }
  if (!response.ok) throw new LedgerError(`ledger answered ${response.status}`, 'E_STATUS');
}

const fsp = fs.promises;

// The spool of unsent entries: Node's fs rejects with its ErrnoExceptions; the archive hook is the caller's code.
export async function readSpool(path: string, archive: { move(from: string): Promise<void> }): Promise<string[]> {
  let text = '';
  try {
    text = await fsp.readFile(path, 'utf8');
  } catch (err: any) {
    console.warn(`spool ${path} unreadable: ${err.message}`); // ok: no-unsafe-error-access
  }
  const store = archive;
  try {
    await store.move(path);
  } catch (err: any) {
    console.warn(`spool ${path} not archived: ${err.message}`); // expect: no-unsafe-error-access
  }
  return text.split('\n').filter(Boolean);
}

const BUSY = ['EBUSY', 'EAGAIN'];

export async function lockSpool(path: string, lock: (p: string) => Promise<void>): Promise<boolean> {
  try {
    await lock(path);
    return true;
  } catch (err: any) {
    if (BUSY.includes(err.code)) {
      console.warn(`spool ${path} busy: ${err.message}`); // ok: no-unsafe-error-access
      return false;
    }
    console.warn(`spool ${path} lock failed: ${err.message}`); // expect: no-unsafe-error-access
    throw err;
  }
}
