import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { Random } from './random.js';
import { MODULE_FILES, type ModuleInfo, moduleFile, pickFields, sharedFiles, utilityFile, vendorTypes } from './templates.js';

export interface GenerateOptions {
  /** Number of `.ts` files to generate (package.json and tsconfig.json come on top). */
  files: number;
  seed: number;
}

export interface GeneratedFile {
  /** Relative to the project root, forward slashes. */
  path: string;
  text: string;
}

export const DEFAULT_FILES = 3_000;
export const DEFAULT_SEED = 20_261_126;

const DOMAINS: readonly [plural: string, singular: string][] = [
  ['orders', 'Order'],
  ['invoices', 'Invoice'],
  ['payments', 'Payment'],
  ['shipments', 'Shipment'],
  ['products', 'Product'],
  ['carts', 'Cart'],
  ['coupons', 'Coupon'],
  ['reviews', 'Review'],
  ['sessions', 'Session'],
  ['accounts', 'Account'],
  ['ledgers', 'Ledger'],
  ['refunds', 'Refund'],
  ['notifications', 'Notification'],
  ['subscriptions', 'Subscription'],
  ['plans', 'Plan'],
  ['tenants', 'Tenant'],
  ['webhooks', 'Webhook'],
  ['reports', 'Report'],
  ['audits', 'Audit'],
  ['warehouses', 'Warehouse'],
  ['suppliers', 'Supplier'],
  ['customers', 'Customer'],
  ['tickets', 'Ticket'],
  ['devices', 'Device'],
  ['quotas', 'Quota'],
];

/** Files every generated project has, outside the domain modules. */
const FIXED_FILES = Object.keys(sharedFiles()).length + 2; // + types/vendor.d.ts + src/main.ts

export const MIN_FILES = FIXED_FILES + MODULE_FILES.length;

/**
 * The synthetic service as a list of files: pure and deterministic for a given seed and size.
 * Layout: `src/shared/` (logger, config, db pool, http, queue, retry), one folder per domain module
 * (`src/orders-17/` with types, errors, mapper, validation, cache, retry, client, repository,
 * service, handlers, worker, index), `src/lib/util-<n>.ts` to reach the exact count, `src/main.ts`
 * wiring some routers, and `types/vendor.d.ts` typing axios, pg, express and p-retry.
 */
export function generateProject(options: GenerateOptions): GeneratedFile[] {
  if (!Number.isInteger(options.files) || options.files < MIN_FILES) {
    throw new RangeError(`The synthetic project needs at least ${MIN_FILES} files; got ${options.files}.`);
  }
  const random = new Random(options.seed);
  const files: GeneratedFile[] = [
    { path: 'package.json', text: packageJson() },
    { path: 'tsconfig.json', text: tsconfigJson() },
    { path: 'types/vendor.d.ts', text: vendorTypes() },
  ];
  for (const [file, text] of Object.entries(sharedFiles())) {
    files.push({ path: file, text });
  }

  const moduleCount = Math.floor((options.files - FIXED_FILES) / MODULE_FILES.length);
  const modules: ModuleInfo[] = [];
  for (let index = 0; index < moduleCount; index++) {
    const [plural, singular] = DOMAINS[index % DOMAINS.length] as [string, string];
    const number = Math.floor(index / DOMAINS.length) + 1;
    const earlier = modules.slice(Math.max(0, modules.length - 40));
    const module: ModuleInfo = {
      dir: `${plural}-${number}`,
      pascal: `${capitalize(plural)}${number}`,
      entity: `${singular}${number}`,
      table: `${plural}_${number}`,
      fields: pickFields(random),
      uses: random.sample(earlier, random.int(0, 2)),
    };
    modules.push(module);
    for (const kind of MODULE_FILES) {
      files.push({ path: `src/${module.dir}/${kind}.ts`, text: moduleFile(kind, module, random) });
    }
  }

  const utilities = options.files - FIXED_FILES - moduleCount * MODULE_FILES.length;
  for (let index = 0; index < utilities; index++) {
    files.push({ path: `src/lib/util-${index}.ts`, text: utilityFile(index, random) });
  }
  files.push({ path: 'src/main.ts', text: mainFile(modules.slice(0, 20)) });
  return files;
}

/** This repository's node_modules: the generated tsconfig wants @types/node from an installed project. */
const REPOSITORY_NODE_MODULES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../node_modules');

/**
 * Writes the project into `directory`, replacing an earlier generated project there, and links this
 * repository's node_modules into it like an installed project's, so that it type-checks.
 */
export function writeProject(directory: string, files: readonly GeneratedFile[]): void {
  fs.rmSync(directory, { recursive: true, force: true });
  for (const file of files) {
    const target = path.join(directory, file.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, file.text);
  }
  fs.symlinkSync(REPOSITORY_NODE_MODULES, path.join(directory, 'node_modules'), 'dir');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function packageJson(): string {
  return `${JSON.stringify(
    {
      name: 'synthetic-service',
      private: true,
      type: 'module',
      dependencies: { axios: '^1.7.0', express: '^4.18.2', pg: '^8.11.0', 'p-retry': '^6.2.0' },
    },
    null,
    2,
  )}\n`;
}

function tsconfigJson(): string {
  return `${JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        lib: ['ES2023'],
        types: ['node'],
        strict: true,
        noEmit: true,
        skipLibCheck: true,
      },
      include: ['src', 'types'],
    },
    null,
    2,
  )}\n`;
}

function mainFile(modules: readonly ModuleInfo[]): string {
  const imports = modules
    .map(
      (module) =>
        `import { ${module.pascal}Client, ${module.pascal}Repository, ${module.pascal}Service, create${module.pascal}Router } from './${module.dir}/index.js';`,
    )
    .join('\n');
  const mounts = modules
    .map(
      (module) =>
        `app.use('/${module.dir}', create${module.pascal}Router(new ${module.pascal}Service(new ${module.pascal}Repository(), new ${module.pascal}Client(config.upstreamUrl, logger), logger)));`,
    )
    .join('\n');
  return `import express from 'express';

import { loadConfig } from './shared/config.js';
import { createLogger } from './shared/logger.js';
${imports}

const config = loadConfig();
const logger = createLogger('main');
const app = express();

${mounts}

app.listen(config.port, () => logger.info('listening', { port: config.port }));
`;
}

// `node --import tsx scripts/bench/generate.ts <dir> [--files N] [--seed S]`
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const flag = (name: string, fallback: number): number => {
    const at = args.indexOf(name);
    return at === -1 ? fallback : Number(args[at + 1]);
  };
  const directory = args.find((arg, index) => !arg.startsWith('--') && !args[index - 1]?.startsWith('--'));
  if (!directory) {
    process.stderr.write('usage: node --import tsx scripts/bench/generate.ts <dir> [--files N] [--seed S]\n');
    process.exitCode = 2;
  } else {
    const files = generateProject({ files: flag('--files', DEFAULT_FILES), seed: flag('--seed', DEFAULT_SEED) });
    writeProject(path.resolve(directory), files);
    process.stdout.write(`${files.length} files written to ${directory}\n`);
  }
}
