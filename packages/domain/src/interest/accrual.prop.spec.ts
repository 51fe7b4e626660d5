import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, formatDate, parseDate } from '../calendar/calendar';
import type { CaseEvent } from '../cases/case.events';
import { formatMoney } from '../money/money';
import { planInterestAccrual } from './accrual';
import type { ReferenceRate } from './reference-rates';

const RATES: readonly ReferenceRate[] = [
  { series: 'ecb-mro', effectiveFrom: '2024-06-12', ratePercent: '4.25', source: 'ECB' },
  { series: 'ecb-mro', effectiveFrom: '2024-12-18', ratePercent: '3.15', source: 'ECB' },
  { series: 'ecb-mro', effectiveFrom: '2025-06-11', ratePercent: '2.15', source: 'ECB' },
];
const START = parseDate('2024-07-01');
const date = (offset: number): string => formatDate(addDays(START, offset));
const eur = (minor: number) => ({
  amount: formatMoney({ amountMinor: BigInt(minor), currency: 'EUR' }),
  currency: 'EUR',
});

// Invoices with a due date, each with a few principal payments (never more than it owes).
const caseEvents = fc
  .array(
    fc.record({
      minor: fc.integer({ min: 1, max: 5_000_000 }),
      due: fc.integer({ min: 0, max: 200 }),
      payments: fc.array(
        fc.record({ percent: fc.integer({ min: 1, max: 60 }), on: fc.integer({ min: 0, max: 400 }) }),
        { maxLength: 3 },
      ),
    }),
    { minLength: 1, maxLength: 4 },
  )
  .map((invoices) => {
    const events: CaseEvent[] = [
      {
        type: 'CaseOpened',
        data: {
          caseId: 'c',
          number: '1',
          caseType: 'collection',
          company: { code: 'A', name: 'A' },
          currency: 'EUR',
          phase: 'amicable',
          customFields: {},
          openedOn: date(0),
        },
      },
    ];
    invoices.forEach((inv, i) => {
      events.push({
        type: 'FinancialItemAdded',
        data: {
          itemId: `inv-${i}`,
          kind: 'invoice',
          number: `N-${i}`,
          issueDate: date(0),
          dueDate: date(inv.due),
          amount: eur(inv.minor),
          structuredReference: null,
        },
      });
      let left = inv.minor;
      inv.payments.forEach((p, j) => {
        const part = Math.floor((left * p.percent) / 100);
        if (part <= 0) return;
        left -= part;
        events.push({
          type: 'PaymentAllocated',
          data: {
            allocationId: `a-${i}-${j}`,
            paymentId: 'pay',
            itemId: `inv-${i}`,
            component: 'principal',
            amount: eur(part),
            allocatedOn: date(p.on),
          },
        });
      });
    });
    return events;
  });

const plan = (events: readonly CaseEvent[], asOf: string) =>
  planInterestAccrual({
    events,
    asOf,
    regime: { jurisdiction: 'EU', debtor: 'business' },
    rates: RATES,
    options: { ratesKnownThrough: { 'ecb-mro': '2026-12-31' } },
  });

describe('planInterestAccrual properties', () => {
  it('owes never less as asOf grows, and never plans a negative accrual', () => {
    fc.assert(
      fc.property(
        caseEvents,
        fc.integer({ min: 0, max: 450 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (events, asOf, later, prior) => {
          const early = plan(events, date(asOf));
          const late = plan(events, date(asOf + later));
          expect(late.owedToDate.amountMinor >= early.owedToDate.amountMinor).toBe(true);
          const withPrior: CaseEvent[] = [
            ...events,
            {
              type: 'InterestAccrued',
              data: {
                accrualId: 'x',
                amount: eur(prior + 1),
                from: date(1),
                to: date(asOf),
                accruedOn: date(asOf),
                label: '',
              },
            },
          ];
          const next = plan(withPrior, date(asOf + later));
          expect(next.toAccrue.amountMinor >= 0n).toBe(true);
          expect(next.toAccrue.amountMinor).toBe(
            next.owedToDate.amountMinor > next.alreadyAccrued.amountMinor
              ? next.owedToDate.amountMinor - next.alreadyAccrued.amountMinor
              : 0n,
          );
        },
      ),
    );
  });

  it('accruing in two steps adds up to accruing at once', () => {
    fc.assert(
      fc.property(
        caseEvents,
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 0, max: 60 }),
        (events, d, extra) => {
          const first = plan(events, date(d));
          const accrued: CaseEvent[] =
            first.toAccrue.amountMinor > 0n
              ? [
                  {
                    type: 'InterestAccrued',
                    data: {
                      accrualId: 'i1',
                      amount: eur(Number(first.toAccrue.amountMinor)),
                      from: first.from ?? date(d),
                      to: date(d),
                      accruedOn: date(d),
                      label: '',
                    },
                  },
                ]
              : [];
          const second = plan([...events, ...accrued], date(d + extra));
          expect(first.toAccrue.amountMinor + second.toAccrue.amountMinor).toBe(
            plan(events, date(d + extra)).toAccrue.amountMinor,
          );
        },
      ),
    );
  });
});
