import { describe, expect, it } from 'vitest';
import { formatMoney, parseMoney } from '../money/money';
import { DomainError } from '../shared/domain-error';
import { computeLateInterest, interestResultToJson, type InterestRequest } from './interest';
import { MissingRateError, type ReferenceRate } from './reference-rates';

// Rows copied from shared/data/rates (the published tables), as test data.
const ecb = (effectiveFrom: string, ratePercent: string): ReferenceRate => ({
  series: 'ecb-mro',
  effectiveFrom,
  ratePercent,
  source: 'ECB key interest rates',
});
const de = (effectiveFrom: string, ratePercent: string): ReferenceRate => ({
  series: 'de-basiszinssatz',
  effectiveFrom,
  ratePercent,
  source: 'Deutsche Bundesbank (BGB 247)',
});
const uk = (effectiveFrom: string, ratePercent: string): ReferenceRate => ({
  series: 'uk-bank-rate',
  effectiveFrom,
  ratePercent,
  source: 'Bank of England Bank Rate decisions',
});
const frOther = (effectiveFrom: string, ratePercent: string): ReferenceRate => ({
  series: 'fr-legal-other',
  effectiveFrom,
  ratePercent,
  source: 'arrete',
});

const RATES: readonly ReferenceRate[] = [
  ecb('2023-09-20', '4.50'),
  ecb('2024-06-12', '4.25'),
  ecb('2024-09-18', '3.65'),
  ecb('2024-10-23', '3.40'),
  ecb('2024-12-18', '3.15'),
  ecb('2025-02-05', '2.90'),
  ecb('2025-03-12', '2.65'),
  ecb('2025-04-23', '2.40'),
  ecb('2025-06-11', '2.15'),
  de('2024-01-01', '3.62'),
  de('2024-07-01', '3.37'),
  de('2025-01-01', '2.27'),
  de('2025-07-01', '1.27'),
  de('2026-01-01', '1.27'),
  uk('2024-08-01', '5.00'),
  uk('2024-11-07', '4.75'),
  uk('2025-02-06', '4.50'),
  uk('2025-05-08', '4.25'),
  uk('2025-08-07', '4.00'),
  uk('2025-12-18', '3.75'),
  frOther('2024-07-01', '4.92'),
  frOther('2025-01-01', '3.71'),
  frOther('2025-07-01', '2.76'),
  frOther('2026-01-01', '2.62'),
];

const eur = (text: string) => parseMoney(text, 'EUR');
const gbp = (text: string) => parseMoney(text, 'GBP');

const request = (overrides: Partial<InterestRequest>): InterestRequest => ({
  jurisdiction: 'FR',
  principal: eur('10000.00'),
  dueDate: '2025-03-31',
  paidDate: '2025-05-15',
  debtor: 'business',
  ...overrides,
});

const summary = (req: InterestRequest, rates: readonly ReferenceRate[] = RATES) => {
  const result = computeLateInterest(req, rates);
  return {
    interest: formatMoney(result.interest),
    compensation: result.compensation === null ? null : formatMoney(result.compensation),
    periods: result.periods.map((p) => [p.from, p.to, p.days, p.ratePercent, formatMoney(p.amount)]),
  };
};

describe('computeLateInterest', () => {
  it('reproduces the `quittance interest --json` example of CLI.md exactly', () => {
    // ECB MRO in force on 2025-01-01: 3.15 (since 2024-12-18); + 10 points = 13.15.
    const json = interestResultToJson(computeLateInterest(request({}), RATES));
    expect(json).toEqual({
      interest: '162.12',
      currency: 'EUR',
      compensation: '40.00',
      periods: [{ from: '2025-04-01', to: '2025-05-15', days: 45, rate: '13.15', amount: '162.12' }],
    });
  });

  it('names the law and the base rate of each period', () => {
    const [period] = computeLateInterest(request({}), RATES).periods;
    expect(period?.rateSource).toContain('ecb-mro 3.15 in force on 2025-01-01 + 10 points');
    expect(period?.rateSource).toContain('L441-10');
  });

  it('EU: ECB rate of 1 January + 8 points, EUR 40', () => {
    // 10000 × 11.15% × 30/365 = 91.6438…
    expect(summary(request({ jurisdiction: 'EU', dueDate: '2025-01-31', paidDate: '2025-03-02' }))).toEqual({
      interest: '91.64',
      compensation: '40.00',
      periods: [['2025-02-01', '2025-03-02', 30, '11.15', '91.64']],
    });
  });

  it('FR: a delay across 1 January is split, each semester at its own rate', () => {
    // H2 2024: ECB on 2024-07-01 = 4.25 → 14.25 (16 days); H1 2025: 3.15 → 13.15 (20 days).
    expect(summary(request({ dueDate: '2024-12-15', paidDate: '2025-01-20' }))).toEqual({
      interest: '134.52',
      compensation: '40.00',
      periods: [
        ['2024-12-16', '2024-12-31', 16, '14.25', '62.47'],
        ['2025-01-01', '2025-01-20', 20, '13.15', '72.05'],
      ],
    });
  });

  it('FR frozen: the rate of the first day of delay applies throughout', () => {
    expect(summary(request({ dueDate: '2024-12-15', paidDate: '2025-01-20', frMode: 'frozen' }))).toEqual({
      interest: '140.55',
      compensation: '40.00',
      periods: [['2024-12-16', '2025-01-20', 36, '14.25', '140.55']],
    });
  });

  it('FR consumer: the legal rate for non-individual creditors, per semester, no indemnity', () => {
    // 3.71% × 45/365 on 10000 = 45.74; 2.76% in H2 2025.
    expect(summary(request({ debtor: 'consumer' }))).toEqual({
      interest: '45.74',
      compensation: null,
      periods: [['2025-04-01', '2025-05-15', 45, '3.71', '45.74']],
    });
  });

  it('FR: a contractual rate below 3 × the legal rate is computed but warned about', () => {
    const result = computeLateInterest(request({ contractualRatePercent: '10.00' }), RATES);
    expect(formatMoney(result.interest)).toBe('123.29'); // 10000 × 10% × 45/365
    expect(result.warnings).toEqual([
      'contractual rate 10.00% is below 3 × the legal rate (11.13%) for 2025-04-01..2025-05-15 (L441-10)',
    ]);
    expect(computeLateInterest(request({ contractualRatePercent: '11.13' }), RATES).warnings).toEqual([]);
  });

  it('DE business: Basiszinssatz of each day + 9 points, split at 1 July, EUR 40', () => {
    // 3.62 + 9 = 12.62 for 21-30 June, 3.37 + 9 = 12.37 for 1-10 July.
    expect(summary(request({ jurisdiction: 'DE', dueDate: '2024-06-20', paidDate: '2024-07-10' }))).toEqual({
      interest: '68.47',
      compensation: '40.00',
      periods: [
        ['2024-06-21', '2024-06-30', 10, '12.62', '34.58'],
        ['2024-07-01', '2024-07-10', 10, '12.37', '33.89'],
      ],
    });
  });

  it('DE consumer: + 5 points, no lump sum', () => {
    expect(
      summary(
        request({ jurisdiction: 'DE', debtor: 'consumer', dueDate: '2024-06-20', paidDate: '2024-07-10' }),
      ),
    ).toEqual({
      interest: '46.55',
      compensation: null,
      periods: [
        ['2024-06-21', '2024-06-30', 10, '8.62', '23.62'],
        ['2024-07-01', '2024-07-10', 10, '8.37', '22.93'],
      ],
    });
  });

  it('UK: Bank Rate in force on 31 December + 8, fixed across the half-year although Bank Rate moved', () => {
    // Due in March 2025 → reference date 2024-12-31 → 4.75 (since 2024-11-07) → 12.75%.
    expect(
      summary(
        request({
          jurisdiction: 'UK',
          principal: gbp('5000.00'),
          dueDate: '2025-03-15',
          paidDate: '2025-08-15',
        }),
      ),
    ).toEqual({
      interest: '267.23',
      compensation: '70.00',
      periods: [['2025-03-16', '2025-08-15', 153, '12.75', '267.23']],
    });
  });

  it('UK: a debt due in July–December uses Bank Rate on 30 June', () => {
    const result = computeLateInterest(
      request({
        jurisdiction: 'UK',
        principal: gbp('5000.00'),
        dueDate: '2025-07-15',
        paidDate: '2025-07-20',
      }),
      RATES,
    );
    expect(result.periods[0]?.ratePercent).toBe('12.25'); // 4.25 since 2025-05-08
  });

  it.each([
    ['999.99', '40.00'],
    ['1000.00', '70.00'],
    ['9999.99', '70.00'],
    ['10000.00', '100.00'],
  ])('UK fixed sum for a debt of £%s is £%s', (principal, fixed) => {
    const result = computeLateInterest(
      request({
        jurisdiction: 'UK',
        principal: gbp(principal),
        dueDate: '2025-03-15',
        paidDate: '2025-04-15',
      }),
      RATES,
    );
    expect(result.compensation).toEqual(gbp(fixed));
  });

  it('UK and EU statutory interest is refused for consumer debtors', () => {
    for (const jurisdiction of ['UK', 'EU'] as const) {
      expect(() => computeLateInterest(request({ jurisdiction, debtor: 'consumer' }), RATES)).toThrow(
        expect.objectContaining({ code: 'invalid_interest_request' }),
      );
    }
  });

  describe('CONTRACT', () => {
    const contract = (dayCount: InterestRequest['dayCount']) =>
      summary(
        request({
          jurisdiction: 'CONTRACT',
          contractualRatePercent: '15.00',
          dayCount,
          dueDate: '2023-12-15',
          paidDate: '2024-01-15',
        }),
        [],
      );

    it('ACT/365 (default)', () => {
      expect(contract(undefined)).toEqual({
        interest: '127.40',
        compensation: null,
        periods: [['2023-12-16', '2024-01-15', 31, '15.00', '127.40']],
      });
    });

    it('ACT/360', () => {
      expect(contract('ACT/360').interest).toBe('129.17');
    });

    it('ACT/ACT splits at 1 January, 366 days in the leap year', () => {
      // 10000 × 15% × (16/365 + 15/366) = 65.7534 + 61.4754 = 127.2288
      expect(contract('ACT/ACT')).toEqual({
        interest: '127.23',
        compensation: null,
        periods: [
          ['2023-12-16', '2023-12-31', 16, '15.00', '65.75'],
          ['2024-01-01', '2024-01-15', 15, '15.00', '61.48'],
        ],
      });
    });

    it('requires a rate', () => {
      expect(() => computeLateInterest(request({ jurisdiction: 'CONTRACT' }), [])).toThrow(DomainError);
    });
  });

  it('rounds once at the end: rounding each day first loses money on a long delay', () => {
    const req = request({
      jurisdiction: 'CONTRACT',
      contractualRatePercent: '13.15',
      dueDate: '2025-01-01',
      paidDate: '2026-01-01',
    });
    const engine = computeLateInterest(req, []).interest;
    // One day's interest rounded on its own: 10000.00 × 13.15% / 365 = 3.6027… → 3.60.
    const oneDay = computeLateInterest({ ...req, paidDate: '2025-01-02' }, []).interest;
    expect(oneDay).toEqual(eur('3.60'));
    expect(engine).toEqual(eur('1315.00'));
    expect(oneDay.amountMinor * 365n).toBe(131_400n); // 1.00 short
    expect(engine.amountMinor).not.toBe(oneDay.amountMinor * 365n);
  });

  it('applies the rounding mode to an exact half', () => {
    // 1.00 × 3.65% × 50/365 = 0.005 exactly; 1.50 → 0.0075 exactly would not be a half, so 3.00 → 0.015.
    const half = (principal: string, rounding: InterestRequest['rounding']) =>
      formatMoney(
        computeLateInterest(
          request({
            jurisdiction: 'CONTRACT',
            contractualRatePercent: '3.65',
            principal: eur(principal),
            dueDate: '2025-01-01',
            paidDate: '2025-02-20',
            rounding,
          }),
          [],
        ).interest,
      );
    expect([half('1.00', undefined), half('1.00', 'half-even'), half('1.00', 'down')]).toEqual([
      '0.01',
      '0.00',
      '0.00',
    ]);
    expect([half('3.00', 'half-up'), half('3.00', 'half-even'), half('3.00', 'down')]).toEqual([
      '0.02',
      '0.02',
      '0.01',
    ]);
  });

  it('zero or negative principal, or payment on time, gives no interest and no periods', () => {
    for (const req of [
      request({ principal: eur('0.00') }),
      request({ principal: eur('-10.00') }),
      request({ paidDate: '2025-03-31' }),
      request({ paidDate: '2025-03-01' }),
    ]) {
      const result = computeLateInterest(req, RATES);
      expect(result.interest).toEqual(eur('0.00'));
      expect(result.periods).toEqual([]);
      expect(result.compensation).toBeNull();
    }
  });

  describe('missing rates are never extrapolated', () => {
    it('DE: no Basiszinssatz for the second half of 2026', () => {
      const req = request({ jurisdiction: 'DE', dueDate: '2026-06-20', paidDate: '2026-07-10' });
      expect(() => computeLateInterest(req, RATES)).toThrow(
        'no de-basiszinssatz rate known for 2026-07-01; add the published rate',
      );
      expect(() => computeLateInterest(req, RATES)).toThrow(MissingRateError);
    });

    it('ECB: a decision-driven series is known up to its last row unless confirmed later', () => {
      const req = request({ dueDate: '2025-06-15', paidDate: '2025-07-20' });
      expect(() => computeLateInterest(req, RATES)).toThrow(
        expect.objectContaining({ code: 'missing_rate', series: 'ecb-mro', date: '2025-07-01' }),
      );
      // The table notes the 2.15 rate unchanged through January 2026.
      const result = computeLateInterest(req, RATES, { ratesKnownThrough: { 'ecb-mro': '2026-01-31' } });
      expect(result.periods.map((p) => [p.days, p.ratePercent])).toEqual([
        [15, '13.15'],
        [20, '12.15'],
      ]);
      expect(() =>
        computeLateInterest(request({ dueDate: '2026-06-30', paidDate: '2026-07-02' }), RATES, {
          ratesKnownThrough: { 'ecb-mro': '2026-01-31' },
        }),
      ).toThrow('no ecb-mro rate known for 2026-07-01; add the published rate');
    });

    it('a date before the first row is missing too', () => {
      expect(() =>
        computeLateInterest(
          request({ jurisdiction: 'DE', dueDate: '2023-03-01', paidDate: '2023-03-10' }),
          RATES,
        ),
      ).toThrow('no de-basiszinssatz rate known for 2023-03-02');
    });
  });
});
