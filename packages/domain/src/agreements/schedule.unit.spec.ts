import { describe, expect, it } from 'vitest';
import { formatMoney, parseMoney, type Money } from '../money/money';
import { DomainError } from '../shared/domain-error';
import { buildSchedule, nextDueDate, type PlanTerms } from './schedule';

const eur = (text: string): Money => parseMoney(text, 'EUR');

const terms = (overrides: Partial<PlanTerms> = {}): PlanTerms => ({
  total: eur('1200.00'),
  installments: 3,
  periodicity: 'monthly',
  firstDate: '2026-02-01',
  ...overrides,
});

const amounts = (t: PlanTerms, field: 'principal' | 'interest' | 'fee' | 'amount' = 'amount'): string[] =>
  buildSchedule(t).installments.map((i) => formatMoney(i[field]));

const dates = (t: PlanTerms): string[] => buildSchedule(t).installments.map((i) => i.dueDate);

const rejection = (t: PlanTerms): DomainError => {
  try {
    buildSchedule(t);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected buildSchedule to throw');
};

describe('buildSchedule: principal', () => {
  it('splits evenly, rounding down, the last installment taking the remainder', () => {
    expect(amounts(terms({ total: eur('100.00') }))).toEqual(['33.33', '33.33', '33.34']);
    expect(amounts(terms({ total: eur('100.05'), installments: 4 }))).toEqual([
      '25.01',
      '25.01',
      '25.01',
      '25.02',
    ]);
  });

  it('gives one installment the whole total', () => {
    const schedule = buildSchedule(terms({ installments: 1 }));
    expect(schedule.installments).toHaveLength(1);
    expect(formatMoney(schedule.installments[0]!.amount)).toBe('1200.00');
    expect(formatMoney(schedule.total)).toBe('1200.00');
  });

  it('works in yen (no decimals) and Kuwaiti dinar (three decimals)', () => {
    const yen = buildSchedule(terms({ total: parseMoney('10000', 'JPY') }));
    expect(yen.installments.map((i) => formatMoney(i.amount))).toEqual(['3333', '3333', '3334']);
    const dinar = buildSchedule(terms({ total: parseMoney('10.000', 'KWD') }));
    expect(dinar.installments.map((i) => formatMoney(i.amount))).toEqual(['3.333', '3.333', '3.334']);
    expect(dinar.installments.every((i) => i.amount.currency === 'KWD')).toBe(true);
  });

  it('numbers the installments from 1 and marks them regular', () => {
    const schedule = buildSchedule(terms());
    expect(schedule.installments.map((i) => [i.number, i.kind])).toEqual([
      [1, 'regular'],
      [2, 'regular'],
      [3, 'regular'],
    ]);
  });
});

describe('buildSchedule: dates', () => {
  it('monthly keeps the anchor day and clamps to the end of shorter months', () => {
    expect(dates(terms({ firstDate: '2027-01-31', installments: 4, total: eur('400.00') }))).toEqual([
      '2027-01-31',
      '2027-02-28',
      '2027-03-31',
      '2027-04-30',
    ]);
    expect(dates(terms({ firstDate: '2028-01-31', installments: 2 }))).toEqual(['2028-01-31', '2028-02-29']);
  });

  it('quarterly adds three months from the first date each time', () => {
    expect(dates(terms({ periodicity: 'quarterly', firstDate: '2026-11-30', installments: 4 }))).toEqual([
      '2026-11-30',
      '2027-02-28',
      '2027-05-30',
      '2027-08-30',
    ]);
  });

  it('weekly and biweekly add 7 and 14 days, across the year end', () => {
    expect(dates(terms({ periodicity: 'weekly', firstDate: '2026-12-24' }))).toEqual([
      '2026-12-24',
      '2026-12-31',
      '2027-01-07',
    ]);
    expect(dates(terms({ periodicity: 'biweekly', firstDate: '2026-12-24' }))).toEqual([
      '2026-12-24',
      '2027-01-07',
      '2027-01-21',
    ]);
  });

  it('nextDueDate counts from the anchor, index 0 being the anchor itself', () => {
    expect(nextDueDate('2027-01-31', 'monthly', 0)).toBe('2027-01-31');
    expect(nextDueDate('2027-01-31', 'monthly', 2)).toBe('2027-03-31');
    expect(nextDueDate('2027-01-31', 'monthly', 13)).toBe('2028-02-29');
    expect(nextDueDate('2026-03-31', 'monthly', -1)).toBe('2026-02-28');
    expect(nextDueDate('2026-01-01', 'weekly', 52)).toBe('2026-12-31');
    expect(nextDueDate('2026-01-01', 'quarterly', 4)).toBe('2027-01-01');
  });
});

describe('buildSchedule: down payment', () => {
  it('comes first as number 1, due on the start date by default, and is left out of the split', () => {
    const schedule = buildSchedule(terms({ total: eur('1000.00'), downPayment: eur('100.00') }));
    expect(schedule.installments.map((i) => [i.number, i.kind, i.dueDate, formatMoney(i.amount)])).toEqual([
      [1, 'down_payment', '2026-01-01', '100.00'],
      [2, 'regular', '2026-02-01', '300.00'],
      [3, 'regular', '2026-03-01', '300.00'],
      [4, 'regular', '2026-04-01', '300.00'],
    ]);
    expect(formatMoney(schedule.total)).toBe('1000.00');
  });

  it('is due on downPaymentDate when given, which may be the first date itself', () => {
    expect(dates(terms({ downPayment: eur('10.00'), downPaymentDate: '2026-02-01' }))[0]).toBe('2026-02-01');
  });

  it('bears no interest, nor does it count in the balance the interest is computed on', () => {
    // 900.00 financed x 12 % x 31/365 = 90000 x 0.12 x 31 / 365 cents = 917.26... -> 9.17.
    const schedule = buildSchedule(
      terms({ total: eur('1000.00'), downPayment: eur('100.00'), installments: 1, annualRate: '12' }),
    );
    expect(schedule.installments.map((i) => formatMoney(i.interest))).toEqual(['0.00', '9.17']);
    expect(formatMoney(schedule.total)).toBe('1009.17');
  });
});

describe('buildSchedule: interest and fee', () => {
  it('charges simple interest on the declining balance, ACT/365, rounded once per installment', () => {
    // 1200.00 EUR over 3 monthly installments from 2026-02-01 at 12 %; start 2026-01-01.
    // 1st: 120000 cents x 0.12 x 31/365 = 446400/365 = 1223.01 -> 12.23
    // 2nd:  80000 cents x 0.12 x 28/365 = 268800/365 =  736.44 ->  7.36
    // 3rd:  40000 cents x 0.12 x 31/365 = 148800/365 =  407.67 ->  4.08
    const schedule = buildSchedule(terms({ annualRate: '12' }));
    expect(schedule.installments.map((i) => formatMoney(i.interest))).toEqual(['12.23', '7.36', '4.08']);
    expect(schedule.installments.map((i) => formatMoney(i.amount))).toEqual(['412.23', '407.36', '404.08']);
    expect(formatMoney(schedule.interest)).toBe('23.67');
    expect(formatMoney(schedule.total)).toBe('1223.67');
  });

  it('rounds an exact half cent up', () => {
    // 100 cents x 36.5 % x 5/365 = exactly 0.5 cent -> 1 cent (half-even would give 0).
    const schedule = buildSchedule(
      terms({
        total: eur('1.00'),
        installments: 1,
        firstDate: '2026-01-06',
        startDate: '2026-01-01',
        annualRate: '36.5',
      }),
    );
    expect(schedule.installments[0]!.interest.amountMinor).toBe(1n);
  });

  it('runs interest from an explicit start date', () => {
    // 1000.00 x 4.5 % x 60/365 = 100000 x 0.045 x 60 / 365 cents = 739.73 -> 7.40
    const schedule = buildSchedule(
      terms({
        total: eur('1000.00'),
        installments: 1,
        firstDate: '2026-03-02',
        startDate: '2026-01-01',
        annualRate: '4.5',
      }),
    );
    expect(formatMoney(schedule.interest)).toBe('7.40');
  });

  it('computes interest in whole yen', () => {
    // 100000 JPY x 12 % x 31/365 = 1019.18 -> 1019
    const schedule = buildSchedule(
      terms({ total: parseMoney('100000', 'JPY'), installments: 1, annualRate: '12' }),
    );
    expect(formatMoney(schedule.interest)).toBe('1019');
  });

  it('charges no interest for a zero or absent rate', () => {
    expect(buildSchedule(terms({ annualRate: '0' })).interest.amountMinor).toBe(0n);
    expect(buildSchedule(terms({ annualRate: null })).interest.amountMinor).toBe(0n);
  });

  it('puts the fee on the first regular installment', () => {
    const schedule = buildSchedule(terms({ downPayment: eur('300.00'), fee: eur('25.00') }));
    expect(schedule.installments.map((i) => formatMoney(i.fee))).toEqual(['0.00', '25.00', '0.00', '0.00']);
    expect(schedule.installments.map((i) => formatMoney(i.amount))).toEqual([
      '300.00',
      '325.00',
      '300.00',
      '300.00',
    ]);
    expect(formatMoney(schedule.fees)).toBe('25.00');
    expect(formatMoney(schedule.total)).toBe('1225.00');
  });
});

describe('buildSchedule: validation', () => {
  it.each<[string, Partial<PlanTerms>, DomainError['code'], string]>([
    ['zero total', { total: eur('0.00') }, 'invalid_amount', 'total must be > 0'],
    ['no installment', { installments: 0 }, 'validation_failed', 'installments must be between 1 and 120'],
    [
      '121 installments',
      { installments: 121 },
      'validation_failed',
      'installments must be between 1 and 120',
    ],
    [
      'fractional count',
      { installments: 2.5 },
      'validation_failed',
      'installments must be between 1 and 120',
    ],
    [
      'unknown periodicity',
      { periodicity: 'daily' as never },
      'validation_failed',
      'periodicity must be one of',
    ],
    ['bad first date', { firstDate: '2026-02-30' }, 'invalid_date', 'firstDate: invalid date "2026-02-30"'],
    ['bad start date', { startDate: '1.1.2026' }, 'invalid_date', 'startDate: invalid date'],
    [
      'start on first date',
      { startDate: '2026-02-01' },
      'validation_failed',
      'startDate 2026-02-01 must be before firstDate',
    ],
    [
      'down payment = total',
      { downPayment: eur('1200.00') },
      'invalid_amount',
      'downPayment must be > 0 and < total',
    ],
    ['negative down payment', { downPayment: eur('-1.00') }, 'invalid_amount', 'downPayment must be > 0'],
    [
      'down payment in USD',
      { downPayment: parseMoney('1.00', 'USD') },
      'validation_failed',
      'downPayment: currency USD',
    ],
    [
      'down payment after first date',
      { downPayment: eur('1.00'), downPaymentDate: '2026-02-02' },
      'validation_failed',
      'downPaymentDate 2026-02-02 must be between',
    ],
    [
      'down payment before start',
      { downPayment: eur('1.00'), downPaymentDate: '2026-01-01', startDate: '2026-01-15' },
      'validation_failed',
      'downPaymentDate 2026-01-01 must be between startDate 2026-01-15',
    ],
    ['negative fee', { fee: eur('-0.01') }, 'invalid_amount', 'fee must be >= 0'],
    ['fee in USD', { fee: parseMoney('1.00', 'USD') }, 'validation_failed', 'fee: currency USD'],
    [
      'negative rate',
      { annualRate: '-1' },
      'validation_failed',
      'annualRate: expected a non-negative decimal',
    ],
    ['comma rate', { annualRate: '4,5' }, 'validation_failed', 'annualRate: expected'],
    ['rate over 100', { annualRate: '100.01' }, 'validation_failed', 'annualRate must be at most 100'],
    ['too small', { total: eur('0.02') }, 'validation_failed', 'total too small for 3 installments'],
    [
      'too small after the down payment',
      { total: eur('1.00'), downPayment: eur('0.99'), installments: 2 },
      'validation_failed',
      'total too small for 2 installments',
    ],
  ])('rejects %s', (_, overrides, code, message) => {
    const error = rejection(terms(overrides));
    expect(error.code).toBe(code);
    expect(error.message).toContain(message);
  });

  it('accepts the bounds: 120 installments, rate 100, a down payment one cent short of the total', () => {
    expect(buildSchedule(terms({ installments: 120 })).installments).toHaveLength(120);
    expect(buildSchedule(terms({ annualRate: '100' })).interest.amountMinor).toBeGreaterThan(0n);
    expect(buildSchedule(terms({ downPayment: eur('1199.99'), installments: 1 })).installments).toHaveLength(
      2,
    );
  });

  it('defaults the start to one period before the first date, or the down payment date if earlier', () => {
    const withDownPaymentOn = (downPaymentDate: string) =>
      buildSchedule(
        terms({
          total: eur('1100.00'),
          downPayment: eur('100.00'),
          downPaymentDate,
          installments: 1,
          annualRate: '12',
        }),
      );
    // Down payment 2026-01-10, after 2026-01-01: interest from 2026-01-01, 31 days:
    // 100000 x 0.12 x 31/365 cents = 1019.18 -> 10.19
    expect(formatMoney(withDownPaymentOn('2026-01-10').interest)).toBe('10.19');
    // Down payment 2025-12-20: interest from then, 43 days: 100000 x 0.12 x 43/365 = 1413.70 -> 14.14
    const early = withDownPaymentOn('2025-12-20');
    expect(early.installments[0]!.dueDate).toBe('2025-12-20');
    expect(formatMoney(early.interest)).toBe('14.14');
  });
});
