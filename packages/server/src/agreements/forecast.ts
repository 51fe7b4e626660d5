import {
  addDays,
  compareDates,
  daysBetween,
  DomainError,
  formatMoney,
  isKnownCurrency,
  money,
  parseDate,
  parseMoney,
  planProgress,
  type CurrencyCode,
  type PlainDate,
} from '@quittance/domain';
import type { Tx } from '../db/tenancy';
import { planFromJson } from '../read-models/agreements.projection';

// The cash forecast and the cash objectives (PRODUCT D9, issue 8). What the collectors can expect
// to come in, week by week, from three sources that never count the same invoice twice:
// - promises to pay still open: what is left of the promise, on the promised date;
// - installments of active payment plans: what is left of each installment, on its due date;
// - payment habits: the other open invoices, on their due date moved by the debtor's average delay.
// Anything expected before `asOf` (a promise or installment already late) is expected now.

export const DEFAULT_WEEKS = 13;
export const MAX_WEEKS = 52;
/** When nobody in the tenant has paid an invoice yet, debtors are assumed to pay this late. */
export const DEFAULT_DAYS_LATE = 30;
/** Beyond this many days past due, an invoice the debtor's habits say is late is doubtful. */
export const DOUBTFUL_AFTER_DAYS = 90;

export type ForecastOptions = {
  readonly asOf: string;
  readonly weeks?: number | undefined;
  readonly company?: string | null | undefined;
  readonly portfolio?: string | null | undefined;
  /** Default: the tenant's most common case currency, or EUR. */
  readonly currency?: string | null | undefined;
};

export type ReceiptSource = 'promise' | 'installment' | 'habit';

/** One amount expected on one date, and where the expectation comes from. */
export type ExpectedReceipt = {
  readonly source: ReceiptSource;
  readonly caseId: string;
  /** The promise id, `planId#installment`, or the invoice's item id. */
  readonly ref: string;
  readonly on: string;
  readonly amountMinor: bigint;
};

export type ForecastWeek = {
  readonly weekStart: string;
  readonly promises: string;
  readonly installments: string;
  readonly habits: string;
  readonly total: string;
};
export type ForecastMonth = {
  readonly month: string;
  readonly forecast: string;
  readonly objective: string | null;
  /** forecast − objective; negative when the forecast falls short. */
  readonly gap: string | null;
};
export type CashForecast = {
  readonly asOf: string;
  readonly currency: string;
  readonly weeks: ForecastWeek[];
  readonly months: ForecastMonth[];
};

export type ForecastScope = {
  readonly asOf: PlainDate;
  readonly currency: CurrencyCode;
  readonly company: string | null;
  readonly portfolio: string | null;
};

const invalid = (field: string, message: string): DomainError =>
  new DomainError('validation_failed', `${field}: ${message}`, { field });

const dateField = (field: string, text: string): PlainDate => {
  try {
    return parseDate(text);
  } catch (error) {
    if (error instanceof DomainError) throw invalid(field, error.message);
    throw error;
  }
};

const currencyField = (text: string): CurrencyCode => {
  if (!isKnownCurrency(text)) throw invalid('currency', `unknown currency "${text}"`);
  return text;
};

const blankToNull = (text: string | null | undefined): string | null =>
  text === undefined || text === null || text.trim() === '' ? null : text.trim();

/** Monday of the week `d` falls in. */
const mondayOf = (d: PlainDate): PlainDate => addDays(d, 1 - d.dayOfWeek);

const monthOf = (d: PlainDate): string => d.toString().slice(0, 7);

/** The mean rounded to the nearest whole day, halves up (integer arithmetic only). */
const averageDays = (sum: number, count: number): number => Math.floor((2 * sum + count) / (2 * count));

/**
 * The cash expected in `currency` over `weeks` weeks from the Monday of `asOf`'s week, per week and
 * source, and per calendar month the weeks touch against the month's cash objective. A month's
 * forecast counts every receipt expected in that month, also after the last week, so that it
 * compares with an objective set for the whole month.
 */
export const cashForecast = async (tx: Tx, options: ForecastOptions): Promise<CashForecast> => {
  const asOf = dateField('asOf', options.asOf);
  const weeks = options.weeks ?? DEFAULT_WEEKS;
  if (!Number.isSafeInteger(weeks) || weeks < 1 || weeks > MAX_WEEKS) {
    throw invalid('weeks', `a whole number from 1 to ${MAX_WEEKS}, got ${weeks}`);
  }
  const currency = currencyField(blankToNull(options.currency) ?? (await defaultCurrency(tx)));
  const scope: ForecastScope = {
    asOf,
    currency,
    company: blankToNull(options.company),
    portfolio: blankToNull(options.portfolio),
  };

  const firstMonday = mondayOf(asOf);
  const weekStarts = Array.from({ length: weeks }, (_, i) => addDays(firstMonday, 7 * i));
  const horizonEnd = addDays(firstMonday, 7 * weeks);
  const lastDay = addDays(horizonEnd, -1);
  const months: string[] = [];
  for (let m = firstMonday.with({ day: 1 }); compareDates(m, lastDay) <= 0; m = m.add({ months: 1 })) {
    months.push(monthOf(m));
  }

  const receipts = await expectedReceipts(tx, scope);
  const byWeek = new Map<string, Record<ReceiptSource, bigint>>(
    weekStarts.map((w) => [w.toString(), { promise: 0n, installment: 0n, habit: 0n }]),
  );
  const byMonth = new Map<string, bigint>(months.map((m) => [m, 0n]));
  for (const r of receipts) {
    const on = parseDate(r.on);
    const week = byWeek.get(mondayOf(on).toString());
    if (week) week[r.source] += r.amountMinor;
    const month = monthOf(on);
    const inMonth = byMonth.get(month);
    if (inMonth !== undefined) byMonth.set(month, inMonth + r.amountMinor);
  }
  const objectives = await monthObjectives(tx, scope, months);

  const fmt = (minor: bigint): string => formatMoney(money(minor, currency));
  return {
    asOf: asOf.toString(),
    currency,
    weeks: [...byWeek].map(([weekStart, w]) => ({
      weekStart,
      promises: fmt(w.promise),
      installments: fmt(w.installment),
      habits: fmt(w.habit),
      total: fmt(w.promise + w.installment + w.habit),
    })),
    months: [...byMonth].map(([month, forecast]) => {
      const objective = objectives.get(month);
      return {
        month,
        forecast: fmt(forecast),
        objective: objective === undefined ? null : fmt(objective),
        gap: objective === undefined ? null : fmt(forecast - objective),
      };
    }),
  };
};

/** The tenant's most common case currency (ties: alphabetical), EUR when it has no case yet. */
const defaultCurrency = async (tx: Tx): Promise<string> => {
  const row = await tx
    .selectFrom('cases')
    .select('currency')
    .groupBy('currency')
    .orderBy((eb) => eb.fn.countAll(), 'desc')
    .orderBy('currency')
    .executeTakeFirst();
  return row?.currency.trim() ?? 'EUR';
};

type Coverage = { wholeCase: boolean; items: Set<string> };

const cover = (map: Map<string, Coverage>, caseId: string, itemIds: readonly (string | null)[]): void => {
  const c = map.get(caseId) ?? { wholeCase: false, items: new Set<string>() };
  if (itemIds.length === 0 || itemIds.includes(null)) c.wholeCase = true;
  for (const id of itemIds) if (id !== null) c.items.add(id);
  map.set(caseId, c);
};

const isCovered = (map: Map<string, Coverage>, caseId: string, itemId: string): boolean => {
  const c = map.get(caseId);
  return c !== undefined && (c.wholeCase || c.items.has(itemId));
};

/**
 * Every receipt expected from `asOf` on, on the open cases in scope:
 * - an open promise: amount − paid on the promised date (on `asOf` when that date has passed);
 * - an active plan: each installment's amount − paid on its due date (on `asOf` when late); a plan
 *   only proposed counts for nothing yet, but its items are left to it;
 * - every other invoice with something outstanding, not in an open promise, a proposed or active
 *   plan, nor an open dispute (an item's, or the whole case's): on due date + the debtor's average
 *   days late over the invoices they paid in full (signed: early payers bring it forward; the date
 *   paid is the latest allocation of cash to the invoice's principal); the tenant's average when the
 *   debtor has no history, 30 days when nobody has. When that date has already passed, the invoice is
 *   expected a week after `asOf` while it is at most 90 days past due; beyond 90 days it is doubtful
 *   and expected not at all (the forecast stays silent about it rather than inventing a date).
 */
export const expectedReceipts = async (tx: Tx, scope: ForecastScope): Promise<ExpectedReceipt[]> => {
  const asOf = scope.asOf;
  const asOfText = asOf.toString();
  const notBefore = (date: string): string => (date < asOfText ? asOfText : date);
  const receipts: ExpectedReceipt[] = [];

  const agreements = await tx
    .selectFrom('agreements as a')
    .innerJoin('cases as c', 'c.id', 'a.case_id')
    .select([
      'a.id',
      'a.case_id',
      'a.kind',
      'a.status',
      'a.key_date',
      'a.amount_minor',
      'a.paid_minor',
      'a.data',
    ])
    .where('c.status', '=', 'open')
    .where('c.currency', '=', scope.currency)
    .$if(scope.company !== null, (q) => q.where('c.company_code', '=', scope.company!))
    .$if(scope.portfolio !== null, (q) => q.where('c.portfolio', '=', scope.portfolio!))
    .where((eb) =>
      eb.or([
        eb.and([eb('a.kind', '=', 'promise'), eb('a.status', '=', 'open')]),
        eb.and([eb('a.kind', '=', 'plan'), eb('a.status', 'in', ['proposed', 'active'])]),
        eb.and([eb('a.kind', '=', 'dispute'), eb('a.status', 'in', ['open', 'under_review'])]),
      ]),
    )
    .orderBy('a.case_id')
    .orderBy('a.id')
    .execute();

  const committed = new Map<string, Coverage>();
  const disputed = new Map<string, Coverage>();
  for (const a of agreements) {
    switch (a.kind) {
      case 'promise': {
        const data = a.data as { made: { itemIds: readonly string[] } };
        cover(committed, a.case_id, data.made.itemIds);
        const left = (a.amount_minor ?? 0n) - (a.paid_minor ?? 0n);
        if (left > 0n && a.key_date !== null) {
          receipts.push({
            source: 'promise',
            caseId: a.case_id,
            ref: a.id,
            on: notBefore(a.key_date),
            amountMinor: left,
          });
        }
        break;
      }
      case 'plan': {
        const plan = planFromJson(a.data);
        cover(committed, a.case_id, plan.proposed.itemIds);
        if (a.status !== 'active') break;
        for (const i of planProgress(plan, asOfText)) {
          const left = i.amountMinor - i.paidMinor;
          if (left <= 0n) continue;
          receipts.push({
            source: 'installment',
            caseId: a.case_id,
            ref: `${a.id}#${i.number}`,
            on: notBefore(i.dueDate),
            amountMinor: left,
          });
        }
        break;
      }
      case 'dispute': {
        const data = a.data as { opened: { itemId: string | null } };
        cover(disputed, a.case_id, [data.opened.itemId]);
        break;
      }
      default:
        break;
    }
  }

  const invoices = await tx
    .selectFrom('financial_items as fi')
    .innerJoin('cases as c', 'c.id', 'fi.case_id')
    .select(['fi.id', 'fi.case_id', 'fi.due_date', 'fi.outstanding_minor', 'c.debtor_party_id'])
    .where('fi.kind', '=', 'invoice')
    .where('fi.outstanding_minor', '>', 0n)
    .where('c.status', '=', 'open')
    .where('c.currency', '=', scope.currency)
    .$if(scope.company !== null, (q) => q.where('c.company_code', '=', scope.company!))
    .$if(scope.portfolio !== null, (q) => q.where('c.portfolio', '=', scope.portfolio!))
    .orderBy('fi.due_date')
    .orderBy('fi.id')
    .execute();
  const open = invoices.filter(
    (i) => !isCovered(committed, i.case_id, i.id) && !isCovered(disputed, i.case_id, i.id),
  );
  if (open.length === 0) return receipts;

  const daysLate = await paymentHabits(tx, asOfText);
  const nextWeek = addDays(asOf, 7).toString();
  for (const i of open) {
    const due = parseDate(i.due_date);
    const delay =
      (i.debtor_party_id === null ? undefined : daysLate.byDebtor.get(i.debtor_party_id)) ?? daysLate.tenant;
    const expected = addDays(due, delay);
    let on: string;
    if (compareDates(expected, asOf) >= 0) on = expected.toString();
    else if (daysBetween(due, asOf) <= DOUBTFUL_AFTER_DAYS) on = nextWeek;
    else continue;
    receipts.push({ source: 'habit', caseId: i.case_id, ref: i.id, on, amountMinor: i.outstanding_minor });
  }
  return receipts;
};

/**
 * Average days late per debtor, and over the tenant, on the invoices paid in full by `asOf`
 * (every company and currency: a habit belongs to the debtor, not to the filter).
 */
const paymentHabits = async (
  tx: Tx,
  asOf: string,
): Promise<{ byDebtor: Map<string, number>; tenant: number }> => {
  const paid = await tx
    .selectFrom('financial_items as fi')
    .innerJoin('cases as c', 'c.id', 'fi.case_id')
    .innerJoin('ledger_postings as p', 'p.item_id', 'fi.id')
    .innerJoin('ledger_entries as e', 'e.id', 'p.entry_id')
    .select((eb) => ['fi.id', 'fi.due_date', 'c.debtor_party_id', eb.fn.max('e.entry_date').as('paid_on')])
    .where('fi.kind', '=', 'invoice')
    .where('fi.amount_minor', '>', 0n)
    .where('fi.outstanding_minor', '=', 0n)
    .where('p.account', '=', 'principal')
    .where('e.event_type', '=', 'PaymentAllocated')
    .groupBy(['fi.id', 'fi.due_date', 'c.debtor_party_id'])
    .having((eb) => eb.fn.max('e.entry_date'), '<=', asOf)
    .execute();
  const perDebtor = new Map<string, { sum: number; count: number }>();
  let sum = 0;
  for (const row of paid) {
    const late = daysBetween(parseDate(row.due_date), parseDate(String(row.paid_on)));
    sum += late;
    if (row.debtor_party_id === null) continue;
    const d = perDebtor.get(row.debtor_party_id) ?? { sum: 0, count: 0 };
    perDebtor.set(row.debtor_party_id, { sum: d.sum + late, count: d.count + 1 });
  }
  return {
    byDebtor: new Map([...perDebtor].map(([id, d]) => [id, averageDays(d.sum, d.count)])),
    tenant: paid.length === 0 ? DEFAULT_DAYS_LATE : averageDays(sum, paid.length),
  };
};

/** The objective per month: the company's (or every company's, summed), for the portfolio or the whole. */
const monthObjectives = async (
  tx: Tx,
  scope: ForecastScope,
  months: readonly string[],
): Promise<Map<string, bigint>> => {
  if (months.length === 0) return new Map();
  const rows = await tx
    .selectFrom('cash_objectives')
    .select(['month', 'amount_minor'])
    .where('currency', '=', scope.currency)
    .where('portfolio', '=', scope.portfolio ?? '')
    .where('month', 'in', months)
    .$if(scope.company !== null, (q) => q.where('company_code', '=', scope.company!))
    .execute();
  const byMonth = new Map<string, bigint>();
  for (const r of rows) byMonth.set(r.month, (byMonth.get(r.month) ?? 0n) + BigInt(r.amount_minor));
  return byMonth;
};

// --- Cash objectives --------------------------------------------------------------------------

export type CashObjective = {
  readonly company: string;
  /** null: the company as a whole. */
  readonly portfolio: string | null;
  readonly month: string;
  readonly amount: string;
  readonly currency: string;
};

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

const objectiveOf = (row: {
  company_code: string;
  portfolio: string;
  month: string;
  amount_minor: bigint;
  currency: string;
}): CashObjective => {
  const currency = row.currency.trim();
  return {
    company: row.company_code,
    portfolio: row.portfolio === '' ? null : row.portfolio,
    month: row.month.trim(),
    amount: formatMoney(money(BigInt(row.amount_minor), currency)),
    currency,
  };
};

/** Every cash objective of the tenant, by month, company and portfolio. */
export const listCashObjectives = async (tx: Tx): Promise<CashObjective[]> => {
  const rows = await tx
    .selectFrom('cash_objectives')
    .select(['company_code', 'portfolio', 'month', 'amount_minor', 'currency'])
    .orderBy('month')
    .orderBy('company_code')
    .orderBy('portfolio')
    .execute();
  return rows.map(objectiveOf);
};

/** Sets a company's (or one of its portfolios') cash objective for a month, replacing the one there was. */
export const upsertCashObjective = async (
  tx: Tx,
  tenantId: string,
  input: {
    company: string;
    portfolio?: string | null | undefined;
    month: string;
    amount: string;
    currency: string;
  },
  by: { user: string; at: Date },
): Promise<CashObjective> => {
  const company = input.company.trim();
  if (company === '') throw invalid('company', 'a company code is required');
  const known = await tx
    .selectFrom('companies')
    .select('code')
    .where('code', '=', company)
    .executeTakeFirst();
  if (!known) throw invalid('company', `no company "${company}"`);
  if (!MONTH.test(input.month)) throw invalid('month', `expected YYYY-MM, got "${input.month}"`);
  const currency = currencyField(input.currency);
  let amountMinor: bigint;
  try {
    amountMinor = parseMoney(input.amount, currency).amountMinor;
  } catch (error) {
    if (error instanceof DomainError) {
      throw new DomainError(error.code, `amount: ${error.message}`, { field: 'amount' });
    }
    throw error;
  }
  if (amountMinor < 0n) throw invalid('amount', `an objective is 0 or more, got ${input.amount}`);
  const row = {
    company_code: company,
    portfolio: blankToNull(input.portfolio) ?? '',
    month: input.month,
    amount_minor: amountMinor,
    currency,
  };
  await tx
    .insertInto('cash_objectives')
    .values({ tenant_id: tenantId, ...row, updated_by: by.user, updated_at: by.at })
    .onConflict((oc) =>
      oc
        .columns(['tenant_id', 'company_code', 'portfolio', 'month'])
        .doUpdateSet({ amount_minor: amountMinor, currency, updated_by: by.user, updated_at: by.at }),
    )
    .execute();
  return objectiveOf(row);
};
