import type { MoneyDto } from '@quittance/api-contract';
import { formatFieldValue } from '../cases/field-value';
import type { Formatters } from '../i18n/format';
import type { Translate } from '../i18n/i18n-context';
import { isDecimal } from '../lib/decimal';

// An event's payload, as the audit trail shows it: every key, in the order the event has them,
// with money formatted in the viewer's locale and everything else shown as recorded.

export type PayloadRow = { key: string; value: string };

/** A `{ amount, currency }` object with an exact decimal amount, as money travels in events. */
export function asMoney(value: unknown): MoneyDto | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const { amount, currency, ...rest } = value as { amount?: unknown; currency?: unknown };
  if (Object.keys(rest).length > 0) return null;
  return typeof amount === 'string' && isDecimal(amount) && typeof currency === 'string'
    ? { amount, currency }
    : null;
}

export function payloadRows(data: Record<string, unknown>, t: Translate, fmt: Formatters): PayloadRow[] {
  return Object.entries(data).map(([key, value]) => {
    const money = asMoney(value);
    return { key, value: money ? fmt.money(money) : formatFieldValue(value, t) };
  });
}
