// Renders docs/models.md from the built-in catalogue (rules/models/built-in-models.ts): the table of the
// libraries resilint knows. scripts/generate-models.ts writes it; test/models/models-doc.test.ts fails when
// the checked-in file differs from what this renders.
import { BUILT_IN_MODELS } from '../rules/models/built-in-models.js';
import type { BackoffModel, LibraryModel, OptionPlace } from '../rules/models/library-model.js';

type Section = Exclude<keyof LibraryModel, 'package'>;

interface Table<Row> {
  section: Section;
  title: string;
  about: string;
  header: readonly string[];
  /** The table's lines for one row of the catalogue (a deadline row has a line per option). */
  cells(row: Row): readonly (readonly string[])[];
}

const SECTION_NAMES: Readonly<Record<Section, string>> = {
  promiseMethods: 'promise methods',
  handlerRegistrations: 'handler registrations',
  outboundCalls: 'outbound calls',
  errorClasses: 'error classes',
  nonErrorRejections: 'non-Error rejections',
  retryOptions: 'retry options',
};

type RowOf<S extends Section> = NonNullable<LibraryModel[S]>[number];

const TABLES: { [S in Section]: Table<RowOf<S>> } = {
  promiseMethods: {
    section: 'promiseMethods',
    title: 'Promise methods',
    about:
      "Read where types are missing (dependencies not installed): a method of an object made from the package returns a promise (`promise`: `no-unhandled-rejection` reports it left floating), or is named like a promise's `then` / `catch` / `finally` and belongs to a builder or registers a handler (`not-promise`: no promise chain).",
    header: ['package', 'export', 'methods', 'returns'],
    cells: (row) => [[row.export ?? 'any', list(row.methods), row.returns]],
  },
  handlerRegistrations: {
    section: 'handlerRegistrations',
    title: 'Handler registrations',
    about:
      "What the package does with the promise of a handler registered on its objects: `awaited` (the framework awaits it and routes a rejection to its error handler, so `no-unsafe-async-callback` leaves the async handler alone) or `dropped` (an EventEmitter listener: a rejection becomes an unhandled rejection). Decided by the receiver's import, never by the method name alone.",
    header: ['package', 'export', 'methods', 'handlers'],
    cells: (row) => [[row.export ?? 'any', list(row.methods), row.handlers]],
  },
  outboundCalls: {
    section: 'outboundCalls',
    title: 'Outbound calls and their deadlines',
    about:
      'Calls that go over the network or to another process, and the options that bound them, one line per option. `request` and `fetch` calls are judged by `require-request-timeout` at the call; `client` calls (a pool, a connection, a socket) by `require-client-timeout` where the client is made; `instance` calls make an instance whose requests inherit its options; `process` calls run another program, and no rule judges them (a child process may rightly run as long as its work takes). A call whose options all have a finite default is only reported when one is set to 0; one with an unbounded default when none is set. Calls are written `()` (the export called), `new` (constructed) or by method name.',
    header: ['package', 'export', 'calls', 'kind', 'option', 'unit', 'where', 'default', 'finite?'],
    cells: (row) =>
      row.deadlines.map((option) => [
        row.export ?? 'any',
        list(row.methods),
        row.kind,
        `\`${option.name}\`${option.belowMajor ? ` (below ${option.belowMajor.package} ${option.belowMajor.major})` : ''}`,
        option.unit,
        place(option.where),
        option.default === undefined ? 'none' : String(option.default),
        option.defaultIsFinite ? 'yes' : 'no: waits forever',
      ]),
  },
  errorClasses: {
    section: 'errorClasses',
    title: 'Error classes that take a cause',
    about: "The package's error classes whose constructor keeps the error that caused them.",
    header: ['package', 'export', 'class', 'cause argument'],
    cells: (row) => [[row.export ?? 'any', `\`${row.class}\``, `options at argument ${row.causeArgument}`]],
  },
  nonErrorRejections: {
    section: 'nonErrorRejections',
    title: 'APIs that reject or throw non-Errors on purpose',
    about: 'A documented signal, not a mistake.',
    header: ['package', 'export', 'methods', 'why'],
    cells: (row) => [[row.export ?? 'any', list(row.methods), row.reason]],
  },
  retryOptions: {
    section: 'retryOptions',
    title: 'Retry options',
    about:
      'Calls that run or configure retries and the options of their policy: the cap (`no-unbounded-retry-options` reports one that is infinite or absurd, or absent where the default is Infinity), what ends the retries anyway (a time budget, a signal), and how the wait grows (`require-retry-backoff` reports a policy that retries at once or after the same wait every time).',
    header: ['package', 'export', 'calls', 'options at', 'cap (default)', 'ends anyway', 'backoff'],
    cells: (row) => [
      [
        row.export ?? 'any',
        list(row.methods),
        `argument ${row.where.argument}${row.where.or === 'function' ? ' (or before the function)' : row.where.or === 'object' ? ' (or 0, an object)' : ''}`,
        `${row.policy ? `\`${row.policy}.${row.cap}\`${row.policyIsCap ? ` or \`${row.policy}\`` : ''}` : `\`${row.cap}\``} (${row.defaultCap ?? 'none'})`,
        [...(row.budget ?? []), ...(row.forever ? [`not \`${row.forever}\``] : [])].map((name) => (name.startsWith('not') ? name : `\`${name}\``)).join(', ') ||
          '-',
        backoff(row.backoff),
      ],
    ],
  },
};

const HEADER = `# Library models

<!-- Generated from rules/models/built-in-models.ts by \`npm run generate:models\`: edit the catalogue, not this file. -->

What resilint knows about packages is data, one entry per package in
[rules/models/built-in-models.ts](../rules/models/built-in-models.ts) (its shape:
[rules/models/library-model.ts](../rules/models/library-model.ts)). A rule asks the catalogue a question
("does this object's \`reply()\` return a promise?", "does this framework await the handler registered by
\`use()\`?"), decided by the package the receiver was made from (its import, or the object a handler was
registered on); no rule names a package. A false positive or a missed finding on a library becomes a row,
with a test.

## Your own models

Add rows for in-house clients and for packages resilint does not know. They are read before the built-in
ones, so a row can also correct one. The same rows work in both hosts:

\`resilint.config.json\` ([schema](config.schema.json), key \`models\`):

\`\`\`json
{
  "models": [
    { "package": "@acme/bus", "promiseMethods": [{ "methods": ["publish", "request"], "returns": "promise" }] },
    { "package": "@acme/web", "handlerRegistrations": [{ "methods": ["route"], "handlers": "awaited" }] }
  ]
}
\`\`\`

\`eslint.config.js\` (ESLint merges \`settings\`, so this object can follow the preset):

\`\`\`js
export default [
  resilint.configs['recommended-type-checked'],
  { settings: { resilint: { models: [{ package: '@acme/bus', promiseMethods: [{ methods: ['publish'], returns: 'promise' }] }] } } },
];
\`\`\`

- \`package\`: the import specifier (\`@acme/bus\` also matches \`@acme/bus/client\`), or a scope prefix ending
  in \`/\` (\`@acme/\`).
- \`export\` (in a row, optional): only objects made from this export (\`Bus\`, \`default\`).
- \`promiseMethods\`: \`{ methods, returns: "promise" | "not-promise" }\`; \`handlerRegistrations\`:
  \`{ methods, handlers: "awaited" | "dropped" }\`, as in the tables below.
- \`outboundCalls\`: \`{ methods, kind, options, deadlines: [{ name, unit, where, default, defaultIsFinite }] }\`:
  an in-house HTTP client whose \`send(url, { timeoutMs })\` waits forever without \`timeoutMs\` is

  \`\`\`json
  {
    "package": "@acme/http",
    "outboundCalls": [
      {
        "methods": ["send"],
        "kind": "request",
        "options": { "kind": "argument", "argument": 1 },
        "deadlines": [{ "name": "timeoutMs", "unit": "ms", "where": { "kind": "argument", "argument": 1 }, "default": 0, "defaultIsFinite": false }]
      }
    ]
  }
  \`\`\`

  and \`require-request-timeout\` reports \`acme.send(url)\`. A \`client\` row (a pool or a connection) is judged by
  \`require-client-timeout\` where it is made. A row whose defaults are all finite only reports a deadline set to 0.
- \`retryOptions\`: \`{ methods, where, cap, defaultCap, budget }\`: \`no-unbounded-retry-options\` reports an
  infinite or absurd cap (and a missing one when \`defaultCap\` is \`1e309\`, Infinity); with a \`backoff\` (how
  the wait grows, as in the retry table), \`require-retry-backoff\` reports a policy that retries at once or after
  the same wait. Every built-in row is a valid user row, so a built-in one can be copied and corrected.

A model that does not fit the schema stops \`analyze\` (exit 2) and the ESLint run with the place of the
problem. The other sections of the catalogue (error classes that take a cause, APIs that reject with
non-Errors on purpose) are declared in the type and filled as the rules move their knowledge into it; the
user schema accepts a section once a rule reads it, so that every row you write has an effect.

**Why the catalogue is passed, not imported.** The hosts build one catalogue per project (the user's rows,
then the built-in ones) and hand it to the rules in \`ProjectFacts.models\`; the rules pass it to the
predicates that ask about packages. A module-level registry the config writes into would be shared by
every project one ESLint process lints (two config objects with different \`settings\` would see each
other's rows) and could make the plugin and \`analyze\` disagree; \`test/models/user-models.test.ts\`
checks both.

**Why rows are looked up through an index.** The rules meet every call of a program, so they never scan
the catalogue per call: \`getCatalogueIndex\` (rules/models/get-catalogue-index.ts) builds one index per
catalogue (per project), which keeps the rows of each section and import specifier once asked and the set
of every method name of an outbound row, so \`logger.info()\` is dismissed by one Set lookup before anything
is resolved.

**Not in the catalogue yet, and why.** Libraries of issue 12's list whose deadlines or retries have no row (the
facts were read from their tarballs; a row needs the rule to say something true at each call it matches):

- AWS SDK v3 (\`@aws-sdk/*\`): no deadline by default (@smithy/node-http-handler 4.14.2: \`DEFAULT_REQUEST_TIMEOUT = 0\`,
  \`connectionTimeout\` unset); set through \`requestHandler: { requestTimeout, connectionTimeout }\`. A row would report
  every \`new S3Client()\` with no message of \`require-client-timeout\` that fits an SDK client, and the scope also
  constructs commands with \`new\`, so the clients would have to be listed one by one.
- \`@grpc/grpc-js\`: the \`deadline\` call option, none by default; a call is a method generated from the service
  definition (\`client.sayHello(request, metadata?, options?, callback)\`), which no row can name, with its options
  after an optional metadata.
- \`@octokit/*\` deadlines: @octokit/request 10 reads no \`timeout\` any more, only \`request.signal\`, none by default.
- jsdom's \`JSDOM.fromURL()\`: no option of the call bounds it, but jsdom 31.0.1 fetches through undici's global
  dispatcher (lib/api.js: \`dispatcher = getGlobalDispatcher()\`, or \`resources.dispatcher\`), whose \`headersTimeout\`
  and \`bodyTimeout\` default to 300 s: bounded, with no option a row could name.
- Prisma, TypeORM, Sequelize and drizzle deadlines: they belong to the driver or the connection string the ORM is
  given (TypeORM's \`type\`), which a row keyed on the export cannot tell.
- amqplib's \`connect()\`: its \`timeout\` (none by default) bounds only the handshake; an open connection has the
  heartbeat the server proposes.
- kafkajs retries (\`retries\` 5, \`initialRetryTime\` 300, \`multiplier\` 2, \`factor\` 0.2 of jitter, \`maxRetryTime\`
  30000 capping each wait, in src/retry/defaults.js): they are options of \`new Kafka({ retry })\` and of
  \`kafka.producer({ retry })\`, a construction and an instance's method, and the retry rules read calls of an import.

`;

export function renderModelsDoc(models: readonly LibraryModel[] = BUILT_IN_MODELS): string {
  const parts = [HEADER.trimEnd(), '', '## Supported libraries', '', '| package | what resilint knows |', '| --- | --- |'];
  for (const model of models) {
    const known = (Object.keys(SECTION_NAMES) as Section[]).filter((section) => (model[section]?.length ?? 0) > 0).map((section) => SECTION_NAMES[section]);
    parts.push(`| \`${model.package}\` | ${known.join(', ')} |`);
  }
  for (const section of Object.keys(TABLES) as Section[]) parts.push('', renderTable(models, TABLES[section] as Table<RowOf<Section>>));
  return `${parts.join('\n')}\n`;
}

function renderTable<Row>(models: readonly LibraryModel[], table: Table<Row>): string {
  const lines = [`## ${table.title}`, '', table.about, ''];
  const rows = models.flatMap((model) =>
    ((model[table.section] ?? []) as readonly Row[]).flatMap((row) => table.cells(row).map((cells) => [`\`${model.package}\``, ...cells])),
  );
  if (rows.length === 0) {
    lines.push('No rows yet: the rules still hold this knowledge as code.');
    return lines.join('\n');
  }
  lines.push(`| ${table.header.join(' | ')} |`, `| ${table.header.map(() => '---').join(' | ')} |`);
  for (const cells of rows) lines.push(`| ${cells.join(' | ')} |`);
  return lines.join('\n');
}

function list(names: readonly string[]): string {
  return names.map((name) => `\`${name}\``).join(', ');
}

function place(where: OptionPlace): string {
  if (where.kind === 'argument') return `argument ${where.argument}${where.or ? ` (${where.or})` : ''}`;
  if (where.kind === 'client') return "the instance's options";
  if (where.kind === 'defaults') return `\`.${where.object}\``;
  return `\`.${where.method}()\` on the result`;
}

function backoff(model: BackoffModel | undefined): string {
  if (!model) return '-';
  if (model.kind === 'factor') {
    const parts = [`\`${model.factor}\` (default ${model.factorDefault})`];
    if (model.minDelay) parts.push(`from \`${model.minDelay.option}\` (default ${model.minDelay.default})`);
    if (model.maxDelay) parts.push(`max \`${model.maxDelay}\``);
    parts.push(`jitter \`${model.jitter.option}\` (${model.jitter.default ? 'on' : 'off'} by default)`);
    return parts.join(', ');
  }
  if (model.kind === 'delay-function') return `\`${model.option}\` (none by default: retries at once; ${list(model.zeroDelays)} waits nothing)`;
  return `\`${model.option}\` (none by default: retries at once; \`${model.constant}\` waits the same every time)`;
}
