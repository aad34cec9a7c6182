// Writes docs/models.md, the table of the libraries resilint knows, from the catalogue
// (rules/models/built-in-models.ts); test/models/models-doc.test.ts fails when it is out of date.
// Usage: npm run generate:models
import fs from 'node:fs';
import path from 'node:path';

import { renderModelsDoc } from './generate-models-doc.js';

fs.writeFileSync(path.resolve(import.meta.dirname, '../docs/models.md'), renderModelsDoc());
