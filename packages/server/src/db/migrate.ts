import { Migrator, type Kysely } from 'kysely';
import { migrations } from './migrations';

export type MigrationReport = { applied: string[]; alreadyApplied: number };

/** Applies every pending migration in one transaction, under Kysely's migration lock. */
export const migrateToLatest = async (db: Kysely<unknown>): Promise<MigrationReport> => {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${String(error)}`, { cause: error });
  }
  const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  return { applied, alreadyApplied: Object.keys(migrations).length - applied.length };
};
