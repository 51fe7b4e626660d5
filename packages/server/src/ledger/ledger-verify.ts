import type { Tx } from '../db/tenancy';
import { LOG_START, positionOf, readAll, type LogPosition } from '../event-store/event-store';
import { draftFor } from './ledger.projection';
import { postingsOf } from './ledger-validation';

export type LedgerVerification = { events: number; entries: number; mismatches: string[] };

/**
 * Replays the tenant's whole log through `postingsFor` and compares the result with the stored
 * ledger, entry by entry and line by line. The stored ledger is immutable, so this is how a
 * replay "rebuilds" it: any difference is a mismatch to investigate.
 */
export const verifyLedger = async (tx: Tx): Promise<LedgerVerification> => {
  const stored = await tx
    .selectFrom('ledger_entries')
    .select(['id', 'event_id', 'event_type', 'source_key', 'entry_date', 'label', 'currency'])
    .execute();
  const byEvent = new Map(stored.map((e) => [e.event_id, e]));
  const postings = await postingsOf(
    tx,
    stored.map((e) => e.id),
  );
  const mismatches: string[] = [];
  const seen = new Set<string>();
  let events = 0;
  let after: LogPosition = LOG_START;
  for (;;) {
    const batch = await readAll(tx, after, 5000);
    if (batch.length === 0) break;
    for (const event of batch) {
      events++;
      const draft = draftFor(event);
      const entry = byEvent.get(event.id);
      if (!draft) {
        if (entry)
          mismatches.push(`event ${event.id} (${event.type}) has an entry but posts nothing on replay`);
        continue;
      }
      if (!entry) {
        mismatches.push(`event ${event.id} (${event.type}) has no entry`);
        continue;
      }
      seen.add(entry.id);
      const same =
        entry.event_type === draft.eventType &&
        entry.source_key === draft.sourceKey &&
        entry.entry_date === draft.entryDate &&
        entry.label === draft.label &&
        JSON.stringify((postings.get(entry.id) ?? []).map(stringify)) ===
          JSON.stringify(draft.postings.map(stringify));
      if (!same) mismatches.push(`entry ${entry.id} of event ${event.id} differs from its replay`);
    }
    after = positionOf(batch[batch.length - 1]!);
  }
  for (const entry of stored)
    if (!seen.has(entry.id)) mismatches.push(`entry ${entry.id} has no event in the log`);
  return { events, entries: stored.length, mismatches };
};

const stringify = (p: { account: string; amountMinor: bigint; currency: string; itemId: string | null }) =>
  `${p.account}|${p.amountMinor}|${p.currency}|${p.itemId ?? ''}`;
