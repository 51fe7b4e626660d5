import { v7 as uuidv7 } from 'uuid';
import { postingsFor, type CaseEvent, type JournalEntryDraft } from '@quittance/domain';
import type { Tx } from '../db/tenancy';
import type { StoredEvent } from '../event-store/event-store';

/** The journal entry a stored case event produces, if it moves money. */
export const draftFor = (event: StoredEvent): JournalEntryDraft | null =>
  event.streamType === 'case' ? postingsFor({ type: event.type, data: event.data } as CaseEvent) : null;

/**
 * Writes the entry of a financial event in the appending transaction, so the ledger can never
 * drift from the log. A correction links to the entry it reverses.
 */
export const projectLedgerEvent = async (tx: Tx, event: StoredEvent): Promise<void> => {
  const draft = draftFor(event);
  if (!draft) return;
  const reversed = draft.reverses
    ? await tx
        .selectFrom('ledger_entries')
        .select('id')
        .where('case_id', '=', event.streamId)
        .where('source_key', '=', draft.reverses)
        .where('reverses_entry_id', 'is', null)
        .executeTakeFirst()
    : undefined;
  if (draft.reverses && !reversed) {
    throw new Error(`ledger: entry ${draft.reverses} to reverse not found on case ${event.streamId}`);
  }
  const entryId = uuidv7();
  const kase = await tx
    .selectFrom('cases')
    .select(['company_code', 'case_type', 'manager', 'custom_fields'])
    .where('id', '=', event.streamId)
    .executeTakeFirstOrThrow();
  await tx
    .insertInto('ledger_entries')
    .values({
      tenant_id: event.tenantId,
      id: entryId,
      case_id: event.streamId,
      company_code: kase.company_code,
      event_id: event.id,
      event_type: draft.eventType,
      source_key: draft.sourceKey,
      entry_date: draft.entryDate,
      label: draft.label,
      currency: draft.postings[0]!.currency,
      reverses_entry_id: reversed?.id ?? null,
      analytic: JSON.stringify(analyticOf(kase)),
      created_at: event.recordedAt,
      validated_on: null,
      journal_code: null,
      fiscal_year: null,
      validation_number: null,
    })
    .execute();
  await tx
    .insertInto('ledger_postings')
    .values(
      draft.postings.map((p, index) => ({
        tenant_id: event.tenantId,
        entry_id: entryId,
        line: index + 1,
        account: p.account,
        amount_minor: p.amountMinor,
        currency: p.currency,
        item_id: p.itemId,
      })),
    )
    .execute();
};

/**
 * Free analytic fields (E4) carried from the case to its entries and their general-ledger
 * lines: the company, the case type, the manager, and the case's custom fields of type string
 * (a tenant adds a dimension by adding a custom field, e.g. `segment` or `costCentre`).
 */
const analyticOf = (kase: {
  company_code: string;
  case_type: string;
  manager: string | null;
  custom_fields: Record<string, unknown>;
}): Record<string, string> => {
  const fields = Object.fromEntries(
    Object.entries(kase.custom_fields ?? {}).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
  return {
    ...fields,
    company: kase.company_code,
    caseType: kase.case_type,
    ...(kase.manager && { manager: kase.manager }),
  };
};
