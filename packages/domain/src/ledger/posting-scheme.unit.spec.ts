import { describe, expect, it } from 'vitest';
import { DomainError } from '../shared/domain-error';
import type { JournalEntryDraft, SubLedgerAccount } from './ledger.types';
import {
  fxRateOn,
  isGlEntryBalanced,
  toGeneralLedger,
  type FxRate,
  type GlContext,
  type GlEntry,
} from './posting-scheme';
import { FR_PCG_SCHEME, GENERIC_EN_SCHEME, POSTING_SCHEMES } from './schemes';

const draft = (
  eventType: string,
  postings: readonly [SubLedgerAccount, bigint][],
  currency = 'EUR',
): JournalEntryDraft => ({
  eventType,
  entryDate: '2026-03-10',
  label: `${eventType} label`,
  postings: postings.map(([account, amountMinor]) => ({ account, amountMinor, currency, itemId: null })),
  sourceKey: `${eventType}-1`,
  reverses: null,
});

const ctx: GlContext = {
  caseNumber: '2026-000042',
  customerRef: 'C0042',
  customerName: 'Boulangerie Martin',
  reference: 'F-2026-117',
  bookCurrency: 'EUR',
};

// What an accountant reads on each line: account, side, amount, auxiliary account.
const shape = (entry: GlEntry): string[] =>
  entry.lines.map(
    (line) =>
      `${line.account} ${line.debitMinor > 0n ? `D${line.debitMinor}` : `C${line.creditMinor}`}` +
      (line.auxiliaryAccount === null ? '' : ` aux ${line.auxiliaryAccount}`),
  );

// One representative draft per event type that produces entries, with the FR and EN lines.
const cases: {
  draft: JournalEntryDraft;
  fr: { journal: string; lines: string[] };
  en: { journal: string; lines: string[] };
}[] = [
  {
    draft: draft('FinancialItemAdded', [
      ['principal', 120000n],
      ['revenue', -120000n],
    ]),
    fr: { journal: 'VT', lines: ['411 D120000 aux 411C0042', '4718 C120000'] },
    en: { journal: 'SJ', lines: ['1100 D120000 aux C0042', '1150 C120000'] },
  },
  {
    // A credit note: the same accounts, the other way round.
    draft: draft('FinancialItemAdded', [
      ['revenue', 15000n],
      ['principal', -15000n],
    ]),
    fr: { journal: 'VT', lines: ['4718 D15000', '411 C15000 aux 411C0042'] },
    en: { journal: 'SJ', lines: ['1150 D15000', '1100 C15000 aux C0042'] },
  },
  {
    draft: draft('PaymentReceived', [
      ['bank', 50000n],
      ['unallocated', -50000n],
    ]),
    fr: { journal: 'BQ', lines: ['512 D50000', '4191 C50000 aux 411C0042'] },
    en: { journal: 'CB', lines: ['1200 D50000', '1190 C50000 aux C0042'] },
  },
  {
    draft: draft('PaymentAllocated', [
      ['unallocated', 50000n],
      ['principal', -50000n],
    ]),
    fr: { journal: 'OD', lines: ['4191 D50000 aux 411C0042', '411 C50000 aux 411C0042'] },
    en: { journal: 'GJ', lines: ['1190 D50000 aux C0042', '1100 C50000 aux C0042'] },
  },
  {
    draft: draft('AllocationCancelled', [
      ['interest', 2500n],
      ['unallocated', -2500n],
    ]),
    fr: { journal: 'OD', lines: ['411 D2500 aux 411C0042', '4191 C2500 aux 411C0042'] },
    en: { journal: 'GJ', lines: ['1100 D2500 aux C0042', '1190 C2500 aux C0042'] },
  },
  {
    draft: draft('FeeCharged', [
      ['fees', 4000n],
      ['fee_income', -4000n],
    ]),
    fr: { journal: 'OD', lines: ['411 D4000 aux 411C0042', '70881 C4000'] },
    en: { journal: 'GJ', lines: ['1100 D4000 aux C0042', '4300 C4000'] },
  },
  {
    draft: draft('RecoveryCostCharged', [
      ['costs', 18000n],
      ['cost_recharge', -18000n],
    ]),
    fr: { journal: 'OD', lines: ['411 D18000 aux 411C0042', '70882 C18000'] },
    en: { journal: 'GJ', lines: ['1100 D18000 aux C0042', '4310 C18000'] },
  },
  {
    draft: draft('InterestAccrued', [
      ['interest', 1234n],
      ['interest_income', -1234n],
    ]),
    fr: { journal: 'OD', lines: ['411 D1234 aux 411C0042', '7631 C1234'] },
    en: { journal: 'GJ', lines: ['1100 D1234 aux C0042', '4200 C1234'] },
  },
  {
    // A downward adjustment of the principal.
    draft: draft('BalanceAdjusted', [
      ['revenue', 300n],
      ['principal', -300n],
    ]),
    fr: { journal: 'OD', lines: ['4718 D300', '411 C300 aux 411C0042'] },
    en: { journal: 'GJ', lines: ['1150 D300', '1100 C300 aux C0042'] },
  },
  {
    draft: draft('AmountWrittenOff', [
      ['written_off', 70000n],
      ['principal', -70000n],
    ]),
    fr: { journal: 'OD', lines: ['654 D70000', '411 C70000 aux 411C0042'] },
    en: { journal: 'GJ', lines: ['6800 D70000', '1100 C70000 aux C0042'] },
  },
  {
    draft: draft('RefundIssued', [
      ['unallocated', 900n],
      ['bank', -900n],
    ]),
    fr: { journal: 'BQ', lines: ['4191 D900 aux 411C0042', '512 C900'] },
    en: { journal: 'CB', lines: ['1190 D900 aux C0042', '1200 C900'] },
  },
];

describe('toGeneralLedger: accounts, sides, auxiliary accounts and journals', () => {
  for (const { draft: d, fr, en } of cases) {
    const kind = `${d.eventType} (${d.postings.map((p) => p.account).join(' → ')})`;
    it(`FR PCG: ${kind}`, () => {
      const entry = toGeneralLedger(d, FR_PCG_SCHEME, ctx);
      expect(entry.journal.code).toBe(fr.journal);
      expect(shape(entry)).toEqual(fr.lines);
      expect(isGlEntryBalanced(entry)).toBe(true);
    });
    it(`generic EN: ${kind}`, () => {
      const entry = toGeneralLedger(d, GENERIC_EN_SCHEME, ctx);
      expect(entry.journal.code).toBe(en.journal);
      expect(shape(entry)).toEqual(en.lines);
      expect(isGlEntryBalanced(entry)).toBe(true);
    });
  }

  it('both schemes map every sub-ledger account and label every event type', () => {
    expect(Object.keys(POSTING_SCHEMES).sort()).toEqual(['fr-pcg', 'generic-en']);
    for (const scheme of Object.values(POSTING_SCHEMES)) {
      for (const { draft: d } of cases) expect(scheme.labels[d.eventType]).toBeDefined();
    }
  });

  it('maps an overpayment credit to the customer credit account', () => {
    const d = draft('RefundIssued', [
      ['overpayment', 900n],
      ['bank', -900n],
    ]);
    expect(shape(toGeneralLedger(d, FR_PCG_SCHEME, ctx))).toEqual(['4197 D900 aux 411C0042', '512 C900']);
    expect(shape(toGeneralLedger(d, GENERIC_EN_SCHEME, ctx))).toEqual(['2110 D900 aux C0042', '1200 C900']);
  });

  it('keeps one line per posting: two postings on the same account are not merged', () => {
    const entry = toGeneralLedger(
      draft('PaymentAllocated', [
        ['unallocated', 7000n],
        ['principal', -5000n],
        ['interest', -2000n],
      ]),
      FR_PCG_SCHEME,
      ctx,
    );
    expect(shape(entry)).toEqual([
      '4191 D7000 aux 411C0042',
      '411 C5000 aux 411C0042',
      '411 C2000 aux 411C0042',
    ]);
    expect(entry.lines.map((l) => l.lineNo)).toEqual([1, 2, 3]);
  });

  it('fills the label template, piece reference, customer label and analytic fields', () => {
    const entry = toGeneralLedger(cases[2]!.draft, FR_PCG_SCHEME, {
      ...ctx,
      reference: 'VIR 88812',
      analytic: { costCentre: 'IDF', portfolio: 'P7' },
    });
    expect(entry.label).toBe('Règlement Boulangerie Martin VIR 88812');
    expect(entry.pieceRef).toBe('VIR 88812');
    expect(entry.lines[1]?.auxiliaryLabel).toBe('Boulangerie Martin');
    expect(entry.lines[0]?.auxiliaryLabel).toBeNull();
    expect(entry.lines.every((l) => l.label === entry.label)).toBe(true);
    expect(entry.lines[0]?.analytic).toEqual({ costCentre: 'IDF', portfolio: 'P7' });
    expect(entry.lines[1]?.accountLabel).toBe('Clients - Avances et acomptes reçus');
  });

  it('leaves no gap for a customer without a name, and no auxiliary account without a ref', () => {
    const entry = toGeneralLedger(cases[2]!.draft, GENERIC_EN_SCHEME, {
      ...ctx,
      customerRef: null,
      customerName: null,
    });
    expect(entry.label).toBe('Payment F-2026-117');
    expect(entry.lines.map((l) => l.auxiliaryAccount)).toEqual([null, null]);
  });

  it("falls back to the draft's label for an event type without a template", () => {
    const entry = toGeneralLedger(
      draft('SomethingNew', [
        ['bank', 1n],
        ['unallocated', -1n],
      ]),
      FR_PCG_SCHEME,
      ctx,
    );
    expect(entry.label).toBe('SomethingNew label');
    expect(entry.journal).toEqual({ code: 'OD', label: 'Opérations diverses' });
  });

  it('records no FX data when the entry is in the book currency', () => {
    const entry = toGeneralLedger(cases[0]!.draft, FR_PCG_SCHEME, { ...ctx, fxRate: '1.1' });
    expect(entry.fxRate).toBeNull();
    expect(entry.lines[0]).toMatchObject({
      currency: 'EUR',
      originalAmountMinor: null,
      originalCurrency: null,
    });
  });
});

describe('toGeneralLedger: currency conversion', () => {
  const usd = (postings: readonly [SubLedgerAccount, bigint][]) => draft('PaymentAllocated', postings, 'USD');

  it('converts each line at the rate, half-up, and records the original amounts and the rate', () => {
    // 100.05 USD × 0.9 = 90.045 EUR → 90.05 (half up)
    const entry = toGeneralLedger(
      usd([
        ['unallocated', 10005n],
        ['principal', -10005n],
      ]),
      FR_PCG_SCHEME,
      { ...ctx, fxRate: '0.9' },
    );
    expect(entry.fxRate).toBe('0.9');
    expect(entry.lines.map((l) => [l.debitMinor, l.creditMinor])).toEqual([
      [9005n, 0n],
      [0n, 9005n],
    ]);
    expect(entry.lines.map((l) => [l.currency, l.originalAmountMinor, l.originalCurrency])).toEqual([
      ['EUR', 10005n, 'USD'],
      ['EUR', -10005n, 'USD'],
    ]);
  });

  it('puts the rounding difference on the largest line of the short side', () => {
    // At 0.5: debits 0.01 → 0.005 → 0.01 and 0.03 → 0.015 → 0.02 (0.03 EUR); four credits of 0.01
    // → 0.01 each (0.04 EUR). The debit side is short by 0.01: its largest line takes it.
    const entry = toGeneralLedger(
      usd([
        ['unallocated', 1n],
        ['unallocated', 3n],
        ['principal', -1n],
        ['interest', -1n],
        ['fees', -1n],
        ['costs', -1n],
      ]),
      FR_PCG_SCHEME,
      { ...ctx, fxRate: '0.5' },
    );
    expect(entry.lines.map((l) => l.debitMinor - l.creditMinor)).toEqual([1n, 3n, -1n, -1n, -1n, -1n]);
    expect(isGlEntryBalanced(entry)).toBe(true);
  });

  it('breaks ties on the larger original amount, then the earliest line', () => {
    // At 0.5: debits 0.01 → 0.01 and 0.02 → 0.01 (equal after conversion); three credits of 0.01
    // → 0.03. The debit side is short: the line that was 0.02 USD takes the cent.
    const byOriginal = toGeneralLedger(
      usd([
        ['unallocated', 1n],
        ['unallocated', 2n],
        ['principal', -1n],
        ['interest', -1n],
        ['fees', -1n],
      ]),
      FR_PCG_SCHEME,
      { ...ctx, fxRate: '0.5' },
    );
    expect(byOriginal.lines.map((l) => l.debitMinor - l.creditMinor)).toEqual([1n, 2n, -1n, -1n, -1n]);
    // At 0.333: the debit 1.10 → 0.3663 → 0.37; credits 0.55 → 0.18315 → 0.18 twice (0.36). The
    // credit side is short and its two lines are equal in every way: the earlier one takes it.
    const byOrder = toGeneralLedger(
      usd([
        ['unallocated', 110n],
        ['principal', -55n],
        ['interest', -55n],
      ]),
      FR_PCG_SCHEME,
      { ...ctx, fxRate: '0.333' },
    );
    expect(byOrder.lines.map((l) => l.debitMinor - l.creditMinor)).toEqual([37n, -19n, -18n]);
  });

  it('converts between currencies with different minor units (JPY → EUR, EUR → KWD)', () => {
    const jpy = toGeneralLedger(
      draft(
        'PaymentReceived',
        [
          ['bank', 12345n],
          ['unallocated', -12345n],
        ],
        'JPY',
      ),
      FR_PCG_SCHEME,
      { ...ctx, fxRate: '0.006123' },
    );
    // 12345 JPY × 0.006123 = 75.588435 EUR → 75.59
    expect(jpy.lines[0]?.debitMinor).toBe(7559n);
    const kwd = toGeneralLedger(cases[2]!.draft, GENERIC_EN_SCHEME, {
      ...ctx,
      bookCurrency: 'KWD',
      fxRate: '0.3317',
    });
    // 500.00 EUR × 0.3317 = 165.850 KWD
    expect(kwd.lines[0]?.debitMinor).toBe(165850n);
    expect(kwd.lines[0]?.currency).toBe('KWD');
  });

  it('requires a positive plain-decimal rate when the currencies differ', () => {
    const d = usd([
      ['unallocated', 100n],
      ['principal', -100n],
    ]);
    const rejects = (fxRate: string | undefined, message: RegExp) => {
      const call = () => toGeneralLedger(d, FR_PCG_SCHEME, { ...ctx, fxRate });
      expect(call).toThrow(DomainError);
      expect(call).toThrow(message);
      try {
        call();
      } catch (error) {
        expect((error as DomainError).code).toBe('validation_failed');
      }
    };
    rejects(undefined, /in USD but the books are in EUR: an FX rate is required/);
    for (const bad of ['0', '0.000', '-1.1', '1,1', '1e3', '', ' 1.1', '.5']) {
      rejects(bad, /invalid FX rate/);
    }
  });

  it('refuses an unbalanced draft and a draft mixing currencies', () => {
    expect(() =>
      toGeneralLedger(
        draft('FeeCharged', [
          ['fees', 100n],
          ['fee_income', -99n],
        ]),
        FR_PCG_SCHEME,
        ctx,
      ),
    ).toThrow(/does not balance \(off by 1 minor units\)/);
    const mixed: JournalEntryDraft = {
      ...cases[0]!.draft,
      postings: [
        { account: 'principal', amountMinor: 100n, currency: 'EUR', itemId: null },
        { account: 'principal', amountMinor: -100n, currency: 'USD', itemId: null },
      ],
    };
    expect(() => toGeneralLedger(mixed, FR_PCG_SCHEME, ctx)).toThrow(/mixes currencies EUR, USD/);
  });
});

describe('fxRateOn', () => {
  const table: FxRate[] = [
    { currency: 'USD', bookCurrency: 'EUR', validFrom: '2026-01-01', rate: '0.91' },
    { currency: 'USD', bookCurrency: 'EUR', validFrom: '2026-03-01', rate: '0.93' },
    { currency: 'USD', bookCurrency: 'EUR', validFrom: '2026-02-01', rate: '0.92' },
    { currency: 'GBP', bookCurrency: 'EUR', validFrom: '2026-02-15', rate: '1.17' },
    { currency: 'EUR', bookCurrency: 'CHF', validFrom: '2026-01-01', rate: '0.94' },
  ];

  it('picks the latest rate that started on or before the date, whatever the row order', () => {
    expect(fxRateOn(table, 'USD', 'EUR', '2026-01-01')).toBe('0.91');
    expect(fxRateOn(table, 'USD', 'EUR', '2026-02-28')).toBe('0.92');
    expect(fxRateOn(table, 'USD', 'EUR', '2026-03-01')).toBe('0.93');
    expect(fxRateOn(table, 'USD', 'EUR', '2027-12-31')).toBe('0.93');
    expect(fxRateOn(table, 'GBP', 'EUR', '2026-02-15')).toBe('1.17');
  });

  it('is 1 for the book currency itself', () => {
    expect(fxRateOn([], 'EUR', 'EUR', '2026-01-01')).toBe('1');
  });

  it('never extrapolates backwards and names the pair, the date and the first rate', () => {
    expect(() => fxRateOn(table, 'USD', 'EUR', '2025-12-31')).toThrow(
      'no FX rate USD→EUR on or before 2025-12-31 (the first one starts 2026-01-01)',
    );
    expect(() => fxRateOn(table, 'GBP', 'EUR', '2026-02-14')).toThrow(/GBP→EUR on or before 2026-02-14/);
  });

  it('does not invert the opposite pair', () => {
    expect(() => fxRateOn(table, 'CHF', 'EUR', '2026-06-01')).toThrow(
      'no FX rate CHF→EUR on or before 2026-06-01 (the table has none for this pair)',
    );
  });

  it('refuses two different rates starting the same day, and malformed dates or rates', () => {
    const clash: FxRate[] = [
      { currency: 'USD', bookCurrency: 'EUR', validFrom: '2026-01-01', rate: '0.91' },
      { currency: 'USD', bookCurrency: 'EUR', validFrom: '2026-01-01', rate: '0.910' },
      { currency: 'USD', bookCurrency: 'EUR', validFrom: '2026-01-01', rate: '0.95' },
    ];
    expect(() => fxRateOn(clash, 'USD', 'EUR', '2026-01-05')).toThrow(
      /two different FX rates USD→EUR start on 2026-01-01/,
    );
    expect(fxRateOn(clash.slice(0, 2), 'USD', 'EUR', '2026-01-05')).toBe('0.91');
    expect(() => fxRateOn(table, 'USD', 'EUR', '2026-02-30')).toThrow(/invalid date/);
    expect(() =>
      fxRateOn(
        [{ currency: 'USD', bookCurrency: 'EUR', validFrom: '2026-01-01', rate: 'abc' }],
        'USD',
        'EUR',
        '2026-01-02',
      ),
    ).toThrow(/invalid FX rate "abc"/);
  });
});
