import type { Party, PartyList, PartyWithCases } from '@quittance/api-contract';
import type { Tx } from '../db/tenancy';
import type { PartiesTable } from '../db/schema';
import type { Selectable } from 'kysely';
import { casesOfParty } from './case.queries';
import { isUuid } from '../db/ids';

export const listParties = async (
  tx: Tx,
  query: { q?: string | undefined; page?: number | undefined; pageSize?: number | undefined },
): Promise<PartyList> => {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 25;
  let select = tx.selectFrom('parties');
  const q = query.q?.trim();
  if (q) {
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    select = select.where((eb) => eb.or([eb('name', 'ilike', like), eb('reference', 'ilike', like)]));
  }
  const [rows, count] = await Promise.all([
    select
      .selectAll()
      .orderBy('name')
      .orderBy('id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    select.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toParty), meta: { page, pageSize, total: Number(count.n) } };
};

export const getParty = async (
  tx: Tx,
  partyId: string,
  asOf: string,
): Promise<PartyWithCases | undefined> => {
  if (!isUuid(partyId)) return undefined;
  const row = await tx.selectFrom('parties').selectAll().where('id', '=', partyId).executeTakeFirst();
  if (!row) return undefined;
  return { ...toParty(row), cases: await casesOfParty(tx, partyId, asOf) };
};

const toParty = (row: Selectable<PartiesTable>): Party => ({
  id: row.id,
  kind: row.kind as Party['kind'],
  reference: row.reference,
  name: row.name,
  customerType: row.customer_type as Party['customerType'],
  country: row.country,
  language: row.language,
  identifiers: row.identifiers as Party['identifiers'],
  addresses: row.addresses as Party['addresses'],
  contacts: row.contacts as Party['contacts'],
  createdAt: (row.created_at instanceof Date ? row.created_at : new Date(row.created_at)).toISOString(),
});
