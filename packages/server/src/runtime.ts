import { loadConfig, type Config } from './config';
import { ensureBuiltinRoles } from './auth/accounts';
import { openDatabase, type DatabaseHandle } from './db/database';
import { migrateToLatest } from './db/migrate';
import { ensureTenant, withTenant, type Tenant } from './db/tenancy';
import { ensureDefaultCaseTypes } from './application/case-types';
import { ensureDefaultPostingSchemes } from './ledger/posting-schemes';
import { ensureDefaultReferenceRates } from './interest/reference-rates';
import { ensureDefaultRuleSet } from './rules/rule-sets';

export type Runtime = { config: Config; database: DatabaseHandle };

/** Opens the configured database and brings it to the latest schema. */
export const openRuntime = async (config: Config = loadConfig()): Promise<Runtime> => {
  const database = await openDatabase(config.database);
  try {
    await migrateToLatest(database.db as never);
  } catch (error) {
    await database.close();
    throw error;
  }
  return { config, database };
};

/** A tenant ready for work: registered, with its default case types. */
export const prepareTenant = async (runtime: Runtime, name: string): Promise<Tenant> => {
  const tenant = await ensureTenant(runtime.database.db, name);
  await withTenant(runtime.database.db, tenant.id, async (tx) => {
    await ensureDefaultCaseTypes(tx, tenant.id);
    await ensureDefaultPostingSchemes(tx, tenant.id);
    await ensureDefaultReferenceRates(tx, tenant.id);
    await ensureDefaultRuleSet(tx, tenant.id);
    await ensureBuiltinRoles(tx, tenant.id);
  });
  return tenant;
};
