import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp, DEFAULT_WEB_DIST } from '../../src/http/app';
import type { CommandContext } from '../../src/application/context';
import type { Tenant } from '../../src/db/tenancy';
import { createRulesWorker } from '../../src/rules/worker';
import type { DeliveryDeps } from '../../src/dunning/deliver';
import { createTestDatabase, createTestTenant, testContext, type TestDatabase } from './test-database';

/** The business date every end-to-end test runs at. */
export const TEST_AS_OF = '2026-11-20';
const TEST_NOW = new Date(`${TEST_AS_OF}T10:00:00Z`);

export type TestServer = {
  /** e.g. `http://127.0.0.1:40123`, without a trailing slash. */
  readonly baseUrl: string;
  /** A command context on tenant 'demo', to put data in place before driving the API or UI. */
  readonly ctx: CommandContext;
  readonly database: TestDatabase;
  close(): Promise<void>;
};

/**
 * The real HTTP app on an ephemeral port of 127.0.0.1, over a fresh test database (PGlite, or
 * PostgreSQL when DATABASE_URL is set) with tenant 'demo' as the default tenant. The clock is
 * fixed so that "overdue" and the chrono's dates do not depend on the day the suite runs.
 */
export const startTestServer = async (
  options: {
    webDist?: string | null;
    /** Run the Expert System in the background, as `quittance start` does (default: only on request). */
    rules?: 'background' | 'on-request';
    /** How messages leave: e.g. an SMTP mailer to a test server; a temp pickup folder otherwise. */
    channels?: DeliveryDeps;
  } = {},
): Promise<TestServer> => {
  const database = await createTestDatabase();
  try {
    const tenant = await createTestTenant(database, 'demo');
    const rules = createRulesWorker({ db: database.db, clock: () => new Date(TEST_NOW), asOf: TEST_AS_OF });
    if (options.rules === 'background') rules.start(async () => [tenant], { intervalMs: 250 });
    const app = createApp({
      rules,
      channels: options.channels,
      db: database.db,
      databaseKind: database.kind,
      resolveTenant: (name): Promise<Tenant | undefined> =>
        database.db.selectFrom('tenants').select(['id', 'name']).where('name', '=', name).executeTakeFirst(),
      defaultTenant: tenant.name,
      clock: () => new Date(TEST_NOW),
      asOf: TEST_AS_OF,
      webDist: options.webDist === null ? undefined : (options.webDist ?? DEFAULT_WEB_DIST),
    });
    const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
      started.once('error', reject);
    });
    const { port } = server.address() as AddressInfo;
    return {
      baseUrl: `http://127.0.0.1:${port}`,
      ctx: testContext(database, tenant, { now: new Date(TEST_NOW), today: TEST_AS_OF }),
      database,
      close: async () => {
        // A browser may still hold keep-alive connections; do not wait for them to time out.
        if ('closeAllConnections' in server) server.closeAllConnections();
        await rules.stop();
        await new Promise<void>((resolve, reject) =>
          server.close((error) => (error ? reject(error) : resolve())),
        );
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
};
