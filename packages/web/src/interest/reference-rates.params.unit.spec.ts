import { describe, expect, it } from 'vitest';
import { checkRateInputs, groupRatesBySeries, parseReferenceRateInput } from './reference-rates.params';

describe('reference rate input', () => {
  it('accepts a comma or a dot, spaces and a percent sign', () => {
    expect(parseReferenceRateInput('2,15')).toBe('2.15');
    expect(parseReferenceRateInput('2.15')).toBe('2.15');
    expect(parseReferenceRateInput(' 2,15 % ')).toBe('2.15');
    expect(parseReferenceRateInput('4')).toBe('4');
    expect(parseReferenceRateInput('3.50')).toBe('3.50');
  });

  it('accepts negative rates, with a hyphen or a minus sign', () => {
    expect(parseReferenceRateInput('-0,5')).toBe('-0.5');
    expect(parseReferenceRateInput('-0.50')).toBe('-0.50');
    expect(parseReferenceRateInput('\u22120,88')).toBe('-0.88');
    expect(parseReferenceRateInput('-0')).toBe('0');
    expect(parseReferenceRateInput('-0,00')).toBe('0.00');
  });

  it('rejects what is not a decimal percentage', () => {
    for (const bad of [
      '',
      ' ',
      'abc',
      '2,1,5',
      '2.1.5',
      '1,000.50',
      '.5',
      '5.',
      '--1',
      '+1',
      '1e3',
      '2,15x',
    ]) {
      expect(parseReferenceRateInput(bad), bad).toBeNull();
    }
  });

  it('checks the form and makes the POST body', () => {
    const base = { series: 'ecb-mro' as const, effectiveFrom: '2025-06-11', rate: '2,15', source: ' ECB ' };
    expect(checkRateInputs(base)).toEqual({
      ok: true,
      rate: { series: 'ecb-mro', effectiveFrom: '2025-06-11', ratePercent: '2.15', source: 'ECB' },
    });
    expect(checkRateInputs({ ...base, effectiveFrom: '2025-02-30' })).toEqual({ ok: false, problem: 'from' });
    expect(checkRateInputs({ ...base, rate: 'x' })).toEqual({ ok: false, problem: 'rate' });
    expect(checkRateInputs({ ...base, source: '  ' })).toEqual({ ok: false, problem: 'source' });
  });

  it('groups the rates by series, newest first', () => {
    const groups = groupRatesBySeries({
      items: [
        { series: 'ecb-mro', effectiveFrom: '2024-06-12', ratePercent: '4.25', source: 'ECB' },
        { series: 'xx-other', effectiveFrom: '2024-01-01', ratePercent: '1', source: 'X' },
        { series: 'ecb-mro', effectiveFrom: '2025-06-11', ratePercent: '2.15', source: 'ECB' },
      ],
      knownThrough: { 'ecb-mro': '2025-06-11' },
    });
    expect(groups.map((g) => g.series)).toEqual([
      'ecb-mro',
      'de-basiszinssatz',
      'uk-bank-rate',
      'fr-legal-individual',
      'fr-legal-other',
      'xx-other',
    ]);
    expect(groups[0]?.rates.map((r) => r.effectiveFrom)).toEqual(['2025-06-11', '2024-06-12']);
    expect(groups[0]?.knownThrough).toBe('2025-06-11');
    expect(groups[1]).toEqual({ series: 'de-basiszinssatz', knownThrough: null, rates: [] });
  });
});
