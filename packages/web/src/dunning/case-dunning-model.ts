import type { ChronoEntry } from '@quittance/api-contract';

// A case's dunning state as its events tell it (the chrono, newest first): the variant it runs,
// the stops in force (C9) and a next level set by hand that no step has used yet (C15).

const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** The variant of `strategy` the case was put in (champion/challenger), if any. */
export function caseVariant(entries: readonly ChronoEntry[], strategy: string | null): string | null {
  if (strategy === null) return null;
  for (const entry of entries) {
    if (entry.type !== 'StrategyVariantAssigned') continue;
    if (str(entry.data.strategy) === strategy) return str(entry.data.variant);
  }
  return null;
}

export type DunningStop = {
  /** Null: the whole case. */
  readonly itemId: string | null;
  readonly reason: string;
  readonly until: string | null;
  /** Its end date has passed: dunning goes on by itself. */
  readonly expired: boolean;
};

/** The stops recorded and not resumed, the case's first, then by item. */
export function activeStops(entries: readonly ChronoEntry[], asOf: string): DunningStop[] {
  const stops = new Map<string | null, DunningStop>();
  for (const entry of [...entries].reverse()) {
    const itemId = str(entry.data.itemId);
    if (entry.type === 'DunningStopped') {
      const until = str(entry.data.until);
      stops.set(itemId, {
        itemId,
        reason: str(entry.data.reason) ?? '',
        until,
        expired: until !== null && until < asOf,
      });
    } else if (entry.type === 'DunningResumed') {
      stops.delete(itemId);
    }
  }
  return [...stops.values()].sort((a, b) =>
    a.itemId === null ? -1 : b.itemId === null ? 1 : a.itemId.localeCompare(b.itemId),
  );
}

/** The level set by hand for the next step, while no step has run since. */
export function pendingOverride(
  entries: readonly ChronoEntry[],
): { level: string; reason: string | null } | null {
  for (const entry of entries) {
    if (entry.type === 'DunningStepRun' && (entry.data.kind ?? 'step') === 'step') return null;
    if (entry.type === 'NextLevelOverridden') {
      const level = str(entry.data.level);
      return level ? { level, reason: str(entry.data.reason) } : null;
    }
  }
  return null;
}
