import { describe, expect, it } from 'vitest';
import {
  caseInterestPath,
  checkInterestInputs,
  DEFAULT_INPUTS,
  interestApiPath,
  interestQuery,
  parseInterestInputs,
  parseRateInput,
  type InterestInputs,
} from './interest.params';

const inputs = (over: Partial<InterestInputs>): InterestInputs => ({
  ...DEFAULT_INPUTS,
  principal: '10000.00',
  due: '2025-01-31',
  paid: '2025-06-30',
  ...over,
});

describe('interest calculator params', () => {
  it('reads the inputs from the URL, with defaults for what is missing or malformed', () => {
    expect(parseInterestInputs(new URLSearchParams())).toEqual(DEFAULT_INPUTS);
    expect(
      parseInterestInputs(
        new URLSearchParams(
          'jurisdiction=CONTRACT&debtor=consumer&principal=10000.00&currency=gbp&due=2025-01-31&paid=2025-02-30&rate=15.00&dayCount=ACT/360&frMode=frozen',
        ),
      ),
    ).toEqual({
      jurisdiction: 'CONTRACT',
      debtor: 'consumer',
      principal: '10000.00',
      currency: 'GBP',
      due: '2025-01-31',
      paid: '', // 30 February
      rate: '15.00',
      dayCount: 'ACT/360',
      frMode: 'frozen',
    });
    expect(
      parseInterestInputs(new URLSearchParams('jurisdiction=US&debtor=x&dayCount=30/360&frMode=no')),
    ).toEqual(DEFAULT_INPUTS);
  });

  it('reads a rate written either way', () => {
    expect(parseRateInput('15')).toBe('15');
    expect(parseRateInput(' 8,15 %')).toBe('8.15');
    expect(parseRateInput('12.5')).toBe('12.5');
    expect(parseRateInput('-1')).toBeNull();
    expect(parseRateInput('abc')).toBeNull();
    expect(parseRateInput('')).toBeNull();
  });

  it('normalises the principal whatever its separators', () => {
    for (const principal of ['10 000,00', '10,000.00', '10000', '10\u202f000,00']) {
      const checked = checkInterestInputs(inputs({ principal }));
      expect(checked).toEqual({ ok: true, inputs: inputs({ principal: '10000.00' }) });
    }
    const yen = checkInterestInputs(inputs({ principal: '1 500', currency: 'jpy' }));
    expect(yen.ok && yen.inputs).toMatchObject({ principal: '1500', currency: 'JPY' });
  });

  it('says which input is wrong', () => {
    expect(checkInterestInputs(inputs({ principal: '' }))).toEqual({ ok: false, problem: 'principal' });
    expect(checkInterestInputs(inputs({ principal: '0' }))).toEqual({ ok: false, problem: 'principal' });
    expect(checkInterestInputs(inputs({ currency: 'EURO' }))).toEqual({ ok: false, problem: 'currency' });
    expect(checkInterestInputs(inputs({ due: '' }))).toEqual({ ok: false, problem: 'due' });
    expect(checkInterestInputs(inputs({ paid: '2025-13-01' }))).toEqual({ ok: false, problem: 'paid' });
    expect(checkInterestInputs(inputs({ paid: '2025-01-01' }))).toEqual({ ok: false, problem: 'order' });
    expect(checkInterestInputs(inputs({ rate: 'ten' }))).toEqual({ ok: false, problem: 'rate' });
    // No rate is fine here: the server says when the jurisdiction needs one.
    expect(checkInterestInputs(inputs({ jurisdiction: 'CONTRACT', rate: ' ' })).ok).toBe(true);
  });

  it('writes the query without the empty optional inputs, and reads it back', () => {
    const query = interestQuery(inputs({}));
    expect(query).toBe(
      '?jurisdiction=FR&principal=10000.00&currency=EUR&due=2025-01-31&paid=2025-06-30&debtor=business',
    );
    const full = inputs({ jurisdiction: 'CONTRACT', rate: '15.00', dayCount: 'ACT/365', frMode: 'split' });
    expect(parseInterestInputs(new URLSearchParams(interestQuery(full)))).toEqual(full);
  });

  it('makes the API path only for a complete calculation', () => {
    expect(interestApiPath(new URLSearchParams())).toBeNull();
    expect(interestApiPath(new URLSearchParams('principal=abc&due=2025-01-31&paid=2025-06-30'))).toBeNull();
    expect(
      interestApiPath(
        new URLSearchParams(
          'jurisdiction=CONTRACT&principal=10 000,00&due=2025-01-31&paid=2025-06-30&rate=15,00',
        ),
      ),
    ).toBe(
      '/interest?jurisdiction=CONTRACT&principal=10000.00&currency=EUR&due=2025-01-31&paid=2025-06-30&debtor=business&rate=15.00',
    );
    expect(caseInterestPath('a b', '2026-03-01')).toBe('/cases/a%20b/interest?asOf=2026-03-01');
  });
});
