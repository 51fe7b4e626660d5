import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { matchedRoutes } from 'hono/route';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Db } from '../db/database';
import { withTenant, type Tenant } from '../db/tenancy';
import { recordAudit } from '../audit/audit-log';
import {
  apiKeyPrincipal,
  sessionPrincipal,
  type AuthSettings,
  type Principal,
  type TenantById,
} from '../auth/authentication';
import { accessFor } from './route-permissions';
import { problem } from './problem';

export const SESSION_COOKIE = 'quittance_session';

/** The client's address: the socket's peer (a proxy in front must be trusted explicitly). */
export const clientIp = (c: Context, trustProxy: boolean): string | null => {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null;
  }
};

const hasHandler = (c: Context): boolean => matchedRoutes(c).some((r) => r.method !== 'ALL');

/** The pattern of the route that will answer (`/api/v1/cases/:id`), or the raw path. */
export const routePattern = (c: Context): string => {
  const handlers = matchedRoutes(c).filter((r) => r.method !== 'ALL');
  return handlers[handlers.length - 1]?.path ?? c.req.path;
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export type AuthDeps = {
  readonly db: Db;
  readonly clock: () => Date;
  readonly settings: AuthSettings;
  readonly resolveTenantById: TenantById;
  /** For routes without a session (login): the tenant by name, from the body or `X-Tenant`. */
  readonly resolveTenant: (name: string) => Promise<Tenant | undefined>;
  readonly defaultTenant: string;
  readonly trustProxy: boolean;
};

/**
 * Every API request passes here: who is calling (a session cookie or an API key), whether the
 * route lets them (fail closed: a route without a permission line is refused), and — for
 * changes made with a cookie — the CSRF token the session was issued with. Refusals are
 * written to the audit log.
 */
export const authenticate = (deps: AuthDeps): MiddlewareHandler => {
  return async (c, next) => {
    const now = deps.clock();
    const route = routePattern(c);
    const access = accessFor(c.req.method, route);
    const principal = await identify(c, deps, now);

    if (access === 'public') {
      const name = c.req.header('x-tenant') ?? deps.defaultTenant;
      const tenant = principal?.tenant ?? (await deps.resolveTenant(name));
      if (!tenant) return problem(c, 404, { code: 'unknown_tenant', detail: `unknown tenant "${name}"` });
      c.set('tenant' as never, tenant as never);
      if (principal) c.set('principal' as never, principal as never);
      return next();
    }
    if (!principal) {
      return problem(c, 401, {
        code: 'unauthenticated',
        detail: 'sign in, or send an API key as a Bearer token',
      });
    }
    // A caller belongs to one tenant; naming another finds nothing there.
    const named = c.req.header('x-tenant');
    if (named && named !== principal.tenant.name) {
      return problem(c, 404, { code: 'unknown_tenant', detail: `unknown tenant "${named}"` });
    }
    c.set('tenant' as never, principal.tenant as never);
    c.set('principal' as never, principal as never);

    const finishingLogin =
      route === '/api/v1/auth/mfa/verify' || route === '/api/v1/auth/logout' || route === '/api/v1/auth/me';
    if (principal.mfaPending && !finishingLogin) {
      return problem(c, 401, {
        code: 'mfa_required',
        detail: 'enter the code of your authenticator app first',
      });
    }
    if (principal.via === 'session' && !SAFE_METHODS.has(c.req.method)) {
      const refusal = csrfRefusal(c, principal);
      if (refusal) {
        await audit(deps, c, principal, now, refusal);
        return problem(c, 403, { code: 'csrf', detail: refusal });
      }
    }
    // No route answers: the catch-all says 404 (after the caller proved who they are).
    if (route === c.req.path && !hasHandler(c)) return next();
    if (access !== 'self') {
      if (access === undefined || !principal.permissions.has(access)) {
        const detail =
          access === undefined
            ? `${c.req.method} ${route} is not open to anyone`
            : `${principal.user.username} lacks the permission "${access}"${principal.via === 'api-key' ? " (not in the API key's scopes)" : ''}`;
        await audit(deps, c, principal, now, detail);
        return problem(c, 403, { code: 'forbidden', detail });
      }
    }
    return next();
  };
};

const identify = async (c: Context, deps: AuthDeps, now: Date): Promise<Principal | null> => {
  const authorization = c.req.header('authorization');
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    return match
      ? apiKeyPrincipal(deps.db, match[1]!, { now, resolveTenantById: deps.resolveTenantById })
      : null;
  }
  const cookie = getCookie(c, SESSION_COOKIE);
  if (!cookie) return null;
  return sessionPrincipal(deps.db, cookie, {
    now,
    settings: deps.settings,
    resolveTenantById: deps.resolveTenantById,
  });
};

/**
 * Synchronizer token: the session's CSRF token must come back in `X-CSRF-Token` (a page of
 * another site can make the browser send the cookie, never read the token). A browser's
 * `Origin`, when sent, must also be this site.
 */
const csrfRefusal = (c: Context, principal: Principal): string | null => {
  const origin = c.req.header('origin');
  if (origin && origin !== 'null') {
    const host = c.req.header('host');
    let originHost: string | null = null;
    try {
      originHost = new URL(origin).host;
    } catch {
      originHost = null;
    }
    if (!host || originHost !== host) return `cross-site request from ${origin} refused`;
  }
  const token = c.req.header('x-csrf-token');
  if (!token || token !== principal.csrfToken) return 'missing or wrong CSRF token (X-CSRF-Token)';
  return null;
};

const audit = (deps: AuthDeps, c: Context, principal: Principal, now: Date, detail: string) =>
  withTenant(deps.db, principal.tenant.id, (tx) =>
    recordAudit(tx, {
      tenantId: principal.tenant.id,
      at: now,
      actor: { kind: 'user', id: principal.user.username },
      origin: { ip: clientIp(c, deps.trustProxy), via: principal.via === 'api-key' ? 'api' : 'web' },
      action: `request.${c.req.method}`,
      target: { type: 'route', id: c.req.path },
      outcome: 'refused',
      detail: { reason: detail },
    }),
  );
