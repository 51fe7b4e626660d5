import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { withTenant, withoutTenant, type Tenant } from '../src/db/tenancy';
import { importInvoiceFile } from '../src/application/import-invoices';
import {
  createTestDatabase,
  createTestTenant,
  databaseLabel,
  testContext,
  type TestDatabase,
} from './support/test-database';

const FIXTURE = new URL('../../formats/src/invoices/fixtures/invoices-7.csv', import.meta.url);

let database: TestDatabase;
let acme: Tenant;
let globex: Tenant;

beforeAll(async () => {
  database = await createTestDatabase();
  acme = await createTestTenant(database, 'acme');
  globex = await createTestTenant(database, 'globex');
  await importInvoiceFile(testContext(database, acme), 'invoices-7.csv', readFileSync(FIXTURE));
});
afterAll(() => database.close());

const TABLES = [
  'events',
  'cases',
  'parties',
  'financial_items',
  'case_parties',
  'companies',
  'case_types',
] as const;

describe(`tenant isolation by row-level security on ${databaseLabel}`, () => {
  it('shows the owning tenant its rows', async () => {
    const counts = await withTenant(database.db, acme.id, async (tx) =>
      Promise.all(
        TABLES.map((t) =>
          tx
            .selectFrom(t)
            .select(sql<string>`count(*)`.as('n'))
            .executeTakeFirstOrThrow(),
        ),
      ),
    );
    expect(counts.map((c) => Number(c.n)).every((n) => n > 0)).toBe(true);
  });

  it('forces row-level security on every table that has a tenant_id, new ones included', async () => {
    const tables = await sql<{ relname: string; enabled: boolean; forced: boolean; policies: number }>`
      select c.relname, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
             (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
      join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
      where c.relkind = 'r'
      order by c.relname
    `.execute(database.db);
    expect(tables.rows.map((t) => t.relname)).toEqual(
      expect.arrayContaining(['rule_sets', 'documents', 'dunning_actions']),
    );
    expect(tables.rows.filter((t) => !t.enabled || !t.forced || t.policies === 0)).toEqual([]);
  });

  it('returns no rows to a query without a tenant, on every tenant table', async () => {
    for (const table of TABLES) {
      const rows = await withoutTenant(database.db, (tx) => tx.selectFrom(table).selectAll().execute());
      expect(rows, table).toEqual([]);
    }
  });

  it('returns no rows of another tenant, even by guessed id', async () => {
    const acmeCase = await withTenant(database.db, acme.id, (tx) =>
      tx.selectFrom('cases').select('id').executeTakeFirstOrThrow(),
    );
    const seenByGlobex = await withTenant(database.db, globex.id, (tx) =>
      tx.selectFrom('cases').selectAll().where('id', '=', acmeCase.id).execute(),
    );
    expect(seenByGlobex).toEqual([]);
    const eventsSeen = await withTenant(database.db, globex.id, (tx) =>
      tx.selectFrom('events').selectAll().where('stream_id', '=', acmeCase.id).execute(),
    );
    expect(eventsSeen).toEqual([]);
  });

  it("refuses to write a row into another tenant's space", async () => {
    const attempt = withTenant(database.db, globex.id, (tx) =>
      tx
        .insertInto('companies')
        .values({
          tenant_id: acme.id,
          id: '01a20000-0000-7000-8000-000000000001',
          code: 'X',
          name: 'Intruder',
        })
        .execute(),
    );
    await expect(attempt).rejects.toThrow(/row-level security/);
  });

  it("cannot change another tenant's rows: the update matches nothing", async () => {
    const updated = await withTenant(database.db, globex.id, (tx) =>
      tx.updateTable('cases').set({ manager: 'intruder' }).executeTakeFirst(),
    );
    expect(updated.numUpdatedRows).toBe(0n);
    const managers = await withTenant(database.db, acme.id, (tx) =>
      tx.selectFrom('cases').select('manager').where('manager', '=', 'intruder').execute(),
    );
    expect(managers).toEqual([]);
  });

  it('keeps the event log append-only for the application role', async () => {
    await expect(
      withTenant(database.db, acme.id, (tx) => tx.updateTable('events').set({ type: 'Tampered' }).execute()),
    ).rejects.toThrow(/permission denied/);
    await expect(withTenant(database.db, acme.id, (tx) => tx.deleteFrom('events').execute())).rejects.toThrow(
      /permission denied/,
    );
  });
});
