import { z } from 'zod';

/** Money on the wire: an exact decimal string in the currency's minor-unit precision. */
export const MoneyDto = z
  .object({
    amount: z.string().regex(/^-?\d+(\.\d+)?$/, 'a decimal with a dot, e.g. "1234.50"'),
    currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code, e.g. "EUR"'),
  })
  .meta({ id: 'Money', description: 'Exact amount as a decimal string with its ISO 4217 currency' });
export type MoneyDto = z.infer<typeof MoneyDto>;

/** A calendar date as YYYY-MM-DD that exists (2026-02-30 does not). */
const isCalendarDate = (text: string): boolean => {
  const [year, month, day] = text.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
};

export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine(isCalendarDate, 'not a calendar date');

export const Actor = z
  .object({
    kind: z.enum(['user', 'rule', 'portal', 'import', 'system']),
    id: z.string(),
  })
  .meta({ id: 'Actor' });
export type Actor = z.infer<typeof Actor>;

export const PageMeta = z.object({
  page: z.number().int().min(1),
  pageSize: z.number().int().min(1),
  total: z.number().int().min(0),
});
export type PageMeta = z.infer<typeof PageMeta>;

/** RFC 9457 problem details, as every error of the API is answered. */
export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    code: z.string().optional(),
    requestId: z.string().optional(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof Problem>;
