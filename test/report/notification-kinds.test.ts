import fs from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { NOTIFICATION_KINDS } from '../../src/findings/finding.js';
import { REPO_ROOT } from '../helpers/lint-snippet.js';

interface ReportSchema {
  definitions: { notification: { properties: { kind: { enum: string[] } } } };
}

describe('notification kinds', () => {
  it('the report schema enumerates exactly the kinds the code can write', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'docs/report.schema.json'), 'utf8')) as ReportSchema;
    expect([...schema.definitions.notification.properties.kind.enum].sort()).toEqual([...NOTIFICATION_KINDS].sort());
  });

  it('docs/reliability.md has a row for every kind', () => {
    const doc = fs.readFileSync(path.join(REPO_ROOT, 'docs/reliability.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## Notification kinds'), doc.indexOf('## The fuzz test'));
    const documented = new Set(
      section
        .split('\n')
        .filter((line) => line.startsWith('| `'))
        .flatMap((line) => [...line.split('|')[1]!.matchAll(/`([a-z0-9-]+)`/gu)].map((match) => match[1]!)),
    );
    expect(NOTIFICATION_KINDS.filter((kind) => !documented.has(kind))).toEqual([]);
    expect([...documented].filter((kind) => !(NOTIFICATION_KINDS as readonly string[]).includes(kind))).toEqual([]);
  });
});
