import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { DomainError } from '@quittance/domain';
import type { Tx } from '../db/tenancy';
import { BUILTIN_ROLES, PERMISSIONS, isPermission, menuFor, type Permission } from './permissions';
import { hashPassword, passwordProblem } from './secrets';

export type UserRow = {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly email: string | null;
  readonly roles: string[];
  readonly status: 'active' | 'disabled';
  readonly team: string | null;
  readonly supervisor: string | null;
  readonly language: string;
  readonly mfaEnabled: boolean;
  readonly sso: boolean;
  readonly lockedUntil: string | null;
  readonly lastLoginAt: string | null;
};

const USER_COLUMNS = [
  'id',
  'username',
  'display_name',
  'email',
  'roles',
  'status',
  'team',
  'supervisor',
  'language',
  'mfa_enabled_at',
  'sso_subject',
  'locked_until',
  'last_login_at',
] as const;

type RawUser = {
  id: string;
  username: string;
  display_name: string;
  email: string | null;
  roles: string[];
  status: 'active' | 'disabled';
  team: string | null;
  supervisor: string | null;
  language: string;
  mfa_enabled_at: Date | string | null;
  sso_subject: string | null;
  locked_until: Date | string | null;
  last_login_at: Date | string | null;
};

/** A timestamp column as ISO 8601, or null. */
export const iso = (value: Date | string | null): string | null =>
  value === null ? null : new Date(value).toISOString();

export const toUser = (row: RawUser): UserRow => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  email: row.email,
  roles: row.roles,
  status: row.status,
  team: row.team,
  supervisor: row.supervisor,
  language: row.language,
  mfaEnabled: row.mfa_enabled_at !== null,
  sso: row.sso_subject !== null,
  lockedUntil: iso(row.locked_until),
  lastLoginAt: iso(row.last_login_at),
});

/** The built-in roles, created once per tenant (and never overwritten: tenants may edit them). */
export const ensureBuiltinRoles = async (tx: Tx, tenantId: string): Promise<void> => {
  await tx
    .insertInto('roles')
    .values(
      BUILTIN_ROLES.map((role) => ({
        tenant_id: tenantId,
        code: role.code,
        name: role.name,
        permissions: [...role.permissions],
        builtin: true,
      })),
    )
    .onConflict((oc) => oc.columns(['tenant_id', 'code']).doNothing())
    .execute();
};

export const listRoles = async (tx: Tx) => {
  const rows = await tx.selectFrom('roles').selectAll().orderBy('builtin', 'desc').orderBy('code').execute();
  return rows.map((r) => ({ code: r.code, name: r.name, permissions: r.permissions, builtin: r.builtin }));
};

const ROLE_CODE = /^[a-z][a-z0-9-]{1,40}$/;

export const saveRole = async (
  tx: Tx,
  tenantId: string,
  role: { code: string; name: string; permissions: readonly string[] },
): Promise<void> => {
  if (!ROLE_CODE.test(role.code)) {
    throw new DomainError(
      'validation_failed',
      `role code "${role.code}": lower-case letters, digits and "-"`,
    );
  }
  const unknown = role.permissions.filter((p) => !isPermission(p));
  if (unknown.length > 0) {
    throw new DomainError(
      'validation_failed',
      `permissions: unknown ${unknown.map((p) => `"${p}"`).join(', ')} (known: ${PERMISSIONS.join(', ')})`,
    );
  }
  if (role.code === 'administrator' && !PERMISSIONS.every((p) => role.permissions.includes(p))) {
    throw new DomainError('validation_failed', 'permissions: the administrator role keeps every permission');
  }
  await tx
    .insertInto('roles')
    .values({
      tenant_id: tenantId,
      code: role.code,
      name: role.name,
      permissions: [...new Set(role.permissions)],
    })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'code']).doUpdateSet({
        name: role.name,
        permissions: [...new Set(role.permissions)],
        updated_at: new Date(),
      }),
    )
    .execute();
};

/** The permissions a set of roles grants (unknown roles grant nothing). */
export const permissionsOfRoles = async (tx: Tx, roles: readonly string[]): Promise<Set<Permission>> => {
  if (roles.length === 0) return new Set();
  const rows = await tx
    .selectFrom('roles')
    .select('permissions')
    .where('code', 'in', [...roles])
    .execute();
  return new Set(rows.flatMap((r) => r.permissions).filter(isPermission));
};

export const listUsers = async (tx: Tx): Promise<UserRow[]> => {
  const rows = await tx.selectFrom('users').select(USER_COLUMNS).orderBy('username').execute();
  return rows.map(toUser);
};

export const findUser = async (tx: Tx, idOrUsername: string): Promise<UserRow | undefined> => {
  const row = await tx
    .selectFrom('users')
    .select(USER_COLUMNS)
    .where((eb) =>
      /^[0-9a-f-]{36}$/i.test(idOrUsername)
        ? eb.or([eb('id', '=', idOrUsername), eb('username', '=', idOrUsername)])
        : eb('username', '=', idOrUsername),
    )
    .executeTakeFirst();
  return row ? toUser(row) : undefined;
};

const USERNAME = /^[a-z0-9][a-z0-9._@-]{1,62}$/;

export type NewUser = {
  readonly username: string;
  readonly displayName: string;
  readonly email?: string | null | undefined;
  readonly password?: string | null | undefined;
  readonly roles: readonly string[];
  readonly team?: string | null | undefined;
  readonly supervisor?: string | null | undefined;
  readonly language?: string | undefined;
};

const checkRoles = async (tx: Tx, roles: readonly string[]): Promise<void> => {
  if (roles.length === 0) return;
  const known = new Set((await tx.selectFrom('roles').select('code').execute()).map((r) => r.code));
  const unknown = roles.filter((r) => !known.has(r));
  if (unknown.length > 0) {
    throw new DomainError('validation_failed', `roles: unknown ${unknown.map((r) => `"${r}"`).join(', ')}`);
  }
};

const checkSupervisor = async (tx: Tx, username: string, supervisor: string | null | undefined) => {
  if (!supervisor) return;
  if (supervisor === username)
    throw new DomainError('validation_failed', 'supervisor: nobody supervises themselves');
  const found = await tx
    .selectFrom('users')
    .select('id')
    .where('username', '=', supervisor)
    .executeTakeFirst();
  if (!found) throw new DomainError('validation_failed', `supervisor: no user "${supervisor}"`);
};

export const createUser = async (tx: Tx, tenantId: string, user: NewUser): Promise<UserRow> => {
  if (!USERNAME.test(user.username)) {
    throw new DomainError(
      'validation_failed',
      `username "${user.username}": 2 to 63 lower-case letters, digits, ".", "_", "@" or "-"`,
    );
  }
  if (user.password) {
    const problem = passwordProblem(user.password, user.username);
    if (problem) throw new DomainError('validation_failed', `password: ${problem}`);
  }
  await checkRoles(tx, user.roles);
  await checkSupervisor(tx, user.username, user.supervisor);
  const existing = await tx
    .selectFrom('users')
    .select('id')
    .where('username', '=', user.username)
    .executeTakeFirst();
  if (existing) throw new DomainError('conflict', `a user "${user.username}" already exists`);
  const id = uuidv7();
  await tx
    .insertInto('users')
    .values({
      tenant_id: tenantId,
      id,
      username: user.username,
      display_name: user.displayName,
      email: user.email ?? null,
      password_hash: user.password ? await hashPassword(user.password) : null,
      password_changed_at: user.password ? new Date() : null,
      roles: [...user.roles],
      team: user.team ?? null,
      supervisor: user.supervisor ?? null,
      language: user.language ?? 'en',
    })
    .execute();
  return (await findUser(tx, id))!;
};

export type UserChange = {
  readonly displayName?: string | undefined;
  readonly email?: string | null | undefined;
  readonly roles?: readonly string[] | undefined;
  readonly status?: 'active' | 'disabled' | undefined;
  readonly team?: string | null | undefined;
  readonly supervisor?: string | null | undefined;
  readonly language?: string | undefined;
};

export const updateUser = async (tx: Tx, idOrUsername: string, change: UserChange): Promise<UserRow> => {
  const user = await findUser(tx, idOrUsername);
  if (!user) throw new DomainError('not_found', `no user ${idOrUsername}`);
  if (change.roles) await checkRoles(tx, change.roles);
  if (change.supervisor !== undefined) await checkSupervisor(tx, user.username, change.supervisor);
  if (
    (change.status === 'disabled' || (change.roles && !change.roles.includes('administrator'))) &&
    user.roles.includes('administrator')
  ) {
    const admins = await tx
      .selectFrom('users')
      .select(sql<number>`count(*)::int`.as('n'))
      .where(sql<boolean>`'administrator' = any(roles)`)
      .where('status', '=', 'active')
      .where('id', '!=', user.id)
      .executeTakeFirstOrThrow();
    if (admins.n === 0) {
      throw new DomainError('conflict', 'the last active administrator cannot be disabled or lose the role');
    }
  }
  await tx
    .updateTable('users')
    .set({
      ...(change.displayName !== undefined && { display_name: change.displayName }),
      ...(change.email !== undefined && { email: change.email }),
      ...(change.roles !== undefined && { roles: [...change.roles] }),
      ...(change.status !== undefined && { status: change.status }),
      ...(change.team !== undefined && { team: change.team }),
      ...(change.supervisor !== undefined && { supervisor: change.supervisor }),
      ...(change.language !== undefined && { language: change.language }),
      updated_at: new Date(),
    })
    .where('id', '=', user.id)
    .execute();
  // A disabled account or a change of rights ends the person's sessions at once.
  if (change.status === 'disabled' || change.roles !== undefined) {
    await tx.updateTable('sessions').set({ revoked_at: new Date() }).where('user_id', '=', user.id).execute();
  }
  return (await findUser(tx, user.id))!;
};

export const setPassword = async (tx: Tx, userId: string, username: string, password: string, now: Date) => {
  const problem = passwordProblem(password, username);
  if (problem) throw new DomainError('validation_failed', `password: ${problem}`);
  await tx
    .updateTable('users')
    .set({
      password_hash: await hashPassword(password),
      password_changed_at: now,
      failed_logins: 0,
      locked_until: null,
      updated_at: now,
    })
    .where('id', '=', userId)
    .execute();
  // Everyone holding an old session is signed out.
  await tx.updateTable('sessions').set({ revoked_at: now }).where('user_id', '=', userId).execute();
};

export const unlockUser = async (tx: Tx, idOrUsername: string): Promise<UserRow> => {
  const user = await findUser(tx, idOrUsername);
  if (!user) throw new DomainError('not_found', `no user ${idOrUsername}`);
  await tx
    .updateTable('users')
    .set({ failed_logins: 0, locked_until: null })
    .where('id', '=', user.id)
    .execute();
  return (await findUser(tx, user.id))!;
};

export const profileOf = async (tx: Tx, user: UserRow) => {
  const permissions = await permissionsOfRoles(tx, user.roles);
  return { user, permissions: [...permissions].sort(), menu: menuFor(permissions) };
};
