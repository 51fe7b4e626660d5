import {
  addDays,
  DomainError,
  decideCase,
  foldCase,
  formatMoney,
  parseDate,
  parseMoney,
  type CaseCommand,
  type CaseEvent,
  type CurrencyCode,
  type OpenCaseState,
  type PaymentPlanProposed,
  type PromiseChannel,
  type ProposePaymentPlan,
  type WaivableComponent,
  type AdjustmentOperation,
} from '@quittance/domain';
import { normalizeIban, isValidBic } from '@quittance/formats';
import { v7 as uuidv7 } from 'uuid';
import type { Tx } from '../db/tenancy';
import type { Organisation } from '../db/schema';
import type { CommandContext } from '../application/context';
import { inTenantTransaction } from '../application/stream-command';
import { runCaseCommandsIn } from '../application/cases.commands';
import { readStream } from '../event-store/event-store';
import { organisationOf } from '../rules/sweeps';
import { isUuid } from '../db/ids';

// The application side of agreements (issue 8): what the domain cannot know — who may approve
// what (authorisation limits, D12), who supervises whom, the tenant's dispute reason codes —
// decided here and handed to the case's commands, each operation one transaction on one case.

export type Limits = {
  /** The largest plan total (in the case currency) a user may agree without approval. */
  readonly plan: string;
  readonly planInstallments: number;
  readonly waiver: string;
  /** The largest dispute settlement (credit note or write-off). */
  readonly settlement: string;
  /** The largest write-off or balance adjustment (either direction), L3. */
  readonly adjustment?: string;
};

const DEFAULT_ADJUSTMENT_LIMIT = { default: '100.00', supervisors: '10000.00' } as const;

export type AgreementSettings = {
  readonly reasonCodes: readonly { code: string; label: string }[];
  /** Disputed items bear no late interest while the dispute is open. */
  readonly excludeFromInterest: boolean;
  readonly defaultDeadlineDays: number;
  readonly promiseGraceDays: number;
  readonly limits: {
    readonly default: Limits;
    readonly supervisors: Limits;
    readonly users: Readonly<Record<string, Limits>>;
  };
  /** The tenant's SEPA creditor identity; the company's bank details are used when absent. */
  readonly creditorId: string | null;
  /** Business days between preparing a direct-debit file and the collection date. */
  readonly directDebitLeadDays: number;
};

export const DEFAULT_AGREEMENT_SETTINGS: AgreementSettings = {
  reasonCodes: [
    { code: 'quality', label: 'Goods or service defective' },
    { code: 'delivery', label: 'Not delivered or incomplete' },
    { code: 'price', label: 'Price or quantity disputed' },
    { code: 'already_paid', label: 'Already paid' },
    { code: 'not_ordered', label: 'Not ordered' },
    { code: 'other', label: 'Other' },
  ],
  excludeFromInterest: true,
  defaultDeadlineDays: 30,
  promiseGraceDays: 3,
  limits: {
    default: {
      plan: '1000.00',
      planInstallments: 6,
      waiver: '50.00',
      settlement: '200.00',
      adjustment: DEFAULT_ADJUSTMENT_LIMIT.default,
    },
    supervisors: {
      plan: '50000.00',
      planInstallments: 36,
      waiver: '1000.00',
      settlement: '10000.00',
      adjustment: DEFAULT_ADJUSTMENT_LIMIT.supervisors,
    },
    users: {},
  },
  creditorId: null,
  directDebitLeadDays: 2,
};

export const agreementSettings = async (tx: Tx, tenantId: string): Promise<AgreementSettings> => {
  await tx
    .insertInto('tenant_settings')
    .values({ tenant_id: tenantId })
    .onConflict((oc) => oc.column('tenant_id').doNothing())
    .execute();
  const row = await tx.selectFrom('tenant_settings').select('agreements').executeTakeFirstOrThrow();
  const stored = row.agreements as Partial<AgreementSettings>;
  return {
    ...DEFAULT_AGREEMENT_SETTINGS,
    ...stored,
    limits: { ...DEFAULT_AGREEMENT_SETTINGS.limits, ...(stored.limits ?? {}) },
  };
};

export const saveAgreementSettings = async (
  tx: Tx,
  tenantId: string,
  change: Partial<AgreementSettings>,
): Promise<AgreementSettings> => {
  const current = await agreementSettings(tx, tenantId);
  const next = { ...current, ...change, limits: { ...current.limits, ...(change.limits ?? {}) } };
  if (next.reasonCodes.length === 0) throw new DomainError('validation_failed', 'reasonCodes: at least one');
  const codes = new Set<string>();
  for (const r of next.reasonCodes) {
    if (!/^[a-z0-9_-]{1,40}$/.test(r.code)) {
      throw new DomainError(
        'validation_failed',
        `reasonCodes: "${r.code}" is not a code (a-z, 0-9, _ and -)`,
      );
    }
    if (codes.has(r.code)) throw new DomainError('validation_failed', `reasonCodes: "${r.code}" twice`);
    codes.add(r.code);
  }
  await tx
    .updateTable('tenant_settings')
    .set({ agreements: JSON.stringify(next) })
    .execute();
  return next;
};

const isSupervisor = (organisation: Organisation, user: string): boolean =>
  organisation.defaultSupervisor === user || Object.values(organisation.supervisors).includes(user);

export const limitsOf = (settings: AgreementSettings, organisation: Organisation, user: string): Limits =>
  settings.limits.users[user] ??
  (isSupervisor(organisation, user) ? settings.limits.supervisors : settings.limits.default);

const supervisorOf = (organisation: Organisation, user: string): string | null =>
  organisation.supervisors[user] ?? organisation.defaultSupervisor;

const within = (amountMinor: bigint, limit: string, currency: string): boolean =>
  amountMinor <= parseMoney(limit, currency as CurrencyCode).amountMinor;

const caseState = async (tx: Tx, caseId: string): Promise<OpenCaseState> => {
  if (!isUuid(caseId)) throw new DomainError('case_not_found', `no case with id ${caseId}`);
  const stream = await readStream(tx, caseId);
  const state = foldCase(stream.map((e) => ({ type: e.type, data: e.data }) as CaseEvent));
  if (state.status === 'initial') throw new DomainError('case_not_found', `no case with id ${caseId}`);
  return state;
};

/** The case an agreement belongs to, from the read model (RLS keeps other tenants' out). */
export const caseOfAgreement = async (
  tx: Tx,
  kind: 'promise' | 'plan' | 'dispute' | 'waiver' | 'mandate',
  id: string,
): Promise<string> => {
  const row = await tx
    .selectFrom('agreements')
    .select('case_id')
    .where('kind', '=', kind)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new DomainError('agreement_not_found', `no ${kind} ${id}`);
  return row.case_id;
};

const run = (tx: Tx, ctx: CommandContext, caseId: string, commands: CaseCommand[]) =>
  runCaseCommandsIn(tx, ctx, caseId, commands);

const user = (ctx: CommandContext): string => ctx.actor.id;

const approvalTask = (
  organisation: Organisation,
  ctx: CommandContext,
  title: string,
  details: string,
): CaseCommand => ({
  type: 'CreateTask',
  data: {
    taskId: uuidv7(),
    title,
    taskType: 'approval',
    assignee: supervisorOf(organisation, user(ctx)),
    due: addDays(parseDate(ctx.today), 2).toString(),
    priority: 'high',
    details,
  },
});

/** Completes the open tasks of the case whose details name this agreement. */
const closeTasks = async (
  tx: Tx,
  caseId: string,
  details: string,
  outcome: string,
): Promise<CaseCommand[]> => {
  const open = await tx
    .selectFrom('tasks')
    .select('id')
    .where('case_id', '=', caseId)
    .where('details', '=', details)
    .where('status', '=', 'open')
    .execute();
  return open.map((t) => ({ type: 'CompleteTask', data: { taskId: t.id, outcome } }));
};

const taskOf = async (tx: Tx, caseId: string, details: string): Promise<string | null> => {
  const row = await tx
    .selectFrom('tasks')
    .select('id')
    .where('case_id', '=', caseId)
    .where('details', '=', details)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return row?.id ?? null;
};

// --- Promises ---------------------------------------------------------------------------------

export type PromiseInput = {
  amount: string;
  promisedFor: string;
  channel: PromiseChannel;
  itemIds?: string[] | undefined;
  graceDays?: number | undefined;
  note?: string | undefined;
  taskId?: string | undefined;
};

export const makePromise = (ctx: CommandContext, caseId: string, input: PromiseInput) =>
  inTenantTransaction(ctx, async (tx) => {
    const state = await caseState(tx, caseId);
    const settings = await agreementSettings(tx, ctx.tenant.id);
    const promiseId = uuidv7();
    const commands: CaseCommand[] = [
      {
        type: 'MakePromise',
        data: {
          promiseId,
          amount: { amount: input.amount, currency: state.currency },
          promisedFor: input.promisedFor,
          graceDays: input.graceDays ?? settings.promiseGraceDays,
          channel: input.channel,
          itemIds: input.itemIds ?? [],
          takenBy: user(ctx),
          takenOn: ctx.today,
          note: input.note ?? null,
          taskId: input.taskId ?? null,
        },
      },
    ];
    // Taken during a call: the call task is done, and says so.
    if (input.taskId !== undefined) {
      if (!state.control.tasks.has(input.taskId)) {
        throw new DomainError('task_not_found', `no task ${input.taskId} on case ${state.number}`);
      }
      commands.push({
        type: 'CompleteTask',
        data: {
          taskId: input.taskId,
          outcome: `promise to pay ${input.amount} ${state.currency} by ${input.promisedFor}`,
        },
      });
    }
    const result = await run(tx, ctx, caseId, commands);
    return { promiseId, result };
  });

export const cancelPromise = (ctx: CommandContext, promiseId: string, reason: string) =>
  inTenantTransaction(ctx, async (tx) => {
    const caseId = await caseOfAgreement(tx, 'promise', promiseId);
    return run(tx, ctx, caseId, [{ type: 'CancelPromise', data: { promiseId, reason, on: ctx.today } }]);
  });

// --- Payment plans ----------------------------------------------------------------------------

export type PlanTermsInput = {
  installments: number;
  periodicity: 'weekly' | 'biweekly' | 'monthly' | 'quarterly';
  firstDate: string;
  downPayment?: string | undefined;
  downPaymentDate?: string | undefined;
  annualRate?: string | undefined;
  fee?: string | undefined;
  graceDays?: number | undefined;
  accelerateOnBreach?: boolean | undefined;
};
export type PlanInput = {
  itemIds?: string[] | undefined;
  includeCharges?: boolean | undefined;
  terms: PlanTermsInput;
  origin?: 'collector' | 'portal' | undefined;
  mandateId?: string | undefined;
};

const planCommand = (
  ctx: CommandContext,
  state: OpenCaseState,
  input: PlanInput,
  planId: string,
  approval: { required: boolean; reason: string | null },
): ProposePaymentPlan => {
  // By default the plan takes every open invoice that no other plan holds.
  const busy = new Set(
    [...state.agreements.plans.values()]
      .filter((p) => p.status === 'proposed' || p.status === 'active')
      .flatMap((p) => p.proposed.itemIds),
  );
  const itemIds =
    input.itemIds ??
    [...state.items.values()]
      .filter(
        (i) =>
          i.kind === 'invoice' && (state.itemOutstanding.get(i.itemId) ?? 0n) > 0n && !busy.has(i.itemId),
      )
      .map((i) => i.itemId);
  const t = input.terms;
  return {
    type: 'ProposePaymentPlan',
    data: {
      planId,
      itemIds,
      includeCharges: input.includeCharges ?? true,
      terms: {
        installments: t.installments,
        periodicity: t.periodicity,
        firstDate: t.firstDate,
        startDate: ctx.today < t.firstDate ? ctx.today : null,
        downPayment: t.downPayment ?? null,
        downPaymentDate: t.downPaymentDate ?? null,
        annualRate: t.annualRate ?? null,
        fee: t.fee ?? null,
        graceDays: t.graceDays ?? 5,
        accelerateOnBreach: t.accelerateOnBreach ?? false,
      },
      origin: input.origin ?? 'collector',
      proposedBy: user(ctx),
      proposedOn: ctx.today,
      approvalRequired: approval.required,
      approvalReason: approval.reason,
      mandateId: input.mandateId ?? null,
    },
  };
};

/** Why a plan needs a manager's approval (D12), if it does: above the proposer's limits. */
const planApproval = (
  limits: Limits,
  plan: PaymentPlanProposed['data'],
  origin: 'collector' | 'portal',
): { required: boolean; reason: string | null } => {
  const reasons: string[] = [];
  if (origin === 'portal') reasons.push('proposed from the portal');
  if (
    !within(
      parseMoney(plan.total.amount, plan.total.currency as CurrencyCode).amountMinor,
      limits.plan,
      plan.total.currency,
    )
  ) {
    reasons.push(`total ${plan.total.amount} ${plan.total.currency} above the limit of ${limits.plan}`);
  }
  if (plan.terms.installments > limits.planInstallments) {
    reasons.push(`${plan.terms.installments} installments, more than ${limits.planInstallments}`);
  }
  return { required: reasons.length > 0, reason: reasons.length > 0 ? reasons.join('; ') : null };
};

/** The schedule a plan would have, decided by the domain on the case as it is, recording nothing. */
const draftPlan = (
  ctx: CommandContext,
  state: OpenCaseState,
  input: PlanInput,
): PaymentPlanProposed['data'] => {
  const events = decideCase(
    planCommand(ctx, state, input, 'preview', { required: true, reason: null }),
    state,
  );
  const proposed = events.find((e): e is PaymentPlanProposed => e.type === 'PaymentPlanProposed');
  if (!proposed) throw new DomainError('validation_failed', 'the plan could not be drafted');
  return proposed.data;
};

export const previewPlan = async (tx: Tx, ctx: CommandContext, caseId: string, input: PlanInput) => {
  const state = await caseState(tx, caseId);
  const draft = draftPlan(ctx, state, input);
  const settings = await agreementSettings(tx, ctx.tenant.id);
  const organisation = await organisationOf(tx, ctx.tenant.id);
  return {
    currency: state.currency,
    covered: draft.covered.amount,
    itemIds: draft.itemIds,
    schedule: {
      installments: draft.schedule,
      principal: draft.covered.amount,
      interest: draft.interest.amount,
      fees: draft.fees.amount,
      total: draft.total.amount,
    },
    approval: planApproval(limitsOf(settings, organisation, user(ctx)), draft, input.origin ?? 'collector'),
  };
};

export const proposePlan = (ctx: CommandContext, caseId: string, input: PlanInput) =>
  inTenantTransaction(ctx, async (tx) => {
    const state = await caseState(tx, caseId);
    const settings = await agreementSettings(tx, ctx.tenant.id);
    const organisation = await organisationOf(tx, ctx.tenant.id);
    const draft = draftPlan(ctx, state, input);
    const approval = planApproval(
      limitsOf(settings, organisation, user(ctx)),
      draft,
      input.origin ?? 'collector',
    );
    const planId = uuidv7();
    const commands: CaseCommand[] = [planCommand(ctx, state, input, planId, approval)];
    let taskId: string | null = null;
    if (approval.required) {
      const task = approvalTask(
        organisation,
        ctx,
        `Approve payment plan ${draft.total.amount} ${draft.total.currency} (${draft.terms.installments} × ${draft.terms.periodicity}) on case ${state.number}`,
        `plan:${planId}`,
      );
      taskId = task.type === 'CreateTask' ? task.data.taskId : null;
      commands.push(task);
    }
    const result = await run(tx, ctx, caseId, commands);
    return {
      planId,
      status: approval.required ? 'proposed' : 'active',
      approval: { ...approval, taskId },
      result,
    };
  });

export const approvePlan = (ctx: CommandContext, planId: string, comment: string | null) =>
  inTenantTransaction(ctx, async (tx) => {
    const caseId = await caseOfAgreement(tx, 'plan', planId);
    const state = await caseState(tx, caseId);
    const plan = state.agreements.plans.get(planId);
    if (!plan) throw new DomainError('agreement_not_found', `no payment plan ${planId}`);
    const settings = await agreementSettings(tx, ctx.tenant.id);
    const organisation = await organisationOf(tx, ctx.tenant.id);
    const limits = limitsOf(settings, organisation, user(ctx));
    const withinLimit = !planApproval(limits, plan.proposed, 'collector').required;
    return run(tx, ctx, caseId, [
      {
        type: 'ApprovePaymentPlan',
        data: { planId, approvedBy: user(ctx), approvedOn: ctx.today, withinLimit, comment },
      },
      ...(await closeTasks(tx, caseId, `plan:${planId}`, 'approved')),
    ]);
  });

export const endPlan = (ctx: CommandContext, planId: string, how: 'reject' | 'cancel', reason: string) =>
  inTenantTransaction(ctx, async (tx) => {
    const caseId = await caseOfAgreement(tx, 'plan', planId);
    const command: CaseCommand =
      how === 'reject'
        ? { type: 'RejectPaymentPlan', data: { planId, rejectedBy: user(ctx), reason, on: ctx.today } }
        : { type: 'CancelPaymentPlan', data: { planId, by: user(ctx), reason, on: ctx.today } };
    return run(tx, ctx, caseId, [
      command,
      ...(await closeTasks(tx, caseId, `plan:${planId}`, how === 'reject' ? 'rejected' : 'cancelled')),
    ]);
  });

export const approvalTaskOf = (tx: Tx, caseId: string, kind: 'plan' | 'dispute' | 'waiver', id: string) =>
  taskOf(tx, caseId, `${kind}:${id}`);

// --- Mandates ---------------------------------------------------------------------------------

export type MandateInput = {
  reference: string;
  signedOn: string;
  debtorName: string;
  iban: string;
  bic?: string | undefined;
  planId?: string | undefined;
};

export const registerMandate = (ctx: CommandContext, caseId: string, input: MandateInput) =>
  inTenantTransaction(ctx, async (tx) => {
    const iban = normalizeIban(input.iban);
    if (iban === null)
      throw new DomainError('validation_failed', `iban: "${input.iban}" is not a valid IBAN`);
    const bic = input.bic?.trim() ? input.bic.trim().toUpperCase() : null;
    if (bic !== null && !isValidBic(bic))
      throw new DomainError('validation_failed', `bic: "${input.bic}" is not a valid BIC`);
    const settings = await agreementSettings(tx, ctx.tenant.id);
    const mandateId = uuidv7();
    const commands: CaseCommand[] = [
      {
        type: 'RegisterMandate',
        data: {
          mandateId,
          reference: input.reference,
          signedOn: input.signedOn,
          debtorName: input.debtorName,
          iban,
          bic,
          creditorId: settings.creditorId,
        },
      },
    ];
    if (input.planId !== undefined)
      commands.push({ type: 'AttachPlanMandate', data: { planId: input.planId, mandateId } });
    const result = await run(tx, ctx, caseId, commands);
    return { mandateId, result };
  });

export const attachMandate = (ctx: CommandContext, planId: string, mandateId: string) =>
  inTenantTransaction(ctx, async (tx) => {
    const caseId = await caseOfAgreement(tx, 'plan', planId);
    return run(tx, ctx, caseId, [{ type: 'AttachPlanMandate', data: { planId, mandateId } }]);
  });

// --- Disputes ---------------------------------------------------------------------------------

export type DisputeInput = {
  itemId?: string | null | undefined;
  reasonCode: string;
  amount?: string | undefined;
  description: string;
  owner?: string | undefined;
  deadline?: string | undefined;
};

export const openDispute = (ctx: CommandContext, caseId: string, input: DisputeInput) =>
  inTenantTransaction(ctx, async (tx) => {
    const state = await caseState(tx, caseId);
    const settings = await agreementSettings(tx, ctx.tenant.id);
    if (!settings.reasonCodes.some((r) => r.code === input.reasonCode)) {
      throw new DomainError(
        'validation_failed',
        `reasonCode: "${input.reasonCode}" is not one of ${settings.reasonCodes.map((r) => r.code).join(', ')}`,
      );
    }
    const itemId = input.itemId ?? null;
    const outstanding =
      itemId === null
        ? [...state.itemOutstanding.values()].reduce((sum, v) => sum + (v > 0n ? v : 0n), 0n)
        : (state.itemOutstanding.get(itemId) ?? 0n);
    const currency = state.currency as CurrencyCode;
    const amount = input.amount ?? formatMoney({ amountMinor: outstanding, currency });
    const disputeId = uuidv7();
    const owner = input.owner ?? user(ctx);
    const deadline = input.deadline ?? addDays(parseDate(ctx.today), settings.defaultDeadlineDays).toString();
    const result = await run(tx, ctx, caseId, [
      {
        type: 'OpenDispute',
        data: {
          disputeId,
          itemId,
          reasonCode: input.reasonCode,
          amount: { amount, currency },
          description: input.description,
          owner,
          deadline,
          openedBy: user(ctx),
          openedOn: ctx.today,
        },
      },
      {
        type: 'CreateTask',
        data: {
          taskId: uuidv7(),
          title: `Resolve dispute (${input.reasonCode}) on case ${state.number}`,
          taskType: 'dispute',
          assignee: owner,
          due: deadline,
          priority: 'normal',
          details: `dispute:${disputeId}`,
        },
      },
    ]);
    return { disputeId, result };
  });

export const reviewDispute = (
  ctx: CommandContext,
  disputeId: string,
  owner: string | null,
  comment: string | null,
) =>
  inTenantTransaction(ctx, async (tx) => {
    const caseId = await caseOfAgreement(tx, 'dispute', disputeId);
    return run(tx, ctx, caseId, [
      { type: 'ReviewDispute', data: { disputeId, owner, comment, by: user(ctx), on: ctx.today } },
    ]);
  });

export type ResolutionInput = {
  outcome: 'accepted' | 'rejected';
  settlement?: 'credit_note' | 'write_off' | undefined;
  amount?: string | undefined;
  comment: string;
};

export const resolveDispute = (ctx: CommandContext, disputeId: string, input: ResolutionInput) =>
  inTenantTransaction(ctx, async (tx) => {
    const caseId = await caseOfAgreement(tx, 'dispute', disputeId);
    const state = await caseState(tx, caseId);
    const dispute = state.agreements.disputes.get(disputeId);
    if (!dispute) throw new DomainError('agreement_not_found', `no dispute ${disputeId}`);
    const settings = await agreementSettings(tx, ctx.tenant.id);
    const organisation = await organisationOf(tx, ctx.tenant.id);
    const amount = input.amount ?? dispute.opened.amount.amount;
    const withinLimit = within(
      parseMoney(amount, state.currency as CurrencyCode).amountMinor,
      limitsOf(settings, organisation, user(ctx)).settlement,
      state.currency,
    );
    const settlement = input.outcome === 'accepted' ? (input.settlement ?? null) : null;
    const commands: CaseCommand[] = [
      {
        type: 'ResolveDispute',
        data: {
          disputeId,
          outcome: input.outcome,
          settlement,
          amount: settlement === null ? null : { amount, currency: state.currency },
          comment: input.comment,
          by: user(ctx),
          on: ctx.today,
          withinLimit,
          creditNoteItemId: settlement === 'credit_note' ? uuidv7() : null,
        },
      },
    ];
    const pending = !withinLimit && settlement !== null;
    if (pending) {
      commands.push(
        approvalTask(
          organisation,
          ctx,
          `Approve dispute settlement (${settlement}) of ${amount} ${state.currency} on case ${state.number}`,
          `dispute-approval:${disputeId}`,
        ),
      );
    } else {
      commands.push(...(await closeTasks(tx, caseId, `dispute:${disputeId}`, `dispute ${input.outcome}`)));
    }
    const result = await run(tx, ctx, caseId, commands);
    return { pending, result };
  });

export const approveDisputeResolution = (ctx: CommandContext, disputeId: string) =>
  inTenantTransaction(ctx, async (tx) => {
    const caseId = await caseOfAgreement(tx, 'dispute', disputeId);
    const state = await caseState(tx, caseId);
    const pending = state.agreements.disputes.get(disputeId)?.pending;
    if (!pending) throw new DomainError('agreement_closed', `dispute ${disputeId} has no settlement waiting`);
    const settings = await agreementSettings(tx, ctx.tenant.id);
    const organisation = await organisationOf(tx, ctx.tenant.id);
    const amountMinor =
      pending.amount === null
        ? 0n
        : parseMoney(pending.amount.amount, state.currency as CurrencyCode).amountMinor;
    return run(tx, ctx, caseId, [
      {
        type: 'ApproveDisputeResolution',
        data: {
          disputeId,
          by: user(ctx),
          on: ctx.today,
          withinLimit: within(
            amountMinor,
            limitsOf(settings, organisation, user(ctx)).settlement,
            state.currency,
          ),
          creditNoteItemId: pending.settlement === 'credit_note' ? uuidv7() : null,
        },
      },
      ...(await closeTasks(tx, caseId, `dispute-approval:${disputeId}`, 'approved')),
      ...(await closeTasks(tx, caseId, `dispute:${disputeId}`, 'dispute accepted')),
    ]);
  });

// --- Waivers ----------------------------------------------------------------------------------

export const requestWaiver = (
  ctx: CommandContext,
  caseId: string,
  input: { component: WaivableComponent; amount: string; reason: string },
) =>
  inTenantTransaction(ctx, async (tx) => {
    const state = await caseState(tx, caseId);
    const settings = await agreementSettings(tx, ctx.tenant.id);
    const organisation = await organisationOf(tx, ctx.tenant.id);
    const currency = state.currency as CurrencyCode;
    const withinLimit = within(
      parseMoney(input.amount, currency).amountMinor,
      limitsOf(settings, organisation, user(ctx)).waiver,
      currency,
    );
    const waiverId = uuidv7();
    const commands: CaseCommand[] = [
      {
        type: 'RequestWaiver',
        data: {
          waiverId,
          component: input.component,
          amount: { amount: input.amount, currency },
          reason: input.reason,
          requestedBy: user(ctx),
          on: ctx.today,
          withinLimit,
        },
      },
    ];
    let taskId: string | null = null;
    if (!withinLimit) {
      const task = approvalTask(
        organisation,
        ctx,
        `Approve waiver of ${input.amount} ${currency} of ${input.component} on case ${state.number}`,
        `waiver:${waiverId}`,
      );
      taskId = task.type === 'CreateTask' ? task.data.taskId : null;
      commands.push(task);
    }
    const result = await run(tx, ctx, caseId, commands);
    return { waiverId, status: withinLimit ? 'granted' : 'pending', taskId, result };
  });

export const decideWaiver = (
  ctx: CommandContext,
  waiverId: string,
  approve: boolean,
  reason: string | null,
) =>
  inTenantTransaction(ctx, async (tx) => {
    const caseId = await caseOfAgreement(tx, 'waiver', waiverId);
    const state = await caseState(tx, caseId);
    const waiver = state.agreements.waivers.get(waiverId);
    if (!waiver) throw new DomainError('agreement_not_found', `no waiver ${waiverId}`);
    const settings = await agreementSettings(tx, ctx.tenant.id);
    const organisation = await organisationOf(tx, ctx.tenant.id);
    const withinLimit = within(
      parseMoney(waiver.requested.amount.amount, state.currency as CurrencyCode).amountMinor,
      limitsOf(settings, organisation, user(ctx)).waiver,
      state.currency,
    );
    return run(tx, ctx, caseId, [
      {
        type: 'DecideWaiver',
        data: { waiverId, approve, by: user(ctx), on: ctx.today, withinLimit, reason },
      },
      ...(await closeTasks(tx, caseId, `waiver:${waiverId}`, approve ? 'approved' : 'rejected')),
    ]);
  });

// --- Write-offs and adjustments (L3) ----------------------------------------------------------

const adjustmentLimit = (settings: AgreementSettings, organisation: Organisation, username: string): string =>
  limitsOf(settings, organisation, username).adjustment ??
  (isSupervisor(organisation, username)
    ? DEFAULT_ADJUSTMENT_LIMIT.supervisors
    : DEFAULT_ADJUSTMENT_LIMIT.default);

const magnitude = (amount: { amount: string; currency: string }): bigint => {
  const minor = parseMoney(amount.amount, amount.currency as CurrencyCode).amountMinor;
  return minor < 0n ? -minor : minor;
};

/**
 * A write-off or a balance adjustment: recorded at once within its author's limit; above it,
 * recorded as a request with an approval task for the author's supervisor (four-eyes: the
 * author can never approve it).
 */
export const requestAdjustment = (ctx: CommandContext, caseId: string, operation: AdjustmentOperation) =>
  inTenantTransaction(ctx, async (tx) => {
    const state = await caseState(tx, caseId);
    const settings = await agreementSettings(tx, ctx.tenant.id);
    const organisation = await organisationOf(tx, ctx.tenant.id);
    const amount = operation.data.amount;
    const limit = adjustmentLimit(settings, organisation, user(ctx));
    if (magnitude(amount) <= parseMoney(limit, amount.currency as CurrencyCode).amountMinor) {
      return {
        status: 'recorded' as const,
        requestId: null,
        taskId: null,
        result: await run(tx, ctx, caseId, [operation]),
      };
    }
    // The operation's own id names the request: a retried request (idempotency key) is the same one.
    const requestId =
      operation.type === 'WriteOffAmount' ? operation.data.writeOffId : operation.data.adjustmentId;
    if (state.agreements.adjustments.has(requestId)) {
      const existing = await tx
        .selectFrom('tasks')
        .select('id')
        .where('details', '=', `adjustment:${requestId}`)
        .executeTakeFirst();
      return {
        status: 'pending' as const,
        requestId,
        taskId: existing?.id ?? null,
        result: await run(tx, ctx, caseId, []),
      };
    }
    const what = operation.type === 'WriteOffAmount' ? 'write-off' : 'adjustment';
    const task = approvalTask(
      organisation,
      ctx,
      `Approve ${what} of ${amount.amount} ${amount.currency} on case ${state.number} (limit of ${user(ctx)}: ${limit})`,
      `adjustment:${requestId}`,
    );
    const result = await run(tx, ctx, caseId, [
      {
        type: 'RequestAdjustment',
        data: { requestId, operation, amount, requestedBy: user(ctx), on: ctx.today },
      },
      task,
    ]);
    return {
      status: 'pending' as const,
      requestId,
      taskId: task.type === 'CreateTask' ? task.data.taskId : null,
      result,
    };
  });

export const decideAdjustment = (
  ctx: CommandContext,
  requestId: string,
  approve: boolean,
  reason: string | null,
) =>
  inTenantTransaction(ctx, async (tx) => {
    const task = await tx
      .selectFrom('tasks')
      .select('case_id')
      .where('details', '=', `adjustment:${requestId}`)
      .executeTakeFirst();
    if (!task) throw new DomainError('agreement_not_found', `no adjustment request ${requestId}`);
    const state = await caseState(tx, task.case_id);
    const request = state.agreements.adjustments.get(requestId);
    if (!request) throw new DomainError('agreement_not_found', `no adjustment request ${requestId}`);
    const settings = await agreementSettings(tx, ctx.tenant.id);
    const organisation = await organisationOf(tx, ctx.tenant.id);
    const amount = request.requested.amount;
    const withinLimit =
      magnitude(amount) <=
      parseMoney(adjustmentLimit(settings, organisation, user(ctx)), amount.currency as CurrencyCode)
        .amountMinor;
    return run(tx, ctx, task.case_id, [
      {
        type: 'DecideAdjustment',
        data: { requestId, approve, by: user(ctx), on: ctx.today, withinLimit, reason },
      },
      ...(await closeTasks(tx, task.case_id, `adjustment:${requestId}`, approve ? 'approved' : 'rejected')),
    ]);
  });

export { caseState as loadCaseState };
