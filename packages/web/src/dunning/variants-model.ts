import type { Strategy, VariantReport } from './dunning.types';

// Champion/challenger (C2): the variant reports grouped by strategy family, the champion (the
// strategy that names the challengers) first. The report only names variants; the families come
// from the published rule set's strategies.

/** Below this many cases a variant's figures are anecdotes, not a comparison. */
export const MIN_CASES_TO_COMPARE = 30;

export type VariantFamily = {
  /** The champion's id (or the variant's own id when it belongs to no family). */
  readonly family: string;
  readonly name: string | null;
  /** Configured share of each variant, percent; null when not known. */
  readonly shares: ReadonlyMap<string, number>;
  readonly reports: readonly VariantReport[];
  /** Some variant of the family has too few cases to compare. */
  readonly tooFew: boolean;
};

export function variantFamilies(
  reports: readonly VariantReport[],
  strategies: readonly Pick<Strategy, 'id' | 'name' | 'challengers'>[],
): VariantFamily[] {
  const familyOf = new Map<string, string>();
  const members = new Map<string, string[]>();
  const shares = new Map<string, Map<string, number>>();
  for (const strategy of strategies) {
    const challengers = strategy.challengers ?? [];
    if (challengers.length === 0) continue;
    familyOf.set(strategy.id, strategy.id);
    members.set(strategy.id, [strategy.id, ...challengers.map((c) => c.strategy)]);
    const split = new Map<string, number>();
    let taken = 0;
    for (const c of challengers) {
      familyOf.set(c.strategy, strategy.id);
      split.set(c.strategy, c.share);
      taken += c.share;
    }
    split.set(strategy.id, Math.max(0, 100 - taken));
    shares.set(strategy.id, split);
  }
  const names = new Map(strategies.map((s) => [s.id, s.name]));

  const grouped = new Map<string, VariantReport[]>();
  for (const report of reports) {
    const family = familyOf.get(report.variant) ?? report.variant;
    grouped.set(family, [...(grouped.get(family) ?? []), report]);
  }
  const rank = (family: string, variant: string) => {
    const order = members.get(family) ?? [family];
    const i = order.indexOf(variant);
    return i < 0 ? order.length : i;
  };
  return [...grouped.entries()]
    .map(([family, list]) => ({
      family,
      name: names.get(family) ?? null,
      shares: shares.get(family) ?? new Map<string, number>(),
      reports: [...list].sort(
        (a, b) =>
          rank(family, a.variant) - rank(family, b.variant) ||
          a.variant.localeCompare(b.variant) ||
          a.currency.localeCompare(b.currency),
      ),
      tooFew: list.some((r) => r.cases < MIN_CASES_TO_COMPARE),
    }))
    .sort(
      (a, b) => Number(b.shares.size > 0) - Number(a.shares.size > 0) || a.family.localeCompare(b.family),
    );
}
