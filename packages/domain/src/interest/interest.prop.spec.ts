import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, formatDate, parseDate } from '../calendar/calendar';
import { computeLateInterest, type InterestRequest } from './interest';
import type { ReferenceRate } from './reference-rates';

// Real rows (shared/data/rates) so that statutory regimes can be exercised over 2024–2025.
const RATES: readonly ReferenceRate[] = [
  { series: 'ecb-mro', effectiveFrom: '2023-09-20', ratePercent: '4.50', source: 'ECB' },
  { series: 'ecb-mro', effectiveFrom: '2024-06-12', ratePercent: '4.25', source: 'ECB' },
  { series: 'ecb-mro', effectiveFrom: '2024-12-18', ratePercent: '3.15', source: 'ECB' },
  { series: 'ecb-mro', effectiveFrom: '2025-06-11', ratePercent: '2.15', source: 'ECB' },
  { series: 'de-basiszinssatz', effectiveFrom: '2024-01-01', ratePercent: '3.62', source: 'BBk' },
  { series: 'de-basiszinssatz', effectiveFrom: '2024-07-01', ratePercent: '3.37', source: 'BBk' },
  { series: 'de-basiszinssatz', effectiveFrom: '2025-01-01', ratePercent: '2.27', source: 'BBk' },
  { series: 'de-basiszinssatz', effectiveFrom: '2025-07-01', ratePercent: '1.27', source: 'BBk' },
  { series: 'uk-bank-rate', effectiveFrom: '2023-08-03', ratePercent: '5.25', source: 'BoE' },
  { series: 'uk-bank-rate', effectiveFrom: '2024-08-01', ratePercent: '5.00', source: 'BoE' },
  { series: 'uk-bank-rate', effectiveFrom: '2024-11-07', ratePercent: '4.75', source: 'BoE' },
  { series: 'fr-legal-other', effectiveFrom: '2024-01-01', ratePercent: '5.07', source: 'arrete' },
  { series: 'fr-legal-other', effectiveFrom: '2024-07-01', ratePercent: '4.92', source: 'arrete' },
  { series: 'fr-legal-other', effectiveFrom: '2025-01-01', ratePercent: '3.71', source: 'arrete' },
  { series: 'fr-legal-other', effectiveFrom: '2025-07-01', ratePercent: '2.76', source: 'arrete' },
];
const KNOWN = { ratesKnownThrough: { 'ecb-mro': '2025-12-31', 'uk-bank-rate': '2025-12-31' } };

const START = parseDate('2024-01-01');
// Due dates up to early 2025 and delays up to ~7 months stay inside the rows above.
const dayIn2024To2025 = fc.integer({ min: 0, max: 400 }).map((n) => addDays(START, n));
const principalMinor = fc.bigInt({ min: 1n, max: 10n ** 12n });
const rate = fc
  .tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 99 }))
  .map(([whole, cents]) => `${whole}.${String(cents).padStart(2, '0')}`);
const rounding = fc.constantFrom('half-up', 'half-even', 'down' as const);
const dayCount = fc.constantFrom('ACT/365', 'ACT/360', 'ACT/ACT' as const);
const regime = fc.constantFrom(
  { jurisdiction: 'FR' as const, debtor: 'business' as const },
  { jurisdiction: 'FR' as const, debtor: 'consumer' as const },
  { jurisdiction: 'DE' as const, debtor: 'business' as const },
  { jurisdiction: 'DE' as const, debtor: 'consumer' as const },
  { jurisdiction: 'EU' as const, debtor: 'business' as const },
  { jurisdiction: 'UK' as const, debtor: 'business' as const },
);

describe('late interest properties', () => {
  it('zero principal gives zero interest', () => {
    fc.assert(
      fc.property(regime, dayIn2024To2025, fc.integer({ min: 0, max: 150 }), (r, due, length) => {
        const result = computeLateInterest(
          {
            ...r,
            principal: { amountMinor: 0n, currency: 'EUR' },
            dueDate: formatDate(due),
            paidDate: formatDate(addDays(due, length)),
          },
          RATES,
          KNOWN,
        );
        expect(result.interest.amountMinor).toBe(0n);
        expect(result.periods).toEqual([]);
      }),
    );
  });

  it('interest never decreases with more days of delay', () => {
    fc.assert(
      fc.property(
        regime,
        principalMinor,
        dayIn2024To2025,
        fc.integer({ min: 0, max: 150 }),
        fc.integer({ min: 0, max: 60 }),
        rounding,
        (r, minor, due, length, more, mode) => {
          const base: InterestRequest = {
            ...r,
            principal: { amountMinor: minor, currency: 'EUR' },
            dueDate: formatDate(due),
            paidDate: formatDate(addDays(due, length)),
            rounding: mode,
          };
          const shorter = computeLateInterest(base, RATES, KNOWN).interest.amountMinor;
          const longer = computeLateInterest(
            { ...base, paidDate: formatDate(addDays(due, length + more)) },
            RATES,
            KNOWN,
          ).interest.amountMinor;
          expect(longer).toBeGreaterThanOrEqual(shorter);
        },
      ),
    );
  });

  it('with a constant contractual rate, splitting the delay moves the total by at most one minor unit', () => {
    fc.assert(
      fc.property(
        principalMinor,
        rate,
        dayCount,
        rounding,
        dayIn2024To2025,
        fc.integer({ min: 2, max: 800 }),
        fc.integer({ min: 1, max: 799 }),
        (minor, ratePercent, convention, mode, due, length, cutAt) => {
          fc.pre(cutAt < length);
          const contract = (from: string, to: string): bigint =>
            computeLateInterest(
              {
                jurisdiction: 'CONTRACT',
                principal: { amountMinor: minor, currency: 'EUR' },
                dueDate: from,
                paidDate: to,
                debtor: 'business',
                contractualRatePercent: ratePercent,
                dayCount: convention,
                rounding: mode,
              },
              [],
            ).interest.amountMinor;
          const whole = contract(formatDate(due), formatDate(addDays(due, length)));
          const middle = formatDate(addDays(due, cutAt));
          const split =
            contract(formatDate(due), middle) + contract(middle, formatDate(addDays(due, length)));
          const difference = whole > split ? whole - split : split - whole;
          expect(difference).toBeLessThanOrEqual(1n);
        },
      ),
    );
  });

  it('the total is within half a minor unit per period of the sum of the displayed period amounts', () => {
    fc.assert(
      fc.property(
        regime,
        principalMinor,
        dayIn2024To2025,
        fc.integer({ min: 1, max: 210 }),
        (r, minor, due, length) => {
          const result = computeLateInterest(
            {
              ...r,
              principal: { amountMinor: minor, currency: 'EUR' },
              dueDate: formatDate(due),
              paidDate: formatDate(addDays(due, length)),
            },
            RATES,
            KNOWN,
          );
          const displayed = result.periods.reduce((acc, p) => acc + p.amount.amountMinor, 0n);
          const gap = result.interest.amountMinor - displayed;
          expect(gap < 0n ? -gap : gap).toBeLessThanOrEqual(BigInt(result.periods.length));
        },
      ),
    );
  });
});
