import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import {
  computeLateInterest,
  DomainError,
  interestResultToJson,
  isKnownCurrency,
  moneyToDto,
  tryParseMoney,
} from '@quittance/domain';
import { IsoDate, Problem } from '@quittance/api-contract';
import type { Tenant, Tx } from '../db/tenancy';
import { tenantReferenceRates } from '../interest/reference-rates';
import { accrueInterest, caseInterestPlan } from '../interest/accrue';
import type { CommandContext } from '../application/context';
import type { AppEnv } from './app';

type Helpers = {
  read: <T>(tenant: Tenant, work: (tx: Tx) => Promise<T>) => Promise<T>;
  commandContext: (c: never) => CommandContext;
};

const SERIES = [
  'ecb-mro',
  'de-basiszinssatz',
  'uk-bank-rate',
  'fr-legal-individual',
  'fr-legal-other',
] as const;

const ReferenceRateDto = z
  .object({
    series: z.enum(SERIES),
    effectiveFrom: IsoDate,
    ratePercent: z.string().regex(/^-?\d+(\.\d+)?$/),
    source: z.string().min(1),
  })
  .meta({ id: 'ReferenceRate' });

const InterestQuery = z.object({
  jurisdiction: z.enum(['FR', 'DE', 'UK', 'EU', 'CONTRACT']),
  principal: z.string(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  due: IsoDate,
  paid: IsoDate,
  debtor: z.enum(['business', 'consumer']).default('business'),
  rate: z
    .string()
    .regex(/^\d+(\.\d+)?$/)
    .optional(),
  dayCount: z.enum(['ACT/365', 'ACT/360', 'ACT/ACT']).optional(),
  frMode: z.enum(['split', 'frozen']).optional(),
});

const InterestResultDto = z
  .object({
    interest: z.string(),
    currency: z.string(),
    compensation: z.string().nullable(),
    periods: z.array(
      z.object({
        from: z.string(),
        to: z.string(),
        days: z.number().int(),
        rate: z.string(),
        amount: z.string(),
      }),
    ),
    warnings: z.array(z.string()),
  })
  .meta({ id: 'InterestResult' });

/** D2: the reference-rate tables (data an administrator extends) and the interest calculator. */
export const mountInterestRoutes = (app: OpenAPIHono<AppEnv>, helpers: Helpers): void => {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/reference-rates',
      tags: ['Interest'],
      summary: 'The effective-dated reference rates (ECB, Basiszinssatz, Bank Rate, French legal rate)',
      responses: {
        200: {
          description: 'Rates, and up to when each series is known',
          content: {
            'application/json': {
              schema: z.object({
                items: z.array(ReferenceRateDto),
                knownThrough: z.record(z.string(), z.string()),
              }),
            },
          },
        },
      },
    }),
    async (c) => {
      const { rates, knownThrough } = await helpers.read(c.get('tenant'), (tx) => tenantReferenceRates(tx));
      return c.json({ items: rates, knownThrough: knownThrough as Record<string, string> }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/reference-rates',
      tags: ['Interest'],
      summary: 'Add (or correct) a published rate',
      request: { body: { content: { 'application/json': { schema: ReferenceRateDto } }, required: true } },
      responses: {
        201: { description: 'Recorded', content: { 'application/json': { schema: ReferenceRateDto } } },
        400: { description: 'Invalid', content: { 'application/problem+json': { schema: Problem } } },
      },
    }),
    async (c) => {
      const rate = c.req.valid('json');
      const tenant = c.get('tenant');
      await helpers.read(tenant, (tx) =>
        tx
          .insertInto('reference_rates')
          .values({
            tenant_id: tenant.id,
            series: rate.series,
            effective_from: rate.effectiveFrom,
            rate_percent: rate.ratePercent,
            source: rate.source,
          })
          .onConflict((oc) =>
            oc
              .columns(['tenant_id', 'series', 'effective_from'])
              .doUpdateSet({ rate_percent: rate.ratePercent, source: rate.source }),
          )
          .execute(),
      );
      return c.json(rate, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/interest/accruals',
      tags: ['Interest'],
      summary: 'Accrue late interest up to a date on every open case; charge recovery indemnities once',
      request: {
        body: { content: { 'application/json': { schema: z.object({ asOf: IsoDate }) } }, required: true },
      },
      responses: {
        200: {
          description: 'What was accrued, and the cases skipped with the reason',
          content: {
            'application/json': {
              schema: z.object({
                asOf: z.string(),
                cases: z.number().int(),
                accrued: z.array(
                  z.object({
                    caseNumber: z.string(),
                    amount: z.string(),
                    currency: z.string(),
                    from: z.string().nullable(),
                    to: z.string(),
                  }),
                ),
                indemnities: z.number().int(),
                skipped: z.array(z.object({ caseNumber: z.string(), reason: z.string() })),
              }),
            },
          },
        },
      },
    }),
    async (c) => {
      const ctx = (helpers.commandContext as (c: unknown) => CommandContext)(c);
      return c.json(await accrueInterest(ctx, c.req.valid('json').asOf), 200);
    },
  );

  const MoneyOut = z.object({ amount: z.string(), currency: z.string() });
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/cases/{id}/interest',
      tags: ['Interest'],
      summary:
        "A case's late interest up to a date, per invoice and period (rate, source, days), without accruing",
      request: { params: z.object({ id: z.string().uuid() }), query: z.object({ asOf: IsoDate.optional() }) },
      responses: {
        200: {
          description: 'The interest owed, accrued, still to accrue, and how it is made',
          content: {
            'application/json': {
              schema: z
                .object({
                  regime: z.object({ jurisdiction: z.string(), debtor: z.string() }).nullable(),
                  asOf: z.string(),
                  owedToDate: MoneyOut.nullable(),
                  alreadyAccrued: MoneyOut.nullable(),
                  toAccrue: MoneyOut.nullable(),
                  periods: z.array(
                    z.object({
                      itemId: z.string(),
                      number: z.string(),
                      from: z.string(),
                      to: z.string(),
                      days: z.number().int(),
                      balance: MoneyOut,
                      ratePercent: z.string(),
                      rateSource: z.string(),
                      amount: MoneyOut,
                    }),
                  ),
                  indemnities: z.array(
                    z.object({ number: z.string(), amount: MoneyOut, legalBasis: z.string() }),
                  ),
                  warnings: z.array(z.string()),
                  unavailable: z
                    .string()
                    .nullable()
                    .meta({ description: 'Why nothing could be computed, e.g. a rate not known yet' }),
                })
                .meta({ id: 'CaseInterest' }),
            },
          },
        },
        404: { description: 'No such case', content: { 'application/problem+json': { schema: Problem } } },
        422: {
          description: 'A rate is missing',
          content: { 'application/problem+json': { schema: Problem } },
        },
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const ctx = (helpers.commandContext as (c: unknown) => CommandContext)(c);
      const asOf = c.req.valid('query').asOf ?? ctx.today;
      const result = await caseInterestPlan(ctx, id, asOf);
      if (!result) throw new DomainError('case_not_found', `no case with id ${id}`);
      const { regime, plan } = result;
      const unavailable = 'unavailable' in result ? (result.unavailable ?? null) : null;
      return c.json(
        {
          regime,
          asOf,
          owedToDate: plan ? moneyToDto(plan.owedToDate) : null,
          alreadyAccrued: plan ? moneyToDto(plan.alreadyAccrued) : null,
          toAccrue: plan ? moneyToDto(plan.toAccrue) : null,
          periods: (plan?.periods ?? []).map((p) => ({
            itemId: p.itemId,
            number: p.number,
            from: p.from,
            to: p.to,
            days: p.days,
            balance: moneyToDto(p.balance),
            ratePercent: p.ratePercent,
            rateSource: p.rateSource,
            amount: moneyToDto(p.amount),
          })),
          indemnities: (plan?.indemnities ?? []).map((i) => ({
            number: i.number,
            amount: moneyToDto(i.amount),
            legalBasis: i.legalBasis,
          })),
          warnings:
            plan?.warnings ??
            (regime ? [] : ['no statutory interest applies to this debtor under the tenant setting']),
          unavailable,
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/v1/settings/interest',
      tags: ['Settings'],
      summary:
        "The interest regime: 'auto' (by the debtor's country and kind), one of EU, FR, DE, UK, or 'none'",
      request: {
        body: {
          content: {
            'application/json': {
              schema: z.object({ regime: z.enum(['auto', 'EU', 'FR', 'DE', 'UK', 'none']) }),
            },
          },
          required: true,
        },
      },
      responses: {
        200: {
          description: 'Saved',
          content: { 'application/json': { schema: z.object({ regime: z.string() }) } },
        },
      },
    }),
    async (c) => {
      const { regime } = c.req.valid('json');
      const tenant = c.get('tenant');
      await helpers.read(tenant, (tx) =>
        tx
          .insertInto('tenant_settings')
          .values({ tenant_id: tenant.id, interest_regime: regime })
          .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ interest_regime: regime }))
          .execute(),
      );
      return c.json({ regime }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/interest',
      tags: ['Interest'],
      summary: 'Late-payment interest and fixed compensation for one debt (the calculator)',
      request: { query: InterestQuery },
      responses: {
        200: {
          description: 'The interest by period',
          content: { 'application/json': { schema: InterestResultDto } },
        },
        422: {
          description: 'Missing rate or invalid request',
          content: { 'application/problem+json': { schema: Problem } },
        },
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      if (!isKnownCurrency(q.currency))
        throw new DomainError('unknown_currency', `unknown currency ${q.currency}`);
      const principal = tryParseMoney(q.principal, q.currency);
      if (!principal.ok) throw new DomainError('invalid_amount', `principal: ${principal.reason}`);
      const { rates, knownThrough } = await helpers.read(c.get('tenant'), (tx) => tenantReferenceRates(tx));
      const result = computeLateInterest(
        {
          jurisdiction: q.jurisdiction,
          principal: principal.value,
          dueDate: q.due,
          paidDate: q.paid,
          debtor: q.debtor,
          ...(q.rate !== undefined && { contractualRatePercent: q.rate }),
          ...(q.dayCount !== undefined && { dayCount: q.dayCount }),
          ...(q.frMode !== undefined && { frMode: q.frMode }),
        },
        rates,
        { ratesKnownThrough: knownThrough },
      );
      return c.json({ ...interestResultToJson(result), warnings: result.warnings }, 200);
    },
  );
};
