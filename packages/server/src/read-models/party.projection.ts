import type { PartyEvent } from '@quittance/domain';
import type { Tx } from '../db/tenancy';
import type { StoredEvent } from '../event-store/event-store';

/** Keeps the `parties` registry in step with party events, and the debtor names shown on cases. */
export const projectPartyEvent = async (tx: Tx, stored: StoredEvent): Promise<void> => {
  const event = { type: stored.type, data: stored.data } as PartyEvent;
  switch (event.type) {
    case 'PartyRegistered': {
      const d = event.data;
      await tx
        .insertInto('parties')
        .values({
          tenant_id: stored.tenantId,
          id: d.partyId,
          kind: d.kind,
          reference: d.reference,
          name: d.name,
          customer_type: d.customerType,
          country: d.country,
          language: d.language,
          identifiers: JSON.stringify(d.identifiers),
          addresses: JSON.stringify(d.addresses),
          contacts: JSON.stringify(d.contacts),
          version: stored.version,
          created_at: stored.recordedAt,
          updated_at: stored.recordedAt,
        })
        .execute();
      return;
    }
    case 'PartyDetailsChanged': {
      const c = event.data.changes;
      await tx
        .updateTable('parties')
        .set({
          version: stored.version,
          updated_at: stored.recordedAt,
          ...(c.kind !== undefined && { kind: c.kind }),
          ...(c.reference !== undefined && { reference: c.reference }),
          ...(c.name !== undefined && { name: c.name }),
          ...(c.customerType !== undefined && { customer_type: c.customerType }),
          ...(c.country !== undefined && { country: c.country }),
          ...(c.language !== undefined && { language: c.language }),
          ...(c.identifiers !== undefined && { identifiers: JSON.stringify(c.identifiers) }),
          ...(c.addresses !== undefined && { addresses: JSON.stringify(c.addresses) }),
          ...(c.contacts !== undefined && { contacts: JSON.stringify(c.contacts) }),
        })
        .where('id', '=', stored.streamId)
        .execute();
      if (c.name !== undefined || c.reference !== undefined) {
        await tx
          .updateTable('cases')
          .set({
            ...(c.name !== undefined && { debtor_name: c.name }),
            ...(c.reference !== undefined && { debtor_reference: c.reference }),
          })
          .where('debtor_party_id', '=', stored.streamId)
          .execute();
      }
      return;
    }
    case 'PartyAnonymised': {
      // Every personal field goes; the pseudonym stands for the person on their cases too.
      await tx
        .updateTable('parties')
        .set({
          version: stored.version,
          updated_at: stored.recordedAt,
          reference: null,
          name: event.data.pseudonym,
          identifiers: JSON.stringify([]),
          addresses: JSON.stringify([]),
          contacts: JSON.stringify([]),
        })
        .where('id', '=', stored.streamId)
        .execute();
      await tx
        .updateTable('cases')
        .set({ debtor_name: event.data.pseudonym, debtor_reference: null })
        .where('debtor_party_id', '=', stored.streamId)
        .execute();
      return;
    }
    default: {
      const unreachable: never = event;
      throw new Error(`party projection: unknown event ${JSON.stringify(unreachable)}`);
    }
  }
};
