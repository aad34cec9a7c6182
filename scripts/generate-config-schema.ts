// Writes the `llm` section of docs/config.schema.json from the LLM stage's own schema
// (src/cli/llm-options.ts) and the `models` section from the catalogue's (rules/models/models-schema.ts),
// which are the sources of truth; test/config/config-schema.test.ts fails on drift.
// Usage: npm run generate:config-schema
import fs from 'node:fs';
import path from 'node:path';

import { MODELS_SCHEMA } from '../rules/models/models-schema.js';
import { LLM_CONFIG_SCHEMA } from '../src/cli/llm-options.js';

const file = path.resolve(import.meta.dirname, '../docs/config.schema.json');
const schema = JSON.parse(fs.readFileSync(file, 'utf8')) as { properties: Record<string, unknown> };
schema.properties.llm = LLM_CONFIG_SCHEMA;
schema.properties.models = MODELS_SCHEMA;
fs.writeFileSync(file, `${JSON.stringify(schema, null, 2)}\n`);
