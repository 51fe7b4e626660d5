import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import {
  AccountLedger,
  AllocatePaymentRequest,
  CancelAllocationRequest,
  CaseAccount,
  ChargeRequest,
  CommandResult,
  CustomerBalances,
  IsoDate,
  LedgerEntryDto,
  LedgerPeriodQuery,
  Problem,
  ReceivePaymentRequest,
  RefundRequest,
  TrialBalance,
  ValidateLedgerRequest,
  VerificationReport,
  WriteOffRequest,
} from '@quittance/api-contract';
import { DomainError, type CaseCommand } from '@quittance/domain';
import type { Tx } from '../db/tenancy';
import type { Tenant } from '../db/tenancy';
import type { CommandContext } from '../application/context';
import { runCaseCommands } from '../application/cases.commands';
import { caseAccount } from '../ledger/case-account.query';
import { accountLedger, customerBalances, ledgerEntry, trialBalance } from '../ledger/ledger.queries';
import { validateLedger } from '../ledger/ledger-validation';
import type { AppEnv } from './app';

type Helpers = {
  read: <T>(tenant: Tenant, work: (tx: Tx) => Promise<T>) => Promise<T>;
  commandContext: (c: never) => CommandContext;
  today: (c: never) => string;
};

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: Problem } },
});
const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const IdParam = z.object({ id: z.string().meta({ param: { name: 'id', in: 'path' } }) });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IDEMPOTENCY_NAMESPACE = '5b7c3a2e-8f1d-4c6b-9a0e-2d4f6a8c0e1b';

/**
 * The ledger's API: money-moving commands on a case (each idempotent under an
 * `Idempotency-Key` header: the key fixes the id of what is created, so a retry records nothing
 * twice), the case account (G11), the audit trail of an entry (E3), general-ledger reports (E7)
 * and the daily verification and validation (E2).
 */
export const mountLedgerRoutes = (app: OpenAPIHono<AppEnv>, helpers: Helpers): void => {
  const ctxOf = helpers.commandContext as (c: unknown) => CommandContext;
  const todayOf = helpers.today as (c: unknown) => string;

  const moneyCommand = <S extends z.ZodType>(
    path: string,
    summary: string,
    schema: S,
    toCommand: (body: z.infer<S>, id: string) => CaseCommand,
  ) =>
    app.openapi(
      createRoute({
        method: 'post',
        path: `/api/v1/cases/{id}/${path}`,
        tags: ['Case account'],
        summary,
        request: {
          params: IdParam,
          headers: z.object({
            'idempotency-key': z
              .string()
              .max(200)
              .optional()
              .meta({ description: 'Makes the request safe to retry: the same key never records twice' }),
          }),
          body: { content: { 'application/json': { schema } }, required: true },
        },
        responses: {
          201: json(CommandResult, 'Recorded (or already recorded under this idempotency key)'),
          400: problemResponse('Invalid request'),
          404: problemResponse('No such case, payment, item or allocation'),
          409: problemResponse('Conflicts with what is recorded'),
          422: problemResponse('Rejected (amount, currency, limits)'),
        },
      }),
      async (c) => {
        const caseId = c.req.param('id') as string;
        if (!UUID.test(caseId)) throw new DomainError('case_not_found', `no case with id ${caseId}`);
        const ctx = ctxOf(c);
        const key = c.req.header('idempotency-key');
        const id = key
          ? uuidv5(`${ctx.tenant.id}:${caseId}:${path}:${key}`, IDEMPOTENCY_NAMESPACE)
          : uuidv7();
        const body = c.req.valid('json' as never) as z.infer<S>;
        const result = await runCaseCommands(ctx, caseId, [toCommand(body, id)]);
        return c.json(
          { caseId, version: result.version, events: result.events.map((e) => e.type), createdId: id },
          201,
        );
      },
    );

  moneyCommand('payments', 'Record a payment received for the case', ReceivePaymentRequest, (b, id) => ({
    type: 'ReceivePayment',
    data: {
      paymentId: id,
      amount: b.amount,
      receivedOn: b.receivedOn,
      method: b.method,
      payer: b.payer ?? null,
      bankReference: b.bankReference ?? null,
    },
  }));
  moneyCommand(
    'allocations',
    'Allocate (part of) a payment to an item or a component',
    AllocatePaymentRequest,
    (b, id) => ({
      type: 'AllocatePayment',
      data: {
        allocationId: id,
        paymentId: b.paymentId,
        itemId: b.itemId ?? null,
        component: b.component,
        amount: b.amount,
        allocatedOn: b.allocatedOn,
      },
    }),
  );
  moneyCommand(
    'allocation-cancellations',
    'Cancel an allocation (posts a reversing entry)',
    CancelAllocationRequest,
    (b) => ({
      type: 'CancelAllocation',
      data: { allocationId: b.allocationId, cancelledOn: b.cancelledOn, reason: b.reason },
    }),
  );
  moneyCommand('fees', 'Charge a fee to the debtor', ChargeRequest, (b, id) => ({
    type: 'ChargeFee',
    data: { feeId: id, amount: b.amount, chargedOn: b.on, label: b.label },
  }));
  moneyCommand('recovery-costs', 'Charge a recovery cost to the debtor', ChargeRequest, (b, id) => ({
    type: 'ChargeRecoveryCost',
    data: { costId: id, amount: b.amount, chargedOn: b.on, label: b.label },
  }));
  moneyCommand('write-offs', 'Write off (part of) the debt', WriteOffRequest, (b, id) => ({
    type: 'WriteOffAmount',
    data: {
      writeOffId: id,
      itemId: b.itemId ?? null,
      component: b.component,
      amount: b.amount,
      writtenOffOn: b.on,
      reason: b.reason,
    },
  }));
  moneyCommand('refunds', 'Refund unallocated cash to the debtor', RefundRequest, (b, id) => ({
    type: 'IssueRefund',
    data: { refundId: id, amount: b.amount, refundedOn: b.on, reason: b.reason, payee: b.payee ?? null },
  }));

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/cases/{id}/account',
      tags: ['Case account'],
      summary: 'The case account: claim, settlements, balances by component, history with running balance',
      request: { params: IdParam },
      responses: { 200: json(CaseAccount, 'The case account'), 404: problemResponse('No such case') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const account = await helpers.read(c.get('tenant'), (tx) => caseAccount(tx, id));
      if (!account) throw new DomainError('case_not_found', `no case with id ${id}`);
      return c.json(account, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/ledger/entries/{id}',
      tags: ['Ledger'],
      summary: 'Audit trail of one entry: postings, general-ledger lines, the event, who caused it, the case',
      request: { params: IdParam },
      responses: { 200: json(LedgerEntryDto, 'The entry'), 404: problemResponse('No such entry') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const entry = await helpers.read(c.get('tenant'), (tx) => ledgerEntry(tx, id));
      if (!entry) throw new DomainError('ledger_entry_not_found', `no ledger entry with id ${id}`);
      return c.json(entry, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/ledger/trial-balance',
      tags: ['Ledger'],
      summary: 'Trial balance of validated general-ledger lines by account for a period',
      request: { query: LedgerPeriodQuery },
      responses: { 200: json(TrialBalance, 'The trial balance') },
    }),
    async (c) =>
      c.json(await helpers.read(c.get('tenant'), (tx) => trialBalance(tx, c.req.valid('query'))), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/ledger/accounts/{account}',
      tags: ['Ledger'],
      summary: 'One general-ledger account with a running balance',
      request: { params: z.object({ account: z.string().min(1) }), query: LedgerPeriodQuery },
      responses: { 200: json(AccountLedger, 'The account ledger') },
    }),
    async (c) => {
      const { account } = c.req.valid('param');
      return c.json(
        await helpers.read(c.get('tenant'), (tx) => accountLedger(tx, account, c.req.valid('query'))),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/ledger/customer-balances',
      tags: ['Ledger'],
      summary: 'What each customer owes, per company and currency',
      request: { query: z.object({ company: z.string().optional() }) },
      responses: { 200: json(CustomerBalances, 'Customer balances') },
    }),
    async (c) =>
      c.json(
        await helpers.read(c.get('tenant'), (tx) => customerBalances(tx, c.req.valid('query').company)),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/ledger/verification',
      tags: ['Ledger'],
      summary: 'The daily verification report, without validating (dry run)',
      request: { query: z.object({ asOf: IsoDate.optional() }) },
      responses: { 200: json(VerificationReport, 'What validation would post, and what is blocked') },
    }),
    async (c) => {
      const asOf = c.req.valid('query').asOf ?? todayOf(c);
      return c.json(await validateLedger(ctxOf(c), { asOf, dryRun: true }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/ledger/validate',
      tags: ['Ledger'],
      summary: 'Validate every postable entry up to a date: validation date and gap-free number per journal',
      request: {
        body: { content: { 'application/json': { schema: ValidateLedgerRequest } }, required: true },
      },
      responses: { 200: json(VerificationReport, 'The verification report of what was validated') },
    }),
    async (c) =>
      c.json(await validateLedger(ctxOf(c), { asOf: c.req.valid('json').asOf, dryRun: false }), 200),
  );
};
