import { describe, expect, it } from 'vitest';
import { CASE_NUMBER_PATTERN, formatCaseNumber } from './case-number';

describe('formatCaseNumber', () => {
  it('pads the sequence to six digits after the year', () => {
    expect(formatCaseNumber(2026, 123)).toBe('2026-000123');
    expect(formatCaseNumber(2026, 1)).toBe('2026-000001');
    expect(formatCaseNumber(2026, 999_999)).toBe('2026-999999');
  });

  it('keeps every digit once the sequence outgrows six', () => {
    expect(formatCaseNumber(2026, 1_234_567)).toBe('2026-1234567');
  });

  it('produces numbers the pattern accepts', () => {
    for (const sequence of [1, 42, 999_999, 1_000_000]) {
      expect(formatCaseNumber(2031, sequence)).toMatch(CASE_NUMBER_PATTERN);
    }
  });
});

describe('CASE_NUMBER_PATTERN', () => {
  it.each(['2026-12345', '26-000123', '2026000123', '2026-00012a', ' 2026-000123', '2026-000123 ', ''])(
    'rejects %j',
    (text) => {
      expect(CASE_NUMBER_PATTERN.test(text)).toBe(false);
    },
  );
});
