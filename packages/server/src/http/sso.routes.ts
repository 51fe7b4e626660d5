import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Db } from '../db/database';
import { withTenant, type Tenant } from '../db/tenancy';
import { logout, openSession, type AuthSettings } from '../auth/authentication';
import { createOidcClients, matchSsoUser, type OidcClients, type OidcIdentity } from '../auth/oidc';
import { recordAudit, type AuditEntry } from '../audit/audit-log';
import type { AppEnv } from './app';
import { SESSION_COOKIE, clientIp } from './auth';
import { setSessionCookie } from './auth.routes';
import { json, problemResponse } from './openapi-responses';
import { problem } from './problem';

/** One OpenID Connect provider a tenant signs in with. */
export type SsoProviderConfig = {
  /** The name in URLs: `/api/v1/auth/sso/{name}/start`. */
  readonly name: string;
  /** The tenant whose users this provider signs in. */
  readonly tenant: string;
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Shown on the login page, e.g. "Sign in with Contoso". */
  readonly label: string;
};

export type SsoRouteDeps = {
  readonly db: Db;
  readonly clock: () => Date;
  readonly settings: AuthSettings;
  readonly providers: readonly SsoProviderConfig[];
  readonly trustProxy: boolean;
  readonly publicUrl?: string | undefined;
  /** The OpenID Connect client; one per app (it keeps each provider's discovered metadata). */
  readonly oidc?: OidcClients | undefined;
};

/** A login the browser has not come back from after this long is dropped. */
export const SSO_STATE_MINUTES = 10;

const LOGIN_PAGE = '/app/login';
const DEFAULT_RETURN = '/app';

/**
 * Where to go after the login: only a path of the web app. Anything else (another host, `//host`,
 * a backslash that some browsers read as a slash) is ignored, so the endpoint is no open redirect.
 */
export const safeReturnTo = (value: string | undefined): string | null => {
  if (!value || value.length > 2000) return null;
  if (!/^\/app(?:[/?#]|$)/.test(value)) return null;
  if (value.includes('//') || value.includes('\\') || [...value].some((ch) => ch <= ' ' || ch === '\u007f'))
    return null;
  return value;
};

const ProviderName = z.object({
  name: z.string().meta({ param: { name: 'name', in: 'path' }, description: 'The provider, e.g. `contoso`' }),
});

const ProviderList = z
  .array(z.object({ name: z.string(), label: z.string() }))
  .meta({ id: 'SsoProviderList' });

const redirectResponse = (description: string) => ({
  302: { description, headers: z.object({ location: z.string() }) },
});

/**
 * Single sign-on with OpenID Connect (authorization code flow with PKCE S256, state and nonce).
 *
 * An SSO session is a full session: it never waits for Quittance's own TOTP code. Whoever runs
 * the identity provider is responsible for multi-factor authentication there (and can enforce it
 * for this client); asking for a second code here would only add a factor people cannot enrol,
 * since SSO accounts have no Quittance password.
 *
 * Accounts are never created on the fly: a person must exist in the provider's tenant, linked by
 * (issuer, subject) or found by the verified email of their first login, and be active.
 */
export const mountSsoRoutes = (app: OpenAPIHono<AppEnv>, deps: SsoRouteDeps): void => {
  const oidc = deps.oidc ?? createOidcClients();
  const providerOf = (name: string) => deps.providers.find((p) => p.name === name);
  const tenantOf = (name: string): Promise<Tenant | undefined> =>
    deps.db.selectFrom('tenants').select(['id', 'name']).where('name', '=', name).executeTakeFirst();
  const redirectUri = (c: Context, provider: SsoProviderConfig) => {
    const base = (deps.publicUrl ?? new URL(c.req.url).origin).replace(/\/+$/, '');
    return `${base}/api/v1/auth/sso/${encodeURIComponent(provider.name)}/callback`;
  };
  const client = (c: Context) => ({
    ip: clientIp(c, deps.trustProxy),
    userAgent: c.req.header('user-agent') ?? null,
  });
  const redirect = (c: Context, location: string) => {
    c.header('cache-control', 'no-store');
    return c.redirect(location, 302);
  };
  const unknownProvider = (c: Context, name: string) =>
    problem(c, 404, { code: 'not_found', detail: `no single sign-on provider "${name}"` });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/auth/sso/providers',
      tags: ['Authentication'],
      summary: 'The single sign-on providers, for the buttons of the login page',
      request: {
        query: z.object({
          tenant: z.string().optional().meta({ description: 'Only the providers of this organisation' }),
        }),
      },
      responses: { 200: json(ProviderList, 'Name (for the start URL) and label of each provider') },
    }),
    (c) => {
      const { tenant } = c.req.valid('query');
      const providers = deps.providers.filter((p) => tenant === undefined || p.tenant === tenant);
      return c.json(
        providers.map((p) => ({ name: p.name, label: p.label })),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/auth/sso/{name}/start',
      tags: ['Authentication'],
      summary: "Begin a single sign-on: a redirect to the provider's login page",
      request: {
        params: ProviderName,
        query: z.object({
          returnTo: z
            .string()
            .optional()
            .meta({ description: 'A path of the web app (`/app/...`) to land on; anything else is ignored' }),
        }),
      },
      responses: {
        ...redirectResponse("To the provider's authorization endpoint"),
        404: problemResponse('No such provider'),
        502: problemResponse('The provider cannot be reached'),
      },
    }),
    async (c) => {
      const { name } = c.req.valid('param');
      const provider = providerOf(name);
      if (!provider) return unknownProvider(c, name);
      const tenant = await tenantOf(provider.tenant);
      if (!tenant) return unknownProvider(c, name);
      const now = deps.clock();
      let started;
      try {
        started = await oidc.begin(provider, redirectUri(c, provider));
      } catch (error) {
        await audit(
          deps.db,
          tenant,
          failure(tenant, provider, now, client(c).ip, { outcome: 'failed', reason: describe(error) }),
        );
        return problem(c, 502, {
          code: 'sso_unavailable',
          detail: `the sign-in service "${provider.label}" does not answer; try again later`,
        });
      }
      await withTenant(deps.db, tenant.id, async (tx) => {
        // Logins abandoned at the provider leave a row each: sweep the stale ones as new ones come.
        await tx
          .deleteFrom('sso_logins')
          .where('created_at', '<', new Date(now.getTime() - SSO_STATE_MINUTES * 60_000))
          .execute();
        await tx
          .insertInto('sso_logins')
          .values({
            tenant_id: tenant.id,
            state: started.checks.state,
            provider: provider.name,
            code_verifier: started.checks.codeVerifier,
            nonce: started.checks.nonce,
            return_to: safeReturnTo(c.req.valid('query').returnTo),
            created_at: now,
          })
          .execute();
      });
      return redirect(c, started.url.href);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/auth/sso/{name}/callback',
      tags: ['Authentication'],
      summary: 'Where the provider sends the browser back: signs in and redirects to the app',
      description:
        'Success sets the session cookie and redirects to the page the login started from (or `/app`). ' +
        'Failure redirects to `/app/login?error=sso_unknown_user` (no active account for that identity) ' +
        'or `/app/login?error=sso_failed` (unknown or expired state, provider error, invalid token).',
      request: {
        params: ProviderName,
        // Everything the provider sends is checked by openid-client, not here: a malformed answer
        // must end on the login page, not as a JSON error.
        query: z.looseObject({ state: z.string().optional(), code: z.string().optional() }),
      },
      responses: {
        ...redirectResponse('To the app, or to the login page with an error'),
        404: problemResponse('No such provider'),
      },
    }),
    async (c) => {
      const { name } = c.req.valid('param');
      const provider = providerOf(name);
      if (!provider) return unknownProvider(c, name);
      const tenant = await tenantOf(provider.tenant);
      if (!tenant) return unknownProvider(c, name);
      const now = deps.clock();
      const who = client(c);
      const failed = async (reason: string) => {
        await audit(deps.db, tenant, failure(tenant, provider, now, who.ip, { outcome: 'failed', reason }));
        return redirect(c, `${LOGIN_PAGE}?error=sso_failed`);
      };

      const query = new URL(c.req.url).searchParams;
      const state = query.get('state');
      // The state is used once: taken out before the code is exchanged, whatever happens next.
      const pending = state
        ? await withTenant(deps.db, tenant.id, async (tx) =>
            tx
              .deleteFrom('sso_logins')
              .where('state', '=', state)
              .where('provider', '=', provider.name)
              .returning(['state', 'nonce', 'code_verifier', 'return_to', 'created_at'])
              .executeTakeFirst(),
          )
        : undefined;
      if (!pending) return failed(state ? 'unknown state' : 'no state');
      if (new Date(pending.created_at).getTime() + SSO_STATE_MINUTES * 60_000 < now.getTime()) {
        return failed('expired state');
      }

      let identity: OidcIdentity;
      try {
        identity = await oidc.finish(provider, redirectUri(c, provider), query, {
          state: pending.state,
          nonce: pending.nonce,
          codeVerifier: pending.code_verifier,
        });
      } catch (error) {
        return failed(describe(error));
      }

      const outcome = await withTenant(deps.db, tenant.id, async (tx) => {
        const match = await matchSsoUser(tx, identity);
        if (match.kind === 'refused') {
          await recordAudit(
            tx,
            failure(tenant, provider, now, who.ip, {
              outcome: 'refused',
              reason: match.reason,
              username: match.username,
              subject: identity.subject,
            }),
          );
          return null;
        }
        await tx.updateTable('users').set({ last_login_at: now }).where('id', '=', match.user.id).execute();
        const session = await openSession(tx, tenant, match.user, {
          method: 'sso',
          now,
          settings: deps.settings,
          client: who,
        });
        await recordAudit(tx, {
          tenantId: tenant.id,
          at: now,
          actor: { kind: 'user', id: match.user.username },
          origin: { ip: who.ip, via: 'sso' },
          action: 'auth.login',
          target: { type: 'user', id: match.user.username },
          outcome: 'ok',
          detail: {
            method: 'sso',
            provider: provider.name,
            subject: identity.subject,
            ...(match.linked && { linked: true }),
          },
        });
        return session;
      });
      if (!outcome) return redirect(c, `${LOGIN_PAGE}?error=sso_unknown_user`);

      // The session the browser came with (if any) ends: one browser, one session.
      const previous = getCookie(c, SESSION_COOKIE);
      if (previous) await logout(deps.db, previous, now, (id) => tenantById(deps.db, id));
      setSessionCookie(c, outcome.token, deps.settings);
      return redirect(c, pending.return_to ?? DEFAULT_RETURN);
    },
  );
};

const tenantById = (db: Db, id: string): Promise<Tenant | undefined> =>
  /^[0-9a-f-]{36}$/.test(id)
    ? db.selectFrom('tenants').select(['id', 'name']).where('id', '=', id).executeTakeFirst()
    : Promise.resolve(undefined);

/** A refused or failed sign-in, in the same shape as the password login's (`auth.login`). */
const failure = (
  tenant: Tenant,
  provider: SsoProviderConfig,
  at: Date,
  ip: string | null,
  refusal: {
    outcome: 'refused' | 'failed';
    reason: string;
    username?: string | null | undefined;
    subject?: string | undefined;
  },
): AuditEntry => ({
  tenantId: tenant.id,
  at,
  actor: {
    kind: 'user',
    id: refusal.username ?? `sso:${provider.name}${refusal.subject ? `:${refusal.subject}` : ''}`,
  },
  origin: { ip, via: 'sso' },
  action: 'auth.login',
  target: refusal.username ? { type: 'user', id: refusal.username } : null,
  outcome: refusal.outcome,
  detail: {
    method: 'sso',
    provider: provider.name,
    reason: refusal.reason,
    ...(refusal.subject && { subject: refusal.subject }),
  },
});

const audit = (db: Db, tenant: Tenant, entry: AuditEntry) =>
  withTenant(db, tenant.id, (tx) => recordAudit(tx, entry));

const describe = (error: unknown): string =>
  (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 300);
