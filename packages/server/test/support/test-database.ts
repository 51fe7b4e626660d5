import { randomBytes } from 'node:crypto';
import { ensureBuiltinRoles } from '../../src/auth/accounts';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openDatabase, openPglite, type DatabaseHandle } from '../../src/db/database';
import { migrateToLatest } from '../../src/db/migrate';
import { ensureTenant, withTenant, type Tenant } from '../../src/db/tenancy';
import { ensureDefaultCaseTypes } from '../../src/application/case-types';
import { ensureDefaultPostingSchemes } from '../../src/ledger/posting-schemes';
import { ensureDefaultReferenceRates } from '../../src/interest/reference-rates';
import { ensureDefaultRuleSet } from '../../src/rules/rule-sets';
import type { CommandContext } from '../../src/application/context';
import { newCorrelationId } from '../../src/event-store/event-store';

/**
 * A fresh, migrated database for one test file: PGlite in memory by default, or a new database
 * on the PostgreSQL server of DATABASE_URL (dropped afterwards), so the same suite runs on both.
 */
export type TestDatabase = DatabaseHandle & { readonly label: string };

export const databaseLabel = process.env.DATABASE_URL ? 'postgres' : 'pglite';

export const createTestDatabase = async (): Promise<TestDatabase> => {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const pglite = new PGlite({ parsers: { 20: (v: string) => BigInt(v), 1082: (v: string) => v } });
    const handle = await openPglite(pglite);
    await migrateToLatest(handle.db as never);
    return { ...handle, label: 'pglite' };
  }
  const name = `quittance_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  const handle = await openDatabase({ kind: 'postgres', url: target.toString() });
  await migrateToLatest(handle.db as never);
  return {
    ...handle,
    label: 'postgres',
    close: async () => {
      await handle.close();
      const dropper = new pg.Client({ connectionString: url });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
};

export const createTestTenant = async (handle: DatabaseHandle, name = 'acme'): Promise<Tenant> => {
  const tenant = await ensureTenant(handle.db, name);
  await withTenant(handle.db, tenant.id, async (tx) => {
    await ensureDefaultCaseTypes(tx, tenant.id);
    await ensureDefaultPostingSchemes(tx, tenant.id);
    await ensureDefaultReferenceRates(tx, tenant.id);
    await ensureDefaultRuleSet(tx, tenant.id);
    await ensureBuiltinRoles(tx, tenant.id);
  });
  return tenant;
};

export const testContext = (
  handle: DatabaseHandle,
  tenant: Tenant,
  overrides: Partial<CommandContext> = {},
): CommandContext => ({
  db: handle.db,
  tenant,
  actor: { kind: 'user', id: 'tester' },
  now: new Date('2026-11-20T10:00:00Z'),
  today: '2026-11-20',
  correlationId: newCorrelationId(),
  ...overrides,
});
