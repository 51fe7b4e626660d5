import { sql, type Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Db } from './database';
import type { Database } from './schema';
import { APP_ROLE } from './migrations/0001-foundation';

export type Tx = Transaction<Database>;

export type Tenant = { readonly id: string; readonly name: string };

/**
 * Runs `work` in one transaction as the application role with the tenant set: row-level
 * security then shows and accepts only that tenant's rows, whatever the SQL says.
 */
export const withTenant = <T>(db: Db, tenantId: string, work: (tx: Tx) => Promise<T>): Promise<T> =>
  db.transaction().execute(async (tx) => {
    await sql`select set_config('app.tenant_id', ${tenantId}, true)`.execute(tx);
    await sql.raw(`set local role ${APP_ROLE}`).execute(tx);
    return work(tx);
  });

/** The same, without a tenant: what a connection that forgot to set one would see. */
export const withoutTenant = <T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> =>
  db.transaction().execute(async (tx) => {
    await sql.raw(`set local role ${APP_ROLE}`).execute(tx);
    return work(tx);
  });

const TENANT_NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** Finds a tenant by name, creating it on first use (the CLI's `--tenant NAME`). */
export const ensureTenant = async (db: Db, name: string): Promise<Tenant> => {
  if (!TENANT_NAME.test(name)) {
    throw new Error(`invalid tenant name "${name}": lower-case letters, digits, "-" and "_"`);
  }
  const found = await db
    .selectFrom('tenants')
    .select(['id', 'name'])
    .where('name', '=', name)
    .executeTakeFirst();
  if (found) return found;
  await db
    .insertInto('tenants')
    .values({ id: uuidv7(), name })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  return db.selectFrom('tenants').select(['id', 'name']).where('name', '=', name).executeTakeFirstOrThrow();
};
