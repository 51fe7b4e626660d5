import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { DomainError } from '@quittance/domain';
import type { Db } from '../db/database';
import { withTenant, type Tenant } from '../db/tenancy';
import {
  beginMfaEnrolment,
  checkOwnPassword,
  completeMfa,
  confirmMfaEnrolment,
  disableMfa,
  logout,
  passwordLogin,
  requestPasswordReset,
  resetPassword,
  type AuthSettings,
  type Principal,
  type TenantById,
} from '../auth/authentication';
import { findUser, profileOf, setPassword } from '../auth/accounts';
import { MENU } from '../auth/permissions';

const MENU_BY_ID = new Map(MENU.map((entry) => [entry.id, [entry.permission]]));
import { recordAudit } from '../audit/audit-log';
import type { LoginThrottle } from '../auth/throttle';
import type { Mailer } from '../dunning/channels';
import type { AppEnv } from './app';
import { SESSION_COOKIE, clientIp } from './auth';
import { json, problemResponse } from './openapi-responses';

export type AuthRouteDeps = {
  readonly db: Db;
  readonly clock: () => Date;
  readonly settings: AuthSettings;
  readonly resolveTenantById: TenantById;
  readonly resolveTenant: (name: string) => Promise<Tenant | undefined>;
  readonly mailer: () => Mailer;
  readonly trustProxy: boolean;
  /** The address people open the app at, for links in emails; else the request's own origin. */
  readonly publicUrl?: string | undefined;
  readonly throttle: LoginThrottle;
};

const Me = z
  .object({
    user: z.object({
      id: z.string(),
      username: z.string(),
      displayName: z.string(),
      email: z.string().nullable(),
      roles: z.array(z.string()),
      team: z.string().nullable(),
      supervisor: z.string().nullable(),
      language: z.string(),
      mfaEnabled: z.boolean(),
    }),
    tenant: z.string(),
    permissions: z.array(z.string()),
    menu: z.array(z.object({ id: z.string(), path: z.string() })),
    via: z.enum(['session', 'api-key']),
    mfaPending: z.boolean(),
    csrfToken: z.string().nullable().meta({ description: 'Send it back as X-CSRF-Token on every change' }),
  })
  .meta({ id: 'Me' });

const LoginResponse = z
  .object({
    mfaRequired: z.boolean(),
    csrfToken: z.string(),
    user: z.object({ username: z.string(), displayName: z.string() }),
  })
  .meta({ id: 'LoginResponse' });

const Ok = z.object({ ok: z.literal(true) });

/** Cookie flags: HttpOnly, SameSite=Lax (Strict would drop it on the return from single sign-on). */
export const setSessionCookie = (c: Context, token: string, settings: AuthSettings) =>
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    secure: true,
    sameSite: 'Lax',
    path: '/',
    maxAge: settings.absoluteHours * 3600,
  });

export const mountAuthRoutes = (app: OpenAPIHono<AppEnv>, deps: AuthRouteDeps): void => {
  const client = (c: Context) => ({
    ip: clientIp(c, deps.trustProxy),
    userAgent: c.req.header('user-agent') ?? null,
  });
  const principalOf = (c: Context): Principal => {
    const principal = c.get('principal' as never) as Principal | undefined;
    if (!principal) throw new DomainError('unauthenticated', 'sign in first');
    return principal;
  };
  const sessionOnly = (principal: Principal) => {
    if (principal.via !== 'session')
      throw new DomainError('forbidden', 'only a person signed in can do this, not an API key');
  };

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/auth/login',
      tags: ['Authentication'],
      summary: 'Sign in with user name (or email) and password; a new session cookie every time',
      request: {
        body: {
          content: {
            'application/json': {
              schema: z.object({
                tenant: z
                  .string()
                  .optional()
                  .meta({ description: 'The organisation; the default one when absent' }),
                username: z.string().min(1).max(254),
                password: z.string().min(1).max(1024),
              }),
            },
          },
          required: true,
        },
      },
      responses: {
        200: json(LoginResponse, 'Signed in (or waiting for the MFA code: mfaRequired)'),
        401: problemResponse('Wrong user name or password'),
        423: problemResponse('Account locked after too many failures'),
        429: problemResponse('Too many attempts: slow down (Retry-After)'),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const tenant = body.tenant ? await deps.resolveTenant(body.tenant) : (c.get('tenant') as Tenant);
      if (!tenant) throw new DomainError('unauthenticated', 'wrong user name or password');
      const now = deps.clock();
      const who = client(c);
      const account = `${tenant.id}:${body.username.trim().toLowerCase()}`;
      const wait = deps.throttle.wait(account, who.ip, now);
      if (wait > 0) {
        c.header('Retry-After', String(wait));
        throw new DomainError('too_many_requests', `too many failed attempts: try again in ${wait} s`, {
          retryAfter: wait,
        });
      }
      const result = await passwordLogin(
        deps.db,
        tenant,
        { username: body.username, password: body.password, previousToken: getCookie(c, SESSION_COOKIE) },
        { now, settings: deps.settings, client: who },
      ).catch((error: unknown) => {
        deps.throttle.failed(account, who.ip, now);
        throw error;
      });
      deps.throttle.succeeded(account);
      setSessionCookie(c, result.token, deps.settings);
      return c.json(
        {
          mfaRequired: result.mfaPending,
          csrfToken: result.csrfToken,
          user: { username: result.user.username, displayName: result.user.displayName },
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/auth/mfa/verify',
      tags: ['Authentication'],
      summary: 'Second step: the authenticator code or a recovery code; the session id changes again',
      request: {
        body: {
          content: { 'application/json': { schema: z.object({ code: z.string().min(6).max(20) }) } },
          required: true,
        },
      },
      responses: {
        200: json(z.object({ csrfToken: z.string() }), 'Signed in'),
        401: problemResponse('Wrong or reused code'),
        423: problemResponse('Account locked'),
      },
    }),
    async (c) => {
      const principal = principalOf(c);
      if (!principal.mfaPending) throw new DomainError('conflict', 'this session is already signed in');
      const session = await completeMfa(deps.db, principal, c.req.valid('json').code, {
        now: deps.clock(),
        settings: deps.settings,
        client: client(c),
      });
      setSessionCookie(c, session.token, deps.settings);
      return c.json({ csrfToken: session.csrfToken }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/auth/logout',
      tags: ['Authentication'],
      summary: 'End the session',
      responses: { 200: json(Ok, 'Signed out') },
    }),
    async (c) => {
      const token = getCookie(c, SESSION_COOKIE);
      if (token) await logout(deps.db, token, deps.clock(), deps.resolveTenantById);
      deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true });
      return c.json({ ok: true as const }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/auth/me',
      tags: ['Authentication'],
      summary: 'Who is signed in: roles, permissions, menu, CSRF token',
      responses: { 200: json(Me, 'The signed-in person'), 401: problemResponse('Not signed in') },
    }),
    async (c) => {
      const principal = principalOf(c);
      const profile = await withTenant(deps.db, principal.tenant.id, async (tx) => {
        const user = await findUser(tx, principal.user.id);
        if (!user) throw new DomainError('unauthenticated', 'the account no longer exists');
        return profileOf(tx, user);
      });
      const permissions =
        principal.via === 'api-key'
          ? profile.permissions.filter((p) => principal.permissions.has(p as never))
          : profile.permissions;
      const u = profile.user;
      return c.json(
        {
          user: {
            id: u.id,
            username: u.username,
            displayName: u.displayName,
            email: u.email,
            roles: [...u.roles],
            team: u.team,
            supervisor: u.supervisor,
            language: u.language,
            mfaEnabled: u.mfaEnabled,
          },
          tenant: principal.tenant.name,
          permissions: principal.mfaPending ? [] : permissions,
          menu: principal.mfaPending
            ? []
            : profile.menu.filter(
                (entry) => MENU_BY_ID.get(entry.id)?.every((p) => permissions.includes(p)) ?? true,
              ),
          via: principal.via,
          mfaPending: principal.mfaPending,
          csrfToken: principal.csrfToken ?? null,
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/auth/mfa/enrol',
      tags: ['Authentication'],
      summary: 'Start MFA enrolment: a new TOTP secret, its otpauth URI and QR code (SVG)',
      responses: {
        200: json(
          z.object({ secret: z.string(), otpauthUri: z.string(), qrSvg: z.string() }),
          'Scan it, then confirm',
        ),
      },
    }),
    async (c) => {
      const principal = principalOf(c);
      sessionOnly(principal);
      return c.json(await beginMfaEnrolment(deps.db, principal, deps.settings), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/auth/mfa/confirm',
      tags: ['Authentication'],
      summary: 'Finish enrolment with a code from the app; answers the recovery codes, shown once',
      request: {
        body: {
          content: { 'application/json': { schema: z.object({ code: z.string().min(6).max(10) }) } },
          required: true,
        },
      },
      responses: {
        200: json(z.object({ recoveryCodes: z.array(z.string()) }), 'MFA is on'),
        422: problemResponse('Wrong code'),
      },
    }),
    async (c) => {
      const principal = principalOf(c);
      sessionOnly(principal);
      return c.json(
        await confirmMfaEnrolment(deps.db, principal, c.req.valid('json').code, deps.clock()),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/auth/mfa/disable',
      tags: ['Authentication'],
      summary: 'Turn MFA off for oneself (the current password is required)',
      request: {
        body: {
          content: { 'application/json': { schema: z.object({ password: z.string().min(1) }) } },
          required: true,
        },
      },
      responses: { 200: json(Ok, 'MFA is off'), 401: problemResponse('Wrong password') },
    }),
    async (c) => {
      const principal = principalOf(c);
      sessionOnly(principal);
      await withTenant(deps.db, principal.tenant.id, async (tx) => {
        await checkOwnPassword(tx, principal.user.id, c.req.valid('json').password);
        await disableMfa(tx, principal.tenant.id, principal.user.id, principal.user.username, deps.clock());
      });
      return c.json({ ok: true as const }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/auth/password/change',
      tags: ['Authentication'],
      summary: "Change one's own password (other sessions end)",
      request: {
        body: {
          content: {
            'application/json': {
              schema: z.object({ currentPassword: z.string().min(1), newPassword: z.string().min(1) }),
            },
          },
          required: true,
        },
      },
      responses: {
        200: json(Ok, 'Changed'),
        401: problemResponse('Wrong password'),
        422: problemResponse('Too weak'),
      },
    }),
    async (c) => {
      const principal = principalOf(c);
      sessionOnly(principal);
      const body = c.req.valid('json');
      const now = deps.clock();
      await withTenant(deps.db, principal.tenant.id, async (tx) => {
        await checkOwnPassword(tx, principal.user.id, body.currentPassword);
        await setPassword(tx, principal.user.id, principal.user.username, body.newPassword, now);
        await recordAudit(tx, {
          tenantId: principal.tenant.id,
          at: now,
          actor: { kind: 'user', id: principal.user.username },
          origin: { ip: client(c).ip, via: 'web' },
          action: 'auth.password.change',
          target: { type: 'user', id: principal.user.username },
        });
      });
      deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true });
      return c.json({ ok: true as const }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/auth/password/forgot',
      tags: ['Authentication'],
      summary: 'Email a single-use password reset link (the same answer whether or not the account exists)',
      request: {
        body: {
          content: {
            'application/json': {
              schema: z.object({ tenant: z.string().optional(), username: z.string().min(1).max(254) }),
            },
          },
          required: true,
        },
      },
      responses: { 202: json(Ok, 'If the account exists and has an email address, a link is on its way') },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const tenant = body.tenant ? await deps.resolveTenant(body.tenant) : (c.get('tenant') as Tenant);
      if (tenant) {
        await requestPasswordReset(deps.db, tenant, body.username, {
          now: deps.clock(),
          settings: deps.settings,
          mailer: deps.mailer(),
          baseUrl: deps.publicUrl ?? new URL(c.req.url).origin,
          client: client(c),
        });
      }
      return c.json({ ok: true as const }, 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/auth/password/reset',
      tags: ['Authentication'],
      summary: 'Choose a new password with the emailed token (every session of the account ends)',
      request: {
        body: {
          content: {
            'application/json': {
              schema: z.object({ token: z.string().min(10), password: z.string().min(1) }),
            },
          },
          required: true,
        },
      },
      responses: {
        200: json(Ok, 'Changed'),
        422: problemResponse('Expired or used link, or too weak a password'),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      await resetPassword(deps.db, body.token, body.password, {
        now: deps.clock(),
        resolveTenantById: deps.resolveTenantById,
      });
      return c.json({ ok: true as const }, 200);
    },
  );
};
