import {
  AGREEMENT_EVENT_TYPES,
  foldCase,
  parseMoney,
  type CaseEvent,
  type CasePlan,
  type CurrencyCode,
  type OpenCaseState,
  type PlanDirectDebit,
} from '@quittance/domain';
import type { Insertable } from 'kysely';
import type { Tx } from '../db/tenancy';
import type { AgreementsTable } from '../db/schema';
import { readStream, type StoredEvent } from '../event-store/event-store';

/** Events after which a case's agreements may read differently: their own, and the money they follow. */
const RELEVANT: ReadonlySet<string> = new Set([
  ...AGREEMENT_EVENT_TYPES,
  'PaymentAllocated',
  'AllocationCancelled',
  'PaymentReturned',
]);

/**
 * Keeps the `agreements` read model of the cases a batch of events touched: the case is folded
 * (the domain's own state, so the read model cannot disagree with the decisions) and its rows
 * replaced. Cases without agreements cost one lookup when money moves, nothing otherwise.
 */
export const projectAgreements = async (tx: Tx, events: readonly StoredEvent[]): Promise<void> => {
  const cases = new Map<string, { tenantId: string; own: boolean }>();
  for (const e of events) {
    if (e.streamType !== 'case' || !RELEVANT.has(e.type)) continue;
    const own = AGREEMENT_EVENT_TYPES.has(e.type);
    const known = cases.get(e.streamId);
    cases.set(e.streamId, { tenantId: e.tenantId, own: own || (known?.own ?? false) });
  }
  for (const [caseId, { tenantId, own }] of cases) {
    if (!own) {
      const any = await tx
        .selectFrom('agreements')
        .select('id')
        .where('case_id', '=', caseId)
        .executeTakeFirst();
      if (!any) continue;
    }
    await refreshCaseAgreements(tx, tenantId, caseId);
  }
};

export const refreshCaseAgreements = async (tx: Tx, tenantId: string, caseId: string): Promise<void> => {
  const stream = await readStream(tx, caseId);
  const state = foldCase(stream.map((e) => ({ type: e.type, data: e.data }) as CaseEvent));
  await tx.deleteFrom('agreements').where('case_id', '=', caseId).execute();
  if (state.status === 'initial') return;
  const rows = agreementRows(state, tenantId);
  if (rows.length > 0) await tx.insertInto('agreements').values(rows).execute();
};

const minor = (amount: { amount: string; currency: string }): bigint =>
  parseMoney(amount.amount, amount.currency as CurrencyCode).amountMinor;

export const agreementRows = (state: OpenCaseState, tenantId: string): Insertable<AgreementsTable>[] => {
  const base = { tenant_id: tenantId, case_id: state.caseId, currency: state.currency };
  const rows: Insertable<AgreementsTable>[] = [];
  for (const p of state.agreements.promises.values()) {
    rows.push({
      ...base,
      id: p.made.promiseId,
      kind: 'promise',
      status: p.status,
      person: p.made.takenBy,
      key_date: p.made.promisedFor,
      amount_minor: minor(p.made.amount),
      paid_minor: p.paidMinor,
      opened_on: p.made.takenOn,
      closed_on: p.resolvedOn,
      data: JSON.stringify({ ...p, paidMinor: p.paidMinor.toString() }),
    });
  }
  for (const plan of state.agreements.plans.values()) {
    rows.push({
      ...base,
      id: plan.proposed.planId,
      kind: 'plan',
      status: plan.status,
      person: plan.proposed.proposedBy,
      key_date: nextUnpaid(plan),
      amount_minor: minor(plan.proposed.total),
      paid_minor: plan.paidMinor,
      opened_on: plan.proposed.proposedOn,
      closed_on: plan.endedOn,
      data: JSON.stringify(planToJson(plan)),
    });
  }
  for (const m of state.agreements.mandates.values()) {
    rows.push({
      ...base,
      id: m.registered.mandateId,
      kind: 'mandate',
      status: m.status,
      person: null,
      key_date: null,
      amount_minor: null,
      paid_minor: null,
      opened_on: m.registered.signedOn,
      closed_on: null,
      data: JSON.stringify(m),
    });
  }
  for (const d of state.agreements.disputes.values()) {
    rows.push({
      ...base,
      id: d.opened.disputeId,
      kind: 'dispute',
      status: d.status,
      person: d.owner,
      key_date: d.opened.deadline,
      amount_minor: minor(d.opened.amount),
      paid_minor: null,
      opened_on: d.opened.openedOn,
      closed_on: d.resolution?.on ?? null,
      data: JSON.stringify(d),
    });
  }
  for (const w of state.agreements.waivers.values()) {
    rows.push({
      ...base,
      id: w.requested.waiverId,
      kind: 'waiver',
      status: w.status,
      person: w.requested.requestedBy,
      key_date: null,
      amount_minor: minor(w.requested.amount),
      paid_minor: null,
      opened_on: w.requested.on,
      closed_on: null,
      data: JSON.stringify(w),
    });
  }
  return rows;
};

/** The due date of the first installment the cumulative payments do not cover yet. */
const nextUnpaid = (plan: CasePlan): string | null => {
  let covered = plan.paidMinor;
  for (const line of plan.proposed.schedule) {
    const amount = parseMoney(line.amount, plan.proposed.total.currency as CurrencyCode).amountMinor;
    if (covered < amount) return line.dueDate;
    covered -= amount;
  }
  return null;
};

type PlanJson = Omit<CasePlan, 'paidMinor' | 'lateReported' | 'directDebits'> & {
  paidMinor: string;
  lateReported: number[];
  directDebits: [number, PlanDirectDebit][];
};

const planToJson = (plan: CasePlan): PlanJson => ({
  ...plan,
  paidMinor: plan.paidMinor.toString(),
  lateReported: [...plan.lateReported],
  directDebits: [...plan.directDebits],
});

/** A plan as the read model stores it, back into the domain's shape. */
export const planFromJson = (data: unknown): CasePlan => {
  const json = data as PlanJson;
  return {
    ...json,
    paidMinor: BigInt(json.paidMinor),
    lateReported: new Set(json.lateReported),
    directDebits: new Map(json.directDebits),
  };
};
