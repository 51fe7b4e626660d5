import { describe, expect, it } from 'vitest';
import { DomainError } from '../shared/domain-error';
import { parseRateCsv, type RateFileProblem } from './rates.parse';

// Excerpts of shared/data/rates, as published.
const FR = `semester_from,individual_creditor_percent,other_creditors_percent,source
2024-07-01,8.16,4.92,arrete of 28/06/2024
2025-01-01,7.21,3.71,arrete of 17/12/2024
`;
const ECB = `effective_from,rate_percent,source\r
2025-04-23,2.40,ECB key interest rates\r
2025-06-11,2.15,ECB key interest rates (unchanged through January 2026; later decisions must be loaded from the ECB publication)\r
`;

const problemsOf = (run: () => unknown): RateFileProblem[] => {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError && error.code === 'invalid_rate_file') {
      return error.details?.['problems'] as RateFileProblem[];
    }
    throw error;
  }
  throw new Error('expected invalid_rate_file');
};

describe('parseRateCsv', () => {
  it('reads the French file as two series', () => {
    expect(parseRateCsv('fr-legal', FR)).toEqual([
      {
        series: 'fr-legal-individual',
        effectiveFrom: '2024-07-01',
        ratePercent: '8.16',
        source: 'arrete of 28/06/2024',
      },
      {
        series: 'fr-legal-other',
        effectiveFrom: '2024-07-01',
        ratePercent: '4.92',
        source: 'arrete of 28/06/2024',
      },
      {
        series: 'fr-legal-individual',
        effectiveFrom: '2025-01-01',
        ratePercent: '7.21',
        source: 'arrete of 17/12/2024',
      },
      {
        series: 'fr-legal-other',
        effectiveFrom: '2025-01-01',
        ratePercent: '3.71',
        source: 'arrete of 17/12/2024',
      },
    ]);
  });

  it('reads a three-column file with CRLF and keeps the source text', () => {
    const rows = parseRateCsv('ecb-mro', ECB);
    expect(rows.map((r) => [r.series, r.effectiveFrom, r.ratePercent])).toEqual([
      ['ecb-mro', '2025-04-23', '2.40'],
      ['ecb-mro', '2025-06-11', '2.15'],
    ]);
    expect(rows[1]?.source).toContain('unchanged through January 2026');
  });

  it('reads DE and UK files', () => {
    expect(
      parseRateCsv(
        'de-basiszinssatz',
        'effective_from,rate_percent,source\n2025-07-01,1.27,Deutsche Bundesbank (BGB 247)\n',
      ),
    ).toEqual([
      {
        series: 'de-basiszinssatz',
        effectiveFrom: '2025-07-01',
        ratePercent: '1.27',
        source: 'Deutsche Bundesbank (BGB 247)',
      },
    ]);
    expect(
      parseRateCsv('uk-bank-rate', 'effective_from,rate_percent,source\n2025-12-18,3.75,"BoE, held"\n')[0],
    ).toEqual({
      series: 'uk-bank-rate',
      effectiveFrom: '2025-12-18',
      ratePercent: '3.75',
      source: 'BoE, held',
    });
  });

  it('reports every problem with its line and imports nothing', () => {
    const text = `effective_from,rate_percent,source
2025-01-01,2.27,BBk
2025-13-01,1.27,BBk
2025-03-01,abc,BBk
2024-07-01,3.37,BBk
2025-07-01,1.27
`;
    expect(problemsOf(() => parseRateCsv('de-basiszinssatz', text))).toEqual([
      { line: 3, message: 'invalid date "2025-13-01", expected YYYY-MM-DD' },
      { line: 4, message: '2025-03-01 is not the start of a semester (1 January or 1 July)' },
      { line: 4, message: 'invalid rate "abc" in rate_percent' },
      { line: 5, message: '2024-07-01 is not after the previous row (2025-03-01)' },
      { line: 6, message: 'the source is empty' },
    ]);
  });

  it('rejects the wrong layout by its header', () => {
    expect(problemsOf(() => parseRateCsv('fr-legal', ECB))[0]).toEqual({
      line: 1,
      message:
        'expected the header "semester_from,individual_creditor_percent,other_creditors_percent,source"',
    });
  });
});
