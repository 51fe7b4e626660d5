import { sql } from 'kysely';
import { currencyExponent, type JsonValue } from '@quittance/domain';
import type { Tx } from '../db/tenancy';

/** The event that triggers an evaluation: a stored case event, or none (simulation). */
export type TriggerEvent = {
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly actorKind: string;
};

export type CaseFactsJson = { readonly [k: string]: JsonValue };

const DEBT_ACCOUNTS = ['principal', 'interest', 'fees', 'costs'] as const;

/**
 * The facts the rules see for one case (CASE_FACTS_SCHEMA in the domain), as JSON: amounts as
 * exact decimal strings in the case currency, dates as YYYY-MM-DD, unknown values as null.
 * Read from the read models and the ledger inside the caller's transaction, so they describe the
 * case exactly as it stands after the triggering event.
 */
export const caseFacts = async (
  tx: Tx,
  caseId: string,
  today: string,
  trigger: TriggerEvent | null,
): Promise<CaseFactsJson | undefined> => {
  const kase = await tx
    .selectFrom('cases as c')
    .leftJoin('parties as p', 'p.id', 'c.debtor_party_id')
    .select([
      'c.id',
      'c.number',
      'c.case_type',
      'c.phase',
      'c.company_code',
      'c.currency',
      'c.manager',
      'c.team',
      'c.portfolio',
      'c.strategy',
      'c.manual_mode',
      'c.blacklisted',
      'c.outsourced_to',
      'c.custom_fields',
      'c.created_at',
      'p.reference',
      'p.name',
      'p.customer_type',
      'p.country',
      'p.language',
    ])
    .where('c.id', '=', caseId)
    .executeTakeFirst();
  if (!kase) return undefined;
  const currency = kase.currency.trim();
  const exponent = currencyExponent(currency);

  const balances = await tx
    .selectFrom('ledger_postings as lp')
    .innerJoin('ledger_entries as le', 'le.id', 'lp.entry_id')
    .select(['lp.account', sql<string>`sum(lp.amount_minor)::text`.as('total')])
    .where('le.case_id', '=', caseId)
    .where('lp.account', 'in', [...DEBT_ACCOUNTS])
    .groupBy('lp.account')
    .execute();
  const byAccount = new Map(balances.map((b) => [b.account, BigInt(b.total)]));
  const principal = byAccount.get('principal') ?? 0n;
  const balance = DEBT_ACCOUNTS.reduce((total, account) => total + (byAccount.get(account) ?? 0n), 0n);

  const items = await tx
    .selectFrom('financial_items')
    .select(['due_date', 'outstanding_minor'])
    .where('case_id', '=', caseId)
    .where('outstanding_minor', '!=', 0n)
    .execute();
  const overdue = items.filter((i) => BigInt(i.outstanding_minor) > 0n && i.due_date < today);
  // As on the case screen: credit notes past their date reduce what is overdue, never below zero.
  const pastDueMinor = items
    .filter((i) => i.due_date < today)
    .reduce((total, i) => total + BigInt(i.outstanding_minor), 0n);
  const overdueMinor = pastDueMinor > 0n ? pastDueMinor : 0n;
  const oldestDue = overdue.reduce<string | null>(
    (oldest, i) => (oldest === null || i.due_date < oldest ? i.due_date : oldest),
    null,
  );

  const contact = await sql<{ last: string | null }>`
    select max(recorded_at)::date::text as last from events
    where stream_id = ${caseId}
      and (type = 'MessageRequested' or (type = 'NoteAdded' and data->>'noteType' = 'call'))
  `.execute(tx);
  const payment = await sql<{ last: string | null }>`
    select max(data->>'receivedOn') as last from events
    where stream_id = ${caseId} and type = 'PaymentReceived'
  `.execute(tx);
  const lastContact = contact.rows[0]?.last ?? null;
  const lastPayment = payment.rows[0]?.last ?? null;
  const customFields = (kase.custom_fields ?? {}) as Record<string, JsonValue>;
  const score = customFields['score'];

  return {
    today,
    event: trigger
      ? { type: trigger.type, data: trigger.data as { [k: string]: JsonValue }, actorKind: trigger.actorKind }
      : { type: 'None', data: {}, actorKind: 'system' },
    case: {
      id: kase.id,
      number: kase.number,
      type: kase.case_type,
      phase: kase.phase,
      company: kase.company_code,
      currency,
      manager: kase.manager,
      team: kase.team,
      portfolio: kase.portfolio,
      strategy: kase.strategy,
      openedOn: isoDate(kase.created_at),
      balance: decimal(balance, exponent),
      principal: decimal(principal, exponent),
      overdue: {
        amount: decimal(overdueMinor, exponent),
        count: overdue.length,
        oldestDueDate: oldestDue,
        daysPastDue: oldestDue === null ? 0 : daysBetween(oldestDue, today),
      },
      items: { open: items.length, disputed: 0 },
      manualMode: kase.manual_mode,
      blacklisted: kase.blacklisted,
      outsourcedTo: kase.outsourced_to,
      daysSinceLastContact: lastContact === null ? null : daysBetween(lastContact, today),
      daysSinceLastPayment: lastPayment === null ? null : daysBetween(lastPayment, today),
      customFields,
    },
    customer: {
      reference: kase.reference ?? null,
      name: kase.name ?? null,
      type: kase.customer_type ?? null,
      country: kase.country ?? null,
      language: kase.language ?? null,
      score: typeof score === 'number' || typeof score === 'string' ? score : null,
    },
    decisions: {},
  };
};

/** Minor units → an exact decimal string (`123456n`, 2 → `"1234.56"`). */
export const decimal = (minor: bigint, exponent: number): string => {
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(exponent + 1, '0');
  const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
  const fraction = exponent === 0 ? '' : `.${digits.slice(-exponent)}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
};

const DAY_MS = 86_400_000;
const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

const isoDate = (value: Date | string): string =>
  value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
