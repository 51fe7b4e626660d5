import { describe, expect, it } from 'vitest';
import {
  checkSplit,
  fitAllocations,
  manualAssignment,
  prefillAmount,
  rankSuggestions,
  signedAmount,
  suggestionAssignment,
  suggestionSurplus,
  type PartDraft,
} from './cash-application';

const eur = (amount: string) => ({ amount, currency: 'EUR' });
const part = (caseId: string, input: string): PartDraft => ({
  key: caseId,
  caseId,
  caseNumber: caseId.toUpperCase(),
  debtorName: null,
  input,
});

describe('checkSplit: what is left of the entry as parts are typed', () => {
  it('starts with the whole unassigned amount and nothing to submit', () => {
    expect(checkSplit(eur('150.00'), [])).toEqual({ amounts: [], remaining: eur('150.00'), status: 'empty' });
  });

  it('subtracts the parts exactly, however they are typed', () => {
    const check = checkSplit(eur('0.30'), ['0.1', '0,2']);
    expect(check.amounts).toEqual(['0.10', '0.20']);
    expect(check.remaining).toEqual(eur('0.00'));
    expect(check.status).toBe('ok');
    expect(checkSplit(eur('1500.00'), ['1 234,50']).remaining).toEqual(eur('265.50'));
  });

  it('lets a split leave part of the entry in the queue', () => {
    const check = checkSplit(eur('150.00'), ['100']);
    expect(check.remaining).toEqual(eur('50.00'));
    expect(check.status).toBe('ok');
  });

  it('flags parts that exceed the entry, with the excess as a negative remainder', () => {
    const check = checkSplit(eur('150.00'), ['100', '50.01']);
    expect(check.remaining).toEqual(eur('-0.01'));
    expect(check.status).toBe('over');
  });

  it('flags a part that is not a positive amount, and leaves it out of the remainder', () => {
    for (const input of ['', '0', '-5', 'abc', '10.001']) {
      const check = checkSplit(eur('150.00'), ['100', input]);
      expect(check.status).toBe('invalid');
      expect(check.amounts[1]).toBeNull();
      expect(check.remaining).toEqual(eur('50.00'));
    }
  });

  it('follows the minor unit of the currency', () => {
    expect(checkSplit({ amount: '1000', currency: 'JPY' }, ['250']).remaining).toEqual({
      amount: '750',
      currency: 'JPY',
    });
    expect(checkSplit({ amount: '1000', currency: 'JPY' }, ['250.5']).status).toBe('invalid');
  });
});

describe('manualAssignment', () => {
  it('sends one assignment per part, without allocations (the server applies its waterfall)', () => {
    const parts = [part('c1', '100'), part('c2', '49,99')];
    const check = checkSplit(
      eur('150.00'),
      parts.map((p) => p.input),
    );
    expect(manualAssignment(parts, check, 'EUR')).toEqual({
      assignments: [
        { caseId: 'c1', amount: eur('100.00') },
        { caseId: 'c2', amount: eur('49.99') },
      ],
    });
  });

  it('refuses a split that cannot be submitted', () => {
    const parts = [part('c1', '200')];
    expect(() => manualAssignment(parts, checkSplit(eur('150.00'), ['200']), 'EUR')).toThrow(/over/);
  });
});

describe('prefillAmount', () => {
  it('proposes what is left, or nothing when nothing is', () => {
    expect(prefillAmount(eur('50.00'))).toBe('50.00');
    expect(prefillAmount(eur('1234.50'), 'en-GB')).toBe('1234.50');
    expect(prefillAmount(eur('0.00'))).toBe('');
    expect(prefillAmount(eur('-3.00'))).toBe('');
  });

  it('writes the decimal separator of the locale, which the amount input reads back', () => {
    expect(prefillAmount(eur('49.90'), 'fr-FR')).toBe('49,90');
    expect(checkSplit(eur('49.90'), [prefillAmount(eur('49.90'), 'fr-FR')]).remaining).toEqual(eur('0.00'));
  });
});

describe('one-click allocation of a suggestion', () => {
  const suggestion = {
    caseId: 'case-1',
    allocations: [
      { itemId: 'inv-1', amount: eur('100.00') },
      { itemId: 'inv-2', amount: eur('50.00') },
    ],
  };

  it('assigns what is left of the entry, allocated as suggested', () => {
    expect(suggestionAssignment({ unassigned: eur('150.00') }, suggestion)).toEqual({
      assignments: [{ caseId: 'case-1', amount: eur('150.00'), allocations: suggestion.allocations }],
    });
  });

  it('keeps the surplus beyond the invoices unallocated on the case', () => {
    const request = suggestionAssignment({ unassigned: eur('200.00') }, suggestion);
    expect(request.assignments[0]?.amount).toEqual(eur('200.00'));
    expect(request.assignments[0]?.allocations).toEqual(suggestion.allocations);
    expect(suggestionSurplus({ unassigned: eur('200.00') }, suggestion)).toEqual(eur('50.00'));
    expect(suggestionSurplus({ unassigned: eur('150.00') }, suggestion)).toBeNull();
  });

  it('cuts the allocations down when part of the entry is already assigned', () => {
    expect(
      suggestionAssignment({ unassigned: eur('120.00') }, suggestion).assignments[0]?.allocations,
    ).toEqual([
      { itemId: 'inv-1', amount: eur('100.00') },
      { itemId: 'inv-2', amount: eur('20.00') },
    ]);
    expect(fitAllocations(suggestion.allocations, eur('80.00'))).toEqual([
      { itemId: 'inv-1', amount: eur('80.00') },
    ]);
  });

  it('leaves the allocation to the waterfall when the suggestion names no invoice', () => {
    expect(suggestionAssignment({ unassigned: eur('75.00') }, { caseId: 'case-2', allocations: [] })).toEqual(
      {
        assignments: [{ caseId: 'case-2', amount: eur('75.00') }],
      },
    );
    expect(suggestionSurplus({ unassigned: eur('75.00') }, { allocations: [] })).toBeNull();
  });

  it('ignores allocations in another currency', () => {
    expect(
      fitAllocations([{ itemId: 'x', amount: { amount: '10.00', currency: 'CHF' } }], eur('10.00')),
    ).toEqual([]);
  });
});

describe('rankSuggestions', () => {
  it('puts the most confident first and keeps ties in order', () => {
    const ranked = rankSuggestions([
      { confidence: 60, id: 'a' },
      { confidence: 95, id: 'b' },
      { confidence: 60, id: 'c' },
    ]);
    expect(ranked.map((s) => s.id)).toEqual(['b', 'a', 'c']);
  });
});

describe('signedAmount', () => {
  it('shows a debit as money out', () => {
    expect(signedAmount({ amount: eur('42.00'), direction: 'debit' })).toEqual(eur('-42.00'));
    expect(signedAmount({ amount: eur('-42.00'), direction: 'debit' })).toEqual(eur('-42.00'));
    expect(signedAmount({ amount: eur('42.00'), direction: 'credit' })).toEqual(eur('42.00'));
  });
});
