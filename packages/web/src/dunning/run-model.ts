import { ACTION_STATUSES, type DunningAction, type RunAction } from './dunning.types';

// The run screen joins what a run prepared (`POST /dunning/runs`, which names each message) with
// the day's recorded actions (`GET /dunning/actions`, which know the message's status now and its
// stored document).

export type PreparedRow = {
  readonly action: RunAction;
  readonly status: string;
  readonly documentId: string | null;
  readonly reason: string | null;
};

export function withCurrentStatus(
  prepared: readonly RunAction[],
  day: readonly DunningAction[],
): PreparedRow[] {
  const byMessage = new Map(
    day.filter((a) => a.messageId !== null).map((a) => [a.messageId as string, a] as const),
  );
  return prepared.map((action) => {
    const recorded = action.messageId ? byMessage.get(action.messageId) : undefined;
    return {
      action,
      status: recorded?.status ?? action.status,
      documentId: recorded?.documentId ?? null,
      reason: recorded?.reason ?? action.reason ?? null,
    };
  });
}

/** How many actions have each status, the known statuses in their natural order first. */
export function countByStatus(actions: readonly Pick<DunningAction, 'status'>[]): Map<string, number> {
  const all = new Map<string, number>();
  for (const a of actions) all.set(a.status, (all.get(a.status) ?? 0) + 1);
  const known = ACTION_STATUSES.filter((s) => all.has(s));
  const unknown = [...all.keys()].filter((s) => !(ACTION_STATUSES as readonly string[]).includes(s)).sort();
  return new Map([...known, ...unknown].map((s) => [s, all.get(s) as number]));
}
