import Decimal from 'decimal.js';
import { DomainError } from '../shared/domain-error';
import { currencyExponent, type CurrencyCode } from '../money/money';
import type { Strategy } from './strategy';

// Champion/challenger (C2, I5): a strategy sends a share of its cases to challenger variants, by
// a hash of the case id, so the same case always lands on the same variant on every run and
// machine; the server records the assignment as an event. `compareVariants` reports recovery,
// speed and cost per variant with 95% confidence intervals.

const utf8 = new TextEncoder();

/**
 * The case's bucket, 0–99, for a strategy: FNV-1a (32-bit) over the UTF-8 bytes of
 * `<strategy id>:<case id>`, mixed by MurmurHash3's 32-bit finaliser so that similar ids spread,
 * then scaled to 0–99 by `floor(h * 100 / 2^32)`. Salting with the strategy id keeps the splits of
 * different strategies independent. Part of the contract: changing it reassigns running cases.
 */
export const variantBucket = (strategyId: string, caseId: string): number => {
  let h = 0x811c9dc5;
  for (const byte of utf8.encode(`${strategyId}:${caseId}`)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return Math.floor(((h >>> 0) * 100) / 2 ** 32);
};

/**
 * The strategy id a case runs: the first challenger whose share covers the case's bucket
 * (challengers take buckets 0.. in order), else the strategy itself (the champion).
 */
export const assignVariant = (strategy: Strategy, caseId: string): string => {
  const bucket = variantBucket(strategy.id, caseId);
  let upTo = 0;
  for (const challenger of strategy.challengers ?? []) {
    upTo += challenger.share;
    if (bucket < upTo) return challenger.strategy;
  }
  return strategy.id;
};

/** One dunned case's outcome, for the comparison. */
export type VariantOutcome = {
  readonly caseId?: string;
  /** The strategy the case ran (`assignVariant`). */
  readonly variant: string;
  readonly currency: CurrencyCode;
  /** What was due when the case entered the strategy, minor units. */
  readonly dunnedMinor: bigint;
  /** What was recovered since, minor units. */
  readonly recoveredMinor: bigint;
  /** What the dunning cost (sum of the step costs), decimal in the currency. */
  readonly cost: string;
  /** Days from entering the strategy to payment in full; null while not paid in full. */
  readonly daysToPay: number | null;
};

/** A 95% confidence interval. */
export type Interval = { readonly low: number; readonly high: number };

export type VariantReport = {
  readonly variant: string;
  readonly currency: CurrencyCode;
  readonly cases: number;
  /** Totals, decimals in the currency. */
  readonly dunned: string;
  readonly recovered: string;
  readonly cost: string;
  /** Recovered / dunned, exact to 6 decimals; null when nothing was dunned. */
  readonly recoveryRate: string | null;
  readonly recoveryRateCi: Interval | null;
  /** Cases paid in full (daysToPay known). */
  readonly paidInFull: number;
  readonly paidInFullRate: number | null;
  /** Wilson score interval. */
  readonly paidInFullCi: Interval | null;
  /** Mean over the cases paid in full, with a Student t interval. */
  readonly daysToPay: { readonly mean: number; readonly ci: Interval | null; readonly cases: number } | null;
  /** Cost / recovered, exact to 6 decimals; null when nothing was recovered. */
  readonly costPerUnitRecovered: string | null;
  readonly costPerUnitRecoveredCi: Interval | null;
};

const Z95 = 1.959963984540054;

// Two-sided 95% quantiles of Student's t for 1–30 degrees of freedom.
// prettier-ignore
const T95 = [
  12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.306, 2.2622, 2.2281,
  2.201, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.093, 2.086,
  2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423,
];

/** Student t 97.5% quantile: the table up to 30 df, a Cornish–Fisher expansion beyond (error < 1e-4). */
export const tQuantile95 = (df: number): number => {
  if (df < 1) return Number.NaN;
  const tabled = T95[df - 1];
  if (tabled !== undefined) return tabled;
  const z = Z95;
  const z3 = z ** 3;
  const z5 = z ** 5;
  const z7 = z ** 7;
  return (
    z +
    (z3 + z) / (4 * df) +
    (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) +
    (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3)
  );
};

/** Wilson score interval for `successes` out of `n` (better than the normal one near 0 and 1). */
export const wilsonInterval = (successes: number, n: number): Interval | null => {
  if (n <= 0) return null;
  const p = successes / n;
  const z2 = Z95 * Z95;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (Z95 / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
};

/** Mean with a Student t interval (needs two values for the interval). */
export const meanInterval = (values: readonly number[]): { mean: number; ci: Interval | null } | null => {
  const n = values.length;
  if (n === 0) return null;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, ci: null };
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1);
  const half = tQuantile95(n - 1) * Math.sqrt(variance / n);
  return { mean, ci: { low: mean - half, high: mean + half } };
};

/**
 * Interval of a ratio of totals Σy / Σx over cases (recovery rate, cost per unit recovered): the
 * delta method (linearised ratio estimator), var ≈ Σ(yᵢ − R·xᵢ)² / (n(n−1)·x̄²), with a Student t
 * quantile. Cases are the sampling unit, so a few large cases weigh as they should.
 */
const ratioInterval = (ys: readonly number[], xs: readonly number[]): Interval | null => {
  const n = xs.length;
  if (n < 2) return null;
  const sumX = xs.reduce((a, b) => a + b, 0);
  if (sumX === 0) return null;
  const ratio = ys.reduce((a, b) => a + b, 0) / sumX;
  const meanX = sumX / n;
  const residuals = xs.reduce((a, x, i) => a + ((ys[i] ?? 0) - ratio * x) ** 2, 0);
  const se = Math.sqrt(residuals / (n * (n - 1))) / meanX;
  const half = tQuantile95(n - 1) * se;
  return { low: ratio - half, high: ratio + half };
};

const Exact = Decimal.clone({ precision: 60 });
const PLAIN_DECIMAL = /^-?\d+(?:\.\d+)?$/;

const fromMinor = (minor: bigint, currency: CurrencyCode): Decimal =>
  new Exact(minor.toString()).dividedBy(new Exact(10).pow(currencyExponent(currency)));

const ratioText = (numerator: Decimal, denominator: Decimal): string | null =>
  denominator.isZero() ? null : numerator.dividedBy(denominator).toFixed(6, Decimal.ROUND_HALF_EVEN);

/**
 * Per variant and currency (amounts in different currencies are never added): cases, totals,
 * recovery rate (recovered / dunned, exact) with a delta-method interval, share of cases paid in
 * full with a Wilson interval, mean days to pay with a t interval, and cost per unit recovered
 * (exact) with a delta-method interval. Sorted by variant, then currency. Throws
 * `invalid_amount` on a cost that is not a plain decimal.
 */
export const compareVariants = (outcomes: readonly VariantOutcome[]): readonly VariantReport[] => {
  const groups = new Map<string, VariantOutcome[]>();
  for (const o of outcomes) {
    if (!PLAIN_DECIMAL.test(o.cost))
      throw new DomainError('invalid_amount', `invalid cost "${o.cost}" for variant ${o.variant}`, {
        cost: o.cost,
      });
    const key = JSON.stringify([o.variant, o.currency]);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [o]);
    else group.push(o);
  }
  const reports: VariantReport[] = [];
  for (const group of groups.values()) {
    const first = group[0];
    if (first === undefined) continue;
    const { variant, currency } = first;
    const exponent = currencyExponent(currency);
    const dunnedMinor = group.reduce((a, o) => a + o.dunnedMinor, 0n);
    const recoveredMinor = group.reduce((a, o) => a + o.recoveredMinor, 0n);
    const dunned = fromMinor(dunnedMinor, currency);
    const recovered = fromMinor(recoveredMinor, currency);
    const cost = group.reduce((a, o) => a.plus(o.cost), new Exact(0));
    // Statistics on plain numbers (units of the currency): they are estimates, not money.
    const xs = group.map((o) => Number(o.dunnedMinor) / 10 ** exponent);
    const ys = group.map((o) => Number(o.recoveredMinor) / 10 ** exponent);
    const costs = group.map((o) => Number(o.cost));
    const days = group.flatMap((o) => (o.daysToPay === null ? [] : [o.daysToPay]));
    const mean = meanInterval(days);
    reports.push({
      variant,
      currency,
      cases: group.length,
      dunned: dunned.toFixed(exponent),
      recovered: recovered.toFixed(exponent),
      cost: cost.toFixed(),
      recoveryRate: ratioText(recovered, dunned),
      recoveryRateCi: ratioInterval(ys, xs),
      paidInFull: days.length,
      paidInFullRate: days.length / group.length,
      paidInFullCi: wilsonInterval(days.length, group.length),
      daysToPay: mean === null ? null : { mean: mean.mean, ci: mean.ci, cases: days.length },
      costPerUnitRecovered: ratioText(cost, recovered),
      costPerUnitRecoveredCi: ratioInterval(costs, ys),
    });
  }
  return reports.sort((a, b) =>
    a.variant === b.variant ? (a.currency < b.currency ? -1 : 1) : a.variant < b.variant ? -1 : 1,
  );
};
