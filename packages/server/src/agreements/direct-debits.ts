import {
  addBusinessDays,
  DomainError,
  formatMoney,
  money,
  parseDate,
  parseMoney,
  planProgress,
  type CaseCommand,
  type SequenceType,
} from '@quittance/domain';
import { writePain008, type Pain008Transaction } from '@quittance/formats';
import { v7 as uuidv7 } from 'uuid';
import { sql } from 'kysely';
import { withTenant, type Tenant, type Tx } from '../db/tenancy';
import type { Db } from '../db/database';
import type { CommandContext } from '../application/context';
import { inTenantTransaction } from '../application/stream-command';
import { runCaseCommandsIn } from '../application/cases.commands';
import { newCorrelationId } from '../event-store/event-store';
import { planFromJson } from '../read-models/agreements.projection';
import { storeDocument } from '../dunning/documents';
import { waterfallFor } from '../payments/waterfall';
import { agreementSettings } from './agreements';

// SEPA direct debits of plan installments (issue 8): a pain.008.001.08 file per company for the
// installments due by the collection date; on the collection date each debit is booked as a
// payment on its case (the bank credits collections on that day); a return — from a camt.053 or
// camt.054 entry naming the end-to-end id with a reason code — takes the payment back and the
// installment is due again.

export type DirectDebitTransaction = {
  endToEndId: string;
  caseId: string;
  caseNumber: string;
  planId: string;
  installment: number;
  amount: string;
  sequenceType: SequenceType;
};
export type DirectDebitBatch = {
  batchId: string;
  messageId: string;
  company: string;
  collectionDate: string;
  count: number;
  total: string;
  documentId: string | null;
  transactions: DirectDebitTransaction[];
};

type Candidate = DirectDebitTransaction & {
  company: string;
  companyName: string;
  profile: Record<string, string | undefined>;
  mandate: {
    mandateId: string;
    reference: string;
    signedOn: string;
    debtorName: string;
    iban: string;
    bic: string | null;
  };
  amountMinor: bigint;
};

/**
 * Prepares the direct-debit files for every active plan with an active mandate whose installments
 * fall due by the collection date and are neither paid nor already presented. Idempotent: an
 * installment presented once is not presented again unless its debit came back.
 */
export const prepareDirectDebits = (
  ctx: CommandContext,
  options: { collectionDate?: string | undefined },
): Promise<DirectDebitBatch[]> =>
  inTenantTransaction(ctx, async (tx) => {
    const settings = await agreementSettings(tx, ctx.tenant.id);
    const collectionDate =
      options.collectionDate ??
      addBusinessDays(parseDate(ctx.today), settings.directDebitLeadDays).toString();
    if (collectionDate < ctx.today) {
      throw new DomainError('validation_failed', `collectionDate: ${collectionDate} is in the past`);
    }
    const candidates = await dueInstallments(tx, collectionDate);
    const byCompany = new Map<string, Candidate[]>();
    for (const c of candidates) byCompany.set(c.company, [...(byCompany.get(c.company) ?? []), c]);
    const batches: DirectDebitBatch[] = [];
    for (const [company, list] of byCompany) {
      const creditorId = settings.creditorId ?? list[0]?.profile.creditorId ?? null;
      const profile = list[0]!.profile;
      if (!creditorId) {
        throw new DomainError(
          'validation_failed',
          `company ${company}: no SEPA creditor identifier (set creditorId in the agreement settings or the company profile)`,
        );
      }
      if (!profile.iban)
        throw new DomainError(
          'validation_failed',
          `company ${company}: no bank account (IBAN) in its profile`,
        );
      const batchId = uuidv7();
      const messageId = `DD-${collectionDate.replaceAll('-', '')}-${batchId.slice(-8).toUpperCase()}`;
      const transactions = list.map((c, index) => ({ ...c, endToEndId: `${messageId}-${index + 1}` }));
      const pain: Pain008Transaction[] = transactions.map((t) => ({
        endToEndId: t.endToEndId,
        amount: money(t.amountMinor, 'EUR'),
        sequenceType: t.sequenceType,
        requestedCollectionDate: collectionDate,
        mandate: { reference: t.mandate.reference, signedOn: t.mandate.signedOn },
        debtor: {
          name: t.mandate.debtorName,
          iban: t.mandate.iban,
          ...(t.mandate.bic ? { bic: t.mandate.bic } : {}),
        },
        remittanceInformation: `Case ${t.caseNumber} installment ${t.installment}`,
      }));
      const xml = writePain008({
        messageId,
        createdAt: ctx.now.toISOString().replace(/\.\d+Z$/, 'Z'),
        initiatingParty: { name: list[0]!.companyName },
        creditor: {
          name: profile.legalName ?? list[0]!.companyName,
          iban: profile.iban,
          ...(profile.bic ? { bic: profile.bic } : {}),
        },
        creditorId,
        transactions: pain,
      });
      // Each case records its debits; the file is kept as evidence, byte for byte.
      for (const t of transactions) {
        await runCaseCommandsIn(tx, ctx, t.caseId, [
          {
            type: 'SubmitDirectDebit',
            data: {
              planId: t.planId,
              installment: t.installment,
              endToEndId: t.endToEndId,
              amount: { amount: t.amount, currency: 'EUR' },
              sequenceType: t.sequenceType,
              collectionDate,
              batchId,
            },
          },
        ]);
      }
      const document = await storeDocument(tx, ctx.tenant.id, {
        caseId: null,
        kind: 'direct-debit',
        fileName: `${messageId}.xml`,
        contentType: 'application/xml',
        bytes: Buffer.from(xml, 'utf8'),
        actor: ctx.actor,
        at: ctx.now,
      });
      const total = formatMoney(
        money(
          transactions.reduce((s, t) => s + t.amountMinor, 0n),
          'EUR',
        ),
      );
      const rows: DirectDebitTransaction[] = transactions.map((t) => ({
        endToEndId: t.endToEndId,
        caseId: t.caseId,
        caseNumber: t.caseNumber,
        planId: t.planId,
        installment: t.installment,
        amount: t.amount,
        sequenceType: t.sequenceType,
      }));
      await tx
        .insertInto('direct_debit_batches')
        .values({
          tenant_id: ctx.tenant.id,
          id: batchId,
          message_id: messageId,
          created_on: ctx.today,
          collection_date: collectionDate,
          count: rows.length,
          total_minor: transactions.reduce((s, t) => s + t.amountMinor, 0n),
          currency: 'EUR',
          document_id: document.id,
          transactions: JSON.stringify(rows),
          created_by: ctx.actor.id,
          created_at: ctx.now,
        })
        .execute();
      batches.push({
        batchId,
        messageId,
        company,
        collectionDate,
        count: rows.length,
        total,
        documentId: document.id,
        transactions: rows,
      });
    }
    return batches;
  });

const dueInstallments = async (tx: Tx, collectionDate: string): Promise<Candidate[]> => {
  const plans = await tx
    .selectFrom('agreements as a')
    .innerJoin('cases as c', 'c.id', 'a.case_id')
    .innerJoin('companies as co', 'co.code', 'c.company_code')
    .select(['a.case_id', 'a.data', 'c.number', 'c.company_code', 'co.name as company_name', 'co.profile'])
    .where('a.kind', '=', 'plan')
    .where('a.status', '=', 'active')
    .where('a.currency', '=', 'EUR')
    .orderBy('c.number')
    .execute();
  const mandates = await tx
    .selectFrom('agreements')
    .select(['id', 'data'])
    .where('kind', '=', 'mandate')
    .where('status', '=', 'active')
    .execute();
  const mandateOf = new Map(
    mandates.map((m) => [m.id, m.data as { registered: Candidate['mandate']; presented: number }]),
  );
  const out: Candidate[] = [];
  for (const row of plans) {
    const plan = planFromJson(row.data);
    const mandate = plan.mandateId === null ? undefined : mandateOf.get(plan.mandateId);
    if (!mandate) continue;
    let presented = mandate.presented;
    for (const line of planProgress(plan, collectionDate)) {
      if (line.dueDate > collectionDate || line.state === 'paid') continue;
      const current = plan.directDebits.get(line.number);
      if (current && current.status !== 'returned') continue;
      const amountMinor = line.amountMinor - line.paidMinor;
      if (amountMinor <= 0n) continue;
      out.push({
        endToEndId: '',
        caseId: row.case_id,
        caseNumber: row.number,
        planId: plan.proposed.planId,
        installment: line.number,
        amount: formatMoney(money(amountMinor, 'EUR')),
        amountMinor,
        sequenceType: presented === 0 ? 'FRST' : 'RCUR',
        company: row.company_code,
        companyName: row.company_name,
        profile: (row.profile ?? {}) as Record<string, string | undefined>,
        mandate: mandate.registered,
      });
      presented++;
    }
  }
  return out;
};

const systemContext = (db: Db, tenant: Tenant, today: string, clock: () => Date): CommandContext => ({
  db,
  tenant,
  actor: { kind: 'system', id: 'agreements' },
  now: clock(),
  today,
  correlationId: newCorrelationId(),
});

/**
 * On and after its collection date, a presented debit is booked as a payment and applied to the
 * plan's items by the tenant's waterfall. Returns how many were booked.
 */
export const collectDueDirectDebits = async (
  db: Db,
  tenant: Tenant,
  options: { today: string; clock: () => Date },
): Promise<number> => {
  const due = await withTenant(db, tenant.id, async (tx) => {
    const rows = await tx
      .selectFrom('agreements')
      .select(['case_id', 'data'])
      .where('kind', '=', 'plan')
      .where('status', 'in', ['active', 'completed', 'breached'])
      .execute();
    return rows.flatMap((row) => {
      const plan = planFromJson(row.data);
      return [...plan.directDebits.values()]
        .filter((d) => d.status === 'submitted' && d.collectionDate <= options.today)
        .map((d) => ({
          caseId: row.case_id,
          endToEndId: d.endToEndId,
          itemIds: plan.proposed.itemIds,
          on: d.collectionDate,
          amount: d.amount,
        }));
    });
  });
  let booked = 0;
  for (const d of due) {
    const ctx = systemContext(db, tenant, options.today, options.clock);
    await inTenantTransaction(ctx, async (tx) => {
      const paymentId = uuidv7();
      const collected = await runCaseCommandsIn(tx, ctx, d.caseId, [
        { type: 'CollectDirectDebit', data: { endToEndId: d.endToEndId, paymentId, on: d.on } },
      ]);
      if (collected.events.length === 0) return;
      const lines = await waterfallFor(tx, ctx, d.caseId, parseMoney(d.amount.amount, 'EUR'), d.itemIds);
      const allocations: CaseCommand[] = lines.map((l) => ({
        type: 'AllocatePayment',
        data: {
          allocationId: uuidv7(),
          paymentId,
          itemId: l.itemId,
          component: l.component,
          amount: { amount: formatMoney(l.amount), currency: l.amount.currency },
          allocatedOn: d.on,
        },
      }));
      if (allocations.length > 0) await runCaseCommandsIn(tx, ctx, d.caseId, allocations);
      booked++;
    });
  }
  return booked;
};

/** The case of a direct debit we presented, by its end-to-end id, if it is ours. */
export const directDebitCase = async (tx: Tx, endToEndId: string): Promise<string | null> => {
  const row = await sql<{ case_id: string }>`
    select t->>'caseId' as case_id
    from direct_debit_batches b, jsonb_array_elements(b.transactions) t
    where t->>'endToEndId' = ${endToEndId}
    limit 1
  `.execute(tx);
  return row.rows[0]?.case_id ?? null;
};

/** A bank entry that is the credit of one of our direct-debit files (batch booking). */
export const isOwnCollection = async (
  tx: Tx,
  references: { endToEndIds: readonly string[]; texts: readonly string[] },
): Promise<boolean> => {
  for (const id of references.endToEndIds) if ((await directDebitCase(tx, id)) !== null) return true;
  if (references.texts.length === 0) return false;
  const batches = await tx.selectFrom('direct_debit_batches').select('message_id').execute();
  return batches.some((b) => references.texts.some((t) => t.includes(b.message_id)));
};
