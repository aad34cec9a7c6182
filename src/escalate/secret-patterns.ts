/**
 * Secret shapes secretlint 11.7.1's rules do not cover (or cover only with their key-id scan or with a
 * range wider than the secret), as data: each pattern's `secret` group is what becomes the marker, so
 * the names, quotes and punctuation around it stay. Used twice: to redact every text before it goes
 * into a request (redact.ts), and as the last check of each request body (outbound-guard.ts).
 */
export interface SecretPattern {
  kind: string;
  /** Global regular expression with a named group `secret`: the characters that are removed. */
  pattern: RegExp;
  /** A further test of the captured value (placeholders, low entropy). */
  accept?: (secret: string) => boolean;
}

// A name that says its value is a credential: `password`, `db_pass`, `apiKey`, `clientSecret`,
// `AWS_SECRET_ACCESS_KEY`, `authToken`, `x-api-key`, `privateKey`, `credentials`.
const STRONG_NAME = String.raw`[\w.-]*?(?:pass(?:word|wd|phrase)?|pwd|secret|token|credentials?|api[_-]?key|private[_-]?key|access[_-]?key|auth[_-]?key|signing[_-]?key|encryption[_-]?key|master[_-]?key|session[_-]?key|client[_-]?key|account[_-]?key|webhook[_-]?url|connection[_-]?string|dsn)`;
// `key`, `auth`, `sig` alone also name cache keys and modes: their value must look random.
const WEAK_NAME = String.raw`[\w.-]*?(?:key|auth|sig(?:nature)?|salt|cookie)`;

const QUOTED_VALUE = String.raw`(?<q>['"\x60])(?<secret>(?:(?!\k<q>)[^\s\\]){6,}?)\k<q>`;

export const SECRET_PATTERNS: readonly SecretPattern[] = [
  // Private keys of every PEM kind (RSA, EC, DSA, OPENSSH, ENCRYPTED, PGP ... BLOCK), also JSON-escaped
  // as in a GCP service-account file: the body goes, the BEGIN and END lines stay.
  {
    kind: 'private-key',
    pattern: /-----BEGIN (?<label>[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?)-----(?<secret>[\s\S]*?)(?=-----END \k<label>-----)/gu,
    accept: (secret) => !/^(?:\s|\\n|\[REDACTED:[\w-]+\])*$/u.test(secret),
  },
  // URL userinfo of any scheme: `postgres://user:pass@`, `redis://:pass@`, `amqps://u:p@`, `https://token@`.
  {
    kind: 'url-password',
    pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/?#@'"`]*:(?<secret>[^\s/?#'"`]+)@(?=[^\s@'"`]*(?:[\s'"`/?#]|$))/giu,
    accept: (secret) => !isPlaceholder(secret),
  },
  {
    kind: 'url-token',
    pattern: /\b[a-z][a-z0-9+.-]*:\/\/(?<secret>[A-Za-z0-9_-]{20,})@/giu,
    accept: looksRandom,
  },
  // Query parameters that carry credentials: Azure SAS `sig=`, `access_token=`, `api_key=`, `password=`.
  {
    kind: 'url-parameter',
    pattern:
      /[?&;](?:sig|signature|access_token|refresh_token|id_token|token|api[_-]?key|apikey|key|secret|client_secret|password|pwd|auth)=(?<secret>[^\s&#'"`;]{6,})/giu,
    accept: (secret) => !isPlaceholder(secret),
  },
  // Connection strings with `Key=value;` fields: Azure storage and service bus, SQL Server, ODBC.
  {
    kind: 'connection-string-key',
    pattern: /\b(?:AccountKey|SharedAccessKey|SharedAccessSignature|Password|Pwd|SharedSecret|ClientSecret)=(?<secret>[^;'"`\s]{4,})/giu,
    accept: (secret) => !isPlaceholder(secret),
  },
  // GCP service-account JSON: the key id beside the private key (the key itself is a PEM above).
  { kind: 'gcp-private-key-id', pattern: /\bprivate_key_id['"]?\s*:\s*['"](?<secret>[0-9a-f]{40})['"]/gu },
  { kind: 'stripe', pattern: /\b(?<secret>(?:sk|rk|pk)_(?:live|test)_[0-9A-Za-z]{10,}|whsec_[0-9A-Za-z]{20,})/gu },
  { kind: 'jwt', pattern: /\b(?<secret>eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{10,})/gu },
  { kind: 'google-api-key', pattern: /\b(?<secret>AIza[0-9A-Za-z_-]{35})/gu },
  { kind: 'google-oauth', pattern: /\b(?<secret>GOCSPX-[0-9A-Za-z_-]{20,}|ya29\.[0-9A-Za-z_-]{20,})/gu },
  // GitLab: personal, deploy, runner, pipeline trigger, CI build, OAuth, feed, incoming mail, agent tokens.
  {
    kind: 'gitlab',
    pattern: /\b(?<secret>(?:glpat|gldt|glrt|glptt|glcbt|gloas|glsoat|glft|glimt|glagent|glffct|glwt)-[0-9A-Za-z_-]{20,}|GR1348941[0-9A-Za-z_-]{20,})/gu,
  },
  { kind: 'github', pattern: /\b(?<secret>(?:gh[pousr]_[0-9A-Za-z]{30,}|github_pat_[0-9A-Za-z_]{40,}))/gu },
  // Azure AD client secrets (`abc8Q~...`).
  { kind: 'azure-client-secret', pattern: /(?<![\w~.-])(?<secret>[0-9A-Za-z_~.-]{3}\dQ~[0-9A-Za-z_~.-]{31,34})(?![\w~.-])/gu },
  { kind: 'sendgrid', pattern: /\b(?<secret>SG\.[0-9A-Za-z_-]{16,32}\.[0-9A-Za-z_-]{16,64})/gu },
  // Twilio API key SIDs and account SIDs.
  { kind: 'twilio', pattern: /\b(?<secret>(?:SK|AC)[0-9a-f]{32})\b/gu },
  { kind: 'slack', pattern: /\b(?<secret>xox[abposre]-[0-9A-Za-z-]{10,}|xapp-[0-9A-Za-z-]{10,})/gu },
  { kind: 'slack-webhook', pattern: /hooks\.slack\.com\/(?:services|workflows)\/(?<secret>[0-9A-Za-z/_-]{20,})/gu },
  { kind: 'discord-webhook', pattern: /discord(?:app)?\.com\/api\/webhooks\/(?<secret>\d+\/[0-9A-Za-z_-]{20,})/gu },
  { kind: 'npm', pattern: /\b(?<secret>npm_[0-9A-Za-z]{36})/gu },
  { kind: 'anthropic', pattern: /\b(?<secret>sk-ant-[0-9A-Za-z_-]{20,})/gu },
  { kind: 'openai', pattern: /\b(?<secret>sk-(?:proj-|svcacct-|admin-)?[0-9A-Za-z_-]{20,})/gu, accept: looksRandom },
  { kind: 'aws-access-key-id', pattern: /\b(?<secret>(?:A3T[A-Z0-9]|AKIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ASIA)[A-Z0-9]{16})\b/gu },
  { kind: 'huggingface', pattern: /\b(?<secret>hf_[0-9A-Za-z]{30,})/gu },
  { kind: 'shopify', pattern: /\b(?<secret>shp(?:at|ss|ca|pa)_[0-9a-fA-F]{32})/gu },
  { kind: 'linear', pattern: /\b(?<secret>lin_(?:api|oauth)_[0-9A-Za-z]{32,})/gu },
  { kind: 'digitalocean', pattern: /\b(?<secret>do[opr]_v1_[0-9a-f]{64})/gu },
  { kind: 'doppler', pattern: /\b(?<secret>dp\.(?:pt|st|sa|ct|scim|audit)\.[0-9A-Za-z]{40,})/gu },
  { kind: 'pypi', pattern: /\b(?<secret>pypi-AgE[0-9A-Za-z_-]{50,})/gu },
  { kind: 'square', pattern: /\b(?<secret>sq0(?:atp|csp)-[0-9A-Za-z_-]{22,})/gu },
  { kind: 'atlassian', pattern: /\b(?<secret>ATATT3[0-9A-Za-z_=-]{50,})/gu },
  { kind: 'databricks', pattern: /\b(?<secret>dapi[0-9a-f]{32})/gu },
  { kind: 'mailgun', pattern: /\b(?<secret>key-[0-9a-f]{32})/gu },
  { kind: 'age-secret-key', pattern: /\b(?<secret>AGE-SECRET-KEY-1[0-9A-Z]{50,})/gu },
  // `Authorization: Bearer <token>` / `Basic <base64>` in code, headers, curl lines.
  {
    kind: 'authorization-header',
    pattern: /\b(?:Bearer|Basic|Token|Digest)\s+(?<secret>[A-Za-z0-9._~+/=-]{16,})/gu,
    accept: (secret) => !isPlaceholder(secret) && looksRandom(secret),
  },
  // `.env` lines, also inside strings and comments: `DB_PASSWORD=hunter2`, `STRIPE_KEY=...`.
  {
    kind: 'env-assignment',
    pattern:
      /(?:(?<![\w$])|(?<=\\[nrt]))[A-Z][A-Z0-9_]*(?:PASSWORD|PASSWD|PASS|PWD|SECRET|TOKEN|KEY|AUTH|CREDENTIALS?|DSN)[A-Z0-9_]*=(?<secret>[^\s'"`$\\][^\s'"`\\]{3,})/gu,
    accept: (secret) => !isPlaceholder(secret),
  },
  // A quoted value assigned to a field or variable whose name says it is a credential:
  // `password: '...'`, `"apiKey": "..."`, `const clientSecret = '...'`, `AWS_SECRET_ACCESS_KEY = "..."`.
  {
    kind: 'named-secret',
    pattern: new RegExp(String.raw`(?<![\w$])['"]?${STRONG_NAME}['"]?\s*(?::|=|\?\?=|\|\|=)\s*(?:[\w.$]+\s*(?:\?\?|\|\|)\s*)?${QUOTED_VALUE}`, 'giu'),
    accept: (secret) => !isPlaceholder(secret) && !/^[a-z]+(?:[-_. ][a-z]+)*$/iu.test(secret),
  },
  {
    kind: 'named-secret',
    pattern: new RegExp(String.raw`(?<![\w$])['"]?${WEAK_NAME}['"]?\s*(?::|=)\s*${QUOTED_VALUE}`, 'giu'),
    accept: looksRandom,
  },
  // Last resort: a long random-looking token anywhere (code, comments, strings).
  {
    kind: 'high-entropy',
    pattern: /(?<![\w+=-])(?<secret>[A-Za-z0-9+_-]{20,}={0,2})(?![\w+=-])/gu,
    // `UNTRUSTED-CODE-e3233b76...`, `MAX_RETRIES_2`: words joined by `-` or `_` are judged by their parts.
    accept: (secret) => {
      const parts = secret.split(/[-_]/u);
      return parts.some((part) => /^[A-Za-z]{3,}$/u.test(part)) ? parts.some((part) => looksRandom(part)) : looksRandom(secret);
    },
  },
  // Base64 with slashes, unless a segment is a word (then it is a path: `com/services/...`).
  {
    kind: 'high-entropy',
    pattern: /(?<![\w+/=-])(?<secret>[A-Za-z0-9+]+(?:\/[A-Za-z0-9+]+)+={0,2})(?![\w+/=-])/gu,
    accept: (secret) => secret.length >= 24 && !secret.split('/').some((segment) => /^[A-Za-z]+$/u.test(segment)) && looksRandom(secret.replaceAll('/', '')),
  },
];

/** `changeme`, `<password>`, `${PASSWORD}`, `****`, `xxx`, `process.env`: not a secret. */
export function isPlaceholder(value: string): boolean {
  return (
    /^[*x•.]+$/iu.test(value) ||
    /(?:\.\.\.|…)$/u.test(value) ||
    /^[<{[(].*[>}\])]$/u.test(value) ||
    value.includes('${') ||
    value.includes('[REDACTED') ||
    /^(?:process\.env|import\.meta\.env)/u.test(value) ||
    /^(?:password|passwd|secret|token|changeme|example|placeholder|your[-_]?\w*|redacted|none|null|undefined|empty|test|dummy)$/iu.test(value)
  );
}

/**
 * Random-looking: at least 16 characters, letters and digits mixed, and a Shannon entropy per
 * character close to that of random text of its length (camelCase names and words fall below).
 */
export function looksRandom(value: string): boolean {
  if (value.length < 16 || isPlaceholder(value) || !/^[\w+/=.~-]+$/u.test(value)) return false;
  const hasDigit = /\d/u.test(value);
  const hasUpper = /[A-Z]/u.test(value);
  const hasLower = /[a-z]/u.test(value);
  const classes = Number(hasDigit) + Number(hasUpper) + Number(hasLower);
  if (!hasDigit || classes < 2) return false;
  // Hex digests (40 or 64 lowercase hex: commit ids, sha256) are common in code and not credentials.
  const hex = /^[0-9a-f]+$/iu.test(value);
  if (hex && value.length !== 32) return false;
  if (looksLikeIdentifier(value)) return false;
  const entropy = shannonEntropy(value);
  const ideal = Math.log2(Math.min(value.length, hex ? 16 : classes === 3 ? 62 : 36));
  return entropy >= ideal * 0.82;
}

// `CanvasRenderingContext2D`, `createHttp2SessionHandler`: mostly words of three letters or more, with
// vowels as often as in words, and digits in at most two places. Measured: 0.2% of random 20-50
// character strings pass as identifiers; of the 11 random-looking names in lib.dom.d.ts, one does not.
function looksLikeIdentifier(value: string): boolean {
  const wordy = (value.match(/[A-Z]?[a-z]{3,}|[A-Z]{3,}(?![a-z])/gu) ?? []).join('').length / value.length;
  const letters = value.match(/[A-Za-z]/gu) ?? [];
  const vowels = letters.filter((letter) => /[aeiou]/iu.test(letter)).length / Math.max(1, letters.length);
  return wordy >= 0.5 && vowels >= 0.3 && (value.match(/\d+/gu) ?? []).length <= 2;
}

export function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  for (const character of value) counts.set(character, (counts.get(character) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

export interface SecretMatch {
  kind: string;
  start: number;
  end: number;
}

/** Every pattern's matches in `text`, as the ranges of their `secret` groups. */
export function findSecretPatterns(text: string): SecretMatch[] {
  const found: SecretMatch[] = [];
  for (const { kind, pattern, accept } of COMPILED) {
    for (const match of text.matchAll(pattern)) {
      const range = match.indices?.groups?.secret;
      const secret = match.groups?.secret;
      if (!range || !secret || (accept && !accept(secret))) continue;
      found.push({ kind, start: range[0], end: range[1] });
    }
  }
  return found;
}

// With the `d` flag, so each match carries the offsets of its `secret` group.
const COMPILED = SECRET_PATTERNS.map((entry) => ({ ...entry, pattern: new RegExp(entry.pattern.source, `${entry.pattern.flags}d`) }));
