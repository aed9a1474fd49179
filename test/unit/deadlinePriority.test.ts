import { describe, expect, it } from 'vitest';
import { deadlinePriority } from '../../domain/deadlinePriority';

describe('deadline priority', () => {
  it.each([
    ['2026-08-01', 1],
    ['2026-08-07', 1],
    ['2026-08-14', 2],
    ['2026-08-31', 3],
    ['2026-10-31', 4],
    ['2027-01-31', 5],
  ] as const)('due %s, seen on 2026-07-31: %i', (due, priority) => {
    expect(deadlinePriority(due, '2026-07-31')).toBe(priority);
  });

  it('puts overdue work first and work without a deadline last', () => {
    expect(deadlinePriority('2026-05-07', '2026-07-31')).toBe(1);
    expect(deadlinePriority(null, '2026-07-31')).toBe(5);
  });
});
