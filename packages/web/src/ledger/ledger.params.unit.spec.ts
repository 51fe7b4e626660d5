import { describe, expect, it } from 'vitest';
import {
  accountHref,
  entryHref,
  isIsoDate,
  isReversed,
  NO_PERIOD,
  parseAsOf,
  parsePeriod,
  periodQuery,
  todayIso,
} from './ledger.params';

describe('isIsoDate', () => {
  it('accepts real calendar days only', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-1-5')).toBe(false);
    expect(isIsoDate('')).toBe(false);
  });
});

describe('todayIso', () => {
  it('is the local calendar day', () => {
    expect(todayIso(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
    expect(todayIso(new Date(2026, 11, 31, 0, 1))).toBe('2026-12-31');
  });
});

describe('parsePeriod / periodQuery', () => {
  it('reads the filters of the URL and drops malformed ones', () => {
    expect(parsePeriod(new URLSearchParams('from=2026-01-01&to=2026-01-31&company=ACME'))).toEqual({
      from: '2026-01-01',
      to: '2026-01-31',
      company: 'ACME',
    });
    expect(parsePeriod(new URLSearchParams('from=yesterday&to=2026-02-30&company=%20'))).toEqual(NO_PERIOD);
  });

  it('writes only what is set, and round-trips', () => {
    expect(periodQuery(NO_PERIOD)).toBe('');
    expect(periodQuery({ from: null, to: '2026-03-31', company: 'A&B' })).toBe(
      '?to=2026-03-31&company=A%26B',
    );
    const filter = { from: '2026-01-01', to: '2026-03-31', company: 'ACME' };
    expect(parsePeriod(new URLSearchParams(periodQuery(filter)))).toEqual(filter);
  });

  it('notices a period that ends before it starts', () => {
    expect(isReversed({ from: '2026-02-01', to: '2026-01-31', company: null })).toBe(true);
    expect(isReversed({ from: '2026-01-31', to: '2026-01-31', company: null })).toBe(false);
    expect(isReversed({ from: '2026-02-01', to: null, company: null })).toBe(false);
  });
});

describe('parseAsOf', () => {
  it('defaults to today', () => {
    expect(parseAsOf(new URLSearchParams(''), '2026-03-10')).toBe('2026-03-10');
    expect(parseAsOf(new URLSearchParams('asOf=garbage'), '2026-03-10')).toBe('2026-03-10');
    expect(parseAsOf(new URLSearchParams('asOf=2026-03-01'), '2026-03-10')).toBe('2026-03-01');
  });
});

describe('links', () => {
  it('encodes ids and keeps the period on account links', () => {
    expect(entryHref('e/1')).toBe('/app/ledger/entries/e%2F1');
    expect(accountHref('411000')).toBe('/app/ledger/accounts/411000');
    expect(accountHref('411000', { from: '2026-01-01', to: null, company: 'ACME' })).toBe(
      '/app/ledger/accounts/411000?from=2026-01-01&company=ACME',
    );
  });
});
