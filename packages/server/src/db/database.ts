import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Config } from '../config';
import { pgliteDialect } from './pglite-dialect';
import type { Database } from './schema';

export type Db = Kysely<Database>;

export type DatabaseHandle = {
  readonly db: Db;
  readonly kind: 'pglite' | 'postgres';
  close(): Promise<void>;
};

const INT8 = 20;
const DATE = 1082;

/**
 * bigint columns come back as bigint (money is never a JS number) and dates as 'YYYY-MM-DD'
 * strings (a calendar date is not an instant; no time zone may shift it).
 */
const parseInt8 = (value: string): bigint => BigInt(value);
const keepDate = (value: string): string => value;

export const openDatabase = async (database: Config['database']): Promise<DatabaseHandle> => {
  if (database.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: database.url,
      max: 10,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
          if (oid === INT8) return parseInt8;
          if (oid === DATE) return keepDate;
          return pg.types.getTypeParser(oid, format);
        }) as typeof pg.types.getTypeParser,
      },
    });
    // An idle connection can be cut by the server (restart, admin command); the pool replaces
    // it on next use, so the event is reported rather than allowed to crash the process.
    pool.on('error', (error) => {
      if ((error as { code?: string }).code !== '57P01')
        console.error('database connection lost:', error.message);
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  const dataDir = database.dataDir === 'memory' ? undefined : database.dataDir;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pglite = new PGlite({ dataDir, parsers: { [INT8]: parseInt8, [DATE]: keepDate } });
  return openPglite(pglite);
};

export const openPglite = async (pglite: PGlite): Promise<DatabaseHandle> => {
  await pglite.waitReady;
  const db = new Kysely<Database>({ dialect: pgliteDialect(pglite) });
  return { db, kind: 'pglite', close: () => db.destroy() };
};
