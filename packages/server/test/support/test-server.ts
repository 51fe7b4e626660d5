import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp, DEFAULT_WEB_DIST, type AppDeps } from '../../src/http/app';
import { createTestApiKey } from './test-users';
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
    /**
     * 'api-key' (default): a request that carries no credentials is sent with the API key of the
     * user its `X-User` header names (default `back-office`), each an administrator created on
     * first use — the stand-in for an integration client, so that feature tests need not sign
     * in; the server checks the key as it checks any other. 'none': requests go as they are (the
     * security tests, the login screens).
     */
    credentials?: 'api-key' | 'none';
    /** The server's clock; fixed at TEST_NOW unless a test moves it. */
    clock?: () => Date;
    auth?: AppDeps['auth'];
    sso?: AppDeps['sso'];
  } = {},
): Promise<TestServer> => {
  const database = await createTestDatabase();
  try {
    const tenant = await createTestTenant(database, 'demo');
    const rules = createRulesWorker({ db: database.db, clock: () => new Date(TEST_NOW), asOf: TEST_AS_OF });
    if (options.rules === 'background') rules.start(async () => [tenant], { intervalMs: 250 });
    const clock = options.clock ?? (() => new Date(TEST_NOW));
    const app = createApp({
      rules,
      channels: options.channels,
      db: database.db,
      databaseKind: database.kind,
      resolveTenant: (name): Promise<Tenant | undefined> =>
        database.db.selectFrom('tenants').select(['id', 'name']).where('name', '=', name).executeTakeFirst(),
      defaultTenant: tenant.name,
      clock,
      asOf: TEST_AS_OF,
      webDist: options.webDist === null ? undefined : (options.webDist ?? DEFAULT_WEB_DIST),
      auth: options.auth,
      sso: options.sso,
    });
    const keys = new Map<string, Promise<string>>();
    const keyOf = async (tenantName: string | null, username: string): Promise<string> => {
      const named = tenantName
        ? await database.db
            .selectFrom('tenants')
            .select(['id', 'name'])
            .where('name', '=', tenantName)
            .executeTakeFirst()
        : undefined;
      const keyTenant = named ?? tenant;
      let key = keys.get(`${keyTenant.id}:${username}`);
      if (!key) {
        key = createTestApiKey(database, keyTenant, username);
        keys.set(`${keyTenant.id}:${username}`, key);
      }
      return key;
    };
    const fetch =
      options.credentials === 'none'
        ? app.fetch
        : async (request: Request, env?: unknown): Promise<Response> => {
            const signedIn =
              request.headers.has('authorization') ||
              /quittance_session=/.test(request.headers.get('cookie') ?? '');
            if (signedIn || !new URL(request.url).pathname.startsWith('/api/v1/'))
              return app.fetch(request, env);
            const headers = new Headers(request.headers);
            const key = await keyOf(
              request.headers.get('x-tenant'),
              request.headers.get('x-user') ?? 'back-office',
            );
            headers.set('authorization', `Bearer ${key}`);
            return app.fetch(new Request(request, { headers }), env);
          };
    const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const started = serve({ fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
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
