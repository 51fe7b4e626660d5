import { sql } from 'kysely';
import { recordAudit } from '../audit/audit-log';
import type { CommandContext } from '../application/context';
import { inTenantTransaction } from '../application/stream-command';
import type { Tx } from '../db/tenancy';
import { findParty } from './erasure';
import {
  ACCOUNTING_BASIS,
  assessErasure,
  casesOfParty,
  RECOVERY_BASIS,
  type ErasureAssessment,
} from './retention';

type Row = Record<string, unknown>;

const camel = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** A database row as the export shows it: camelCase keys, instants in ISO 8601, big integers as text. */
const plain = (value: unknown): unknown => {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Row).map(([k, v]) => [camel(k), plain(v)]));
  }
  return value;
};
const rows = (list: readonly Row[]) => list.map((r) => plain(r) as Row);

export type PersonalDataExport = {
  readonly exportedAt: string;
  readonly exportedBy: string;
  readonly tenant: string;
  readonly party: Row;
  readonly cases: readonly Row[];
  readonly bankEntries: readonly Row[];
  readonly events: readonly Row[];
  readonly processing: readonly Row[];
  readonly retention: ErasureAssessment;
};

const PROCESSING = [
  {
    purpose: 'Recovery of the debts of the cases below: reminders, letters, calls, agreements',
    legalBasis: RECOVERY_BASIS,
    data: ['identity', 'addresses', 'contact points', 'identifiers', 'cases', 'items', 'notes', 'tasks'],
    retention: 'While a case is open, then as long as the accounting retention applies',
  },
  {
    purpose: 'Payments received, their allocation, and bank statement lines from the person',
    legalBasis: `${RECOVERY_BASIS}; ${ACCOUNTING_BASIS}`,
    data: ['payments', 'allocations', 'bank entries (payer name, IBAN, remittance)'],
    retention: 'The accounting retention from the date of the last accounting record',
  },
  {
    purpose: 'Accounting records of the cases (sub-ledger, general-ledger lines, FEC)',
    legalBasis: ACCOUNTING_BASIS,
    data: ['ledger entries and their labels'],
    retention: 'The accounting retention from the date of the record',
  },
  {
    purpose: 'History of every change (event log) and audit trail',
    legalBasis: `${RECOVERY_BASIS}; Legal obligation (GDPR art. 5(2), 32): accountability and security`,
    data: ['events of the party and of its cases: type, date, actor'],
    retention: 'As the records they describe',
  },
] as const;

const PAYMENT_EVENTS = ['PaymentReceived', 'RefundIssued'];
const ALLOCATION_EVENTS = ['PaymentAllocated', 'AllocationCancelled'];

const collect = async (tx: Tx, ctx: CommandContext, partyId: string): Promise<PersonalDataExport> => {
  await findParty(tx, partyId);
  const party = await tx
    .selectFrom('parties')
    .selectAll()
    .where('id', '=', partyId)
    .executeTakeFirstOrThrow();
  const cases = await casesOfParty(tx, partyId);
  const caseIds = cases.map((c) => c.id);
  const inCases = <T>(work: (ids: string[]) => Promise<T[]>): Promise<T[]> =>
    caseIds.length === 0 ? Promise.resolve([]) : work(caseIds);

  const caseRows = await inCases((ids) =>
    tx
      .selectFrom('cases')
      .select([
        'id',
        'number',
        'case_type',
        'company_code',
        'company_name',
        'currency',
        'debtor_party_id',
        'debtor_name',
        'debtor_reference',
        'phase',
        'status',
        'archived',
        'manager',
        'custom_fields',
        'created_at',
        'updated_at',
      ])
      .where('id', 'in', ids)
      .orderBy('number')
      .execute(),
  );
  const roles = await tx
    .selectFrom('case_parties')
    .select(['case_id', 'role'])
    .where('party_id', '=', partyId)
    .execute();
  const items = await inCases((ids) =>
    tx.selectFrom('financial_items').selectAll().where('case_id', 'in', ids).orderBy('due_date').execute(),
  );
  const agreements = await inCases((ids) =>
    tx.selectFrom('agreements').selectAll().where('case_id', 'in', ids).execute(),
  );
  const tasks = await inCases((ids) =>
    tx.selectFrom('tasks').selectAll().where('case_id', 'in', ids).orderBy('created_at').execute(),
  );
  const dunning = await inCases((ids) =>
    tx.selectFrom('dunning_actions').selectAll().where('case_id', 'in', ids).orderBy('run_on').execute(),
  );
  const documents = await inCases((ids) =>
    tx
      .selectFrom('documents')
      .select([
        'id',
        'case_id',
        'kind',
        'file_name',
        'content_type',
        'sha256',
        'created_at',
        'created_by',
        sql<string>`length(bytes)::text`.as('size_bytes'),
      ])
      .where('case_id', 'in', ids)
      .orderBy('created_at')
      .execute(),
  );
  const ledger = await inCases((ids) =>
    tx
      .selectFrom('ledger_entries')
      .select(['id', 'case_id', 'entry_date', 'event_type', 'label', 'currency', 'validated_on'])
      .where('case_id', 'in', ids)
      .orderBy('entry_date')
      .execute(),
  );
  const bankEntryIds = await inCases((ids) =>
    tx
      .selectFrom('events')
      .select('stream_id')
      .distinct()
      .where('stream_type', '=', 'bank-entry')
      .where('type', '=', 'BankEntryAssigned')
      .where(sql<string>`data->>'caseId'`, 'in', ids)
      .execute(),
  );
  const bankEntries =
    bankEntryIds.length === 0
      ? []
      : await tx
          .selectFrom('bank_entries')
          .select([
            'id',
            'booking_date',
            'value_date',
            'direction',
            'amount_minor',
            'currency',
            'counterparty_name',
            'counterparty_iban',
            'end_to_end_id',
            'remittance',
            'status',
          ])
          .where(
            'id',
            'in',
            bankEntryIds.map((r) => r.stream_id),
          )
          .orderBy('booking_date')
          .execute();
  const streams = [partyId, ...caseIds, ...bankEntryIds.map((r) => r.stream_id)];
  const events = await tx
    .selectFrom('events')
    .select(['id', 'stream_id', 'stream_type', 'type', 'data', 'metadata', 'effective_date', 'recorded_at'])
    .where('stream_id', 'in', streams)
    .orderBy('position')
    .execute();

  const byCase = <T extends { case_id: string }>(list: readonly T[], caseId: string) =>
    rows(list.filter((r) => r.case_id === caseId) as unknown as Row[]);
  const caseEvents = (caseId: string, types: readonly string[]) =>
    events
      .filter((e) => e.stream_id === caseId && types.includes(e.type))
      .map((e) => ({ type: e.type, recordedAt: plain(e.recorded_at), ...(e.data as Row) }));

  return {
    exportedAt: ctx.now.toISOString(),
    exportedBy: ctx.actor.id,
    tenant: ctx.tenant.name,
    party: plain(party) as Row,
    cases: caseRows.map((c) => ({
      ...(plain(c) as Row),
      roles: roles.filter((r) => r.case_id === c.id).map((r) => r.role),
      items: byCase(items, c.id),
      payments: caseEvents(c.id, PAYMENT_EVENTS),
      allocations: caseEvents(c.id, ALLOCATION_EVENTS),
      agreements: byCase(agreements, c.id),
      tasks: byCase(tasks, c.id),
      notes: caseEvents(c.id, ['NoteAdded']),
      dunningActions: byCase(dunning, c.id),
      documents: byCase(documents as { case_id: string }[], c.id),
      ledgerEntries: byCase(ledger, c.id),
    })),
    bankEntries: rows(bankEntries),
    events: events.map((e) => ({
      id: e.id,
      stream: e.stream_id,
      streamType: e.stream_type,
      type: e.type,
      recordedAt: plain(e.recorded_at),
      effectiveDate: e.effective_date,
      actor: (e.metadata as { actor?: unknown }).actor ?? null,
    })),
    processing: PROCESSING.map((p) => ({ ...p, data: [...p.data] })),
    retention: await assessErasure(tx, ctx.tenant.id, partyId, ctx.today),
  };
};

/** Everything the tenant holds about a party (GDPR art. 15 and 20), the export itself audited. */
export const exportPersonalData = (ctx: CommandContext, partyId: string): Promise<PersonalDataExport> =>
  inTenantTransaction(ctx, async (tx) => {
    const data = await collect(tx, ctx, partyId);
    await recordAudit(tx, {
      tenantId: ctx.tenant.id,
      at: ctx.now,
      actor: ctx.actor,
      origin: ctx.origin ?? null,
      action: 'gdpr.export',
      target: { type: 'party', id: partyId },
      detail: {
        cases: data.cases.length,
        events: data.events.length,
        bankEntries: data.bankEntries.length,
      },
      correlationId: ctx.correlationId,
    });
    return data;
  });
