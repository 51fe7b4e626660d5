import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysBetween, parseDate } from '../calendar/calendar';
import { money, sum } from '../money/money';
import { buildSchedule, PERIODICITIES, type PlanTerms } from './schedule';

const currency = fc.constantFrom('EUR', 'JPY', 'KWD');
const date = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2090-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

// Rates with up to two decimals, kept as an exact fraction (hundredths of a percent) for the check.
const rateHundredths = fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: null });
const rateText = (h: number): string => `${Math.trunc(h / 100)}.${String(h % 100).padStart(2, '0')}`;

const terms = fc
  .record({
    currency,
    count: fc.integer({ min: 1, max: 120 }),
    extra: fc.bigInt({ min: 0n, max: 10n ** 15n }),
    downPaymentShare: fc.option(fc.integer({ min: 1, max: 99 }), { nil: null }),
    periodicity: fc.constantFrom(...PERIODICITIES),
    firstDate: date,
    rate: rateHundredths,
    fee: fc.option(fc.bigInt({ min: 0n, max: 10n ** 6n }), { nil: null }),
  })
  .map(({ currency: code, count, extra, downPaymentShare, periodicity, firstDate, rate, fee }) => {
    // Enough that each regular installment gets at least one minor unit after the down payment.
    const financed = BigInt(count) + extra;
    const down = downPaymentShare === null ? 0n : (financed * BigInt(downPaymentShare)) / 100n + 1n;
    const planTerms: PlanTerms = {
      total: money(financed + down, code),
      installments: count,
      periodicity,
      firstDate,
      downPayment: down === 0n ? null : money(down, code),
      annualRate: rate === null ? null : rateText(rate),
      fee: fee === null ? null : money(fee, code),
    };
    return { planTerms, rate };
  });

describe('buildSchedule properties', () => {
  it('principals add up to the total exactly; the split is even but for the last, which takes the remainder', () => {
    fc.assert(
      fc.property(terms, ({ planTerms }) => {
        const schedule = buildSchedule(planTerms);
        const { currency: code } = planTerms.total;
        expect(
          sum(
            schedule.installments.map((i) => i.principal),
            code,
          ),
        ).toEqual(planTerms.total);
        const regular = schedule.installments
          .filter((i) => i.kind === 'regular')
          .map((i) => i.principal.amountMinor);
        expect(regular).toHaveLength(planTerms.installments);
        const share = regular[0]!;
        const last = regular[regular.length - 1]!;
        expect(share > 0n).toBe(true);
        expect(regular.slice(0, -1).every((p) => p === share)).toBe(true);
        expect(last >= share && last - share < BigInt(planTerms.installments)).toBe(true);
      }),
    );
  });

  it('amounts are principal + interest + fee and add up to the schedule total', () => {
    fc.assert(
      fc.property(terms, ({ planTerms }) => {
        const schedule = buildSchedule(planTerms);
        const code = planTerms.total.currency;
        for (const i of schedule.installments) {
          expect(i.amount.amountMinor).toBe(
            i.principal.amountMinor + i.interest.amountMinor + i.fee.amountMinor,
          );
        }
        expect(
          sum(
            schedule.installments.map((i) => i.amount),
            code,
          ),
        ).toEqual(schedule.total);
        expect(
          sum(
            schedule.installments.map((i) => i.interest),
            code,
          ),
        ).toEqual(schedule.interest);
        expect(
          sum(
            schedule.installments.map((i) => i.fee),
            code,
          ),
        ).toEqual(schedule.fees);
        expect(schedule.total.amountMinor).toBe(
          planTerms.total.amountMinor + schedule.interest.amountMinor + schedule.fees.amountMinor,
        );
      }),
    );
  });

  it('regular due dates strictly increase and never precede the down payment', () => {
    fc.assert(
      fc.property(terms, ({ planTerms }) => {
        const days = buildSchedule(planTerms).installments.map((i) => parseDate(i.dueDate));
        for (let k = 1; k < days.length; k += 1) {
          const gap = daysBetween(days[k - 1]!, days[k]!);
          expect(k === 1 && planTerms.downPayment ? gap >= 0 : gap > 0).toBe(true);
        }
      }),
    );
  });

  it('monthly and quarterly dates keep the first date’s day, clamped to the month’s length', () => {
    fc.assert(
      fc.property(terms, ({ planTerms }) => {
        const first = parseDate(planTerms.firstDate);
        const step = planTerms.periodicity === 'monthly' ? 1 : planTerms.periodicity === 'quarterly' ? 3 : 0;
        if (step === 0) return;
        buildSchedule(planTerms)
          .installments.filter((i) => i.kind === 'regular')
          .forEach((i, k) => {
            const due = parseDate(i.dueDate);
            const months = first.year * 12 + first.month - 1 + k * step;
            expect([due.year, due.month]).toEqual([Math.floor(months / 12), (months % 12) + 1]);
            expect(due.day).toBe(Math.min(first.day, due.daysInMonth));
          });
      }),
    );
  });

  it('interest is within half a minor unit of balance x rate x days / 365, a half going up', () => {
    fc.assert(
      fc.property(terms, ({ planTerms, rate }) => {
        const schedule = buildSchedule(planTerms);
        const regular = schedule.installments.filter((i) => i.kind === 'regular');
        if (rate === null || rate === 0) {
          expect(schedule.interest.amountMinor).toBe(0n);
          return;
        }
        let balance = regular.reduce((acc, i) => acc + i.principal.amountMinor, 0n);
        // Default start: one period before the first due date.
        let previous = parseDate(planTerms.firstDate).subtract(
          planTerms.periodicity === 'weekly'
            ? { days: 7 }
            : planTerms.periodicity === 'biweekly'
              ? { days: 14 }
              : { months: planTerms.periodicity === 'monthly' ? 1 : 3 },
        );
        for (const i of regular) {
          const due = parseDate(i.dueDate);
          // exact = balance * (rate / 100 / 100) * days / 365; compare 2 * interest * D with 2 * N.
          const numerator = balance * BigInt(rate) * BigInt(daysBetween(previous, due));
          const denominator = 100n * 100n * 365n;
          const gap = 2n * (i.interest.amountMinor * denominator - numerator);
          expect(gap > -denominator && gap <= denominator).toBe(true);
          balance -= i.principal.amountMinor;
          previous = due;
        }
      }),
    );
  });
});
