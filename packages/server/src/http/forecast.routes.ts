import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { IsoDate } from '@quittance/api-contract';
import type { Tenant, Tx } from '../db/tenancy';
import type { CommandContext } from '../application/context';
import {
  cashForecast,
  DEFAULT_WEEKS,
  listCashObjectives,
  MAX_WEEKS,
  upsertCashObjective,
} from '../agreements/forecast';
import type { AppEnv } from './app';
import { json, problemResponse } from './openapi-responses';

export type ForecastHelpers = {
  read: <T>(tenant: Tenant, work: (tx: Tx) => Promise<T>) => Promise<T>;
  commandContext: (c: never) => CommandContext;
  today: (c: never) => string;
};

const Amount = z.string().meta({ description: 'Exact decimal in the currency, e.g. "1234.50"' });
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM');

const ForecastWeek = z
  .object({
    weekStart: IsoDate.meta({ description: 'The Monday the week starts on' }),
    promises: Amount,
    installments: Amount,
    habits: Amount,
    total: Amount,
  })
  .meta({ id: 'ForecastWeek' });
const ForecastMonth = z
  .object({
    month: z.string(),
    forecast: Amount,
    objective: Amount.nullable(),
    gap: Amount.nullable().meta({ description: 'forecast − objective; negative when short' }),
  })
  .meta({ id: 'ForecastMonth' });
const CashForecast = z
  .object({
    asOf: IsoDate,
    currency: z.string(),
    weeks: z.array(ForecastWeek),
    months: z.array(ForecastMonth),
  })
  .meta({ id: 'CashForecast' });

const CashObjective = z
  .object({
    company: z.string(),
    portfolio: z.string().nullable(),
    month: z.string(),
    amount: Amount,
    currency: z.string(),
  })
  .meta({ id: 'CashObjective' });

/** The cash forecast and the cash objectives (issue 8, D9). */
export const mountForecastRoutes = (app: OpenAPIHono<AppEnv>, helpers: ForecastHelpers): void => {
  const { read } = helpers;
  const ctx = (c: unknown) => helpers.commandContext(c as never);
  const today = (c: unknown) => helpers.today(c as never);

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/forecast',
      tags: ['Forecast'],
      summary:
        'Cash expected per week (promises, plan installments, payment habits) and per month against the cash objective',
      request: {
        query: z.object({
          weeks: z.coerce.number().int().min(1).max(MAX_WEEKS).default(DEFAULT_WEEKS),
          company: z.string().optional(),
          portfolio: z.string().optional(),
          currency: z
            .string()
            .regex(/^[A-Z]{3}$/, 'an ISO 4217 code, e.g. "EUR"')
            .optional()
            .meta({ description: "Default: the tenant's most common case currency, or EUR" }),
          asOf: IsoDate.optional(),
        }),
      },
      responses: {
        200: json(CashForecast, 'The forecast'),
        400: problemResponse('Invalid query'),
        422: problemResponse('Unknown currency'),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const forecast = await read(c.get('tenant'), (tx) =>
        cashForecast(tx, {
          asOf: q.asOf ?? today(c),
          weeks: q.weeks,
          company: q.company,
          portfolio: q.portfolio,
          currency: q.currency,
        }),
      );
      return c.json(forecast, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/cash-objectives',
      tags: ['Forecast'],
      summary: 'Cash objectives per company, portfolio and month',
      responses: { 200: json(z.object({ items: z.array(CashObjective) }), 'Objectives') },
    }),
    async (c) => {
      const items = await read(c.get('tenant'), (tx) => listCashObjectives(tx));
      return c.json({ items }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/v1/cash-objectives',
      tags: ['Forecast'],
      summary: "Set a company's (or a portfolio's) cash objective for a month",
      request: {
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z.object({
                company: z.string().min(1),
                portfolio: z.string().nullable().optional(),
                month: Month,
                amount: Amount,
                currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code, e.g. "EUR"'),
              }),
            },
          },
        },
      },
      responses: {
        200: json(CashObjective, 'The objective as stored'),
        400: problemResponse('Invalid body'),
        422: problemResponse('Unknown company or currency, invalid or negative amount'),
      },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const context = ctx(c);
      const item = await read(context.tenant, (tx) =>
        upsertCashObjective(tx, context.tenant.id, input, { user: context.actor.id, at: context.now }),
      );
      return c.json(item, 200);
    },
  );
};
