import { sql, type Kysely } from 'kysely';

/**
 * Row-level security on tenant tables (ADR 0003): enabled and forced, so that even the owner
 * obeys it; the tenant comes from a transaction-local setting, and without it no row matches.
 */
export const isolateTenantTables = async (db: Kysely<unknown>, tables: readonly string[]): Promise<void> => {
  for (const table of tables) {
    await sql`
      alter table ${sql.table(table)} enable row level security;
      alter table ${sql.table(table)} force row level security;
      create policy tenant_isolation on ${sql.table(table)}
        using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
        with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
    `.execute(db);
  }
};
