import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMt940 } from './mt940.parse';

// Minor units as an MT940 amount: 123456 -> "1234,56".
const swift = (minor: bigint): string => {
  const digits = minor.toString().padStart(3, '0');
  return `${digits.slice(0, -2)},${digits.slice(-2)}`;
};

const balance = (minor: bigint): string =>
  `${minor < 0n ? 'D' : 'C'}240301EUR${swift(minor < 0n ? -minor : minor)}`;

const entryArb = fc.record({ credit: fc.boolean(), minor: fc.bigInt({ min: 1n, max: 10n ** 15n }) });

const statement = (opening: bigint, entries: { credit: boolean; minor: bigint }[], closing: bigint): string =>
  [
    ':20:PROP',
    ':25:BE68539007547034',
    ':28C:1/1',
    `:60F:${balance(opening)}`,
    ...entries.map((e, i) => `:61:240301${e.credit ? 'C' : 'D'}${swift(e.minor)}NTRFNONREF//B${i}`),
    `:62F:${balance(closing)}`,
  ].join('\n');

describe('parseMt940 (properties)', () => {
  it('accepts a statement exactly when opening + credits − debits = closing, amounts kept exact', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.array(entryArb, { maxLength: 20 }),
        fc.bigInt({ min: -2n, max: 2n }),
        (opening, entries, error) => {
          const closing = entries.reduce((sum, e) => sum + (e.credit ? e.minor : -e.minor), opening) + error;
          const result = parseMt940(statement(opening, entries, closing));
          expect(result.ok).toBe(error === 0n);
          if (result.ok) {
            expect(result.statements[0]?.entries.map((e) => e.amount.amountMinor)).toEqual(
              entries.map((e) => e.minor),
            );
          }
        },
      ),
    );
  });
});
