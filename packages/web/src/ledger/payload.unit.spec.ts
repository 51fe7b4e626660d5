import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { formattersFor } from '../i18n/format';
import type { Translate } from '../i18n/i18n-context';
import { translate } from '../i18n/messages';
import { asMoney, payloadRows } from './payload';

const tEn: Translate = (key, params) => translate(en, key, params);
const fmtEn = formattersFor('en-GB', 'UTC');

describe('asMoney', () => {
  it('recognises money objects only', () => {
    expect(asMoney({ amount: '12.50', currency: 'EUR' })).toEqual({ amount: '12.50', currency: 'EUR' });
    expect(asMoney({ amount: 12.5, currency: 'EUR' })).toBeNull();
    expect(asMoney({ amount: '1e3', currency: 'EUR' })).toBeNull();
    expect(asMoney({ amount: '12.50', currency: 'EUR', note: 'x' })).toBeNull();
    expect(asMoney(['12.50', 'EUR'])).toBeNull();
    expect(asMoney(null)).toBeNull();
  });
});

describe('payloadRows', () => {
  it('lists every key in order, money formatted, the rest as recorded', () => {
    expect(
      payloadRows(
        {
          paymentId: 'pay-1',
          amount: { amount: '12345678901234567.89', currency: 'EUR' },
          receivedOn: '2026-03-02',
          payer: null,
          split: true,
          lines: [1, 2],
          meta: { a: 1 },
        },
        tEn,
        fmtEn,
      ),
    ).toEqual([
      { key: 'paymentId', value: 'pay-1' },
      { key: 'amount', value: '€12,345,678,901,234,567.89' },
      { key: 'receivedOn', value: '2026-03-02' },
      { key: 'payer', value: '—' },
      { key: 'split', value: 'Yes' },
      { key: 'lines', value: '1, 2' },
      { key: 'meta', value: '{"a":1}' },
    ]);
  });
});
