import { describe, expect, it } from 'vitest';

import { applyDefault } from '../../rules/engine/apply-default.js';

describe('applyDefault', () => {
  it('merges objects deeply, replaces arrays and scalars, and never mutates the defaults', () => {
    const defaults = [{ timeoutMs: 10_000, nested: { a: 1, b: 2 }, names: ['fetch'] }, 'x'] as const;
    const merged = applyDefault(defaults, [{ nested: { b: 3 }, names: ['http'] }]);
    expect(merged).toEqual([{ timeoutMs: 10_000, nested: { a: 1, b: 3 }, names: ['http'] }, 'x']);
    expect(defaults[0].nested.b).toBe(2);
    expect(applyDefault(defaults, undefined)).toEqual(defaults);
    expect(applyDefault([{ a: 1 }], [5])).toEqual([5]);
  });
});
