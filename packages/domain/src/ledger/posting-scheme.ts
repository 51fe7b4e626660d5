import Decimal from 'decimal.js';
import { parseDate } from '../calendar/calendar';
import { currencyExponent } from '../money/money';
import { DomainError } from '../shared/domain-error';
import type { JournalEntryDraft, SubLedgerAccount } from './ledger.types';

/** Where a sub-ledger account goes in the general ledger. */
export type GlAccountRule = {
  readonly account: string;
  /** The account's name in the general ledger (FEC CompteLib): one label per account number. */
  readonly label: string;
  /** 'customer': the line also carries the customer's auxiliary (sub-ledger) account. */
  readonly auxiliary: 'customer' | null;
};

export type JournalDef = { readonly code: string; readonly label: string };

/**
 * How a tenant's company books Quittance's entries in its general ledger: pure data, one per
 * tenant and company, starting from one of the shipped schemes (`schemes/`).
 */
export type PostingScheme = {
  readonly code: string;
  readonly name: string;
  readonly locale: 'fr' | 'en';
  readonly accounts: Readonly<Record<SubLedgerAccount, GlAccountRule>>;
  readonly journals: {
    readonly default: JournalDef;
    readonly byEventType: Readonly<Partial<Record<string, JournalDef>>>;
  };
  /**
   * Label templates per event type with {caseNumber} {customerRef} {customerName} {reference}
   * {label} (the draft's own label) placeholders; the draft's label when the event type has none.
   */
  readonly labels: Readonly<Partial<Record<string, string>>>;
  /**
   * How the auxiliary account code is built: prefix + customer ref, e.g. '411' + 'C0042' →
   * "411C0042"; an empty prefix makes the customer ref itself the auxiliary account.
   */
  readonly customerAuxiliary: { readonly prefix: string };
};

export type GlLine = {
  /** 1-based, in the order of the draft's postings. */
  readonly lineNo: number;
  readonly account: string;
  readonly accountLabel: string;
  readonly auxiliaryAccount: string | null;
  readonly auxiliaryLabel: string | null;
  readonly label: string;
  /** In minor units of `currency`; exactly one of debit and credit is non-zero (or both zero). */
  readonly debitMinor: bigint;
  readonly creditMinor: bigint;
  /** The company's (book) currency. */
  readonly currency: string;
  /** Signed (+debit / −credit), in the original currency, when the line was converted. */
  readonly originalAmountMinor: bigint | null;
  readonly originalCurrency: string | null;
  readonly analytic: Readonly<Record<string, string>>;
};

export type GlEntry = {
  readonly journal: JournalDef;
  readonly entryDate: string;
  readonly label: string;
  readonly pieceRef: string;
  /** Decimal string: book-currency units per 1 unit of the original currency; null when not converted. */
  readonly fxRate: string | null;
  readonly lines: readonly GlLine[];
};

export type GlContext = {
  readonly caseNumber: string;
  readonly customerRef: string | null;
  readonly customerName: string | null;
  /** The piece reference: invoice number, bank reference, ... */
  readonly reference: string;
  readonly bookCurrency: string;
  /** Required when the entry's currency differs from `bookCurrency` (see `fxRateOn`). */
  readonly fxRate?: string;
  /** Free analytic fields (cost centre, business unit, ...) copied on every line (E4). */
  readonly analytic?: Readonly<Record<string, string>>;
};

/** One row of an effective-dated FX rate table: `rate` book units per 1 `currency` unit from `validFrom`. */
export type FxRate = {
  readonly currency: string;
  readonly bookCurrency: string;
  /** YYYY-MM-DD */
  readonly validFrom: string;
  /** Positive plain decimal, e.g. "0.9214". */
  readonly rate: string;
};

const invalid = (message: string, details?: Record<string, unknown>): DomainError =>
  new DomainError('validation_failed', message, details);

// Plain positive decimals only: no exponent, no sign, no separators, so that the rate written on
// the entry is exactly the rate used.
const RATE = /^\d+(\.\d+)?$/;

// Enough significant digits for the exact product of any realistic amount and rate; a product
// that would need more is refused rather than silently rounded twice.
const PRECISION = 1_000;
const Exact = Decimal.clone({ precision: PRECISION, rounding: Decimal.ROUND_HALF_UP });

const parseRate = (rate: string): Decimal => {
  if (!RATE.test(rate) || new Exact(rate).isZero()) {
    throw invalid(`invalid FX rate "${rate}": expected a positive plain decimal such as "0.9214"`, {
      rate,
    });
  }
  return new Exact(rate);
};

const render = (template: string, draft: JournalEntryDraft, ctx: GlContext): string =>
  template
    .replace(/\{(caseNumber|customerRef|customerName|reference|label)\}/g, (_, key: string) => {
      switch (key) {
        case 'caseNumber':
          return ctx.caseNumber;
        case 'customerRef':
          return ctx.customerRef ?? '';
        case 'customerName':
          return ctx.customerName ?? '';
        case 'reference':
          return ctx.reference;
        default:
          return draft.label;
      }
    })
    // An absent customer name must not leave a double space behind.
    .replace(/\s+/g, ' ')
    .trim();

const entryCurrency = (draft: JournalEntryDraft): string | null => {
  const currencies = new Set(draft.postings.map((posting) => posting.currency));
  if (currencies.size > 1) {
    throw new DomainError(
      'currency_mismatch',
      `entry ${draft.sourceKey} mixes currencies ${[...currencies].join(', ')}; one FX rate cannot convert it`,
      { sourceKey: draft.sourceKey, currencies: [...currencies] },
    );
  }
  const [currency] = currencies;
  return currency ?? null;
};

const abs = (n: bigint): bigint => (n < 0n ? -n : n);

/**
 * The general-ledger entry for a drafted sub-ledger entry: one line per posting (never merged),
 * accounts, auxiliary account, journal and label from the scheme; converted to the book currency
 * at `ctx.fxRate` when the entry is in another currency, and always balanced.
 */
export const toGeneralLedger = (draft: JournalEntryDraft, scheme: PostingScheme, ctx: GlContext): GlEntry => {
  const total = draft.postings.reduce((acc, posting) => acc + posting.amountMinor, 0n);
  if (total !== 0n) {
    throw invalid(`entry ${draft.sourceKey} does not balance (off by ${total} minor units)`, {
      sourceKey: draft.sourceKey,
      imbalanceMinor: total.toString(),
    });
  }
  const currency = entryCurrency(draft) ?? ctx.bookCurrency;
  const bookExponent = currencyExponent(ctx.bookCurrency);
  const converted = currency !== ctx.bookCurrency;
  let rate: Decimal | null = null;
  if (converted) {
    if (ctx.fxRate === undefined) {
      throw invalid(
        `entry ${draft.sourceKey} is in ${currency} but the books are in ${ctx.bookCurrency}: an FX rate is required`,
        { sourceKey: draft.sourceKey, currency, bookCurrency: ctx.bookCurrency },
      );
    }
    rate = parseRate(ctx.fxRate);
  }
  // Minor units of the entry's currency → minor units of the book currency.
  const factor =
    rate === null ? null : rate.times(new Exact(10).pow(bookExponent - currencyExponent(currency)));

  const template = scheme.labels[draft.eventType];
  const label = template === undefined ? draft.label : render(template, draft, ctx);
  const auxiliaryAccount =
    ctx.customerRef === null ? null : `${scheme.customerAuxiliary.prefix}${ctx.customerRef}`;
  const analytic = Object.freeze({ ...(ctx.analytic ?? {}) });

  const magnitudes = draft.postings.map((posting) => {
    const magnitude = abs(posting.amountMinor);
    if (factor === null) return magnitude;
    const product = new Exact(magnitude.toString()).times(factor);
    if (product.precision() >= PRECISION) {
      throw invalid(`entry ${draft.sourceKey}: amount × FX rate has too many digits to convert exactly`);
    }
    // Rounded once per line, half away from zero, to the book currency's minor unit.
    return BigInt(product.toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toFixed(0));
  });

  // Per-line rounding can leave the converted entry off by a few minor units. The difference goes
  // on the line with the largest converted amount on the side that is short (ties: the larger
  // original amount, then the earliest line), so that the GL entry always balances and every
  // other line stays the exact product rounded half-up.
  if (factor !== null) {
    const isDebit = (i: number): boolean => (draft.postings[i]?.amountMinor ?? 0n) > 0n;
    const sideTotal = (debit: boolean): bigint =>
      magnitudes.reduce((acc, m, i) => (isDebit(i) === debit ? acc + m : acc), 0n);
    const difference = sideTotal(true) - sideTotal(false);
    if (difference !== 0n) {
      const shortSideIsDebit = difference < 0n;
      let target = -1;
      magnitudes.forEach((m, i) => {
        if (isDebit(i) !== shortSideIsDebit) return;
        const current = magnitudes[target];
        const original = abs(draft.postings[i]?.amountMinor ?? 0n);
        const currentOriginal = abs(draft.postings[target]?.amountMinor ?? 0n);
        if (current === undefined || m > current || (m === current && original > currentOriginal)) {
          target = i;
        }
      });
      // A balanced draft with a non-zero side has lines on both sides.
      if (target < 0) throw new Error(`entry ${draft.sourceKey}: no line to carry the rounding`);
      magnitudes[target] = (magnitudes[target] ?? 0n) + abs(difference);
    }
  }

  const lines = draft.postings.map((posting, i): GlLine => {
    const rule = scheme.accounts[posting.account];
    const magnitude = magnitudes[i] ?? 0n;
    const debit = posting.amountMinor > 0n;
    const withAuxiliary = rule.auxiliary === 'customer' && auxiliaryAccount !== null;
    return {
      lineNo: i + 1,
      account: rule.account,
      accountLabel: rule.label,
      auxiliaryAccount: withAuxiliary ? auxiliaryAccount : null,
      auxiliaryLabel: withAuxiliary ? (ctx.customerName ?? ctx.customerRef) : null,
      label,
      debitMinor: debit ? magnitude : 0n,
      creditMinor: debit ? 0n : magnitude,
      currency: ctx.bookCurrency,
      originalAmountMinor: converted ? posting.amountMinor : null,
      originalCurrency: converted ? currency : null,
      analytic,
    };
  });

  return {
    journal: scheme.journals.byEventType[draft.eventType] ?? scheme.journals.default,
    entryDate: draft.entryDate,
    label,
    pieceRef: ctx.reference,
    fxRate: converted ? (ctx.fxRate ?? null) : null,
    lines,
  };
};

/** Total debits equal total credits and no amount is negative. */
export const isGlEntryBalanced = (entry: GlEntry): boolean => {
  let debit = 0n;
  let credit = 0n;
  for (const line of entry.lines) {
    if (line.debitMinor < 0n || line.creditMinor < 0n) return false;
    debit += line.debitMinor;
    credit += line.creditMinor;
  }
  return debit === credit;
};

/**
 * The rate in force on `date` for `currency` → `bookCurrency`: the row with the latest
 * `validFrom` on or before `date` ("1" for the same currency). Never extrapolates backwards and
 * never inverts the opposite pair: no such row is a `validation_failed` naming the pair and date.
 */
export const fxRateOn = (
  table: readonly FxRate[],
  currency: string,
  bookCurrency: string,
  date: string,
): string => {
  parseDate(date);
  if (currency === bookCurrency) return '1';
  const pair = table.filter((row) => row.currency === currency && row.bookCurrency === bookCurrency);
  pair.forEach((row) => parseDate(row.validFrom));
  // ISO dates order as strings.
  const applicable = pair.filter((row) => row.validFrom <= date);
  if (applicable.length === 0) {
    const earliest = pair.reduce<string | null>(
      (min, row) => (min === null || row.validFrom < min ? row.validFrom : min),
      null,
    );
    throw invalid(
      `no FX rate ${currency}→${bookCurrency} on or before ${date}` +
        (earliest === null ? ' (the table has none for this pair)' : ` (the first one starts ${earliest})`),
      { currency, bookCurrency, date },
    );
  }
  const latest = applicable.reduce((best, row) => (row.validFrom > best.validFrom ? row : best));
  const latestRate = parseRate(latest.rate);
  const rivals = applicable.filter(
    (row) => row.validFrom === latest.validFrom && !parseRate(row.rate).equals(latestRate),
  );
  if (rivals.length > 0) {
    throw invalid(
      `two different FX rates ${currency}→${bookCurrency} start on ${latest.validFrom} (${latest.rate}, ${rivals[0]?.rate})`,
      { currency, bookCurrency, validFrom: latest.validFrom },
    );
  }
  return latest.rate;
};
