import { sql, type RawBuilder } from 'kysely';
import { daysBetween, moneyToDto, parseDate } from '@quittance/domain';
import type {
  CaseDetail,
  CaseList,
  CaseListQuery,
  CaseParty,
  CaseSortKey,
  CaseSummary,
  ChronoEntry,
  FinancialItem,
} from '@quittance/api-contract';
import type { Tx } from '../db/tenancy';
import { isUuid } from '../db/ids';

/**
 * The case summary read model. The balance is what the debtor owes net of cash held: the items'
 * outstanding principal plus interest, fees and costs, less unallocated payments and credit
 * balances (from the ledger). What is overdue depends on "today", so it is computed at query
 * time for the as-of date rather than stored.
 */
type SummaryRow = {
  id: string;
  number: string;
  case_type: string;
  company_code: string;
  company_name: string;
  currency: string;
  debtor_party_id: string | null;
  debtor_name: string | null;
  debtor_reference: string | null;
  phase: string;
  status: string;
  archived: boolean;
  manager: string | null;
  updated_at: Date | string;
  created_at: Date | string;
  custom_fields: Record<string, unknown>;
  version: number;
  balance_minor: bigint | string;
  overdue_minor: bigint | string;
  oldest_due: string | null;
  oldest_overdue: string | null;
  open_items: number | string;
  total?: number | string;
};

const SORTS: Record<CaseSortKey, string> = {
  number: 'c.number asc',
  '-number': 'c.number desc',
  debtor: 'lower(c.debtor_name) asc nulls last, c.number asc',
  '-debtor': 'lower(c.debtor_name) desc nulls last, c.number asc',
  balance: 'balance_minor asc, c.number asc',
  '-balance': 'balance_minor desc, c.number asc',
  overdue: 'overdue_minor asc, c.number asc',
  '-overdue': 'overdue_minor desc, c.number asc',
  daysPastDue: 'a.oldest_overdue desc nulls first, c.number asc',
  '-daysPastDue': 'a.oldest_overdue asc nulls last, c.number asc',
  updatedAt: 'c.updated_at asc, c.number asc',
  '-updatedAt': 'c.updated_at desc, c.number asc',
};

const summarySelect = (
  asOf: string,
  where: RawBuilder<unknown>,
  orderAndPage: RawBuilder<unknown>,
) => sql<SummaryRow>`
  select c.id, c.number, c.case_type, c.company_code, c.company_name, c.currency, c.debtor_party_id,
         c.debtor_name, c.debtor_reference, c.phase, c.status, c.archived, c.manager, c.updated_at,
         c.created_at, c.custom_fields, c.version,
         (coalesce(a.balance, 0) + coalesce(l.other, 0))::bigint as balance_minor,
         greatest(coalesce(a.overdue, 0), 0)::bigint as overdue_minor,
         a.oldest_due, a.oldest_overdue, coalesce(a.open_items, 0)::int as open_items,
         count(*) over () as total
  from cases c
  left join lateral (
    select sum(i.outstanding_minor) as balance,
           sum(i.outstanding_minor) filter (where i.due_date < ${asOf}::date) as overdue,
           min(i.due_date) filter (where i.outstanding_minor > 0) as oldest_due,
           min(i.due_date) filter (where i.outstanding_minor > 0 and i.due_date < ${asOf}::date) as oldest_overdue,
           count(*) filter (where i.outstanding_minor <> 0) as open_items
    from financial_items i where i.case_id = c.id
  ) a on true
  -- Principal lives on the items; interest, fees, costs and cash held come from the ledger.
  left join lateral (
    select sum(p.amount_minor) as other
    from ledger_entries e join ledger_postings p on p.entry_id = e.id
    where e.case_id = c.id and p.account in ('interest', 'fees', 'costs', 'unallocated', 'overpayment')
  ) l on true
  where ${where}
  ${orderAndPage}
`;

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export const listCases = async (tx: Tx, query: CaseListQuery, asOf: string): Promise<CaseList> => {
  const conditions: RawBuilder<unknown>[] = [sql`true`];
  const q = query.q?.trim();
  if (q) {
    const like = `%${escapeLike(q)}%`;
    conditions.push(sql`(c.number ilike ${like} or c.debtor_name ilike ${like} or c.debtor_reference ilike ${like}
      or exists (select 1 from financial_items f where f.case_id = c.id and f.number ilike ${like}))`);
  }
  if (query.phase) conditions.push(sql`c.phase = ${query.phase}`);
  if (query.status) conditions.push(sql`c.status = ${query.status}`);
  if (query.company) conditions.push(sql`c.company_code = ${query.company}`);
  if (query.manager) conditions.push(sql`c.manager = ${query.manager}`);
  if (query.archived !== 'all') conditions.push(sql`c.archived = ${query.archived === 'true'}`);
  if (query.overdue === 'true') conditions.push(sql`coalesce(a.overdue, 0) > 0`);
  if (query.overdue === 'false') conditions.push(sql`coalesce(a.overdue, 0) <= 0`);
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 25;
  const order = SORTS[query.sort ?? '-overdue'];
  const result = await summarySelect(
    asOf,
    sql.join(conditions, sql` and `),
    sql`order by ${sql.raw(order)} limit ${pageSize} offset ${(page - 1) * pageSize}`,
  ).execute(tx);
  const total = result.rows[0]?.total;
  return {
    items: result.rows.map((row) => toSummary(row, asOf)),
    meta: {
      page,
      pageSize,
      total: total === undefined ? await countCases(tx, query, asOf, page) : Number(total),
    },
    asOf,
  };
};

/** A page past the end has no rows to carry the window count; count separately then. */
const countCases = async (tx: Tx, query: CaseListQuery, asOf: string, page: number): Promise<number> =>
  page === 1 ? 0 : (await listCases(tx, { ...query, page: 1, pageSize: 1 }, asOf)).meta.total;

export const getCaseSummary = async (
  tx: Tx,
  caseId: string,
  asOf: string,
): Promise<CaseSummary | undefined> => {
  if (!isUuid(caseId)) return undefined;
  const result = await summarySelect(asOf, sql`c.id = ${caseId}`, sql``).execute(tx);
  const row = result.rows[0];
  return row && toSummary(row, asOf);
};

export const getCaseDetail = async (
  tx: Tx,
  caseId: string,
  asOf: string,
): Promise<CaseDetail | undefined> => {
  if (!isUuid(caseId)) return undefined;
  const result = await summarySelect(asOf, sql`c.id = ${caseId}`, sql``).execute(tx);
  const row = result.rows[0];
  if (!row) return undefined;
  const [parties, items] = [await caseParties(tx, caseId), await caseItems(tx, caseId, asOf)];
  const steering = await tx
    .selectFrom('cases')
    .select(['team', 'portfolio', 'strategy', 'manual_mode', 'blacklisted', 'outsourced_to'])
    .select((eb) =>
      eb
        .selectFrom('tasks')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('tasks.case_id', '=', 'cases.id')
        .where('tasks.status', '=', 'open')
        .as('open_tasks'),
    )
    .where('id', '=', caseId)
    .executeTakeFirstOrThrow();
  return {
    ...toSummary(row, asOf),
    steering: {
      team: steering.team,
      portfolio: steering.portfolio,
      strategy: steering.strategy,
      manualMode: steering.manual_mode,
      blacklisted: steering.blacklisted,
      outsourcedTo: steering.outsourced_to,
      openTasks: Number(steering.open_tasks ?? 0),
    },
    customFields: row.custom_fields,
    parties,
    items,
    version: row.version,
    createdAt: iso(row.created_at),
    asOf,
  };
};

const caseParties = async (tx: Tx, caseId: string): Promise<CaseParty[]> => {
  const rows = await tx
    .selectFrom('case_parties as cp')
    .innerJoin('parties as p', 'p.id', 'cp.party_id')
    .select([
      'p.id',
      'cp.role',
      'p.kind',
      'p.reference',
      'p.name',
      'p.country',
      'p.language',
      'p.customer_type',
      'p.contacts',
    ])
    .where('cp.case_id', '=', caseId)
    .orderBy('cp.role')
    .orderBy('p.name')
    .execute();
  return rows.map((p) => {
    const contacts = (p.contacts as unknown as { kind: string; value: string; optOut: boolean }[]) ?? [];
    return {
      id: p.id,
      role: p.role as CaseParty['role'],
      kind: p.kind as CaseParty['kind'],
      reference: p.reference,
      name: p.name,
      country: p.country,
      language: p.language,
      customerType: p.customer_type as CaseParty['customerType'],
      emails: contacts.filter((c) => c.kind === 'email').map((c) => c.value),
      phones: contacts.filter((c) => c.kind === 'phone').map((c) => c.value),
    };
  });
};

const caseItems = async (tx: Tx, caseId: string, asOf: string): Promise<FinancialItem[]> => {
  const rows = await tx
    .selectFrom('financial_items')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('due_date')
    .orderBy('number')
    .execute();
  const today = parseDate(asOf);
  return rows.map((i) => {
    const currency = i.currency.trim();
    const outstanding = BigInt(i.outstanding_minor);
    const overdueDays = Math.max(0, daysBetween(parseDate(i.due_date), today));
    const status: FinancialItem['status'] =
      i.kind === 'credit_note'
        ? 'credit'
        : outstanding === 0n
          ? 'paid'
          : overdueDays > 0
            ? 'overdue'
            : 'not_due';
    return {
      id: i.id,
      kind: i.kind as FinancialItem['kind'],
      number: i.number,
      issueDate: i.issue_date,
      dueDate: i.due_date,
      amount: moneyToDto({ amountMinor: BigInt(i.amount_minor), currency }),
      outstanding: moneyToDto({ amountMinor: outstanding, currency }),
      structuredReference: i.structured_reference,
      status,
      daysPastDue: status === 'overdue' ? overdueDays : 0,
    };
  });
};

export const getChrono = async (tx: Tx, caseId: string): Promise<ChronoEntry[] | undefined> => {
  if (!isUuid(caseId)) return undefined;
  const exists = await tx.selectFrom('cases').select('id').where('id', '=', caseId).executeTakeFirst();
  if (!exists) return undefined;
  const rows = await tx
    .selectFrom('events')
    .leftJoin('ledger_entries', 'ledger_entries.event_id', 'events.id')
    .select([
      'events.id',
      'events.version',
      'events.type',
      'events.recorded_at',
      'events.effective_date',
      'events.metadata',
      'events.data',
      'ledger_entries.id as ledger_entry_id',
    ])
    .where('events.stream_id', '=', caseId)
    .orderBy('events.version', 'desc')
    .execute();
  const decisionIds = [
    ...new Set(
      rows.map((e) => (e.metadata as { decisionId?: string }).decisionId).filter((id) => id !== undefined),
    ),
  ];
  const decisions = decisionIds.length
    ? await tx
        .selectFrom('rule_decisions')
        .select(['id', 'explanation'])
        .where('id', 'in', decisionIds)
        .execute()
    : [];
  const explanations = new Map(decisions.map((d) => [d.id, d.explanation]));
  return rows.map((e) => {
    const metadata = e.metadata as { actor: ChronoEntry['actor']; decisionId?: string };
    const explanation = metadata.decisionId ? explanations.get(metadata.decisionId) : undefined;
    return {
      id: e.id,
      version: e.version,
      type: e.type,
      recordedAt: iso(e.recorded_at),
      effectiveDate: e.effective_date,
      actor: metadata.actor,
      data: e.data,
      ledgerEntryId: e.ledger_entry_id,
      why:
        metadata.decisionId && explanation
          ? {
              decisionId: metadata.decisionId,
              explanation: explanation as NonNullable<ChronoEntry['why']>['explanation'],
            }
          : null,
    };
  });
};

/** Cases matching a reference a person would type: case number, invoice number or customer reference. */
export const findCaseIds = async (tx: Tx, reference: string): Promise<string[]> => {
  const ref = reference.trim();
  const byNumber = await tx.selectFrom('cases').select('id').where('number', '=', ref).execute();
  if (byNumber.length) return byNumber.map((r) => r.id);
  const byItem = await tx.selectFrom('financial_items').select('case_id').where('number', '=', ref).execute();
  if (byItem.length) return [...new Set(byItem.map((r) => r.case_id))];
  const byCustomer = await tx
    .selectFrom('cases')
    .innerJoin('parties', 'parties.id', 'cases.debtor_party_id')
    .select('cases.id')
    .where('parties.reference', '=', ref)
    .orderBy('cases.number')
    .execute();
  if (byCustomer.length) return byCustomer.map((r) => r.id);
  return isUuid(ref)
    ? (await tx.selectFrom('cases').select('id').where('id', '=', ref).execute()).map((r) => r.id)
    : [];
};

export const casesOfParty = async (tx: Tx, partyId: string, asOf: string) => {
  const roles = await tx
    .selectFrom('case_parties')
    .select(['case_id', 'role'])
    .where('party_id', '=', partyId)
    .execute();
  if (roles.length === 0) return [];
  const ids = [...new Set(roles.map((r) => r.case_id))];
  const result = await summarySelect(asOf, sql`c.id in (${sql.join(ids)})`, sql`order by c.number`).execute(
    tx,
  );
  const byId = new Map(result.rows.map((r) => [r.id, toSummary(r, asOf)]));
  return roles.flatMap((r) => {
    const summary = byId.get(r.case_id);
    return summary ? [{ ...summary, role: r.role as CaseParty['role'] }] : [];
  });
};

const iso = (value: Date | string): string => (value instanceof Date ? value : new Date(value)).toISOString();

const toSummary = (row: SummaryRow, asOf: string): CaseSummary => {
  const currency = row.currency.trim();
  return {
    id: row.id,
    number: row.number,
    caseType: row.case_type,
    company: { code: row.company_code, name: row.company_name },
    debtor: row.debtor_party_id
      ? { id: row.debtor_party_id, reference: row.debtor_reference, name: row.debtor_name ?? '' }
      : null,
    currency,
    balance: moneyToDto({ amountMinor: BigInt(row.balance_minor), currency }),
    overdue: moneyToDto({ amountMinor: BigInt(row.overdue_minor), currency }),
    oldestDueDate: row.oldest_due,
    daysPastDue: row.oldest_overdue ? daysBetween(parseDate(row.oldest_overdue), parseDate(asOf)) : 0,
    openItems: Number(row.open_items),
    phase: row.phase as CaseSummary['phase'],
    status: row.status as CaseSummary['status'],
    archived: row.archived,
    manager: row.manager,
    updatedAt: iso(row.updated_at),
  };
};
