import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { IsoDate } from '@quittance/api-contract';
import {
  DomainError,
  formatMoney,
  money,
  parseMoney,
  planProgress,
  resolutionDays,
  PROMISE_CHANNELS,
  type CaseDispute,
  type CaseMandate,
  type CasePlan,
  type CasePromise,
  type CaseWaiver,
  type CurrencyCode,
  type OpenCaseState,
} from '@quittance/domain';
import type { Tenant, Tx } from '../db/tenancy';
import type { CommandContext } from '../application/context';
import type { StreamResult } from '../application/stream-command';
import {
  agreementSettings,
  approvalTaskOf,
  approveDisputeResolution,
  approvePlan,
  attachMandate,
  cancelPromise,
  decideWaiver,
  endPlan,
  loadCaseState,
  makePromise,
  openDispute,
  previewPlan,
  proposePlan,
  registerMandate,
  requestWaiver,
  resolveDispute,
  reviewDispute,
  saveAgreementSettings,
} from '../agreements/agreements';
import { prepareDirectDebits } from '../agreements/direct-debits';
import { planFromJson } from '../read-models/agreements.projection';
import type { AppEnv } from './app';
import { json, problemResponse } from './openapi-responses';

export type AgreementHelpers = {
  read: <T>(tenant: Tenant, work: (tx: Tx) => Promise<T>) => Promise<T>;
  commandContext: (c: never) => CommandContext;
  today: (c: never) => string;
  clock: () => Date;
};

const Money = z.string().regex(/^-?\d+(\.\d+)?$/, 'an exact decimal amount, e.g. 120.50');
const Id = z.object({ id: z.string() });
const Loose = z.record(z.string(), z.unknown());
const body = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});
const Created = json(Loose, 'Recorded');
const errors = {
  400: problemResponse('Invalid request'),
  403: problemResponse('Above the authorisation limit'),
  404: problemResponse('Not found'),
  409: problemResponse('Not possible in the current state'),
  422: problemResponse('Rejected (e.g. four-eyes principle)'),
};

const PlanTerms = z.object({
  installments: z.number().int().min(1).max(120),
  periodicity: z.enum(['weekly', 'biweekly', 'monthly', 'quarterly']),
  firstDate: IsoDate,
  downPayment: Money.optional(),
  downPaymentDate: IsoDate.optional(),
  annualRate: z.string().optional(),
  fee: Money.optional(),
  graceDays: z.number().int().min(0).max(60).optional(),
  accelerateOnBreach: z.boolean().optional(),
});
const PlanRequest = z.object({
  itemIds: z.array(z.string()).optional(),
  includeCharges: z.boolean().optional(),
  terms: PlanTerms,
  origin: z.enum(['collector', 'portal']).optional(),
  mandateId: z.string().optional(),
});

type View = {
  caseId: string;
  caseNumber: string;
  customer: string | null;
  currency: string;
  invoices: ReadonlyMap<string, string>;
  today: string;
};

const minorText = (minor: bigint, currency: string) => formatMoney(money(minor, currency as CurrencyCode));

const promiseDto = (p: CasePromise, v: View) => ({
  id: p.made.promiseId,
  caseId: v.caseId,
  caseNumber: v.caseNumber,
  customer: v.customer,
  amount: p.made.amount.amount,
  currency: v.currency,
  promisedFor: p.made.promisedFor,
  graceDays: p.made.graceDays,
  channel: p.made.channel,
  takenBy: p.made.takenBy,
  takenOn: p.made.takenOn,
  itemIds: p.made.itemIds,
  invoices: p.made.itemIds.map((id) => v.invoices.get(id) ?? id),
  status: p.status,
  paid: minorText(p.paidMinor, v.currency),
  resolvedOn: p.resolvedOn,
  note: p.made.note,
});

const mandateDto = (m: CaseMandate, v: View) => ({
  id: m.registered.mandateId,
  caseId: v.caseId,
  reference: m.registered.reference,
  signedOn: m.registered.signedOn,
  debtorName: m.registered.debtorName,
  iban: m.registered.iban,
  bic: m.registered.bic,
  status: m.status,
  creditorId: m.registered.creditorId,
  collections: m.presented,
});

const planDto = (plan: CasePlan, v: View, taskId: string | null, mandate: CaseMandate | undefined) => {
  const progress = planProgress(plan, v.today);
  const ended = plan.status !== 'active' && plan.status !== 'proposed';
  const installments = plan.proposed.schedule.map((line, index) => {
    const p = progress.find((x) => x.number === line.number) ?? progress[index];
    const debit = plan.directDebits.get(line.number);
    return {
      ...line,
      paid: minorText(p?.paidMinor ?? 0n, v.currency),
      state: ended && p?.state !== 'paid' ? 'cancelled' : (p?.state ?? 'upcoming'),
      daysLate: p?.daysLate ?? 0,
      directDebit: debit
        ? { endToEndId: debit.endToEndId, status: debit.status, returnReason: debit.returnReason }
        : null,
    };
  });
  const totalMinor = progress.reduce((s, l) => s + l.amountMinor, 0n);
  return {
    id: plan.proposed.planId,
    caseId: v.caseId,
    caseNumber: v.caseNumber,
    customer: v.customer,
    currency: v.currency,
    status: plan.status,
    origin: plan.proposed.origin,
    proposedBy: plan.proposed.proposedBy,
    proposedOn: plan.proposed.proposedOn,
    approvedBy: plan.approvedBy,
    approvedOn: plan.approvedOn,
    itemIds: plan.proposed.itemIds,
    invoices: plan.proposed.itemIds.map((id) => v.invoices.get(id) ?? id),
    terms: plan.proposed.terms,
    total: plan.proposed.total.amount,
    paid: minorText(plan.paidMinor, v.currency),
    remaining: minorText(totalMinor - plan.paidMinor > 0n ? totalMinor - plan.paidMinor : 0n, v.currency),
    installments,
    nextInstallment: ended ? null : (installments.find((l) => l.state !== 'paid') ?? null),
    approval: {
      required: plan.proposed.approvalRequired,
      reason: plan.proposed.approvalReason,
      taskId,
    },
    mandate: mandate ? mandateDto(mandate, v) : null,
    breach: plan.breach,
    endedReason: plan.endedReason,
  };
};

const disputeDto = (d: CaseDispute, v: View, labels: ReadonlyMap<string, string>) => ({
  id: d.opened.disputeId,
  caseId: v.caseId,
  caseNumber: v.caseNumber,
  customer: v.customer,
  itemId: d.opened.itemId,
  invoice: d.opened.itemId === null ? null : (v.invoices.get(d.opened.itemId) ?? null),
  reasonCode: d.opened.reasonCode,
  reasonLabel: labels.get(d.opened.reasonCode) ?? d.opened.reasonCode,
  amount: d.opened.amount.amount,
  currency: v.currency,
  description: d.opened.description,
  status: d.status,
  owner: d.owner,
  deadline: d.opened.deadline,
  overdue:
    (d.status === 'open' || d.status === 'under_review') &&
    d.opened.deadline !== null &&
    d.opened.deadline < v.today,
  openedBy: d.opened.openedBy,
  openedOn: d.opened.openedOn,
  resolvedOn: d.resolution?.on ?? null,
  resolution: d.resolution
    ? {
        outcome: d.resolution.outcome,
        settlement: d.resolution.settlement,
        amount: d.resolution.amount?.amount ?? null,
        comment: d.resolution.comment,
      }
    : null,
  resolutionDays: resolutionDays(d),
  pendingApproval: d.pending !== null,
});

const waiverDto = (w: CaseWaiver, v: View, taskId: string | null) => ({
  id: w.requested.waiverId,
  caseId: v.caseId,
  component: w.requested.component,
  amount: w.requested.amount.amount,
  currency: v.currency,
  reason: w.requested.reason,
  status: w.status,
  requestedBy: w.requested.requestedBy,
  decidedBy: w.decidedBy,
  taskId,
});

const viewOfState = async (tx: Tx, state: OpenCaseState, today: string): Promise<View> => {
  const kase = await tx
    .selectFrom('cases')
    .select(['debtor_name'])
    .where('id', '=', state.caseId)
    .executeTakeFirst();
  return {
    caseId: state.caseId,
    caseNumber: state.number,
    customer: kase?.debtor_name ?? null,
    currency: state.currency,
    invoices: new Map([...state.items.values()].map((i) => [i.itemId, i.number])),
    today,
  };
};

/** Rows of the read model with their case, as views. */
const listRows = async (
  tx: Tx,
  kind: 'promise' | 'plan' | 'dispute',
  filters: { status?: string[] | undefined; caseId?: string | undefined; person?: string | undefined },
) => {
  const rows = await tx
    .selectFrom('agreements as a')
    .innerJoin('cases as c', 'c.id', 'a.case_id')
    .select(['a.id', 'a.case_id', 'a.data', 'a.currency', 'c.number', 'c.debtor_name', 'c.portfolio'])
    .where('a.kind', '=', kind)
    .$if(filters.status !== undefined, (q) => q.where('a.status', 'in', filters.status!))
    .$if(filters.caseId !== undefined, (q) => q.where('a.case_id', '=', filters.caseId!))
    .$if(filters.person !== undefined, (q) => q.where('a.person', '=', filters.person!))
    .orderBy('a.key_date')
    .orderBy('c.number')
    .limit(2000)
    .execute();
  const itemIds = [
    ...new Set(
      rows.flatMap((r) => {
        const d = r.data as {
          made?: { itemIds: string[] };
          proposed?: { itemIds: string[] };
          opened?: { itemId: string | null };
        };
        return [
          ...(d.made?.itemIds ?? []),
          ...(d.proposed?.itemIds ?? []),
          ...(d.opened?.itemId ? [d.opened.itemId] : []),
        ];
      }),
    ),
  ];
  const items =
    itemIds.length === 0
      ? []
      : await tx.selectFrom('financial_items').select(['id', 'number']).where('id', 'in', itemIds).execute();
  const invoices = new Map(items.map((i) => [i.id, i.number]));
  return rows.map((r) => ({
    row: r,
    view: (today: string): View => ({
      caseId: r.case_id,
      caseNumber: r.number,
      customer: r.debtor_name,
      currency: r.currency.trim(),
      invoices,
      today,
    }),
  }));
};

const promiseFromJson = (data: unknown): CasePromise => {
  const json = data as Omit<CasePromise, 'paidMinor'> & { paidMinor: string };
  return { ...json, paidMinor: BigInt(json.paidMinor) };
};

const commandResult = (result: StreamResult<unknown>) => ({
  caseId: (result.state as OpenCaseState).caseId,
  version: result.version,
  events: result.events.map((e) => e.type),
});

/** Promises to pay, payment plans, mandates and direct debits, disputes, waivers (issue 8). */
export const mountAgreementRoutes = (app: OpenAPIHono<AppEnv>, helpers: AgreementHelpers): void => {
  const { read } = helpers;
  const ctx = (c: unknown) => helpers.commandContext(c as never);
  const today = (c: unknown) => helpers.today(c as never);
  const tenant = (c: { get: (k: 'tenant') => Tenant }) => c.get('tenant');

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/cases/{id}/agreements',
      tags: ['Agreements'],
      summary: "The case's promises, plans, mandates, disputes and waivers, with its open items",
      request: { params: Id },
      responses: { 200: json(Loose, 'Agreements'), 404: problemResponse('No such case') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const day = today(c);
      const out = await read(tenant(c), async (tx) => {
        const state = await loadCaseState(tx, id);
        const v = await viewOfState(tx, state, day);
        const settings = await agreementSettings(tx, c.get('tenant').id);
        const labels = new Map(settings.reasonCodes.map((r) => [r.code, r.label]));
        const a = state.agreements;
        const plans = [];
        for (const plan of a.plans.values()) {
          const taskId = await approvalTaskOf(tx, id, 'plan', plan.proposed.planId);
          plans.push(
            planDto(plan, v, taskId, plan.mandateId === null ? undefined : a.mandates.get(plan.mandateId)),
          );
        }
        const waivers = [];
        for (const w of a.waivers.values()) {
          waivers.push(waiverDto(w, v, await approvalTaskOf(tx, id, 'waiver', w.requested.waiverId)));
        }
        return {
          currency: state.currency,
          promises: [...a.promises.values()].map((p) => promiseDto(p, v)).reverse(),
          plans: plans.reverse(),
          disputes: [...a.disputes.values()].map((d) => disputeDto(d, v, labels)).reverse(),
          mandates: [...a.mandates.values()].map((m) => mandateDto(m, v)),
          waivers: waivers.reverse(),
          openItems: [...state.items.values()]
            .filter((i) => i.kind === 'invoice' && (state.itemOutstanding.get(i.itemId) ?? 0n) > 0n)
            .map((i) => ({
              itemId: i.itemId,
              number: i.number,
              dueDate: i.dueDate,
              outstanding: minorText(state.itemOutstanding.get(i.itemId) ?? 0n, state.currency),
            })),
          charges: {
            interest: minorText(state.balances.interest, state.currency),
            fees: minorText(state.balances.fees, state.currency),
            costs: minorText(state.balances.costs, state.currency),
          },
        };
      });
      return c.json(out, 200);
    },
  );

  // --- Promises -------------------------------------------------------------------------------
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/cases/{id}/promises',
      tags: ['Agreements'],
      summary: 'Take a promise to pay (from a call task: the task is completed with it)',
      request: {
        params: Id,
        ...body(
          z.object({
            amount: Money,
            promisedFor: IsoDate,
            channel: z.enum(PROMISE_CHANNELS as [string, ...string[]]),
            itemIds: z.array(z.string()).optional(),
            graceDays: z.number().int().min(0).max(60).optional(),
            note: z.string().max(2000).optional(),
            taskId: z.string().optional(),
          }),
        ),
      },
      responses: { 201: Created, ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      const { promiseId, result } = await makePromise(ctx(c), id, {
        ...input,
        channel: input.channel as (typeof PROMISE_CHANNELS)[number],
      });
      return c.json({ ...commandResult(result), promiseId }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/promises/{id}/cancel',
      tags: ['Agreements'],
      summary: 'Cancel a promise that still stands',
      request: { params: Id, ...body(z.object({ reason: z.string().min(1) })) },
      responses: { 201: Created, ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const result = await cancelPromise(ctx(c), id, c.req.valid('json').reason);
      return c.json(commandResult(result), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/promises',
      tags: ['Agreements'],
      summary: 'Promises to pay, soonest date first',
      request: {
        query: z.object({
          status: z.string().optional(),
          takenBy: z.string().optional(),
          caseId: z.string().optional(),
        }),
      },
      responses: { 200: json(Loose, 'Promises') },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const day = today(c);
      const items = await read(tenant(c), async (tx) =>
        (
          await listRows(tx, 'promise', {
            status: q.status ? q.status.split(',') : undefined,
            caseId: q.caseId,
            person: q.takenBy,
          })
        ).map(({ row, view }) => promiseDto(promiseFromJson(row.data), view(day))),
      );
      return c.json({ items }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/promises/kept-rate',
      tags: ['Agreements'],
      summary: 'Promise-kept rate per collector or per portfolio (kept over resolved)',
      request: { query: z.object({ by: z.enum(['collector', 'portfolio']).default('collector') }) },
      responses: { 200: json(Loose, 'Rates') },
    }),
    async (c) => {
      const { by } = c.req.valid('query');
      const rows = await read(tenant(c), (tx) =>
        tx
          .selectFrom('agreements as a')
          .innerJoin('cases as c', 'c.id', 'a.case_id')
          .select(['a.person', 'c.portfolio', 'a.status', 'a.amount_minor', 'a.paid_minor', 'a.currency'])
          .where('a.kind', '=', 'promise')
          .execute(),
      );
      const groups = new Map<
        string,
        {
          made: number;
          kept: number;
          partlyKept: number;
          broken: number;
          open: number;
          promised: bigint;
          collected: bigint;
          currency: string;
        }
      >();
      for (const r of rows) {
        const key = `${(by === 'collector' ? r.person : r.portfolio) ?? '—'}|${r.currency.trim()}`;
        const g = groups.get(key) ?? {
          made: 0,
          kept: 0,
          partlyKept: 0,
          broken: 0,
          open: 0,
          promised: 0n,
          collected: 0n,
          currency: r.currency.trim(),
        };
        if (r.status === 'cancelled') continue;
        g.made++;
        if (r.status === 'kept') g.kept++;
        if (r.status === 'partly_kept') g.partlyKept++;
        if (r.status === 'broken') g.broken++;
        if (r.status === 'open') g.open++;
        g.promised += BigInt(r.amount_minor ?? 0n);
        g.collected += BigInt(r.paid_minor ?? 0n);
        groups.set(key, g);
      }
      const result = [...groups.entries()]
        .map(([key, g]) => {
          const resolved = g.kept + g.partlyKept + g.broken;
          return {
            key: key.split('|')[0] ?? key,
            made: g.made,
            kept: g.kept,
            partlyKept: g.partlyKept,
            broken: g.broken,
            open: g.open,
            keptRate: resolved === 0 ? null : Math.round((g.kept / resolved) * 10000) / 10000,
            promised: minorText(g.promised, g.currency),
            collected: minorText(g.collected, g.currency),
            currency: g.currency,
          };
        })
        .sort((a, b) => a.key.localeCompare(b.key));
      return c.json({ rows: result }, 200);
    },
  );

  // --- Payment plans --------------------------------------------------------------------------
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/cases/{id}/payment-plans/preview',
      tags: ['Agreements'],
      summary: 'The schedule a plan would have, and whether it needs approval; records nothing',
      request: { params: Id, ...body(PlanRequest) },
      responses: { 200: json(Loose, 'Schedule'), ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      const preview = await read(tenant(c), (tx) => previewPlan(tx, ctx(c), id, input));
      return c.json(preview as never, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/cases/{id}/payment-plans',
      tags: ['Agreements'],
      summary: 'Propose a payment plan; above the proposer’s limits it waits for a manager’s approval',
      request: { params: Id, ...body(PlanRequest) },
      responses: { 201: Created, ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const out = await proposePlan(ctx(c), id, c.req.valid('json'));
      return c.json(
        { ...commandResult(out.result), planId: out.planId, status: out.status, approval: out.approval },
        201,
      );
    },
  );

  const planAction = (
    path: string,
    summary: string,
    schema: z.ZodType,
    act: (c: never, id: string, b: never) => Promise<StreamResult<unknown>>,
  ) =>
    app.openapi(
      createRoute({
        method: 'post',
        path: `/api/v1/payment-plans/{id}/${path}`,
        tags: ['Agreements'],
        summary,
        request: { params: Id, ...body(schema) },
        responses: { 201: Created, ...errors },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const result = await act(c as never, id, c.req.valid('json' as never) as never);
        return c.json({ ...commandResult(result), planId: id }, 201);
      },
    );
  planAction(
    'approve',
    'Approve a proposed plan (four-eyes: not its proposer; within the approver’s limits)',
    z.object({ comment: z.string().optional() }),
    (c, id, b: { comment?: string }) => approvePlan(ctx(c), id, b.comment ?? null),
  );
  planAction(
    'reject',
    'Reject a proposed plan',
    z.object({ reason: z.string().min(1) }),
    (c, id, b: { reason: string }) => endPlan(ctx(c), id, 'reject', b.reason),
  );
  planAction(
    'cancel',
    'Cancel a plan; interest of installments not yet due is taken back',
    z.object({ reason: z.string().min(1) }),
    (c, id, b: { reason: string }) => endPlan(ctx(c), id, 'cancel', b.reason),
  );
  planAction(
    'mandate',
    'Collect the plan’s installments by SEPA direct debit under this mandate',
    z.object({ mandateId: z.string() }),
    (c, id, b: { mandateId: string }) => attachMandate(ctx(c), id, b.mandateId),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/payment-plans',
      tags: ['Agreements'],
      summary: 'Payment plans: proposed ones first, then by next installment',
      request: { query: z.object({ status: z.string().optional(), caseId: z.string().optional() }) },
      responses: { 200: json(Loose, 'Plans') },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const day = today(c);
      const items = await read(tenant(c), async (tx) => {
        const rows = await listRows(tx, 'plan', {
          status: q.status ? q.status.split(',') : undefined,
          caseId: q.caseId,
        });
        const out = [];
        for (const { row, view } of rows) {
          const plan = planFromJson(row.data);
          const taskId = await approvalTaskOf(tx, row.case_id, 'plan', plan.proposed.planId);
          out.push(planDto(plan, view(day), taskId, undefined));
        }
        return out.sort((a, b) => Number(b.status === 'proposed') - Number(a.status === 'proposed'));
      });
      return c.json({ items }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/payment-plans/{id}',
      tags: ['Agreements'],
      summary: 'A payment plan with its installments',
      request: { params: Id },
      responses: { 200: json(Loose, 'Plan'), 404: problemResponse('No such plan') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const day = today(c);
      const plan = await read(tenant(c), async (tx) => {
        const row = await tx
          .selectFrom('agreements')
          .select('case_id')
          .where('kind', '=', 'plan')
          .where('id', '=', id)
          .executeTakeFirst();
        if (!row) return null;
        const state = await loadCaseState(tx, row.case_id);
        const p = state.agreements.plans.get(id);
        if (!p) return null;
        return planDto(
          p,
          await viewOfState(tx, state, day),
          await approvalTaskOf(tx, row.case_id, 'plan', id),
          p.mandateId === null ? undefined : state.agreements.mandates.get(p.mandateId),
        );
      });
      if (!plan) throw new DomainError('agreement_not_found', `no payment plan ${id}`);
      return c.json(plan as never, 200);
    },
  );

  // --- Mandates and direct debits -------------------------------------------------------------
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/cases/{id}/mandates',
      tags: ['Agreements'],
      summary: 'Register a SEPA direct-debit mandate signed by the debtor (optionally for a plan)',
      request: {
        params: Id,
        ...body(
          z.object({
            reference: z.string().min(1).max(35),
            signedOn: IsoDate,
            debtorName: z.string().min(1).max(70),
            iban: z.string(),
            bic: z.string().optional(),
            planId: z.string().optional(),
          }),
        ),
      },
      responses: { 201: Created, ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { mandateId, result } = await registerMandate(ctx(c), id, c.req.valid('json'));
      return c.json({ ...commandResult(result), mandateId }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/direct-debits/batches',
      tags: ['Agreements'],
      summary: 'Prepare the SEPA direct-debit files (pain.008.001.08) for the installments due',
      request: { ...body(z.object({ collectionDate: IsoDate.optional() })) },
      responses: { 201: json(Loose, 'Batches'), ...errors },
    }),
    async (c) => {
      const batches = await prepareDirectDebits(ctx(c), c.req.valid('json'));
      return c.json({ items: batches }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/direct-debits/batches',
      tags: ['Agreements'],
      summary: 'Direct-debit files prepared, newest first',
      responses: { 200: json(Loose, 'Batches') },
    }),
    async (c) => {
      const rows = await read(tenant(c), (tx) =>
        tx.selectFrom('direct_debit_batches').selectAll().orderBy('created_at', 'desc').limit(200).execute(),
      );
      return c.json(
        {
          items: rows.map((r) => ({
            batchId: r.id,
            messageId: r.message_id,
            createdOn: r.created_on,
            collectionDate: r.collection_date,
            count: r.count,
            total: minorText(BigInt(r.total_minor), r.currency.trim()),
            documentId: r.document_id,
            transactions: r.transactions,
          })),
        },
        200,
      );
    },
  );

  // --- Disputes -------------------------------------------------------------------------------
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/cases/{id}/disputes',
      tags: ['Agreements'],
      summary: 'Open a dispute on an item or the whole case: its items leave dunning until it is resolved',
      request: {
        params: Id,
        ...body(
          z.object({
            itemId: z.string().nullable().optional(),
            reasonCode: z.string().min(1),
            amount: Money.optional(),
            description: z.string().min(1).max(4000),
            owner: z.string().optional(),
            deadline: IsoDate.optional(),
          }),
        ),
      },
      responses: { 201: Created, ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { disputeId, result } = await openDispute(ctx(c), id, c.req.valid('json'));
      return c.json({ ...commandResult(result), disputeId }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/disputes/{id}/review',
      tags: ['Agreements'],
      summary: 'Put a dispute under review (optionally with a new owner)',
      request: {
        params: Id,
        ...body(z.object({ owner: z.string().optional(), comment: z.string().optional() })),
      },
      responses: { 201: Created, ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const b = c.req.valid('json');
      const result = await reviewDispute(ctx(c), id, b.owner ?? null, b.comment ?? null);
      return c.json({ ...commandResult(result), disputeId: id }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/disputes/{id}/resolve',
      tags: ['Agreements'],
      summary:
        'Accept (credit note or write-off, within the user’s limit, above it after approval) or reject a dispute',
      request: {
        params: Id,
        ...body(
          z.object({
            outcome: z.enum(['accepted', 'rejected']),
            settlement: z.enum(['credit_note', 'write_off']).optional(),
            amount: Money.optional(),
            comment: z.string().min(1),
          }),
        ),
      },
      responses: { 201: Created, ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { pending, result } = await resolveDispute(ctx(c), id, c.req.valid('json'));
      return c.json({ ...commandResult(result), disputeId: id, pendingApproval: pending }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/disputes/{id}/approve',
      tags: ['Agreements'],
      summary: 'Approve a dispute settlement waiting above its author’s limit (four-eyes)',
      request: { params: Id, ...body(z.object({})) },
      responses: { 201: Created, ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const result = await approveDisputeResolution(ctx(c), id);
      return c.json({ ...commandResult(result), disputeId: id }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/disputes',
      tags: ['Agreements'],
      summary: 'The dispute register, with resolution times',
      request: {
        query: z.object({
          status: z.enum(['open', 'under_review', 'accepted', 'rejected', 'active', 'all']).default('active'),
          reason: z.string().optional(),
          owner: z.string().optional(),
          caseId: z.string().optional(),
        }),
      },
      responses: { 200: json(Loose, 'Disputes') },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const day = today(c);
      const out = await read(tenant(c), async (tx) => {
        const settings = await agreementSettings(tx, c.get('tenant').id);
        const labels = new Map(settings.reasonCodes.map((r) => [r.code, r.label]));
        const all = (await listRows(tx, 'dispute', { caseId: q.caseId, person: q.owner })).map(
          ({ row, view }) => disputeDto(row.data as unknown as CaseDispute, view(day), labels),
        );
        const byReason = q.reason === undefined ? all : all.filter((d) => d.reasonCode === q.reason);
        const items = byReason.filter((d) =>
          q.status === 'all'
            ? true
            : q.status === 'active'
              ? d.status === 'open' || d.status === 'under_review'
              : d.status === q.status,
        );
        const days = byReason
          .flatMap((d) => (d.resolutionDays === null ? [] : [d.resolutionDays]))
          .sort((a, b) => a - b);
        const reasons = new Map<string, { count: number; open: number; minor: bigint; currency: string }>();
        for (const d of byReason) {
          const r = reasons.get(d.reasonCode) ?? { count: 0, open: 0, minor: 0n, currency: d.currency };
          r.count++;
          if (d.status === 'open' || d.status === 'under_review') {
            r.open++;
            r.minor += parseMoney(d.amount, d.currency as CurrencyCode).amountMinor;
          }
          reasons.set(d.reasonCode, r);
        }
        return {
          items,
          stats: {
            open: byReason.filter((d) => d.status === 'open').length,
            underReview: byReason.filter((d) => d.status === 'under_review').length,
            overdue: byReason.filter((d) => d.overdue).length,
            resolved: days.length,
            averageResolutionDays:
              days.length === 0
                ? null
                : Math.round((days.reduce((a, b) => a + b, 0) / days.length) * 10) / 10,
            medianResolutionDays:
              days.length === 0
                ? null
                : days.length % 2 === 1
                  ? days[(days.length - 1) / 2]!
                  : (days[days.length / 2 - 1]! + days[days.length / 2]!) / 2,
            byReason: [...reasons.entries()].map(([code, r]) => ({
              reasonCode: code,
              label: labels.get(code) ?? code,
              count: r.count,
              open: r.open,
              amount: minorText(r.minor, r.currency),
            })),
          },
        };
      });
      return c.json(out, 200);
    },
  );

  const Settings = z.object({
    reasonCodes: z.array(z.object({ code: z.string(), label: z.string().min(1) })).optional(),
    excludeFromInterest: z.boolean().optional(),
    defaultDeadlineDays: z.number().int().min(1).max(365).optional(),
    promiseGraceDays: z.number().int().min(0).max(60).optional(),
    creditorId: z.string().nullable().optional(),
    directDebitLeadDays: z.number().int().min(1).max(30).optional(),
    limits: z
      .object({
        default: z
          .object({
            plan: Money,
            planInstallments: z.number().int(),
            waiver: Money,
            settlement: Money,
            adjustment: Money.optional(),
          })
          .optional(),
        supervisors: z
          .object({
            plan: Money,
            planInstallments: z.number().int(),
            waiver: Money,
            settlement: Money,
            adjustment: Money.optional(),
          })
          .optional(),
        users: z
          .record(
            z.string(),
            z.object({
              plan: Money,
              planInstallments: z.number().int(),
              waiver: Money,
              settlement: Money,
              adjustment: Money.optional(),
            }),
          )
          .optional(),
      })
      .optional(),
  });
  for (const path of ['/api/v1/settings/disputes', '/api/v1/settings/agreements']) {
    app.openapi(
      createRoute({
        method: 'get',
        path,
        tags: ['Agreements'],
        summary: 'Dispute reason codes, interest exclusion, authorisation limits, SEPA creditor identifier',
        responses: { 200: json(Loose, 'Settings') },
      }),
      async (c) =>
        c.json((await read(tenant(c), (tx) => agreementSettings(tx, c.get('tenant').id))) as never, 200),
    );
    app.openapi(
      createRoute({
        method: 'put',
        path,
        tags: ['Agreements'],
        summary: 'Change the agreement settings (only the fields given)',
        request: { ...body(Settings) },
        responses: { 200: json(Loose, 'Settings'), ...errors },
      }),
      async (c) => {
        const change = c.req.valid('json');
        const saved = await read(tenant(c), (tx) =>
          saveAgreementSettings(
            tx,
            c.get('tenant').id,
            change as Parameters<typeof saveAgreementSettings>[2],
          ),
        );
        return c.json(saved as never, 200);
      },
    );
  }

  // --- Waivers --------------------------------------------------------------------------------
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/cases/{id}/waivers',
      tags: ['Agreements'],
      summary: 'Waive interest, fees or costs: at once within the user’s limit, otherwise after approval',
      request: {
        params: Id,
        ...body(
          z.object({
            component: z.enum(['interest', 'fees', 'costs']),
            amount: Money,
            reason: z.string().min(1),
          }),
        ),
      },
      responses: { 201: Created, ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const out = await requestWaiver(ctx(c), id, c.req.valid('json'));
      return c.json(
        { ...commandResult(out.result), waiverId: out.waiverId, status: out.status, taskId: out.taskId },
        201,
      );
    },
  );
  for (const [path, approve] of [
    ['approve', true],
    ['reject', false],
  ] as const) {
    app.openapi(
      createRoute({
        method: 'post',
        path: `/api/v1/waivers/{id}/${path}`,
        tags: ['Agreements'],
        summary: approve ? 'Approve a waiver (four-eyes, within the approver’s limit)' : 'Reject a waiver',
        request: { params: Id, ...body(z.object({ reason: z.string().optional() })) },
        responses: { 201: Created, ...errors },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const result = await decideWaiver(ctx(c), id, approve, c.req.valid('json').reason ?? null);
        return c.json({ ...commandResult(result), waiverId: id }, 201);
      },
    );
  }
};
