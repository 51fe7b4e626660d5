import { withTenant, type Tenant } from '../../src/db/tenancy';
import { createUser, findUser, permissionsOfRoles } from '../../src/auth/accounts';
import { createApiKey } from '../../src/auth/authentication';
import { PERMISSIONS } from '../../src/auth/permissions';
import type { TestDatabase } from './test-database';

/** The password every test user gets unless a test says otherwise (it passes the policy). */
export const TEST_PASSWORD = 'correct horse battery staple';

/** A user of the tenant, created through the same service the administration screen uses. */
export const createTestUser = (
  database: TestDatabase,
  tenant: Tenant,
  user: {
    username: string;
    roles: string[];
    password?: string | null;
    email?: string | null;
    displayName?: string;
    supervisor?: string | null;
    team?: string | null;
  },
) =>
  withTenant(database.db, tenant.id, async (tx) =>
    createUser(tx, tenant.id, {
      username: user.username,
      displayName: user.displayName ?? user.username,
      email: user.email ?? null,
      password: user.password === undefined ? TEST_PASSWORD : user.password,
      roles: user.roles,
      supervisor: user.supervisor ?? null,
      team: user.team ?? null,
    }),
  );

/**
 * An API key for `username` (an administrator created on first use unless they exist), with
 * `scopes` (every permission the user holds by default).
 */
export const createTestApiKey = async (
  database: TestDatabase,
  tenant: Tenant,
  username: string,
  scopes?: readonly string[],
): Promise<string> => {
  const existing = await withTenant(database.db, tenant.id, (tx) => findUser(tx, username));
  const user =
    existing ??
    (await createTestUser(database, tenant, { username, roles: ['administrator'], password: null }));
  return withTenant(database.db, tenant.id, async (tx) => {
    const permissions = await permissionsOfRoles(tx, user.roles);
    const created = await createApiKey(
      tx,
      tenant,
      { id: user.id, username: user.username, permissions },
      { name: `test key of ${username}`, scopes: scopes ?? PERMISSIONS.filter((p) => permissions.has(p)) },
      'test-setup',
      new Date(),
    );
    return created.key;
  });
};
