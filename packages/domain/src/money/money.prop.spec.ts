import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, allocate, formatMoney, money, parseMoney, subtract, sum, type Money } from './money';

const currency = fc.constantFrom('EUR', 'JPY', 'KWD');
const amount = fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n });
const anyMoney = fc.tuple(amount, currency).map(([minor, code]) => money(minor, code));

describe('money properties', () => {
  it('parse(format(m)) is m', () => {
    fc.assert(
      fc.property(anyMoney, (m) => {
        expect(parseMoney(formatMoney(m), m.currency)).toEqual(m);
      }),
    );
  });

  it('subtract undoes add', () => {
    fc.assert(
      fc.property(amount, amount, currency, (a, b, code) => {
        const x: Money = money(a, code);
        const y: Money = money(b, code);
        expect(subtract(add(x, y), y)).toEqual(x);
        expect(add(subtract(x, y), y)).toEqual(x);
      }),
    );
  });

  it('allocate conserves the total and stays within one minor unit of each exact share', () => {
    const ratios = fc
      .array(fc.bigInt({ min: 0n, max: 1000n }), { minLength: 1, maxLength: 12 })
      .filter((rs) => rs.some((r) => r > 0n));
    fc.assert(
      fc.property(anyMoney, ratios, (total, rs) => {
        const parts = allocate(total, rs);
        expect(parts).toHaveLength(rs.length);
        expect(sum(parts, total.currency)).toEqual(total);
        const ratioSum = rs.reduce((a, r) => a + r, 0n);
        parts.forEach((part, i) => {
          // |part - total * r / R| < 1  <=>  |part * R - total * r| < R
          const gap = part.amountMinor * ratioSum - total.amountMinor * (rs[i] ?? 0n);
          expect(gap < ratioSum && -gap < ratioSum).toBe(true);
        });
      }),
    );
  });
});
