import { describe, expect, it } from 'vitest';
import {
  assignVariant,
  compareVariants,
  meanInterval,
  tQuantile95,
  variantBucket,
  wilsonInterval,
  type VariantOutcome,
} from './champion-challenger';
import { standard } from './dunning.spec-helper';

describe('assignVariant', () => {
  const champion = standard('business-standard');

  it('is a pure function of strategy and case id, pinned so that running cases never move', () => {
    // Pinned values: a change here reassigns cases already running a variant.
    expect(
      ['case-1', 'case-2', 'case-3', '0b7c9a4e-1f2d-4c1b-9a55-7d1e2f3a4b5c', 'Émile'].map((id) =>
        variantBucket('business-standard', id),
      ),
    ).toEqual(PINNED);
    expect(assignVariant(champion, 'case-42')).toBe(assignVariant(champion, 'case-42'));
  });

  it('sends about the challenger’s share of 10,000 cases to it', () => {
    let challenger = 0;
    for (let i = 0; i < 10_000; i++)
      if (assignVariant(champion, `C-2025-${i}`) === 'business-standard-b') challenger++;
    // 20% ± 3 standard deviations (σ = 40).
    expect(challenger).toBeGreaterThan(1880);
    expect(challenger).toBeLessThan(2120);
  });

  it('keeps every case on a strategy without challengers, and none when the share is 0', () => {
    expect(assignVariant(standard('consumer-gentle'), 'case-1')).toBe('consumer-gentle');
    const zero = { ...champion, challengers: [{ strategy: 'b', share: 0 }] };
    for (let i = 0; i < 200; i++) expect(assignVariant(zero, `c${i}`)).toBe('business-standard');
    const all = { ...champion, challengers: [{ strategy: 'b', share: 100 }] };
    for (let i = 0; i < 200; i++) expect(assignVariant(all, `c${i}`)).toBe('b');
  });
});

// Computed once (and checked against an independent Python implementation); see the first test.
const PINNED = [83, 90, 39, 46, 56];

describe('compareVariants', () => {
  const outcome = (
    variant: string,
    dunned: bigint,
    recovered: bigint,
    cost: string,
    days: number | null,
  ): VariantOutcome => ({
    variant,
    currency: 'EUR',
    dunnedMinor: dunned,
    recoveredMinor: recovered,
    cost,
    daysToPay: days,
  });

  it('reports rates, days to pay and cost per unit recovered with exact money', () => {
    const outcomes = [
      outcome('a', 10000n, 10000n, '0.10', 10),
      outcome('a', 20000n, 10000n, '1.60', null),
      outcome('a', 30000n, 30000n, '6.60', 20),
      outcome('b', 10000n, 0n, '0.05', null),
    ];
    const [a, b] = compareVariants(outcomes);
    expect(a).toMatchObject({
      variant: 'a',
      currency: 'EUR',
      cases: 3,
      dunned: '600.00',
      recovered: '500.00',
      cost: '8.3',
      recoveryRate: '0.833333',
      paidInFull: 2,
      costPerUnitRecovered: '0.016600',
      daysToPay: { mean: 15, cases: 2 },
    });
    expect(a?.paidInFullRate).toBeCloseTo(2 / 3);
    // t(1) = 12.706: 15 ± 12.706 * 7.071 / 1.414.
    expect(a?.daysToPay?.ci?.low).toBeCloseTo(15 - 63.531, 2);
    expect(a?.recoveryRateCi?.low).toBeLessThan(0.8333);
    expect(a?.recoveryRateCi?.high).toBeGreaterThan(0.8333);
    expect(b).toMatchObject({
      variant: 'b',
      recoveryRate: '0.000000',
      costPerUnitRecovered: null,
      daysToPay: null,
    });
  });

  it('never adds up different currencies', () => {
    const reports = compareVariants([
      outcome('a', 100n, 100n, '0', 1),
      { ...outcome('a', 100n, 50n, '0', null), currency: 'USD' },
    ]);
    expect(reports.map((r) => [r.variant, r.currency, r.recovered])).toEqual([
      ['a', 'EUR', '1.00'],
      ['a', 'USD', '0.50'],
    ]);
  });

  it('Wilson and t intervals match the textbook values', () => {
    const w = wilsonInterval(8, 10);
    expect(w?.low).toBeCloseTo(0.4902, 4);
    expect(w?.high).toBeCloseTo(0.9433, 4);
    expect(wilsonInterval(0, 10)?.low).toBe(0);
    expect(tQuantile95(30)).toBeCloseTo(2.0423, 4);
    expect(tQuantile95(31)).toBeCloseTo(2.0395, 3);
    expect(tQuantile95(120)).toBeCloseTo(1.9799, 3);
    const m = meanInterval([2, 4, 6, 8]);
    expect(m?.mean).toBe(5);
    expect(m?.ci?.high).toBeCloseTo(5 + 3.1824 * Math.sqrt(20 / 3 / 4), 3);
  });
});
