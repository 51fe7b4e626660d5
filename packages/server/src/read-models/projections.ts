import { AGREEMENT_EVENT_TYPES } from '@quittance/domain';
import type { Tx } from '../db/tenancy';
import {
  readAll,
  LOG_START,
  positionOf,
  type LogPosition,
  type StoredEvent,
} from '../event-store/event-store';
import { projectCaseEvent } from './case.projection';
import { projectPartyEvent } from './party.projection';
import { projectLedgerEvent } from '../ledger/ledger.projection';
import { projectBankEntryEvent } from './bank-entry.projection';
import { projectAgreements, refreshCaseAgreements } from './agreements.projection';

/** The inline projections: run in the appending transaction, so read models never lag or drift. */
export const projectEvents = async (tx: Tx, events: readonly StoredEvent[]): Promise<void> => {
  for (const event of events) {
    switch (event.streamType) {
      case 'case':
        await projectCaseEvent(tx, event);
        await projectLedgerEvent(tx, event);
        break;
      case 'party':
        await projectPartyEvent(tx, event);
        break;
      case 'bank-entry':
        await projectBankEntryEvent(tx, event);
        break;
      default:
        break;
    }
  }
  await projectAgreements(tx, events);
};

/**
 * Drops the tenant's read models and replays its whole log into them. The ledger is not
 * rebuilt this way: its entries are immutable; `verifyLedger` replays the log against it. The result must equal
 * what the inline projections built event by event; the integration tests compare both.
 */
export const rebuildReadModels = async (tx: Tx): Promise<{ events: number }> => {
  await tx.deleteFrom('agreements').execute();
  await tx.deleteFrom('bank_entries').execute();
  await tx.deleteFrom('dunning_actions').execute();
  await tx.deleteFrom('tasks').execute();
  await tx.deleteFrom('timers').execute();
  await tx.deleteFrom('financial_items').execute();
  await tx.deleteFrom('case_parties').execute();
  await tx.deleteFrom('cases').execute();
  await tx.deleteFrom('parties').execute();
  let after: LogPosition = LOG_START;
  let count = 0;
  for (;;) {
    const batch = await readAll(tx, after, 5000);
    if (batch.length === 0) {
      // Agreements are folded from each case's whole stream: once per case, after the replay.
      const withAgreements = await tx
        .selectFrom('events')
        .select(['stream_id', 'tenant_id'])
        .distinct()
        .where('type', 'in', [...AGREEMENT_EVENT_TYPES])
        .execute();
      for (const row of withAgreements) await refreshCaseAgreements(tx, row.tenant_id, row.stream_id);
      return { events: count };
    }
    // Parties first within a batch is not needed: a party's registration always precedes
    // (in commit order) the case that attaches it.
    for (const event of batch) {
      if (event.streamType === 'case') await projectCaseEvent(tx, event);
      if (event.streamType === 'party') await projectPartyEvent(tx, event);
      if (event.streamType === 'bank-entry') await projectBankEntryEvent(tx, event);
    }
    count += batch.length;
    after = positionOf(batch[batch.length - 1]!);
  }
};
