import { describe, expect, it } from 'vitest';
import { sortableId } from '../src/util/sortable-id.ts';

describe('sortableId', () => {
  it('sorts in creation order, also within one millisecond, and keeps the 32-hex-digit shape', () => {
    const ids = Array.from({ length: 5_000 }, () => sortableId('ep'));
    for (const id of ids) expect(id).toMatch(/^ep_[0-9a-f]{32}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
