import { decideAdjustment, requestAdjustment } from '../agreements/agreements';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import {
  AccountLedger,
  AdjustmentRequest,
  AllocatePaymentRequest,
  InterestAccrualRequest,
  CancelAllocationRequest,
  CaseAccount,
  ChargeRequest,
  CommandResult,
  CustomerBalances,
  IsoDate,
  LedgerEntryDto,
  LedgerPeriodQuery,
  PostingSchemeDto,
  ReceivePaymentRequest,
  RefundRequest,
  TrialBalance,
  ValidateLedgerRequest,
  VerificationReport,
  WriteOffRequest,
} from '@quittance/api-contract';
import { DomainError, isKnownCurrency, type CaseCommand } from '@quittance/domain';
import { savePostingScheme, tenantPostingSchemes } from '../ledger/posting-schemes';
import type { Tx } from '../db/tenancy';
import type { Tenant } from '../db/tenancy';
import type { CommandContext } from '../application/context';
import { runCaseCommands } from '../application/cases.commands';
import { caseAccount } from '../ledger/case-account.query';
import { accountLedger, customerBalances, ledgerEntry, trialBalance } from '../ledger/ledger.queries';
import { validateLedger } from '../ledger/ledger-validation';
import { exportFec } from '../ledger/fec-export';
import { exportJournalCsv } from '../ledger/journal-export';
import type { AppEnv } from './app';
import { isUuid } from '../db/ids';
import { json, problemResponse } from './openapi-responses';

type Helpers = {
  read: <T>(tenant: Tenant, work: (tx: Tx) => Promise<T>) => Promise<T>;
  commandContext: (c: never) => CommandContext;
  today: (c: never) => string;
};

const IdParam = z.object({ id: z.string().meta({ param: { name: 'id', in: 'path' } }) });
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
          202: json(
            CommandResult.extend({
              status: z.literal('pending'),
              requestId: z.string(),
              taskId: z.string().nullable(),
            }),
            "Above the author's authorisation limit (write-offs, adjustments): waiting for approval",
          ),
          400: problemResponse('Invalid request'),
          404: problemResponse('No such case, payment, item or allocation'),
          409: problemResponse('Conflicts with what is recorded'),
          422: problemResponse('Rejected (amount, currency, limits)'),
        },
      }),
      async (c) => {
        const caseId = c.req.param('id') as string;
        if (!isUuid(caseId)) throw new DomainError('case_not_found', `no case with id ${caseId}`);
        const ctx = ctxOf(c);
        const key = c.req.header('idempotency-key');
        const id = key
          ? uuidv5(`${ctx.tenant.id}:${caseId}:${path}:${key}`, IDEMPOTENCY_NAMESPACE)
          : uuidv7();
        const body = c.req.valid('json' as never) as z.infer<S>;
        const command = toCommand(body, id);
        if (command.type === 'WriteOffAmount' || command.type === 'AdjustBalance') {
          // L3: above the author's limit the change waits for a supervisor's approval.
          const outcome = await requestAdjustment(ctx, caseId, command);
          const events = outcome.result.events.map((e) => e.type);
          if (outcome.status === 'pending') {
            return c.json(
              {
                caseId,
                version: outcome.result.version,
                events,
                createdId: id,
                status: 'pending',
                requestId: outcome.requestId,
                taskId: outcome.taskId,
              },
              202 as 201,
            );
          }
          return c.json({ caseId, version: outcome.result.version, events, createdId: id }, 201);
        }
        const result = await runCaseCommands(ctx, caseId, [command]);
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
  moneyCommand(
    'adjustments',
    'Adjust a component of the debt up or down, with a reason',
    AdjustmentRequest,
    (b, id) => ({
      type: 'AdjustBalance',
      data: {
        adjustmentId: id,
        component: b.component,
        amount: b.amount,
        adjustedOn: b.on,
        reason: b.reason,
      },
    }),
  );
  moneyCommand('interest', 'Charge accrued interest for a period', InterestAccrualRequest, (b, id) => ({
    type: 'AccrueInterest',
    data: { accrualId: id, amount: b.amount, from: b.from, to: b.to, accruedOn: b.on, label: b.label },
  }));
  moneyCommand('refunds', 'Refund unallocated cash to the debtor', RefundRequest, (b, id) => ({
    type: 'IssueRefund',
    data: { refundId: id, amount: b.amount, refundedOn: b.on, reason: b.reason, payee: b.payee ?? null },
  }));

  for (const decision of ['approve', 'reject'] as const) {
    app.openapi(
      createRoute({
        method: 'post',
        path: `/api/v1/adjustments/{id}/${decision}`,
        tags: ['Case account'],
        summary:
          decision === 'approve'
            ? 'Approve a write-off or adjustment waiting above its author’s limit (not by its author; within your own limit)'
            : 'Reject a write-off or adjustment waiting for approval',
        request: {
          params: z.object({
            id: z.string().meta({ param: { name: 'id', in: 'path' }, description: 'Request id' }),
          }),
          body: {
            content: {
              'application/json': { schema: z.object({ reason: z.string().max(500).nullable().optional() }) },
            },
            required: false,
          },
        },
        responses: {
          200: json(CommandResult, 'Decided'),
          403: problemResponse('Above your own limit'),
          404: problemResponse('No such request'),
          409: problemResponse('Already decided'),
          422: problemResponse('Four-eyes: the author cannot approve'),
        },
      }),
      async (c) => {
        const requestId = c.req.valid('param').id;
        if (!isUuid(requestId))
          throw new DomainError('agreement_not_found', `no adjustment request ${requestId}`);
        const body = (await c.req.json().catch(() => ({}))) as { reason?: string | null };
        const result = await decideAdjustment(
          ctxOf(c),
          requestId,
          decision === 'approve',
          body.reason ?? null,
        );
        const caseId = result.events[0]?.streamId ?? '';
        return c.json({ caseId, version: result.version, events: result.events.map((e) => e.type) }, 200);
      },
    );
  }

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

  const Period = z.object({ from: IsoDate, to: IsoDate });
  const attachment = (
    c: { body: (b: string, s: 200, h: Record<string, string>) => Response },
    name: string,
    type: string,
    content: string,
  ) =>
    c.body(content, 200, {
      'content-type': `${type}; charset=utf-8`,
      'content-disposition': `attachment; filename="${name}"`,
    });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/ledger/exports/fec',
      tags: ['Ledger'],
      summary:
        'The FEC file (art. A47 A-1 LPF) of validated entries of a period, for the companies of a SIREN',
      request: { query: Period.extend({ siren: z.string().regex(/^\d{9}$/, 'a SIREN has 9 digits') }) },
      responses: {
        200: { description: 'The FEC file', content: { 'text/plain': { schema: z.string() } } },
        400: problemResponse('Invalid period or SIREN'),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const fec = await helpers.read(c.get('tenant'), (tx) => exportFec(tx, q));
      const response = attachment(c as never, fec.fileName, 'text/plain', fec.content);
      if (fec.warnings.length)
        response.headers.set('x-quittance-warning', encodeURIComponent(fec.warnings.join('; ')));
      return response as never;
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/ledger/exports/journal.csv',
      tags: ['Ledger'],
      summary: 'Validated general-ledger lines as CSV, detailed or summarised per account and day',
      request: {
        query: Period.extend({
          company: z.string().optional(),
          mode: z.enum(['detailed', 'summary']).default('detailed'),
        }),
      },
      responses: {
        200: { description: 'The CSV file', content: { 'text/csv': { schema: z.string() } } },
        400: problemResponse('Invalid period'),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const csv = await helpers.read(c.get('tenant'), (tx) => exportJournalCsv(tx, q));
      return attachment(
        c as never,
        `journal-${q.mode}-${q.from}-${q.to}.csv`,
        'text/csv',
        csv.content,
      ) as never;
    },
  );

  const Company = z
    .object({
      code: z.string(),
      name: z.string(),
      bookCurrency: z.string(),
      postingScheme: z.string(),
      siren: z.string().nullable(),
    })
    .meta({ id: 'Company' });
  const toCompany = (r: {
    code: string;
    name: string;
    book_currency: string;
    posting_scheme: string;
    siren: string | null;
  }) => ({
    code: r.code,
    name: r.name,
    bookCurrency: r.book_currency.trim(),
    postingScheme: r.posting_scheme,
    siren: r.siren,
  });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/companies',
      tags: ['Settings'],
      summary: 'The legal entities of the tenant with their book currency, posting scheme and SIREN',
      responses: {
        200: json(z.object({ items: z.array(Company), schemes: z.array(z.string()) }), 'Companies'),
      },
    }),
    async (c) => {
      const { rows, schemes } = await helpers.read(c.get('tenant'), async (tx) => ({
        rows: await tx
          .selectFrom('companies')
          .select(['code', 'name', 'book_currency', 'posting_scheme', 'siren'])
          .orderBy('code')
          .execute(),
        schemes: await tenantPostingSchemes(tx),
      }));
      return c.json({ items: rows.map(toCompany), schemes: [...schemes.keys()].sort() }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/v1/companies/{code}',
      tags: ['Settings'],
      summary: "Set a company's name, book currency, posting scheme or SIREN",
      request: {
        params: z.object({ code: z.string().min(1) }),
        body: {
          content: {
            'application/json': {
              schema: z.object({
                name: z.string().min(1).optional(),
                bookCurrency: z
                  .string()
                  .regex(/^[A-Z]{3}$/)
                  .optional(),
                postingScheme: z.string().optional(),
                siren: z
                  .string()
                  .regex(/^\d{9}$/)
                  .nullable()
                  .optional(),
              }),
            },
          },
          required: true,
        },
      },
      responses: {
        200: json(Company, 'The company'),
        404: problemResponse('Unknown company'),
        422: problemResponse('Invalid setting'),
      },
    }),
    async (c) => {
      const { code } = c.req.valid('param');
      const b = c.req.valid('json');
      if (b.bookCurrency && !isKnownCurrency(b.bookCurrency)) {
        throw new DomainError('unknown_currency', `unknown currency ${b.bookCurrency}`);
      }
      const row = await helpers.read(c.get('tenant'), async (tx) => {
        if (b.postingScheme && !(await tenantPostingSchemes(tx)).has(b.postingScheme)) {
          throw new DomainError('validation_failed', `unknown posting scheme "${b.postingScheme}"`);
        }
        await tx
          .updateTable('companies')
          .set({
            ...(b.name && { name: b.name }),
            ...(b.bookCurrency && { book_currency: b.bookCurrency }),
            ...(b.postingScheme && { posting_scheme: b.postingScheme }),
            ...(b.siren !== undefined && { siren: b.siren }),
          })
          .where('code', '=', code)
          .execute();
        return tx
          .selectFrom('companies')
          .select(['code', 'name', 'book_currency', 'posting_scheme', 'siren'])
          .where('code', '=', code)
          .executeTakeFirst();
      });
      if (!row) throw new DomainError('validation_failed', `unknown company ${code}`);
      return c.json(toCompany(row), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/posting-schemes',
      tags: ['Settings'],
      summary:
        "The tenant's posting schemes: sub-ledger accounts to general-ledger accounts, journals, labels",
      responses: { 200: json(z.object({ items: z.array(PostingSchemeDto) }), 'Posting schemes') },
    }),
    async (c) => {
      const schemes = await helpers.read(c.get('tenant'), (tx) => tenantPostingSchemes(tx));
      return c.json({ items: [...schemes.values()] as PostingSchemeDto[] }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/v1/posting-schemes/{code}',
      tags: ['Settings'],
      summary: 'Create or replace a posting scheme; entries validated from now on use it',
      request: {
        params: z.object({ code: z.string() }),
        body: { content: { 'application/json': { schema: PostingSchemeDto } }, required: true },
      },
      responses: { 200: json(PostingSchemeDto, 'Saved'), 400: problemResponse('Invalid scheme') },
    }),
    async (c) => {
      const { code } = c.req.valid('param');
      const scheme = c.req.valid('json');
      if (scheme.code !== code)
        throw new DomainError('validation_failed', `the body's code must be "${code}"`);
      await helpers.read(c.get('tenant'), (tx) => savePostingScheme(tx, c.get('tenant').id, scheme));
      return c.json(scheme, 200);
    },
  );

  const FxRate = z
    .object({
      currency: z.string().regex(/^[A-Z]{3}$/),
      bookCurrency: z.string().regex(/^[A-Z]{3}$/),
      validFrom: IsoDate,
      rate: z.string().regex(/^\d+(\.\d+)?$/),
    })
    .meta({ id: 'FxRate', description: 'bookCurrency units for one unit of currency, from validFrom' });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/fx-rates',
      tags: ['Settings'],
      summary: 'The effective-dated FX rates used to post entries in another currency than the book currency',
      responses: { 200: json(z.object({ items: z.array(FxRate) }), 'FX rates') },
    }),
    async (c) => {
      const rows = await helpers.read(c.get('tenant'), (tx) =>
        tx
          .selectFrom('fx_rates')
          .select(['currency', 'book_currency', 'valid_from', 'rate'])
          .orderBy('currency')
          .orderBy('valid_from')
          .execute(),
      );
      return c.json(
        {
          items: rows.map((r) => ({
            currency: r.currency.trim(),
            bookCurrency: r.book_currency.trim(),
            validFrom: r.valid_from,
            rate: r.rate,
          })),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/fx-rates',
      tags: ['Settings'],
      summary: 'Add or correct an FX rate',
      request: { body: { content: { 'application/json': { schema: FxRate } }, required: true } },
      responses: { 201: json(FxRate, 'Recorded'), 422: problemResponse('Unknown currency or zero rate') },
    }),
    async (c) => {
      const b = c.req.valid('json');
      for (const code of [b.currency, b.bookCurrency]) {
        if (!isKnownCurrency(code)) throw new DomainError('unknown_currency', `unknown currency ${code}`);
      }
      if (/^0+(\.0+)?$/.test(b.rate)) throw new DomainError('validation_failed', 'an FX rate cannot be zero');
      await helpers.read(c.get('tenant'), (tx) =>
        tx
          .insertInto('fx_rates')
          .values({
            tenant_id: c.get('tenant').id,
            currency: b.currency,
            book_currency: b.bookCurrency,
            valid_from: b.validFrom,
            rate: b.rate,
          })
          .onConflict((oc) =>
            oc
              .columns(['tenant_id', 'currency', 'book_currency', 'valid_from'])
              .doUpdateSet({ rate: b.rate }),
          )
          .execute(),
      );
      return c.json(b, 201);
    },
  );
};
