/**
 * Fake secrets of many kinds, built at run time (no secret-shaped literal is committed), planted in
 * analyzed code. Each kind says which value must never reach a request and which surrounding code must
 * survive redaction unchanged.
 */
export interface PlantedSecret {
  kind: string;
  /** Lines of TypeScript that plant the secret (inside a function body or at top level). */
  code: string;
  /** What must not appear in any request. */
  secret: string;
  /** What must still appear (names, quotes, punctuation, the rest of a URL). */
  keeps?: string[];
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ALNUM = UPPER + LOWER + DIGITS;
const HEX = '0123456789abcdef';
const BASE64 = `${ALNUM}+/`;

/** A deterministic pseudo-random string: the same secrets on every run, none written in the source. */
export function createRandom(seed: number): (length: number, alphabet?: string) => string {
  let state = seed >>> 0;
  return (length, alphabet = ALNUM) => {
    let out = '';
    for (let index = 0; index < length; index += 1) {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      out += alphabet[(state >>> 8) % alphabet.length];
    }
    return out;
  };
}

// Prefixes are joined from halves so that no line of this file holds a scanner's pattern.
const join = (...parts: string[]) => parts.join('');

export function plantedSecrets(seed = 20_261_202): PlantedSecret[] {
  const random = createRandom(seed);
  const pem = (label: string, escaped = false) => {
    const body = Array.from({ length: 4 }, () => random(64, BASE64)).join(escaped ? '\\n' : '\n');
    const newline = escaped ? '\\n' : '\n';
    return { text: `${join('-----BEG', 'IN ')}${label}-----${newline}${body}${newline}${join('-----E', 'ND ')}${label}-----`, body };
  };
  const kinds: PlantedSecret[] = [];
  const add = (kind: string, secret: string, code: string, keeps?: string[]) => kinds.push({ kind, secret, code, ...(keeps && { keeps }) });

  const awsId = join('AK', 'IA') + random(16, UPPER + '234567');
  add('aws-access-key-id', awsId, `const awsAccessKeyIdValue = '${awsId}';`);
  const awsSecret = random(40, BASE64);
  add('aws-secret-access-key', awsSecret, `const AWS_SECRET_ACCESS_KEY = "${awsSecret}";`, ['const AWS_SECRET_ACCESS_KEY = "', '";']);
  const ghp = join('gh', 'p_') + random(36);
  add('github-classic', ghp, `const githubToken = '${ghp}';`, ["const githubToken = '"]);
  const gho = join('gh', 'o_') + random(36);
  add('github-oauth', gho, `const oauthValue = '${gho}';`);
  const ghPat = join('github', '_pat_') + random(22) + '_' + random(59);
  add('github-fine-grained', ghPat, `const fineGrained = '${ghPat}';`);
  const glpat = join('glp', 'at-') + random(20);
  add('gitlab-pat', glpat, `const gitlabValue = '${glpat}';`);
  const glrt = join('glr', 't-') + random(24);
  add('gitlab-runner', glrt, `const runnerValue = '${glrt}';`);
  const xoxb = join('xo', 'xb-') + random(12, DIGITS) + '-' + random(13, DIGITS) + '-' + random(24);
  add('slack-bot', xoxb, `const slackBot = '${xoxb}';`);
  const xoxp = join('xo', 'xp-') + random(12, DIGITS) + '-' + random(12, DIGITS) + '-' + random(13, DIGITS) + '-' + random(32, HEX);
  add('slack-user', xoxp, `const slackUser = '${xoxp}';`);
  const hookPath = `T${random(8, UPPER + DIGITS)}/B${random(8, UPPER + DIGITS)}/${random(24)}`;
  add('slack-webhook', hookPath, `const hook = 'https://${join('hooks.sl', 'ack.com')}/services/${hookPath}';`, ['/services/']);
  const npm = join('np', 'm_') + random(36);
  add('npm', npm, `const npmValue = '${npm}';`);
  const anthropic = join('sk-a', 'nt-api03-') + random(93) + 'AA';
  add('anthropic', anthropic, `const claudeValue = '${anthropic}';`);
  const openai = join('sk-p', 'roj-') + random(20) + join('T3Blbk', 'FJ') + random(20);
  add('openai', openai, `const openaiValue = '${openai}';`);
  const stripe = join('sk_l', 'ive_') + random(24);
  add('stripe-secret', stripe, `const stripeValue = '${stripe}';`);
  const stripeRestricted = join('rk_l', 'ive_') + random(24);
  add('stripe-restricted', stripeRestricted, `const stripeRestricted = '${stripeRestricted}';`);
  const webhookSecret = join('whs', 'ec_') + random(32);
  add('stripe-webhook', webhookSecret, `const endpointValue = '${webhookSecret}';`);
  const jwt = `${join('ey', 'J')}${random(20)}.${join('ey', 'J')}${random(40)}.${random(43, ALNUM + '-_')}`;
  add('jwt', jwt, `const sessionValue = '${jwt}';`);
  const google = join('AI', 'za') + random(35, ALNUM + '-_');
  add('google-api-key', google, `const mapsValue = '${google}';`);
  const gocspx = join('GOC', 'SPX-') + random(28);
  add('google-oauth-client-secret', gocspx, `const oauthClientValue = '${gocspx}';`);
  const serviceAccount = pem('PRIVATE KEY', true);
  const keyId = random(40, HEX);
  add(
    'gcp-service-account',
    serviceAccount.body.split('\\n')[1]!,
    `const serviceAccount = JSON.parse('{"type": "service_account", "project_id": "demo", "private_key_id": "${keyId}", "private_key": "${serviceAccount.text}", "client_email": "svc@demo.iam.gserviceaccount.com"}');`,
    ['"private_key": "'],
  );
  kinds.push({ kind: 'gcp-service-account-key-id', secret: keyId, code: `const serviceAccountKeyId = { private_key_id: "${keyId}" };` });
  const accountKey = random(86, BASE64) + '==';
  add(
    'azure-storage',
    accountKey,
    `const storage = 'DefaultEndpointsProtocol=https;AccountName=demo;AccountKey=${accountKey};EndpointSuffix=core.windows.net';`,
    [';EndpointSuffix=core.windows.net'],
  );
  const azureSecret = random(3) + '8Q~' + random(34, ALNUM + '_~.-');
  add('azure-client-secret', azureSecret, `const aadValue = '${azureSecret}';`);
  const sas = random(43, BASE64) + '%3D';
  add('azure-sas', sas, `const blob = 'https://demo.blob.core.windows.net/c/f?sv=2022-11-02&sig=${sas}&se=2030-01-01';`, ['&se=2030-01-01']);
  const sendgrid = join('S', 'G.') + random(22, ALNUM + '-_') + '.' + random(43, ALNUM + '-_');
  add('sendgrid', sendgrid, `const mailValue = '${sendgrid}';`);
  const twilioSid = join('S', 'K') + random(32, HEX);
  add('twilio-api-key', twilioSid, `const twilioSid = '${twilioSid}';`);
  const twilioToken = random(32, HEX);
  add('twilio-auth-token', twilioToken, `const twilioAuthToken = '${twilioToken}';`, ["const twilioAuthToken = '"]);
  for (const label of [
    'RSA PRIVATE KEY',
    'EC PRIVATE KEY',
    'DSA PRIVATE KEY',
    'OPENSSH PRIVATE KEY',
    'ENCRYPTED PRIVATE KEY',
    'PRIVATE KEY',
    'PGP PRIVATE KEY BLOCK',
  ]) {
    const key = pem(label);
    add(`pem-${label.toLowerCase().replaceAll(' ', '-')}`, key.body.split('\n')[2]!, `const key${kinds.length} = \`${key.text}\`;`, ['`;']);
  }
  const postgres = random(14) + '!';
  add('postgres-url', postgres, `const pg = 'postgres://admin:${postgres}@db.internal:5432/app', pgPool = 4;`, ["@db.internal:5432/app', pgPool = 4;"]);
  const mongo = random(16);
  add('mongodb-url', mongo, `const mongo = "mongodb+srv://app:${mongo}@cluster0.example.net/db?retryWrites=true";`, [
    '@cluster0.example.net/db?retryWrites=true";',
  ]);
  const redis = random(18);
  add('redis-url', redis, `const redisUrl = 'redis://:${redis}@cache.internal:6379/0';`, ["@cache.internal:6379/0';"]);
  const amqp = random(15);
  add('amqp-url', amqp, `const amqpUrl = 'amqps://worker:${amqp}@mq.internal/vhost';`, ['amqps://worker:']);
  const mysql = random(12);
  add('mysql-url', mysql, `const mysqlUrl = \`mysql://root:${mysql}@127.0.0.1:3306/shop\`;`);
  const basic = `${random(5)}!${random(4)}.${random(3)}`;
  add('basic-auth-url', basic, `const upstream = 'https://deploy:${basic}@registry.example.com/v2/';`, ['@registry.example.com/v2/']);
  const password = `${random(6)}#${random(8)}`;
  add('password-field', password, `const db = { host: 'db', password: '${password}' };`, ["password: '"]);
  const apiKey = random(32);
  add('api-key-field', apiKey, `const client = { apiKey: "${apiKey}" };`, ['apiKey: "']);
  const secret = random(24);
  add('secret-field', secret, `const signing = { secret: '${secret}' };`);
  const token = random(30, HEX + UPPER);
  add('token-field', token, `const headers = { token: '${token}' };`);
  const clientSecret = random(40, ALNUM + '_-');
  add('client-secret-field', clientSecret, `const oauth = { clientId: 'web', clientSecret: '${clientSecret}' };`, ["clientId: 'web'"]);
  const envPassword = random(16);
  const envToken = random(28);
  add('dotenv-password', envPassword, `const envText = 'DB_HOST=db\\nDB_PASSWORD=${envPassword}\\nAPI_TOKEN=${envToken}\\n';`, ['DB_HOST=db']);
  kinds.push({ kind: 'dotenv-token', secret: envToken, code: '' });
  const comment = random(32);
  add('secret-in-comment', comment, `// prod fallback token, rotate me: ${comment}`);
  const disabled = join('gh', 'p_') + random(36);
  add('secretlint-disable-line', disabled, `const ignoredByAuthor = '${disabled}'; // secretlint-disable-line`);
  const disabledBlock = join('np', 'm_') + random(36);
  add('secretlint-disable-block', disabledBlock, `/* secretlint-disable */\nconst alsoIgnored = '${disabledBlock}';\n/* secretlint-enable */`);
  const bearer = random(40, ALNUM + '._-');
  add('bearer-header', bearer, `const auth = { Authorization: 'Bearer ${bearer}' };`, ["Authorization: 'Bearer "]);
  const hf = join('h', 'f_') + random(34);
  add('huggingface', hf, `const hubValue = '${hf}';`);
  const shopify = join('shp', 'at_') + random(32, HEX);
  add('shopify', shopify, `const shopValue = '${shopify}';`);
  const linear = join('lin', '_api_') + random(40);
  add('linear', linear, `const linearValue = '${linear}';`);
  const queryToken = random(32);
  add('url-access-token', queryToken, `const callback = 'https://api.example.com/cb?access_token=${queryToken}&state=1';`, ['&state=1']);
  return kinds;
}

/**
 * A TypeScript file whose one function plants every kind and has a finding (an empty catch): the whole
 * function is the region escalation sends, so every planted line is in the request (redacted).
 */
export function plantedFile(kinds: readonly PlantedSecret[]): string {
  const lines = kinds.filter((kind) => kind.code).flatMap((kind) => kind.code.split('\n'));
  const names = kinds.flatMap((kind) => /^const (\w+)/u.exec(kind.code)?.[1] ?? []);
  return `export function loadAll(text: string): unknown {
${lines.map((line) => `  ${line}`).join('\n')}
  try {
    return JSON.parse(text + [${names.join(', ')}].join());
  } catch {}
  return undefined;
}
`;
}
