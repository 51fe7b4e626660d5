import { parseMoney, type BankEntryEvent } from '@quittance/domain';
import type { Tx } from '../db/tenancy';
import type { StoredEvent } from '../event-store/event-store';

/** Keeps `bank_entries` — the statement lines and the unallocated queue — in step with their streams. */
export const projectBankEntryEvent = async (tx: Tx, stored: StoredEvent): Promise<void> => {
  const event = { type: stored.type, data: stored.data } as BankEntryEvent;
  switch (event.type) {
    case 'BankEntryImported': {
      const d = event.data;
      await tx
        .insertInto('bank_entries')
        .values({
          tenant_id: stored.tenantId,
          id: stored.streamId,
          bank_account_id: d.bankAccountId,
          statement_id: d.statementId,
          format: d.format,
          location: d.location,
          bank_reference: d.bankReference,
          booking_date: d.bookingDate,
          value_date: d.valueDate,
          direction: d.direction,
          amount_minor: parseMoney(d.amount.amount, d.amount.currency).amountMinor,
          currency: d.amount.currency,
          counterparty_name: d.counterpartyName,
          counterparty_iban: d.counterpartyIban,
          end_to_end_id: d.endToEndId,
          remittance: JSON.stringify([...d.structuredReferences, ...d.remittance]),
          status: d.direction === 'debit' ? 'movement' : 'unmatched',
          assigned_minor: 0n,
          suggestions: JSON.stringify([]),
          version: stored.version,
          imported_at: stored.recordedAt,
        })
        .execute();
      return;
    }
    case 'BankEntryMatched':
      await tx
        .updateTable('bank_entries')
        .set({ suggestions: JSON.stringify(event.data.suggestions), version: stored.version })
        .where('id', '=', stored.streamId)
        .execute();
      return;
    case 'BankEntryAssigned': {
      const amount = parseMoney(event.data.amount.amount, event.data.amount.currency).amountMinor;
      const row = await tx
        .selectFrom('bank_entries')
        .select(['amount_minor', 'assigned_minor'])
        .where('id', '=', stored.streamId)
        .executeTakeFirstOrThrow();
      const assigned = BigInt(row.assigned_minor) + amount;
      await tx
        .updateTable('bank_entries')
        .set({
          assigned_minor: assigned,
          status: assigned >= BigInt(row.amount_minor) ? 'assigned' : 'partially_assigned',
          version: stored.version,
        })
        .where('id', '=', stored.streamId)
        .execute();
      return;
    }
    default: {
      const unreachable: never = event;
      throw new Error(`bank entry projection: unknown event ${JSON.stringify(unreachable)}`);
    }
  }
};
