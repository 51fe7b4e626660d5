import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { ALLOCATION_POLICIES, DomainError } from '@quittance/domain';
import { MoneyDto } from '@quittance/api-contract';
import type { Tenant, Tx } from '../db/tenancy';
import type { CommandContext } from '../application/context';
import { importStatementFile, saveCsvMapping, StatementFileError } from '../payments/statement-import';
import type { CsvBankMapping } from '@quittance/formats';
import { assignBankEntry, listBankEntries, queueTotals } from '../payments/queue';
import { exportRefunds } from '../payments/refund-export';
import type { AppEnv } from './app';
import { json, problemResponse } from './openapi-responses';

type Helpers = {
  read: <T>(tenant: Tenant, work: (tx: Tx) => Promise<T>) => Promise<T>;
  commandContext: (c: never) => CommandContext;
};

const StatementImportSummary = z
  .object({
    format: z.string(),
    statements: z.number().int(),
    entries: z.number().int(),
    imported: z.number().int(),
    duplicates: z.number().int(),
    matched: z.number().int(),
    partial: z.number().int(),
    unmatched: z.number().int(),
    movements: z.number().int(),
    returns: z.number().int(),
    allocations: z.array(
      z.object({
        entry: z.string(),
        invoice: z.string(),
        amount: z.string(),
        currency: z.string(),
        rule: z.string(),
      }),
    ),
  })
  .meta({ id: 'StatementImportSummary' });

const Suggestion = z.object({
  rule: z.string(),
  confidence: z.number().int(),
  caseId: z.string().uuid(),
  caseNumber: z.string().nullable(),
  debtorName: z.string().nullable(),
  explanation: z.string(),
  invoices: z.array(z.string()),
  allocations: z.array(z.object({ itemId: z.string(), amount: MoneyDto })),
});

const BankEntry = z
  .object({
    id: z.string().uuid(),
    bankReference: z.string(),
    bookingDate: z.string(),
    amount: MoneyDto,
    unassigned: MoneyDto,
    status: z.string(),
    direction: z.enum(['credit', 'debit']),
    counterpartyName: z.string().nullable(),
    counterpartyIban: z.string().nullable(),
    remittance: z.array(z.string()),
    statementId: z.string(),
    suggestions: z.array(Suggestion),
  })
  .meta({ id: 'BankEntry' });

const AssignRequest = z
  .object({
    assignments: z
      .array(
        z.object({
          caseId: z.string().uuid(),
          amount: MoneyDto,
          allocations: z.array(z.object({ itemId: z.string().uuid(), amount: MoneyDto })).optional(),
        }),
      )
      .min(1),
  })
  .meta({ id: 'AssignBankEntryRequest', description: 'One case, or several to split the entry' });

/** Cash application: statement import, the unallocated queue, manual assignment, settings. */
export const mountPaymentRoutes = (app: OpenAPIHono<AppEnv>, helpers: Helpers): void => {
  const ctxOf = helpers.commandContext as (c: unknown) => CommandContext;

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/bank-statements',
      tags: ['Payments'],
      summary:
        'Import a bank statement (camt.053, camt.054, MT940; detected from content), match and allocate',
      request: {
        query: z.object({
          fileName: z.string().default('statement'),
          account: z
            .string()
            .optional()
            .meta({ description: 'IBAN whose saved CSV mapping reads a CSV export' }),
        }),
        body: {
          content: { 'application/octet-stream': { schema: z.string().meta({ format: 'binary' }) } },
          required: true,
        },
      },
      responses: {
        200: json(StatementImportSummary, 'What was imported, matched, queued'),
        422: problemResponse('The statement is invalid (e.g. balances do not add up); nothing was imported'),
      },
    }),
    async (c) => {
      const { fileName, account } = c.req.valid('query');
      const content = new Uint8Array(await c.req.arrayBuffer());
      try {
        return c.json(await importStatementFile(ctxOf(c), fileName, content, { account }), 200);
      } catch (error) {
        if (error instanceof StatementFileError) {
          throw new DomainError('validation_failed', error.message, {
            issues: error.issues.map((i) => ({ path: i.location, message: i.message })),
          });
        }
        throw error;
      }
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/bank-entries',
      tags: ['Payments'],
      summary: 'Bank entries: by default the unallocated queue with its suggestions',
      request: {
        query: z.object({ status: z.enum(['open', 'all', 'assigned', 'movement']).default('open') }),
      },
      responses: {
        200: json(
          z.object({
            items: z.array(BankEntry),
            totals: z.array(
              z.object({ currency: z.string(), entries: z.number().int(), unassigned: MoneyDto }),
            ),
          }),
          'Bank entries',
        ),
      },
    }),
    async (c) => {
      const { status } = c.req.valid('query');
      const result = await helpers.read(c.get('tenant'), async (tx) => ({
        items: await listBankEntries(tx, { status }),
        totals: await queueTotals(tx),
      }));
      return c.json(result, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/bank-entries/{id}/assign',
      tags: ['Payments'],
      summary: 'Assign a bank entry by hand to a case, or split it across several',
      request: {
        params: z.object({ id: z.string().uuid() }),
        body: { content: { 'application/json': { schema: AssignRequest } }, required: true },
      },
      responses: {
        201: json(z.object({ entryId: z.string(), paymentIds: z.array(z.string()) }), 'Assigned'),
        404: problemResponse('No such entry or case'),
        422: problemResponse('More than the entry holds, wrong currency, a debit'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { assignments } = c.req.valid('json');
      return c.json(await assignBankEntry(ctxOf(c), id, assignments), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/refund-exports',
      tags: ['Payments'],
      summary: 'Send the refunds not yet sent: SEPA pain.001.001.09 files, one per paying bank account',
      request: {
        body: {
          content: { 'application/json': { schema: z.object({ executionDate: z.string().date() }) } },
          required: true,
        },
      },
      responses: {
        201: json(
          z.object({
            files: z.array(
              z.object({
                messageId: z.string(),
                fileName: z.string(),
                content: z.string(),
                refunds: z.number().int(),
                iban: z.string(),
              }),
            ),
            blocked: z.array(z.object({ refundId: z.string(), caseId: z.string(), reason: z.string() })),
          }),
          'The files, and the refunds that could not be sent with the reason',
        ),
      },
    }),
    async (c) =>
      c.json(await exportRefunds(ctxOf(c), { executionDate: c.req.valid('json').executionDate }), 201),
  );

  const CsvMapping = z
    .object({
      delimiter: z.enum([',', ';', '\t']).optional(),
      decimal: z.enum(['.', ',']),
      dateFormat: z.enum(['YYYY-MM-DD', 'DD/MM/YYYY', 'DD.MM.YYYY']),
      columns: z.object({
        bookingDate: z.string(),
        valueDate: z.string().optional(),
        amount: z.string().optional(),
        credit: z.string().optional(),
        debit: z.string().optional(),
        currency: z.string().optional(),
        reference: z.string(),
        counterpartyName: z.string().optional(),
        counterpartyIban: z.string().optional(),
        remittance: z.union([z.string(), z.array(z.string())]).optional(),
      }),
      account: z.object({ iban: z.string(), currency: z.string().regex(/^[A-Z]{3}$/) }),
    })
    .meta({ id: 'CsvBankMapping' });

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/v1/bank-accounts/csv-mapping',
      tags: ['Payments'],
      summary: "Save how a bank account's CSV export reads (columns, decimal mark, date format)",
      request: { body: { content: { 'application/json': { schema: CsvMapping } }, required: true } },
      responses: { 200: json(CsvMapping, 'Saved'), 422: problemResponse('Invalid IBAN') },
    }),
    async (c) => {
      const mapping = c.req.valid('json');
      const ctx = ctxOf(c);
      await helpers.read(c.get('tenant'), (tx) => saveCsvMapping(tx, ctx, mapping as CsvBankMapping));
      return c.json(mapping, 200);
    },
  );

  const CashSettings = z
    .object({
      autoAllocationThreshold: z.number().int().min(0).max(101),
      allocationPolicy: z.string(),
      policies: z
        .array(z.object({ code: z.string(), name: z.string(), legalBasis: z.string().nullable() }))
        .optional(),
    })
    .meta({ id: 'CashApplicationSettings' });

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/v1/settings/cash-application',
      tags: ['Settings'],
      summary:
        'The confidence above which payments are allocated automatically, and the allocation waterfall',
      request: { body: { content: { 'application/json': { schema: CashSettings } }, required: true } },
      responses: { 200: json(CashSettings, 'Saved'), 422: problemResponse('Unknown policy') },
    }),
    async (c) => {
      const b = c.req.valid('json');
      if (!Object.hasOwn(ALLOCATION_POLICIES, b.allocationPolicy)) {
        throw new DomainError('validation_failed', `unknown allocation policy "${b.allocationPolicy}"`);
      }
      const tenant = c.get('tenant');
      await helpers.read(tenant, (tx) =>
        tx
          .insertInto('tenant_settings')
          .values({
            tenant_id: tenant.id,
            auto_allocation_threshold: b.autoAllocationThreshold,
            allocation_policy: b.allocationPolicy,
          })
          .onConflict((oc) =>
            oc.column('tenant_id').doUpdateSet({
              auto_allocation_threshold: b.autoAllocationThreshold,
              allocation_policy: b.allocationPolicy,
            }),
          )
          .execute(),
      );
      return c.json(
        { autoAllocationThreshold: b.autoAllocationThreshold, allocationPolicy: b.allocationPolicy },
        200,
      );
    },
  );
};
