import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { CommandResult, IsoDate } from '@quittance/api-contract';
import {
  compareVariants,
  formatMoney,
  parseMoney,
  DomainError,
  DUNNING_LEVELS,
  type CurrencyCode,
  type DunningLevel,
  type VariantOutcome,
} from '@quittance/domain';
import { Decimal } from 'decimal.js';
import type { Tenant, Tx } from '../db/tenancy';
import type { CommandContext } from '../application/context';
import { runCaseCommands } from '../application/cases.commands';
import { isUuid } from '../db/ids';
import { runDunning } from '../dunning/run';
import { deliverMessages, recordBounce, type DeliveryDeps } from '../dunning/deliver';
import { loadDocument } from '../dunning/documents';
import { dunningContext, languageOf } from '../dunning/context';
import { listTemplates, saveTemplate, templateText, tenantTemplates } from '../dunning/tenant-templates';
import {
  isDunningLanguage,
  parseTemplateFile,
  previewTemplate,
  renderDunningMessage,
  resolveTemplate,
  sampleDunningContext,
} from '../dunning/templates';
import type { AppEnv } from './app';
import { json, problemResponse } from './openapi-responses';

type Helpers = {
  read: <T>(tenant: Tenant, work: (tx: Tx) => Promise<T>) => Promise<T>;
  commandContext: (c: never) => CommandContext;
  today: (c: never) => string;
  clock: () => Date;
  channels: () => DeliveryDeps;
};

const RunAction = z.object({
  case: z.string(),
  caseId: z.string(),
  customer: z.string().nullable(),
  invoices: z.array(z.string()),
  strategy: z.string(),
  step: z.string(),
  channel: z.string(),
  status: z.string(),
  reason: z.string().optional(),
  messageId: z.string().optional(),
});
const RunReport = z
  .object({
    asOf: IsoDate,
    casesEvaluated: z.number().int(),
    actions: z.array(RunAction),
    printBatch: z.object({ documentId: z.string(), letters: z.number().int() }).nullable(),
    warnings: z.array(z.string()),
  })
  .meta({ id: 'DunningRunReport' });

const ActionRow = z
  .object({
    id: z.string(),
    caseId: z.string(),
    caseNumber: z.string(),
    customer: z.string().nullable(),
    runOn: IsoDate,
    strategy: z.string(),
    variant: z.string().nullable(),
    stepId: z.string(),
    level: z.string(),
    channel: z.string(),
    status: z.string(),
    messageId: z.string().nullable(),
    documentId: z.string().nullable(),
    invoices: z.array(z.string()),
    total: z.string().nullable(),
    currency: z.string(),
    cost: z.string().nullable(),
    postponedUntil: z.string().nullable(),
    reason: z.string().nullable(),
  })
  .meta({ id: 'DunningAction' });

const Rendered = z
  .object({
    templateId: z.string(),
    language: z.string(),
    subject: z.string(),
    text: z.string(),
    html: z.string(),
    sms: z.string(),
    fallback: z.boolean(),
    warning: z.string().optional(),
  })
  .meta({ id: 'RenderedTemplate' });

const body = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});

/** Dunning (C1–C16): runs, deliveries, history, documents, templates with preview, stops and overrides, champion/challenger. */
export const mountDunningRoutes = (app: OpenAPIHono<AppEnv>, helpers: Helpers): void => {
  const { read } = helpers;
  const ctx = (c: unknown) => helpers.commandContext(c as never);
  const today = (c: unknown) => helpers.today(c as never);
  const user = (c: { req: { header: (k: string) => string | undefined } }) =>
    c.req.header('x-user') ?? 'back-office';

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/dunning/runs',
      tags: ['Dunning'],
      summary: 'Run what dunning has due (all cases, or the ones named: individual or mass dunning, C6)',
      request: {
        ...body(
          z.object({
            caseIds: z.array(z.string()).optional(),
            deliver: z
              .boolean()
              .default(true)
              .meta({ description: 'false: record and render, send later (review first)' }),
          }),
        ),
        query: z.object({ asOf: IsoDate.optional() }),
      },
      responses: { 200: json(RunReport, 'What was done') },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const report = await runDunning(ctx(c), helpers.channels(), {
        asOf: today(c),
        now: helpers.clock(),
        ...(input.caseIds ? { caseIds: input.caseIds.filter(isUuid) } : {}),
        deliver: input.deliver,
      });
      return c.json(JSON.parse(JSON.stringify(report)) as z.infer<typeof RunReport>, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/dunning/deliveries',
      tags: ['Dunning'],
      summary: 'Send every message asked for and not yet sent (after reviewing a run)',
      request: { query: z.object({ asOf: IsoDate.optional() }) },
      responses: {
        200: json(
          z.object({
            sent: z.number().int(),
            failed: z.number().int(),
            printed: z.number().int(),
            printBatch: z.object({ documentId: z.string(), letters: z.number().int() }).nullable(),
          }),
          'Delivered',
        ),
      },
    }),
    async (c) => {
      const report = await deliverMessages(ctx(c), helpers.channels(), {
        asOf: today(c),
        now: helpers.clock(),
      });
      const outcomes = [...report.outcomes.values()];
      return c.json(
        {
          sent: outcomes.filter((o) => o.status === 'sent').length,
          failed: outcomes.filter((o) => o.status === 'failed').length,
          printed: outcomes.filter((o) => o.status === 'printed').length,
          printBatch: report.printBatch,
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/dunning/actions',
      tags: ['Dunning'],
      summary: 'Dunning actions: a day’s run, or a case’s history (C13)',
      request: {
        query: z.object({
          runOn: IsoDate.optional(),
          caseId: z.string().optional(),
          status: z.string().optional(),
        }),
      },
      responses: { 200: json(z.object({ items: z.array(ActionRow) }), 'Actions, newest first') },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const items = await read(c.get('tenant'), async (tx) => {
        let query = tx
          .selectFrom('dunning_actions as a')
          .innerJoin('cases as c', 'c.id', 'a.case_id')
          .select([
            'a.id',
            'a.case_id',
            'c.number',
            'c.debtor_reference',
            'a.run_on',
            'a.strategy',
            'a.variant',
            'a.step_id',
            'a.level',
            'a.channel',
            'a.status',
            'a.message_id',
            'a.document_id',
            'a.invoices',
            'a.total_minor',
            'a.currency',
            'a.cost',
            'a.postponed_until',
            'a.reason',
          ])
          .orderBy('a.run_on', 'desc')
          .orderBy('c.number')
          .limit(1000);
        if (q.runOn) query = query.where('a.run_on', '=', q.runOn);
        if (q.caseId)
          query = query.where(
            'a.case_id',
            '=',
            isUuid(q.caseId) ? q.caseId : '00000000-0000-0000-0000-000000000000',
          );
        if (q.status) query = query.where('a.status', '=', q.status);
        return query.execute();
      });
      return c.json(
        {
          items: items.map((r) => {
            const currency = r.currency.trim();
            return {
              id: r.id,
              caseId: r.case_id,
              caseNumber: r.number,
              customer: r.debtor_reference,
              runOn: r.run_on,
              strategy: r.strategy,
              variant: r.variant,
              stepId: r.step_id,
              level: r.level,
              channel: r.channel,
              status: r.status,
              messageId: r.message_id,
              documentId: r.document_id,
              invoices: r.invoices,
              total:
                r.total_minor === null
                  ? null
                  : formatMoney({ amountMinor: BigInt(r.total_minor), currency: currency as CurrencyCode }),
              currency,
              cost: r.cost,
              postponedUntil: r.postponed_until ? new Date(r.postponed_until).toISOString() : null,
              reason: r.reason,
            };
          }),
        },
        200,
      );
    },
  );

  // C10: a bounce (RFC 3464 delivery status notification) as the mail server returned it, e.g.
  // piped from the bounce mailbox: the message it names fails on its case.
  app.post('/api/v1/messages/bounces', async (c) => {
    const raw = Buffer.from(await c.req.arrayBuffer());
    const result = await recordBounce(ctx(c), raw, helpers.clock());
    return c.json(result, result.recorded ? 201 : 200);
  });

  // C13: any document, byte for byte as it was sent or printed (a PDF letter, a print batch, an email).
  app.get('/api/v1/documents/:id', async (c) => {
    const id = c.req.param('id');
    if (!isUuid(id)) throw new DomainError('validation_failed', `no document ${id}`);
    const document = await read(c.get('tenant'), (tx) => loadDocument(tx, id));
    if (!document) {
      return c.json(
        { type: 'about:blank', title: 'Not found', status: 404, detail: `no document ${id}` },
        404,
      );
    }
    return c.body(new Uint8Array(document.bytes), 200, {
      'content-type': document.contentType,
      'content-disposition': `inline; filename="${document.fileName}"`,
      'x-content-sha256': document.sha256,
    });
  });

  // --- Templates (C16) ------------------------------------------------------------------------
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/dunning/templates',
      tags: ['Dunning'],
      summary: 'The templates and their languages (standard, or the tenant’s own version)',
      responses: {
        200: json(
          z.object({
            items: z.array(
              z.object({
                id: z.string(),
                languages: z.array(
                  z.object({ language: z.string(), origin: z.enum(['standard', 'tenant']) }),
                ),
              }),
            ),
          }),
          'Templates',
        ),
      },
    }),
    async (c) =>
      c.json(
        {
          items: (await read(c.get('tenant'), listTemplates)).map((t) => ({
            id: t.id,
            languages: t.languages.map((l) => ({ ...l })),
          })),
        },
        200,
      ),
  );

  const TemplateParams = z.object({
    id: z.string().meta({ param: { name: 'id', in: 'path' } }),
    language: z.string().meta({ param: { name: 'language', in: 'path' } }),
  });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/dunning/templates/{id}/{language}',
      tags: ['Dunning'],
      summary: 'A template’s text (front matter and body), for the editor',
      request: { params: TemplateParams },
      responses: {
        200: json(
          z.object({
            id: z.string(),
            language: z.string(),
            text: z.string(),
            origin: z.enum(['standard', 'tenant']),
          }),
          'The text',
        ),
        422: problemResponse('No such template'),
      },
    }),
    async (c) => {
      const { id, language } = c.req.valid('param');
      const found = await read(c.get('tenant'), (tx) => templateText(tx, id, language));
      return c.json({ id, language, ...found }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/v1/dunning/templates/{id}/{language}',
      tags: ['Dunning'],
      summary: 'Save the tenant’s version of a template (checked first: errors name the line)',
      request: { params: TemplateParams, ...body(z.object({ text: z.string().min(1).max(200_000) })) },
      responses: {
        200: json(z.object({ id: z.string(), language: z.string(), origin: z.literal('tenant') }), 'Saved'),
        422: problemResponse('The template does not parse'),
      },
    }),
    async (c) => {
      const { id, language } = c.req.valid('param');
      const { text } = c.req.valid('json');
      const tenant = c.get('tenant');
      await read(tenant, (tx) =>
        saveTemplate(tx, tenant.id, { id, language, text, user: user(c), at: helpers.clock() }),
      );
      return c.json({ id, language, origin: 'tenant' as const }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/dunning/templates/preview',
      tags: ['Dunning'],
      summary: 'Render a template (saved, or the text being edited) for a case or a sample debtor',
      request: {
        ...body(
          z.object({
            id: z.string(),
            language: z.string(),
            text: z
              .string()
              .optional()
              .meta({ description: 'The text being edited; the saved template when absent' }),
            caseId: z.string().optional(),
            level: z.enum(DUNNING_LEVELS as unknown as [DunningLevel, ...DunningLevel[]]).optional(),
          }),
        ),
      },
      responses: {
        200: json(Rendered, 'The rendered message'),
        422: problemResponse('The template does not parse'),
      },
    }),
    async (c) => {
      const input = c.req.valid('json');
      if (!isDunningLanguage(input.language)) {
        throw new DomainError(
          'validation_failed',
          `"${input.language}" is not a template language (en, fr, de, es, nl, it)`,
        );
      }
      const language = input.language;
      const rendered = await read(c.get('tenant'), async (tx) => {
        const catalog = await tenantTemplates(tx);
        let template;
        let fallback = false;
        let warning: string | undefined;
        if (input.text !== undefined) {
          const parsed = parseTemplateFile(input.text, {
            file: `${input.id}/${language}.md`,
            id: input.id,
            language,
          });
          if (!parsed.ok) {
            throw new DomainError('validation_failed', parsed.issues[0]!.message, {
              issues: parsed.issues.map((i) => ({
                path: `${i.file}${i.line !== null ? `:${i.line}` : ''}`,
                message: i.message,
              })),
            });
          }
          template = parsed.template;
        } else {
          const resolved = resolveTemplate(catalog, input.id, language);
          template = resolved.template;
          fallback = resolved.fallback;
          warning = resolved.warning;
        }
        const level = input.level ?? 'R1';
        if (input.caseId && isUuid(input.caseId)) {
          const items = await tx
            .selectFrom('financial_items')
            .select(['id', 'number', 'kind', 'due_date', 'outstanding_minor'])
            .where('case_id', '=', input.caseId)
            .where('outstanding_minor', '!=', 0n)
            .execute();
          const asOf = today(c);
          const context = await dunningContext(
            tx,
            input.caseId,
            { level, id: level },
            items.map((i) => ({
              itemId: i.id,
              number: i.number,
              kind: i.kind === 'credit_note' ? 'credit_note' : 'invoice',
              dueDate: i.due_date,
              outstandingMinor: BigInt(i.outstanding_minor),
              daysPastDue: Math.round((Date.parse(asOf) - Date.parse(i.due_date)) / 86_400_000),
            })),
            asOf,
          );
          return { ...renderDunningMessage(template, context), fallback, ...(warning ? { warning } : {}) };
        }
        if (input.text === undefined) {
          const preview = await previewTemplate(input.id, language, undefined, { catalog });
          return preview;
        }
        const sample = sampleDunningContext(language, {
          customerType: input.id.startsWith('consumer-') ? 'consumer' : 'business',
          level,
        });
        return { ...renderDunningMessage(template, sample), fallback, ...(warning ? { warning } : {}) };
      });
      return c.json(
        {
          templateId: rendered.templateId,
          language: rendered.language,
          subject: rendered.subject,
          text: rendered.text,
          html: rendered.html,
          sms: rendered.sms,
          fallback: rendered.fallback,
          ...(rendered.warning ? { warning: rendered.warning } : {}),
        },
        200,
      );
    },
  );

  // --- Per case: stop, resume, override (C9, C15) ------------------------------------------------
  const CaseParam = z.object({ id: z.string().meta({ param: { name: 'id', in: 'path' } }) });
  const caseCommand = <S extends z.ZodType>(
    path: string,
    summary: string,
    schema: S,
    toCommand: (b: z.infer<S>, c: unknown) => Parameters<typeof runCaseCommands>[2][number],
  ) =>
    app.openapi(
      createRoute({
        method: 'post',
        path: `/api/v1/cases/{id}/dunning/${path}`,
        tags: ['Dunning'],
        summary,
        request: { params: CaseParam, ...body(schema) },
        responses: {
          201: json(CommandResult, 'Recorded'),
          404: problemResponse('No such case or item'),
          422: problemResponse('Rejected'),
        },
      }),
      async (c) => {
        const id = c.req.param('id') as string;
        const input = c.req.valid('json' as never) as z.infer<S>;
        const result = await runCaseCommands(ctx(c), id, [toCommand(input, c)]);
        return c.json({ caseId: id, version: result.version, events: result.events.map((e) => e.type) }, 201);
      },
    );
  caseCommand(
    'stop',
    'Stop dunning for the case or one item, with a reason and an end date (C9)',
    z.object({
      itemId: z.string().nullable().default(null),
      reason: z.string().trim().min(1),
      until: IsoDate.nullable().default(null),
    }),
    (b) => ({ type: 'StopDunning', data: { itemId: b.itemId, reason: b.reason, until: b.until } }),
  );
  caseCommand(
    'resume',
    'Resume dunning for the case or one item',
    z.object({ itemId: z.string().nullable().default(null) }),
    (b) => ({
      type: 'ResumeDunning',
      data: { itemId: b.itemId },
    }),
  );
  caseCommand(
    'override',
    'Set the level of the next dunning action by hand (C15)',
    z.object({
      level: z.enum(DUNNING_LEVELS as unknown as [DunningLevel, ...DunningLevel[]]),
      reason: z.string().optional(),
    }),
    (b) => ({ type: 'OverrideNextLevel', data: { level: b.level, reason: b.reason ?? null } }),
  );

  // --- Champion/challenger (C2, I5) -----------------------------------------------------------
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/dunning/variants',
      tags: ['Dunning'],
      summary:
        'Compare the variants of strategies: recovery rate, days to pay, cost per unit recovered, with 95% intervals',
      request: { query: z.object({ strategy: z.string().optional() }) },
      responses: {
        200: json(
          z.object({ items: z.array(z.record(z.string(), z.unknown())) }),
          'One report per variant and currency',
        ),
      },
    }),
    async (c) => {
      const { strategy } = c.req.valid('query');
      const outcomes = await read(c.get('tenant'), (tx) => variantOutcomes(tx, strategy));
      return c.json(
        { items: JSON.parse(JSON.stringify(compareVariants(outcomes))) as Record<string, unknown>[] },
        200,
      );
    },
  );
};

/**
 * One outcome per case that entered a strategy: what was due at its first dunning step, what was
 * allocated to it since, what its steps cost, and the days until it owed nothing more.
 */
export const variantOutcomes = async (tx: Tx, strategy?: string): Promise<VariantOutcome[]> => {
  const rows = await tx
    .selectFrom('events as e')
    .innerJoin('cases as c', 'c.id', 'e.stream_id')
    .select(['e.stream_id', 'e.data', 'e.recorded_at', 'c.currency'])
    .where('e.type', '=', 'DunningStepRun')
    .orderBy('e.position')
    .execute();
  const byCase = new Map<
    string,
    { variant: string; currency: string; firstOn: string; dunnedMinor: bigint; cost: string[] }
  >();
  for (const row of rows) {
    const d = row.data as {
      kind?: string;
      strategy: string;
      variant: string | null;
      runOn: string;
      total: { amount: string };
      cost: string | null;
    };
    if ((d.kind ?? 'step') !== 'step') continue;
    const family = d.strategy;
    const variant = d.variant ?? d.strategy;
    if (strategy && family !== strategy && variant !== strategy) continue;
    const currency = row.currency.trim();
    let entry = byCase.get(row.stream_id);
    if (!entry) {
      entry = {
        variant,
        currency,
        firstOn: d.runOn,
        dunnedMinor: parseMoney(d.total.amount, currency as CurrencyCode).amountMinor,
        cost: [],
      };
      byCase.set(row.stream_id, entry);
    }
    if (d.cost) entry.cost.push(d.cost);
  }
  const outcomes: VariantOutcome[] = [];
  for (const [caseId, entry] of byCase) {
    const allocations = await tx
      .selectFrom('events')
      .select(['data'])
      .where('stream_id', '=', caseId)
      .where('type', '=', 'PaymentAllocated')
      .execute();
    let recovered = 0n;
    let lastPaidOn: string | null = null;
    for (const a of allocations) {
      const d = a.data as { amount: { amount: string }; allocatedOn: string };
      if (d.allocatedOn < entry.firstOn) continue;
      recovered += parseMoney(d.amount.amount, entry.currency as CurrencyCode).amountMinor;
      if (!lastPaidOn || d.allocatedOn > lastPaidOn) lastPaidOn = d.allocatedOn;
    }
    const outstanding = await tx
      .selectFrom('financial_items')
      .select((eb) => eb.fn.sum<string>('outstanding_minor').as('left'))
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    const paidInFull = BigInt(outstanding?.left ?? '0') <= 0n && lastPaidOn !== null;
    outcomes.push({
      caseId,
      variant: entry.variant,
      currency: entry.currency as CurrencyCode,
      dunnedMinor: entry.dunnedMinor,
      recoveredMinor: recovered > entry.dunnedMinor ? entry.dunnedMinor : recovered,
      cost: sumDecimals(entry.cost),
      daysToPay: paidInFull
        ? Math.round((Date.parse(lastPaidOn!) - Date.parse(entry.firstOn)) / 86_400_000)
        : null,
    });
  }
  return outcomes;
};

/** Exact sum of decimal strings (step costs can be finer than cents). */
const sumDecimals = (values: readonly string[]): string =>
  values.reduce((total, v) => total.plus(v), new Decimal(0)).toFixed();

export { languageOf };
