import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../src/db/tenancy';
import { updateUser } from '../src/auth/accounts';
import { databaseLabel } from './support/test-database';
import { startTestServer, TEST_AS_OF, type TestServer } from './support/test-server';
import { createTestUser } from './support/test-users';
import { startTestOidcProvider, type TestOidcProvider } from './support/oidc-provider';

// Single sign-on end to end: a real OpenID Connect provider (oidc-provider) and the real app,
// each on its own port, driven by plain fetch as a browser would be: every redirect followed by
// hand, cookies kept per host, the provider's login and consent forms posted.

const PROVIDER = 'contoso';
const CLIENT = { clientId: 'quittance', clientSecret: 'a-client-secret-long-enough-for-hs256-0123456789' };

let idp: TestOidcProvider;
let server: TestServer;
/** How far the app's clock is moved past the suite's fixed instant (the expiry test moves it). */
let clockOffsetMs = 0;

/** A browser's cookie store, one jar per host (the session cookie is Secure: sent anyway here). */
type Browser = Map<string, Map<string, string>>;

const keepCookies = (browser: Browser, url: URL, response: Response) => {
  const jar = browser.get(url.host) ?? new Map<string, string>();
  browser.set(url.host, jar);
  for (const line of response.headers.getSetCookie()) {
    const [pair = '', ...attributes] = line.split(';');
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const gone = attributes.some((a) => {
      const [key = '', v = ''] = a.trim().split('=');
      if (key.toLowerCase() === 'max-age') return Number(v) <= 0;
      if (key.toLowerCase() === 'expires') return new Date(v).getTime() < Date.now();
      return false;
    });
    if (gone || value === '') jar.delete(name);
    else jar.set(name, value);
  }
};

const send = async (
  browser: Browser,
  url: URL,
  init: { method?: 'GET' | 'POST'; form?: Record<string, string> } = {},
): Promise<Response> => {
  const cookies = [...(browser.get(url.host) ?? new Map<string, string>())].map(([k, v]) => `${k}=${v}`);
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    redirect: 'manual',
    headers: {
      ...(cookies.length > 0 && { cookie: cookies.join('; ') }),
      ...(init.form && { 'content-type': 'application/x-www-form-urlencoded' }),
    },
    ...(init.form && { body: new URLSearchParams(init.form).toString() }),
  });
  keepCookies(browser, url, response);
  return response;
};

/** The form of an HTML page: where it posts and its hidden fields. */
const formOf = (html: string, base: URL): { action: URL; fields: Record<string, string> } => {
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`no form in the page:\n${html.slice(0, 500)}`);
  const fields: Record<string, string> = {};
  for (const [, name = '', value = ''] of html.matchAll(
    /<input type="hidden" name="([^"]+)" value="([^"]*)"/g,
  ))
    fields[name] = value;
  return { action: new URL(action.replaceAll('&amp;', '&'), base), fields };
};

type Landing = {
  /** Where the app sent the browser in the end (a path of the web app). */
  readonly location: URL;
  /** The app's answer on its callback: where the session cookie is set. */
  readonly callback: Response | null;
};

/**
 * Starts a single sign-on at the app and goes through the provider as `login` (any password),
 * consenting when asked, until the app redirects to one of its own pages.
 */
const signIn = async (browser: Browser, login: string, returnTo?: string): Promise<Landing> => {
  const start = new URL(`${server.baseUrl}/api/v1/auth/sso/${PROVIDER}/start`);
  if (returnTo !== undefined) start.searchParams.set('returnTo', returnTo);
  let url = start;
  let response = await send(browser, url);
  let callback: Response | null = null;
  for (let step = 0; step < 20; step++) {
    if (response.status >= 300 && response.status < 400) {
      if (url.pathname.endsWith('/callback')) callback = response;
      const next = new URL(response.headers.get('location')!, url);
      if (next.origin === server.baseUrl && next.pathname.startsWith('/app'))
        return { location: next, callback };
      url = next;
      response = await send(browser, url);
      continue;
    }
    const html = await response.text();
    expect(response.status, html.slice(0, 500)).toBe(200);
    const { action, fields } = formOf(html, url);
    const form = fields.prompt === 'login' ? { ...fields, login, password: 'anything' } : fields;
    url = action;
    response = await send(browser, url, { method: 'POST', form });
  }
  throw new Error('the sign-in did not come back to the app in 20 steps');
};

const sessionCookieOf = (response: Response | null): string | null => {
  const line = response?.headers.getSetCookie().find((c) => c.startsWith('quittance_session='));
  return line ? line.slice('quittance_session='.length).split(';')[0]! : null;
};

const me = (token: string) =>
  fetch(`${server.baseUrl}/api/v1/auth/me`, { headers: { cookie: `quittance_session=${token}` } });

const auditOfLogins = () =>
  withTenant(server.database.db, server.ctx.tenant.id, (tx) =>
    tx
      .selectFrom('audit_log')
      .select(['actor_id', 'outcome', 'via', 'detail'])
      .where('action', '=', 'auth.login')
      .orderBy('id')
      .execute(),
  );

beforeAll(async () => {
  idp = await startTestOidcProvider([
    { subject: 'ana-7f3c', email: 'Ana.Lopez@example.test', name: 'Ana López' },
    { subject: 'stranger-1', email: 'stranger@example.test' },
    { subject: 'unverified-1', email: 'bruno@example.test', emailVerified: false },
    { subject: 'carla-2', email: 'carla@example.test' },
  ]);
  server = await startTestServer({
    credentials: 'none',
    webDist: null,
    clock: () => new Date(Date.parse(`${TEST_AS_OF}T10:00:00Z`) + clockOffsetMs),
    sso: [{ name: PROVIDER, tenant: 'demo', issuer: idp.issuer, label: 'Sign in with Contoso', ...CLIENT }],
  });
  idp.register({ ...CLIENT, redirectUris: [`${server.baseUrl}/api/v1/auth/sso/${PROVIDER}/callback`] });
  const tenant = server.ctx.tenant;
  await createTestUser(server.database, tenant, {
    username: 'ana',
    roles: ['collector'],
    email: 'ana.lopez@example.test',
    password: null,
  });
  await createTestUser(server.database, tenant, {
    username: 'bruno',
    roles: ['collector'],
    email: 'bruno@example.test',
    password: null,
  });
  await createTestUser(server.database, tenant, {
    username: 'carla',
    roles: ['collector'],
    email: 'carla@example.test',
    password: null,
  });
  await withTenant(server.database.db, tenant.id, (tx) => updateUser(tx, 'carla', { status: 'disabled' }));
}, 60_000);

afterAll(async () => {
  await server?.close();
  await idp?.close();
});

describe(`single sign-on with OpenID Connect (${databaseLabel})`, () => {
  it('lists the providers for the login page, by tenant', async () => {
    const all = await fetch(`${server.baseUrl}/api/v1/auth/sso/providers`);
    expect(all.status).toBe(200);
    expect(await all.json()).toEqual([{ name: PROVIDER, label: 'Sign in with Contoso' }]);
    const other = await fetch(`${server.baseUrl}/api/v1/auth/sso/providers?tenant=elsewhere`);
    expect(await other.json()).toEqual([]);
  });

  it('starts with a redirect to the provider: code flow, PKCE S256, state and nonce', async () => {
    const response = await fetch(`${server.baseUrl}/api/v1/auth/sso/${PROVIDER}/start`, {
      redirect: 'manual',
    });
    expect(response.status).toBe(302);
    const to = new URL(response.headers.get('location')!);
    expect(to.origin).toBe(idp.issuer);
    expect(Object.fromEntries(to.searchParams)).toMatchObject({
      client_id: CLIENT.clientId,
      response_type: 'code',
      scope: 'openid email profile',
      code_challenge_method: 'S256',
      redirect_uri: `${server.baseUrl}/api/v1/auth/sso/${PROVIDER}/callback`,
    });
    expect(to.searchParams.get('state')).toBeTruthy();
    expect(to.searchParams.get('nonce')).toBeTruthy();
    expect(to.searchParams.get('code_challenge')).toBeTruthy();
  });

  it('signs a known person in by verified email, links the identity, and lands on the page asked for', async () => {
    const browser: Browser = new Map();
    const landing = await signIn(browser, 'ana-7f3c', '/app/cases?phase=amicable');
    expect(landing.location.pathname + landing.location.search).toBe('/app/cases?phase=amicable');
    const token = sessionCookieOf(landing.callback);
    expect(token).not.toBeNull();
    const cookie = landing.callback!.headers.getSetCookie().find((c) => c.startsWith('quittance_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Secure/i);

    const answer = await me(token!);
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { user: { username: string }; mfaPending: boolean };
    expect(body.user.username).toBe('ana');
    expect(body.mfaPending).toBe(false);

    const linked = await withTenant(server.database.db, server.ctx.tenant.id, (tx) =>
      tx
        .selectFrom('users')
        .select(['sso_issuer', 'sso_subject'])
        .where('username', '=', 'ana')
        .executeTakeFirst(),
    );
    expect(linked).toEqual({ sso_issuer: idp.issuer, sso_subject: 'ana-7f3c' });

    const logins = await auditOfLogins();
    expect(logins.at(-1)).toMatchObject({ actor_id: 'ana', outcome: 'ok', via: 'sso' });
    expect(logins.at(-1)!.detail).toMatchObject({ method: 'sso', provider: PROVIDER, linked: true });
  });

  it('signs in again by the linked subject with a new session id, ending the session the browser had', async () => {
    const browser: Browser = new Map();
    const first = sessionCookieOf((await signIn(browser, 'ana-7f3c')).callback)!;
    const second = await signIn(browser, 'ana-7f3c');
    const token = sessionCookieOf(second.callback);
    expect(token).not.toBeNull();
    expect(token).not.toBe(first);
    expect(second.location.pathname).toBe('/app');
    expect((await me(token!)).status).toBe(200);
    expect((await me(first)).status).toBe(401);
    const last = (await auditOfLogins()).at(-1)!;
    expect(last.detail).toMatchObject({ method: 'sso', provider: PROVIDER, subject: 'ana-7f3c' });
    expect(last.detail).not.toHaveProperty('linked');
  });

  it('ignores a return address outside the app (no open redirect)', async () => {
    for (const returnTo of [
      'https://evil.example/app',
      '//evil.example/app',
      '/api/v1/cases',
      '/app\\@evil',
    ]) {
      const landing = await signIn(new Map(), 'ana-7f3c', returnTo);
      expect(landing.location.href).toBe(`${server.baseUrl}/app`);
    }
  });

  it('refuses an identity with no account, an unverified email, and a disabled account, without creating anyone', async () => {
    // An unverified email is not even looked up: bruno's account stays unlinked.
    for (const [login, username] of [
      ['stranger-1', null],
      ['unverified-1', null],
      ['carla-2', 'carla'],
    ] as const) {
      const landing = await signIn(new Map(), login);
      expect(landing.location.pathname + landing.location.search).toBe('/app/login?error=sso_unknown_user');
      expect(sessionCookieOf(landing.callback)).toBeNull();
      const refusal = (await auditOfLogins()).at(-1)!;
      expect(refusal).toMatchObject({ outcome: 'refused', via: 'sso' });
      expect(refusal.detail).toMatchObject({ method: 'sso', provider: PROVIDER, subject: login });
      if (username) expect(refusal.actor_id).toBe(username);
    }
    const users = await withTenant(server.database.db, server.ctx.tenant.id, (tx) =>
      tx.selectFrom('users').select(['username', 'sso_subject']).execute(),
    );
    expect(users.map((u) => u.username)).not.toContain('stranger-1');
    expect(users.find((u) => u.username === 'bruno')?.sso_subject).toBeNull();
  });

  it('refuses a callback with a tampered or replayed state', async () => {
    // Go through the provider, but stop at the callback to tamper with it.
    const browser: Browser = new Map();
    let url = new URL(`${server.baseUrl}/api/v1/auth/sso/${PROVIDER}/start`);
    let response = await send(browser, url);
    let callbackUrl: URL | null = null;
    for (let step = 0; step < 20 && !callbackUrl; step++) {
      if (response.status >= 300 && response.status < 400) {
        url = new URL(response.headers.get('location')!, url);
        if (url.pathname.endsWith('/callback')) callbackUrl = url;
        else response = await send(browser, url);
      } else {
        const { action, fields } = formOf(await response.text(), url);
        url = action;
        response = await send(browser, url, {
          method: 'POST',
          form: fields.prompt === 'login' ? { ...fields, login: 'ana-7f3c', password: 'x' } : fields,
        });
      }
    }
    expect(callbackUrl).not.toBeNull();

    const tampered = new URL(callbackUrl!);
    tampered.searchParams.set('state', `${callbackUrl!.searchParams.get('state')}x`);
    const refused = await send(browser, tampered);
    expect(refused.status).toBe(302);
    expect(refused.headers.get('location')).toBe('/app/login?error=sso_failed');
    expect(sessionCookieOf(refused)).toBeNull();
    expect((await auditOfLogins()).at(-1)).toMatchObject({
      outcome: 'failed',
      detail: { method: 'sso', reason: 'unknown state' },
    });

    // The genuine answer still works once, and only once.
    const genuine = await send(browser, callbackUrl!);
    expect(genuine.headers.get('location')).toBe('/app');
    expect(sessionCookieOf(genuine)).not.toBeNull();
    const replayed = await send(browser, callbackUrl!);
    expect(replayed.headers.get('location')).toBe('/app/login?error=sso_failed');
    expect(sessionCookieOf(replayed)).toBeNull();
  });

  it('refuses a login that took more than ten minutes to come back', async () => {
    const browser: Browser = new Map();
    const start = await send(browser, new URL(`${server.baseUrl}/api/v1/auth/sso/${PROVIDER}/start`));
    expect(start.status).toBe(302);
    clockOffsetMs = 11 * 60_000;
    try {
      let url = new URL(start.headers.get('location')!);
      let response = await send(browser, url);
      for (let step = 0; step < 20 && !url.pathname.endsWith('/callback'); step++) {
        if (response.status >= 300 && response.status < 400) {
          url = new URL(response.headers.get('location')!, url);
        } else {
          const { action, fields } = formOf(await response.text(), url);
          url = action;
          const form = fields.prompt === 'login' ? { ...fields, login: 'ana-7f3c', password: 'x' } : fields;
          response = await send(browser, url, { method: 'POST', form });
          continue;
        }
        response = await send(browser, url);
      }
      expect(url.pathname).toMatch(/\/callback$/);
      expect(response.headers.get('location')).toBe('/app/login?error=sso_failed');
      expect(sessionCookieOf(response)).toBeNull();
      expect((await auditOfLogins()).at(-1)).toMatchObject({
        outcome: 'failed',
        detail: { method: 'sso', reason: 'expired state' },
      });
    } finally {
      clockOffsetMs = 0;
    }
  });

  it('refuses a provider error and an unknown provider', async () => {
    const start = await fetch(`${server.baseUrl}/api/v1/auth/sso/${PROVIDER}/start`, { redirect: 'manual' });
    const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
    const denied = await fetch(
      `${server.baseUrl}/api/v1/auth/sso/${PROVIDER}/callback?error=access_denied&state=${state}&iss=${encodeURIComponent(idp.issuer)}`,
      { redirect: 'manual' },
    );
    expect(denied.headers.get('location')).toBe('/app/login?error=sso_failed');
    expect((await auditOfLogins()).at(-1)).toMatchObject({ outcome: 'failed', detail: { method: 'sso' } });

    const unknown = await fetch(`${server.baseUrl}/api/v1/auth/sso/nobody/start`, { redirect: 'manual' });
    expect(unknown.status).toBe(404);
  });
});
