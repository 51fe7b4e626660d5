import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEBT_COMPONENTS, type DebtComponent } from '../ledger/ledger.types';
import { allocateByWaterfall, type AllocationPolicy, type DebtSnapshot, type ItemOrder } from './waterfall';

const balance = fc.bigInt({ min: -5_000n, max: 1_000_000n });

const debtArbitrary: fc.Arbitrary<DebtSnapshot> = fc.record({
  currency: fc.constant('EUR'),
  components: fc.record({ interest: balance, fees: balance, costs: balance }),
  items: fc
    .array(
      fc.record({
        dueDate: fc.constantFrom('2023-11-30', '2024-01-15', '2024-01-15', '2024-06-01'),
        outstanding: balance,
        referenced: fc.boolean(),
      }),
      { maxLength: 8 },
    )
    .map((items) => items.map((item, i) => ({ itemId: `item-${i}`, ...item }))),
});

const policyArbitrary: fc.Arbitrary<AllocationPolicy> = fc.record({
  code: fc.constant('random'),
  name: fc.constant('random'),
  componentOrder: fc.shuffledSubarray([...DEBT_COMPONENTS], { minLength: 4, maxLength: 4 }),
  itemOrder: fc.constantFrom<ItemOrder>(
    'oldest-first',
    'referenced-first',
    'largest-first',
    'smallest-first',
  ),
  legalBasis: fc.constant(null),
});

const owedOf = (debt: DebtSnapshot, component: DebtComponent, itemId: string | null): bigint => {
  const raw =
    component === 'principal'
      ? (debt.items.find((item) => item.itemId === itemId)?.outstanding ?? 0n)
      : debt.components[component];
  return raw > 0n ? raw : 0n;
};

const totalOwed = (debt: DebtSnapshot): bigint =>
  [
    ...DEBT_COMPONENTS.filter((c) => c !== 'principal').map((c) => owedOf(debt, c, null)),
    ...debt.items.map((i) => owedOf(debt, 'principal', i.itemId)),
  ].reduce((a, b) => a + b, 0n);

describe('waterfall properties', () => {
  it('conserves the amount, never over-pays a part, never goes negative, leaves a remainder only when all is paid', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10_000_000n }),
        debtArbitrary,
        policyArbitrary,
        (amount, debt, policy) => {
          const { lines, remainder } = allocateByWaterfall(
            { amountMinor: amount, currency: 'EUR' },
            debt,
            policy,
          );
          const allocated = lines.reduce((s, l) => s + l.amount.amountMinor, 0n);
          expect(allocated + remainder.amountMinor).toBe(amount);
          expect(remainder.amountMinor >= 0n).toBe(true);

          const parts = new Set<string>();
          for (const line of lines) {
            expect(line.amount.currency).toBe('EUR');
            expect(line.amount.amountMinor > 0n).toBe(true);
            expect(line.amount.amountMinor <= owedOf(debt, line.component, line.itemId)).toBe(true);
            expect(line.itemId === null).toBe(line.component !== 'principal');
            const part = `${line.component}/${line.itemId}`;
            expect(parts.has(part)).toBe(false);
            parts.add(part);
          }
          if (remainder.amountMinor > 0n) expect(allocated).toBe(totalOwed(debt));
          else expect(allocated).toBe(amount);
        },
      ),
    );
  });

  it('takes the components in the policy order', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10_000_000n }),
        debtArbitrary,
        policyArbitrary,
        (amount, debt, policy) => {
          const { lines } = allocateByWaterfall({ amountMinor: amount, currency: 'EUR' }, debt, policy);
          const ranks = lines.map((l) => policy.componentOrder.indexOf(l.component));
          expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
          // every component before the last one touched is fully paid
          const last = ranks[ranks.length - 1] ?? -1;
          for (const component of policy.componentOrder.slice(0, Math.max(last, 0))) {
            const paid = lines
              .filter((l) => l.component === component)
              .reduce((s, l) => s + l.amount.amountMinor, 0n);
            const owed =
              component === 'principal'
                ? debt.items.reduce((s, i) => s + owedOf(debt, 'principal', i.itemId), 0n)
                : owedOf(debt, component, null);
            expect(paid).toBe(owed);
          }
        },
      ),
    );
  });
});
