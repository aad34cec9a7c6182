import fs from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { addLineHashes, computeLineHashes } from '../../src/report/sarif/line-hash.js';
import { FIXTURES, referenceLineHashes } from './sarif-support.js';

// Published vectors of GitHub's upload action (codeql-action src/fingerprints.test.ts).
const CODEQL_VECTORS: readonly [string, readonly string[]][] = [
  ['', ['c129715d7a2bc9a3:1']],
  [' a\nb\n  \t\tc\n d', ['271789c17abda88f:1', '54703d4cd895b18:1', '180aee12dab6264:1', 'a23a3dc5e078b07b:1']],
  [
    ' hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End',
    ['8b7cf3e952e7aeb2:1', 'b1ae1287ec4718d9:1', 'bff680108adb0fcc:1', 'c6805c5e1288b612:1', 'b86d3392aea1be30:1', 'e6ceba753e1a442:1'],
  ],
  ...[
    ' hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n',
    ' hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r',
    ' hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n',
    ' hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n',
  ].map(
    (text) =>
      [
        text,
        [
          'e9496ae3ebfced30:1',
          'fb7c023a8b9ccb3f:1',
          'ce8ba1a563dcdaca:1',
          'e20e36e16fcb0cc8:1',
          'b3edc88f2938467e:1',
          'c8e28b0b4002a3a0:1',
          'c129715d7a2bc9a3:1',
        ],
      ] as [string, string[]],
  ),
  [
    'Lorem ipsum dolor sit amet.\n'.repeat(10),
    [
      ...[1, 2, 3, 4, 5, 6].map((n) => `a7f2ff13bc495cf2:${n}`),
      'a7f2ff1481e87703:1',
      'a9cf91f7bbf1862b:1',
      '55ec222b86bcae53:1',
      'cc97dc7b1d7d8f7b:1',
      'c129715d7a2bc9a3:1',
    ],
  ],
  [
    'x = 2\nx = 1\nprint(x)\nx = 3\nprint(x)\nx = 4\nprint(x)\n',
    [
      'e54938cc54b302f1:1',
      'bb609acbe9138d60:1',
      '1131fd5871777f34:1',
      '5c482a0f8b35ea28:1',
      '54517377da7028d2:1',
      '2c644846cb18d53e:1',
      'f1b89f20de0d133:1',
      'c129715d7a2bc9a3:1',
    ],
  ],
];

describe('computeLineHashes', () => {
  it.each(CODEQL_VECTORS.map(([text, hashes], index) => ({ index, text, hashes })))(
    'matches the upload action on its test vector $index',
    ({ text, hashes }) => {
      expect(computeLineHashes(text)).toEqual(hashes);
    },
  );

  it('gives one hash per line, lines ending in CR, LF or CRLF', () => {
    for (const [text] of CODEQL_VECTORS) {
      expect(computeLineHashes(text)).toHaveLength(text.split(/\r\n|\r|\n/u).length);
    }
  });

  it('agrees with the independent per-line formula on the fixture sources', () => {
    const files = fs.readdirSync(path.join(FIXTURES, 'sarif-service/src'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const text = fs.readFileSync(path.join(FIXTURES, 'sarif-service/src', file), 'utf8');
      expect(computeLineHashes(text), file).toEqual(referenceLineHashes(text));
    }
  });

  it('agrees with the independent formula on random text with mixed line ends, tabs, a BOM and non-ASCII', () => {
    const alphabet = ['a', 'Z', '0', ' ', '\t', '\n', '\r', '\r\n', '{', '}', ';', 'é', '\u{1F600}', '\uFEFF', 'x'.repeat(130)];
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let sample = 0; sample < 200; sample += 1) {
      const length = Math.floor(random() * 400);
      const text = Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      expect(computeLineHashes(text)).toEqual(referenceLineHashes(text));
    }
  });

  it('changes for an edited line and the lines whose window reaches it, not for lines after', () => {
    const lines = Array.from({ length: 40 }, (_unused, index) => `const value${index} = compute(${index});`);
    const before = computeLineHashes(lines.join('\n'));
    const edited = [...lines];
    edited[20] = 'const value20 = compute(-1);';
    const after = computeLineHashes(edited.join('\n'));
    expect(after[20]).not.toBe(before[20]);
    expect(after[19]).not.toBe(before[19]);
    expect(after.slice(21)).toEqual(before.slice(21));
    expect(after.slice(0, 10)).toEqual(before.slice(0, 10));
  });
});

describe('addLineHashes', () => {
  it('sets the hash of each finding start line and leaves lines past the end without one', () => {
    const text = 'a();\n  b();\nc();\n';
    const base = {
      ruleId: 'resilint/x',
      messageId: 'm',
      family: 'error-handling' as const,
      severity: 'error' as const,
      file: 'f.ts',
      column: 1,
      endColumn: 2,
      message: 'm',
      fingerprint: 'f',
    };
    const hashed = addLineHashes(
      [
        { ...base, line: 2, endLine: 2 },
        { ...base, line: 9, endLine: 9 },
      ],
      text,
    );
    expect(hashed[0]!.lineHash).toBe(referenceLineHashes(text)[1]);
    expect(hashed[1]!.lineHash).toBeUndefined();
  });
});
