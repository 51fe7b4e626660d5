import type { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

/**
 * Kysely over PGlite. PGlite is one connection, so the driver hands it out to one user at a
 * time: a transaction holds it from BEGIN to COMMIT and other queries wait their turn, which
 * gives PGlite the same isolation a pool of server connections would.
 */
export const pgliteDialect = (pglite: PGlite): Dialect => ({
  createAdapter: () => new PostgresAdapter(),
  createDriver: () => pgliteDriver(pglite),
  createIntrospector: (db: Kysely<unknown>) => new PostgresIntrospector(db),
  createQueryCompiler: () => new PostgresQueryCompiler(),
});

const WAIT_LIMIT_MS = 120_000;

const pgliteDriver = (pglite: PGlite): Driver => {
  let queue: Promise<void> = Promise.resolve();
  const release = new Map<DatabaseConnection, () => void>();

  const connection = (): DatabaseConnection => ({
    async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
      // Without parameters the simple protocol runs several statements at once (migrations).
      const result =
        query.parameters.length === 0
          ? ((await pglite.exec(query.sql, { rowMode: 'object' })).at(-1) ?? {
              rows: [],
              affectedRows: 0,
              fields: [],
            })
          : await pglite.query<R>(query.sql, query.parameters as unknown[], { rowMode: 'object' });
      const affected = result.affectedRows;
      return affected === undefined
        ? { rows: result.rows as R[] }
        : { rows: result.rows as R[], numAffectedRows: BigInt(affected) };
    },
    // eslint-disable-next-line require-yield
    async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
      throw new Error('streaming queries are not supported on PGlite');
    },
  });

  return {
    async init() {
      await pglite.waitReady;
    },
    async acquireConnection() {
      const previous = queue;
      let done!: () => void;
      queue = new Promise<void>((resolve) => (done = resolve));
      // A transaction opened inside another waits for a connection that is never released: say so
      // instead of hanging forever.
      let timer: NodeJS.Timeout | undefined;
      const stuck = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new Error(
                `PGlite connection busy for ${WAIT_LIMIT_MS / 1000} s: a transaction opened inside another?`,
              ),
            ),
          WAIT_LIMIT_MS,
        );
        timer.unref();
      });
      try {
        await Promise.race([previous, stuck]);
      } catch (error) {
        // Keep the queue consistent: this caller gives up its turn once the previous one ends.
        void previous.then(done);
        throw error;
      } finally {
        clearTimeout(timer);
      }
      const conn = connection();
      release.set(conn, done);
      return conn;
    },
    async beginTransaction(conn: DatabaseConnection, settings: TransactionSettings) {
      const isolation = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : '';
      await conn.executeQuery(CompiledQuery.raw(`begin${isolation}`));
    },
    async commitTransaction(conn: DatabaseConnection) {
      await conn.executeQuery(CompiledQuery.raw('commit'));
    },
    async rollbackTransaction(conn: DatabaseConnection) {
      await conn.executeQuery(CompiledQuery.raw('rollback'));
    },
    async releaseConnection(conn: DatabaseConnection) {
      release.get(conn)?.();
      release.delete(conn);
    },
    async destroy() {
      if (!pglite.closed) await pglite.close();
    },
  };
};
