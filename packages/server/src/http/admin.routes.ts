import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { DomainError } from '@quittance/domain';
import type { Db } from '../db/database';
import { withTenant, type Tx } from '../db/tenancy';
import { recordAudit, searchAudit } from '../audit/audit-log';
import {
  createUser,
  findUser,
  iso,
  listRoles,
  listUsers,
  permissionsOfRoles,
  saveRole,
  unlockUser,
  updateUser,
  type UserRow,
} from '../auth/accounts';
import { createApiKey, disableMfa, type Principal } from '../auth/authentication';
import { PERMISSIONS } from '../auth/permissions';
import type { AppEnv } from './app';
import { clientIp } from './auth';
import { json, problemResponse } from './openapi-responses';

export type AdminRouteDeps = { readonly db: Db; readonly clock: () => Date; readonly trustProxy: boolean };

const User = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    email: z.string().nullable(),
    roles: z.array(z.string()),
    status: z.enum(['active', 'disabled']),
    team: z.string().nullable(),
    supervisor: z.string().nullable(),
    language: z.string(),
    mfaEnabled: z.boolean(),
    sso: z.boolean(),
    lockedUntil: z.string().nullable(),
    lastLoginAt: z.string().nullable(),
  })
  .meta({ id: 'User' });

const Role = z
  .object({ code: z.string(), name: z.string(), permissions: z.array(z.string()), builtin: z.boolean() })
  .meta({ id: 'Role' });

const ApiKey = z
  .object({
    id: z.string(),
    name: z.string(),
    owner: z.string(),
    prefix: z.string(),
    scopes: z.array(z.string()),
    createdBy: z.string(),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiKey' });

const AuditItem = z
  .object({
    id: z.string(),
    at: z.string(),
    actor: z.object({ kind: z.string(), id: z.string() }),
    originIp: z.string().nullable(),
    via: z.string().nullable(),
    action: z.string(),
    target: z.object({ type: z.string(), id: z.string() }).nullable(),
    outcome: z.string(),
    detail: z.record(z.string(), z.unknown()),
    correlationId: z.string().nullable(),
  })
  .meta({ id: 'AuditItem' });

const UserParam = z.object({
  id: z.string().meta({ param: { name: 'id', in: 'path' }, description: 'User id or user name' }),
});
const Username = z.string().min(2).max(63);

const NewUserBody = z.object({
  username: Username,
  displayName: z.string().min(1).max(200),
  email: z.email().nullable().optional(),
  password: z.string().min(1).max(256).nullable().optional().meta({
    description: 'Leave out for single sign-on accounts or to send a reset link instead',
  }),
  roles: z.array(z.string()).default([]),
  team: z.string().nullable().optional(),
  supervisor: z.string().nullable().optional(),
  language: z.enum(['en', 'fr']).optional(),
});

const UserChangeBody = z.object({
  displayName: z.string().min(1).max(200).optional(),
  email: z.email().nullable().optional(),
  roles: z.array(z.string()).optional(),
  status: z.enum(['active', 'disabled']).optional(),
  team: z.string().nullable().optional(),
  supervisor: z.string().nullable().optional(),
  language: z.enum(['en', 'fr']).optional(),
});

/** Users, roles, API keys and the audit log (F5, L2, L5): the administrator's screens. */
export const mountAdminRoutes = (app: OpenAPIHono<AppEnv>, deps: AdminRouteDeps): void => {
  const principalOf = (c: Context) => c.get('principal' as never) as Principal;
  /** One transaction: the change and its audit record commit together. */
  const change = <T>(
    c: Context,
    action: string,
    target: (result: T) => { type: string; id: string },
    detail: Record<string, unknown>,
    work: (tx: Tx, principal: Principal) => Promise<T>,
  ) => {
    const principal = principalOf(c);
    return withTenant(deps.db, principal.tenant.id, async (tx) => {
      const result = await work(tx, principal);
      await recordAudit(tx, {
        tenantId: principal.tenant.id,
        at: deps.clock(),
        actor: { kind: 'user', id: principal.user.username },
        origin: { ip: clientIp(c, deps.trustProxy), via: principal.via === 'api-key' ? 'api' : 'web' },
        action,
        target: target(result),
        detail,
      });
      return result;
    });
  };
  const read = <T>(c: Context, work: (tx: Tx) => Promise<T>) =>
    withTenant(deps.db, principalOf(c).tenant.id, work);
  const userOrThrow = async (tx: Tx, id: string): Promise<UserRow> => {
    const user = await findUser(tx, id);
    if (!user) throw new DomainError('not_found', `no user ${id}`);
    return user;
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/users',
      tags: ['Administration'],
      summary: 'Users with their roles, team, supervisor, MFA and lock-out state',
      responses: { 200: json(z.object({ items: z.array(User) }), 'Every user of the tenant') },
    }),
    async (c) => c.json({ items: await read(c, listUsers) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/users',
      tags: ['Administration'],
      summary: 'Create a user',
      request: { body: { content: { 'application/json': { schema: NewUserBody } }, required: true } },
      responses: {
        201: json(User, 'Created'),
        409: problemResponse('The user name is taken'),
        422: problemResponse('Invalid user name, password, role or supervisor'),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const { password: _password, ...shown } = body;
      const user = await change(
        c,
        'user.create',
        (u: UserRow) => ({ type: 'user', id: u.username }),
        shown,
        (tx, p) => createUser(tx, p.tenant.id, body),
      );
      return c.json(user, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/users/{id}',
      tags: ['Administration'],
      summary: 'One user',
      request: { params: UserParam },
      responses: { 200: json(User, 'The user'), 404: problemResponse('No such user') },
    }),
    async (c) => c.json(await read(c, (tx) => userOrThrow(tx, c.req.valid('param').id)), 200),
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/v1/users/{id}',
      tags: ['Administration'],
      summary:
        'Change roles, team, supervisor, status (a disabled user or a change of roles ends their sessions)',
      request: {
        params: UserParam,
        body: { content: { 'application/json': { schema: UserChangeBody } }, required: true },
      },
      responses: {
        200: json(User, 'Changed'),
        404: problemResponse('No such user'),
        409: problemResponse('The last administrator'),
        422: problemResponse('Unknown role or supervisor'),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const user = await change(
        c,
        'user.update',
        (u: UserRow) => ({ type: 'user', id: u.username }),
        body,
        (tx) => updateUser(tx, c.req.valid('param').id, body),
      );
      return c.json(user, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/users/{id}/unlock',
      tags: ['Administration'],
      summary: 'Lift a lock-out after failed logins',
      request: { params: UserParam },
      responses: { 200: json(User, 'Unlocked'), 404: problemResponse('No such user') },
    }),
    async (c) => {
      const user = await change(
        c,
        'user.unlock',
        (u: UserRow) => ({ type: 'user', id: u.username }),
        {},
        (tx) => unlockUser(tx, c.req.valid('param').id),
      );
      return c.json(user, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/users/{id}/reset-mfa',
      tags: ['Administration'],
      summary: 'Turn off MFA of a user who lost their device (they enrol again at their next login)',
      request: { params: UserParam },
      responses: { 200: json(User, 'MFA off'), 404: problemResponse('No such user') },
    }),
    async (c) => {
      const principal = principalOf(c);
      const user = await read(c, async (tx) => {
        const found = await userOrThrow(tx, c.req.valid('param').id);
        await disableMfa(tx, principal.tenant.id, found.id, principal.user.username, deps.clock());
        return userOrThrow(tx, found.id);
      });
      return c.json(user, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/roles',
      tags: ['Administration'],
      summary: 'Roles and the permissions each grants; the list of every permission',
      responses: {
        200: json(z.object({ items: z.array(Role), permissions: z.array(z.string()) }), 'Roles'),
      },
    }),
    async (c) => c.json({ items: await read(c, listRoles), permissions: [...PERMISSIONS] }, 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/v1/roles/{code}',
      tags: ['Administration'],
      summary: "Create or change a role (its users' sessions keep running with the new rights)",
      request: {
        params: z.object({ code: z.string().meta({ param: { name: 'code', in: 'path' } }) }),
        body: {
          content: {
            'application/json': {
              schema: z.object({ name: z.string().min(1).max(100), permissions: z.array(z.string()) }),
            },
          },
          required: true,
        },
      },
      responses: { 200: json(Role, 'Saved'), 422: problemResponse('Unknown permission or invalid code') },
    }),
    async (c) => {
      const { code } = c.req.valid('param');
      const body = c.req.valid('json');
      const role = await change(
        c,
        'role.save',
        () => ({ type: 'role', id: code }),
        body,
        async (tx, p) => {
          await saveRole(tx, p.tenant.id, { code, ...body });
          return (await listRoles(tx)).find((r) => r.code === code)!;
        },
      );
      return c.json(role, 200);
    },
  );

  const listKeys = (tx: Tx) =>
    tx
      .selectFrom('api_keys as k')
      .innerJoin('users as u', 'u.id', 'k.user_id')
      .select([
        'k.id',
        'k.name',
        'u.username as owner',
        'k.prefix',
        'k.scopes',
        'k.created_by',
        'k.created_at',
        'k.expires_at',
        'k.last_used_at',
        'k.revoked_at',
      ])
      .orderBy('k.created_at', 'desc')
      .execute()
      .then((rows) =>
        rows.map((r) => ({
          id: r.id,
          name: r.name,
          owner: r.owner,
          prefix: r.prefix,
          scopes: r.scopes,
          createdBy: r.created_by,
          createdAt: iso(r.created_at)!,
          expiresAt: iso(r.expires_at),
          lastUsedAt: iso(r.last_used_at),
          revokedAt: iso(r.revoked_at),
        })),
      );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/api-keys',
      tags: ['Administration'],
      summary: 'API keys for integrations (never the key itself: it is shown once, at creation)',
      responses: { 200: json(z.object({ items: z.array(ApiKey) }), 'Keys') },
    }),
    async (c) => c.json({ items: await read(c, listKeys) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/api-keys',
      tags: ['Administration'],
      summary: "Create an API key acting as a user, limited to scopes within that user's permissions",
      request: {
        body: {
          content: {
            'application/json': {
              schema: z.object({
                name: z.string().min(1).max(100),
                owner: z
                  .string()
                  .optional()
                  .meta({ description: 'The user the key acts as; yourself by default' }),
                scopes: z.array(z.string()).min(1),
                expiresOn: z.iso.date().nullable().optional(),
              }),
            },
          },
          required: true,
        },
      },
      responses: {
        201: json(z.object({ id: z.string(), key: z.string() }), 'The key, shown this once'),
        403: problemResponse("A scope beyond the owner's permissions"),
        422: problemResponse('Unknown scope'),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const principal = principalOf(c);
      const now = deps.clock();
      const created = await read(c, async (tx) => {
        const owner = await userOrThrow(tx, body.owner ?? principal.user.username);
        const permissions = await permissionsOfRoles(tx, owner.roles);
        return createApiKey(
          tx,
          principal.tenant,
          { id: owner.id, username: owner.username, permissions },
          body,
          principal.user.username,
          now,
        );
      });
      return c.json(created, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/api-keys/{id}/revoke',
      tags: ['Administration'],
      summary: 'Revoke an API key: it stops working at once',
      request: { params: z.object({ id: z.string().meta({ param: { name: 'id', in: 'path' } }) }) },
      responses: {
        200: json(z.object({ ok: z.literal(true) }), 'Revoked'),
        404: problemResponse('No such key'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await change(
        c,
        'api-key.revoke',
        () => ({ type: 'api-key', id }),
        {},
        async (tx) => {
          const result = await tx
            .updateTable('api_keys')
            .set({ revoked_at: deps.clock() })
            .where('id', '=', /^[0-9a-f-]{36}$/i.test(id) ? id : '00000000-0000-0000-0000-000000000000')
            .where('revoked_at', 'is', null)
            .executeTakeFirst();
          if (Number(result.numUpdatedRows) === 0)
            throw new DomainError('not_found', `no active API key ${id}`);
        },
      );
      return c.json({ ok: true as const }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/audit',
      tags: ['Administration'],
      summary: 'The audit log, newest first: every change and sign-in with who, when, from where',
      request: {
        query: z.object({
          actor: z.string().optional(),
          action: z.string().optional().meta({ description: 'Prefix, e.g. "auth." or "case.TaskCompleted"' }),
          target: z.string().optional().meta({ description: 'A case id, user name, route…' }),
          outcome: z.enum(['ok', 'refused', 'failed']).optional(),
          from: z.iso.date().optional(),
          to: z.iso.date().optional(),
          q: z.string().max(200).optional().meta({ description: 'Text anywhere in the entry' }),
          limit: z.coerce.number().int().min(1).max(500).optional(),
          before: z
            .string()
            .regex(/^\d+$/)
            .optional()
            .meta({ description: 'Next page: the `next` of the previous' }),
        }),
      },
      responses: {
        200: json(z.object({ items: z.array(AuditItem), next: z.string().nullable() }), 'A page of the log'),
      },
    }),
    async (c) => c.json(await read(c, (tx) => searchAudit(tx, c.req.valid('query'))), 200),
  );
};
