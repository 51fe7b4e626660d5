import { describe, expect, it } from 'vitest';
import type { CaseEvent, MoneyJson } from '../cases/case.events';
import { formatMoney } from '../money/money';
import { planInterestAccrual, type AccrualPlanInput, type InterestRegime } from './accrual';
import type { ReferenceRate } from './reference-rates';

const eur = (amount: string): MoneyJson => ({ amount, currency: 'EUR' });
const ecb = (effectiveFrom: string, ratePercent: string): ReferenceRate => ({
  series: 'ecb-mro',
  effectiveFrom,
  ratePercent,
  source: 'ECB key interest rates',
});
// ECB MRO 3.15 on 1 January 2025: EU statutory 11.15 % for the first half of 2025.
const RATES: readonly ReferenceRate[] = [
  ecb('2024-12-18', '3.15'),
  ecb('2025-02-05', '2.90'),
  ecb('2025-03-12', '2.65'),
];
const EU_BUSINESS: InterestRegime = { jurisdiction: 'EU', debtor: 'business' };

const opened = (currency = 'EUR'): CaseEvent => ({
  type: 'CaseOpened',
  data: {
    caseId: 'case-1',
    number: '2025-000001',
    caseType: 'collection',
    company: { code: 'ACME', name: 'Acme' },
    currency,
    phase: 'amicable',
    customFields: {},
    openedOn: '2025-01-05',
  },
});
const invoice = (itemId: string, amount: MoneyJson, dueDate = '2025-01-31'): CaseEvent => ({
  type: 'FinancialItemAdded',
  data: {
    itemId,
    kind: 'invoice',
    number: itemId.toUpperCase(),
    issueDate: '2025-01-01',
    dueDate,
    amount,
    structuredReference: null,
  },
});
const paid4000: CaseEvent = {
  type: 'PaymentAllocated',
  data: {
    allocationId: 'a1',
    paymentId: 'pay-1',
    itemId: 'inv-1',
    component: 'principal',
    amount: eur('4000.00'),
    allocatedOn: '2025-02-15',
  },
};
const accrued = (accrualId: string, amount: string, from: string, to: string): CaseEvent => ({
  type: 'InterestAccrued',
  data: { accrualId, amount: eur(amount), from, to, accruedOn: to, label: 'EU' },
});

const worked: CaseEvent[] = [opened(), invoice('inv-1', eur('10000.00')), paid4000];
const plan = (events: readonly CaseEvent[], asOf: string, more: Partial<AccrualPlanInput> = {}) =>
  planInterestAccrual({ events, asOf, regime: EU_BUSINESS, rates: RATES, ...more });

describe('planInterestAccrual', () => {
  it('sums every segment exactly and rounds once (worked example)', () => {
    // 10000.00 due 2025-01-31, 4000.00 paid 2025-02-15, as of 2025-03-02, 11.15 %:
    //   1 000 000 minor × 15 days (1-15 Feb) + 600 000 minor × 15 days (16 Feb - 2 Mar)
    //   = 24 000 000 minor-days; × 11.15 / 100 / 365 = 2 676 000 / 365 = 7331.5068… → 73.32 EUR.
    // Rounding each segment first would give 4582 + 2749 = 73.31: one unit short.
    const numerator = (1_000_000n * 15n + 600_000n * 15n) * 1115n; // rate in hundredths of a percent
    const denominator = 100n * 100n * 365n;
    const expected = (2n * numerator + denominator) / (2n * denominator); // half-up
    expect(expected).toBe(7332n);

    const result = plan(worked, '2025-03-02');
    expect(result.owedToDate).toEqual({ amountMinor: expected, currency: 'EUR' });
    expect(result.alreadyAccrued.amountMinor).toBe(0n);
    expect(result.toAccrue.amountMinor).toBe(7332n);
    expect(result.from).toBe('2025-02-01');
    expect(result.to).toBe('2025-03-02');
    expect(
      result.periods.map((p) => [
        p.from,
        p.to,
        p.days,
        formatMoney(p.balance),
        p.ratePercent,
        formatMoney(p.amount),
      ]),
    ).toEqual([
      ['2025-02-01', '2025-02-15', 15, '10000.00', '11.15', '45.82'],
      ['2025-02-16', '2025-03-02', 15, '6000.00', '11.15', '27.49'],
    ]);
    expect(result.warnings).toEqual([]);
  });

  it('accrues nothing more to the same date, and only the difference to a later one', () => {
    const first = plan(worked, '2025-03-02');
    const afterFirst = [...worked, accrued('int-1', formatMoney(first.toAccrue), first.from ?? '', first.to)];

    const again = plan(afterFirst, '2025-03-02');
    expect(again.toAccrue.amountMinor).toBe(0n);
    expect(again.alreadyAccrued.amountMinor).toBe(7332n);

    const later = plan(afterFirst, '2025-03-12');
    expect(later.from).toBe('2025-03-03');
    // Each step is the difference of the same once-rounded cumulative total, so the steps add up
    // to accruing straight to the later date. Rounding the ten days on their own would not:
    // 600 000 × 11.15 % × 10 / 365 = 1832.88 → 18.33, one unit more than the 18.32 accrued here.
    // Both are within one minor unit of the exact figure; only the cumulative one telescopes.
    const straight = plan(worked, '2025-03-12');
    expect(later.toAccrue.amountMinor).toBe(1832n);
    expect(first.toAccrue.amountMinor + later.toAccrue.amountMinor).toBe(straight.toAccrue.amountMinor);
    expect(straight.toAccrue.amountMinor).toBe(9164n);
  });

  it('never plans a negative accrual: a payment booked after the accrual leaves zero and a warning', () => {
    const overAccrued = [...worked, accrued('int-1', '100.00', '2025-02-01', '2025-03-02')];
    const result = plan(overAccrued, '2025-03-02');
    expect(result.toAccrue.amountMinor).toBe(0n);
    expect(result.warnings).toHaveLength(1);
  });

  it('plans the €40 indemnity once per overdue invoice, not for one not yet due', () => {
    const events = [
      opened(),
      invoice('inv-1', eur('10000.00')),
      invoice('inv-2', eur('50.00')),
      invoice('inv-3', eur('70.00'), '2025-04-30'),
    ];
    const result = plan(events, '2025-03-02');
    expect(result.indemnities).toEqual([
      {
        itemId: 'inv-1',
        number: 'INV-1',
        amount: { amountMinor: 4000n, currency: 'EUR' },
        legalBasis: 'Directive 2011/7/EU, art. 6',
      },
      {
        itemId: 'inv-2',
        number: 'INV-2',
        amount: { amountMinor: 4000n, currency: 'EUR' },
        legalBasis: 'Directive 2011/7/EU, art. 6',
      },
    ]);
    const charged: CaseEvent = {
      type: 'RecoveryIndemnityCharged',
      data: {
        indemnityId: 'ri-1',
        itemId: 'inv-1',
        amount: eur('40.00'),
        chargedOn: '2025-03-02',
        label: 'INV-1',
        legalBasis: 'Directive 2011/7/EU, art. 6',
      },
    };
    expect(plan([...events, charged], '2025-03-10').indemnities.map((i) => i.itemId)).toEqual(['inv-2']);
  });

  it('still owes the indemnity on an invoice paid late in full', () => {
    const events = [
      opened(),
      invoice('inv-1', eur('100.00')),
      { ...paid4000, data: { ...paid4000.data, amount: eur('100.00') } } as CaseEvent,
    ];
    expect(plan(events, '2025-03-02').indemnities).toHaveLength(1);
  });

  it('plans no indemnity for a consumer or a contractual rate alone', () => {
    const events = [opened(), invoice('inv-1', eur('10000.00'))];
    const frConsumer = [
      ...RATES,
      { series: 'fr-legal-individual', effectiveFrom: '2025-01-01', ratePercent: '7.21', source: 'arrêté' },
      { series: 'fr-legal-other', effectiveFrom: '2025-01-01', ratePercent: '3.71', source: 'arrêté' },
    ] as ReferenceRate[];
    expect(
      plan(events, '2025-03-02', { regime: { jurisdiction: 'FR', debtor: 'consumer' }, rates: frConsumer })
        .indemnities,
    ).toEqual([]);
    const contract = plan(events, '2025-03-02', {
      regime: { jurisdiction: 'CONTRACT', debtor: 'business', contractualRatePercent: '10' },
    });
    expect(contract.indemnities).toEqual([]);
    // 1 000 000 × 10 % × 30 / 365 = 8219.18 → 82.19
    expect(contract.owedToDate.amountMinor).toBe(8219n);
  });

  it('charges the UK fixed sum by the size of the debt', () => {
    const bankRate: ReferenceRate = {
      series: 'uk-bank-rate',
      effectiveFrom: '2024-11-07',
      ratePercent: '4.75',
      source: 'BoE',
    };
    const events = [opened('GBP'), invoice('inv-1', { amount: '5000.00', currency: 'GBP' })];
    const result = plan(events, '2025-03-02', {
      regime: { jurisdiction: 'UK', debtor: 'business' },
      rates: [bankRate, { ...bankRate, effectiveFrom: '2025-02-06', ratePercent: '4.50' }],
    });
    expect(result.indemnities.map((i) => formatMoney(i.amount))).toEqual(['70.00']);
  });

  it('owes nothing before the first day of delay', () => {
    const result = plan(worked, '2025-01-31');
    expect(result.owedToDate.amountMinor).toBe(0n);
    expect(result.from).toBeNull();
    expect(result.indemnities).toEqual([]);
  });
});
