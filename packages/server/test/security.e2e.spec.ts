import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importInvoiceFile } from '../src/application/import-invoices';
import { runCaseCommands } from '../src/application/cases.commands';
import { withTenant, type Tenant } from '../src/db/tenancy';
import { createSmtpMailer, type Mailer } from '../src/dunning/channels';
import { accessFor } from '../src/http/route-permissions';
import { startSmtpServer, type TestSmtpServer } from './support/smtp-server';
import { createTestTenant, databaseLabel, testContext } from './support/test-database';
import { startTestServer, type TestServer } from './support/test-server';
import { TEST_PASSWORD, createTestApiKey, createTestUser } from './support/test-users';

const FIXTURE = fileURLToPath(new URL('../../formats/src/invoices/fixtures/invoices-7.csv', import.meta.url));
const START = Date.parse('2026-11-20T10:00:00Z');

let now = START;
let server: TestServer;
let smtp: TestSmtpServer;
let mailer: Mailer;
let other: Tenant;
let otherCaseId: string;
let otherPartyId: string;
let otherTaskId: string;
let demoCaseId: string;

type Reply = { status: number; body: Record<string, unknown>; headers: Headers; cookie: string | null };

/** A browser's request: the session cookie and, for changes, the CSRF token. */
const call = async (
  method: string,
  path: string,
  options: {
    cookie?: string | null;
    csrf?: string | null;
    body?: unknown;
    bearer?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<Reply> => {
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.cookie) headers.cookie = `quittance_session=${options.cookie}`;
  if (options.csrf) headers['x-csrf-token'] = options.csrf;
  if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
  const response = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers,
    ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  const setCookie = response.headers.get('set-cookie');
  const cookie = setCookie ? (/quittance_session=([^;]*)/.exec(setCookie)?.[1] ?? null) : null;
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    headers: response.headers,
    cookie,
  };
};

const login = (username: string, password = TEST_PASSWORD, cookie?: string) =>
  call('POST', '/api/v1/auth/login', { body: { username, password }, cookie: cookie ?? null });

/** A signed-in session: its cookie and CSRF token. */
const signIn = async (username: string) => {
  const reply = await login(username);
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return { cookie: reply.cookie!, csrf: reply.body.csrfToken as string };
};

const totp = (secret: string, at = now) => generate({ secret, epoch: Math.floor(at / 1000) });

beforeAll(async () => {
  smtp = await startSmtpServer();
  mailer = createSmtpMailer({ url: smtp.url, requireTLS: false });
  server = await startTestServer({
    webDist: null,
    credentials: 'none',
    clock: () => new Date(now),
    channels: { mailer, sms: null },
  });
  const tenant = server.ctx.tenant;
  await createTestUser(server.database, tenant, { username: 'ada', roles: ['administrator'] });
  await createTestUser(server.database, tenant, {
    username: 'carl',
    roles: ['collector'],
    email: 'carl@example.test',
  });
  await createTestUser(server.database, tenant, { username: 'bruno', roles: ['collector'] });
  await createTestUser(server.database, tenant, { username: 'mfa.user', roles: ['collector'] });
  await createTestUser(server.database, tenant, { username: 'idle', roles: ['read-only'] });

  const bytes = readFileSync(FIXTURE);
  await importInvoiceFile({ ...server.ctx, actor: { kind: 'import', id: 'invoices-7.csv' } }, FIXTURE, bytes);
  demoCaseId = (
    await withTenant(server.database.db, tenant.id, (tx) =>
      tx.selectFrom('cases').select('id').orderBy('number').executeTakeFirstOrThrow(),
    )
  ).id;

  other = await createTestTenant(server.database, 'other');
  const otherCtx = testContext(server.database, other, { actor: { kind: 'import', id: 'other.csv' } });
  await importInvoiceFile(otherCtx, FIXTURE, bytes);
  const otherCase = await withTenant(server.database.db, other.id, (tx) =>
    tx.selectFrom('cases').select(['id', 'debtor_party_id']).orderBy('number').executeTakeFirstOrThrow(),
  );
  otherCaseId = otherCase.id;
  otherPartyId = otherCase.debtor_party_id!;
  otherTaskId = '01a2ffff-0000-7000-8000-000000000001';
  await runCaseCommands(otherCtx, otherCaseId, [
    {
      type: 'CreateTask',
      data: {
        taskId: otherTaskId,
        title: 'Call',
        taskType: 'call',
        assignee: null,
        due: '2026-11-20',
        priority: 'normal',
      },
    },
  ]);
}, 120_000);

afterAll(async () => {
  await server?.close();
  await mailer?.close();
  await smtp?.close();
});

describe(`sign-in and sessions (${databaseLabel})`, () => {
  it('issues an HttpOnly, Secure, SameSite session cookie and a new session id at every login', async () => {
    const raw = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'bruno', password: TEST_PASSWORD }),
    });
    const setCookie = raw.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/quittance_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/Secure/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const first = /quittance_session=([^;]*)/.exec(setCookie)![1]!;

    // Signing in again from the same browser: another id, and the old one no longer works.
    const second = await login('bruno', TEST_PASSWORD, first);
    expect(second.status).toBe(200);
    expect(second.cookie).toBeTruthy();
    expect(second.cookie).not.toBe(first);
    expect((await call('GET', '/api/v1/auth/me', { cookie: first })).status).toBe(401);
    const me = await call('GET', '/api/v1/auth/me', { cookie: second.cookie });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ user: { username: 'bruno' }, via: 'session', mfaPending: false });
    expect(me.body.menu).toContainEqual({ id: 'agenda', path: '/app/agenda' });
    expect(me.body.menu).not.toContainEqual(expect.objectContaining({ id: 'users' }));
  });

  it('answers the same for an unknown user and a wrong password, and a request without session is 401', async () => {
    const unknown = await login('nobody-at-all', 'whatever it is');
    const wrong = await login('ada', 'not the password!');
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body.detail).toBe(wrong.body.detail);
    expect((await call('GET', '/api/v1/cases')).status).toBe(401);
    // Ada's count of failures starts again at her next good login.
    expect((await login('ada')).status).toBe(200);
  });

  it('slows password guessing down, then locks the account, and tells the audit log', async () => {
    for (let i = 1; i <= 3; i++) expect((await login('carl', `guess number ${i}!`)).status).toBe(401);
    // The fourth guess straight away is not even tried.
    const slowed = await login('carl', 'guess number 4!');
    expect(slowed.status).toBe(429);
    expect(Number(slowed.headers.get('retry-after'))).toBeGreaterThan(0);
    // Even the right password waits.
    expect((await login('carl')).status).toBe(429);
    now += Number(slowed.headers.get('retry-after')) * 1000;
    expect((await login('carl', 'guess number 4!')).status).toBe(401);
    now += 2_000;
    const locked = await login('carl', 'guess number 5!');
    expect(locked.status).toBe(423);
    expect(locked.body.code).toBe('account_locked');
    // Locked: the right password is refused too, long after the slow-down has passed.
    now += 5 * 60_000;
    expect((await login('carl')).status).toBe(423);
    now += 11 * 60_000;
    expect((await login('carl')).status).toBe(200);

    const admin = await signIn('ada');
    const audit = await call('GET', '/api/v1/audit?action=auth.login&target=carl&limit=20', {
      cookie: admin.cookie,
    });
    const items = audit.body.items as { outcome: string; detail: { reason?: string }; originIp: string }[];
    expect(items.filter((i) => i.outcome === 'refused').length).toBeGreaterThanOrEqual(5);
    expect(items.some((i) => i.detail.reason === 'wrong password; account locked')).toBe(true);
    expect(items.some((i) => i.detail.reason === 'locked')).toBe(true);
    expect(items[0]).toMatchObject({ outcome: 'ok', originIp: expect.stringMatching(/127\.0\.0\.1/) });
  });

  it('ends a session after 30 idle minutes, and any session 12 hours after login', async () => {
    const idle = await signIn('idle');
    now += 29 * 60_000;
    expect((await call('GET', '/api/v1/auth/me', { cookie: idle.cookie })).status).toBe(200);
    now += 29 * 60_000;
    expect((await call('GET', '/api/v1/auth/me', { cookie: idle.cookie })).status).toBe(200);
    now += 31 * 60_000;
    expect((await call('GET', '/api/v1/auth/me', { cookie: idle.cookie })).status).toBe(401);

    const busy = await signIn('idle');
    for (let hours = 0; hours < 12 * 3; hours++) {
      now += 20 * 60_000;
      const reply = await call('GET', '/api/v1/auth/me', { cookie: busy.cookie });
      if (hours < 12 * 3 - 1) expect(reply.status, `after ${(hours + 1) * 20} minutes`).toBe(200);
      else expect(reply.status).toBe(401);
    }
  });

  it('logs out: the cookie stops working', async () => {
    const session = await signIn('bruno');
    expect(
      (await call('POST', '/api/v1/auth/logout', { cookie: session.cookie, csrf: session.csrf })).status,
    ).toBe(200);
    expect((await call('GET', '/api/v1/auth/me', { cookie: session.cookie })).status).toBe(401);
  });
});

describe('two-factor sign-in (TOTP)', () => {
  it('enrols with a QR code, then asks for the code at login, never accepts a code twice, and takes a recovery code once', async () => {
    const session = await signIn('mfa.user');
    const enrol = await call('POST', '/api/v1/auth/mfa/enrol', {
      cookie: session.cookie,
      csrf: session.csrf,
    });
    expect(enrol.status).toBe(200);
    const secret = enrol.body.secret as string;
    expect(enrol.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/Quittance:mfa\.user/);
    expect(enrol.body.qrSvg).toMatch(/^<svg/);
    expect(
      (
        await call('POST', '/api/v1/auth/mfa/confirm', {
          cookie: session.cookie,
          csrf: session.csrf,
          body: { code: '000000' },
        })
      ).status,
    ).toBe(422);
    const confirmed = await call('POST', '/api/v1/auth/mfa/confirm', {
      cookie: session.cookie,
      csrf: session.csrf,
      body: { code: await totp(secret) },
    });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    const recovery = confirmed.body.recoveryCodes as string[];
    expect(recovery).toHaveLength(10);

    // Next login: the password alone opens nothing.
    now += 30_000;
    const first = await login('mfa.user');
    expect(first.body.mfaRequired).toBe(true);
    expect((await call('GET', '/api/v1/cases', { cookie: first.cookie })).body.code).toBe('mfa_required');
    const pending = await call('GET', '/api/v1/auth/me', { cookie: first.cookie });
    expect(pending.body).toMatchObject({ mfaPending: true, permissions: [], menu: [] });
    const code = await totp(secret);
    const verified = await call('POST', '/api/v1/auth/mfa/verify', {
      cookie: first.cookie,
      csrf: first.body.csrfToken as string,
      body: { code },
    });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    expect(verified.cookie).toBeTruthy();
    expect(verified.cookie).not.toBe(first.cookie);
    expect((await call('GET', '/api/v1/cases', { cookie: verified.cookie })).status).toBe(200);
    expect((await call('GET', '/api/v1/cases', { cookie: first.cookie })).status).toBe(401);

    // The same code again (a replay within its 30 seconds) is refused.
    const again = await login('mfa.user');
    const replay = await call('POST', '/api/v1/auth/mfa/verify', {
      cookie: again.cookie,
      csrf: again.body.csrfToken as string,
      body: { code },
    });
    expect(replay.status).toBe(401);
    // A recovery code works once.
    const withRecovery = await call('POST', '/api/v1/auth/mfa/verify', {
      cookie: again.cookie,
      csrf: again.body.csrfToken as string,
      body: { code: recovery[0]! },
    });
    expect(withRecovery.status).toBe(200);
    const third = await login('mfa.user');
    expect(
      (
        await call('POST', '/api/v1/auth/mfa/verify', {
          cookie: third.cookie,
          csrf: third.body.csrfToken as string,
          body: { code: recovery[0]! },
        })
      ).status,
    ).toBe(401);
  });
});

describe('password reset by email', () => {
  it('mails a single-use link over SMTP; the new password works, the old one and the old sessions do not', async () => {
    await createTestUser(server.database, server.ctx.tenant, {
      username: 'rita',
      roles: ['collector'],
      email: 'rita@example.test',
    });
    const old = await signIn('rita');
    const before = smtp.messages().length;
    expect(
      (await call('POST', '/api/v1/auth/password/forgot', { body: { username: 'rita@example.test' } }))
        .status,
    ).toBe(202);
    // An unknown account gets the same answer and no mail.
    expect(
      (await call('POST', '/api/v1/auth/password/forgot', { body: { username: 'nobody' } })).status,
    ).toBe(202);
    const [mail] = (await smtp.waitFor(before + 1)).slice(before);
    expect(mail!.to).toBeTruthy();
    expect(mail!.subject).toMatch(/reset your password/);
    const token = decodeURIComponent(/#token=([^\s]+)/.exec(mail!.text ?? '')![1]!);

    expect(
      (await call('POST', '/api/v1/auth/password/reset', { body: { token, password: 'short' } })).status,
    ).toBe(422);
    const reset = await call('POST', '/api/v1/auth/password/reset', {
      body: { token, password: 'a brand new passphrase' },
    });
    expect(reset.status, JSON.stringify(reset.body)).toBe(200);
    expect(
      (
        await call('POST', '/api/v1/auth/password/reset', {
          body: { token, password: 'yet another passphrase' },
        })
      ).status,
    ).toBe(422);
    expect((await call('GET', '/api/v1/auth/me', { cookie: old.cookie })).status).toBe(401);
    expect((await login('rita')).status).toBe(401);
    expect((await login('rita', 'a brand new passphrase')).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(smtp.messages().length).toBe(before + 1);
  });
});

describe('authorisation', () => {
  it('requires a permission for every route of the API (none is left open by mistake)', async () => {
    const doc = (await (await fetch(`${server.baseUrl}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const uncovered: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const method of Object.keys(methods)) {
        const route = path.replace(/\{([^}]+)\}/g, ':$1');
        if (accessFor(method.toUpperCase(), route) === undefined)
          uncovered.push(`${method.toUpperCase()} ${path}`);
      }
    }
    // Routes served outside the OpenAPI document (files, DMN, a mail webhook).
    for (const [method, route] of [
      ['GET', '/api/v1/documents/:id'],
      ['POST', '/api/v1/messages/bounces'],
      ['GET', '/api/v1/rule-sets/:version/decisions/:table/dmn'],
      ['POST', '/api/v1/rule-sets/:version/decisions/dmn'],
    ] as const) {
      if (accessFor(method, route) === undefined) uncovered.push(`${method} ${route}`);
    }
    expect(uncovered).toEqual([]);
    expect(Object.keys(doc.paths).length).toBeGreaterThan(80);
  });

  it("refuses a collector the administrator's routes, and lets her work her cases", async () => {
    const collector = await signIn('bruno');
    const as = (method: string, path: string, body?: unknown) =>
      call(method, path, {
        cookie: collector.cookie,
        csrf: collector.csrf,
        ...(body !== undefined && { body }),
      });
    for (const [method, path, body] of [
      ['GET', '/api/v1/users'],
      ['POST', '/api/v1/users', { username: 'sneaky', displayName: 'Sneaky', roles: ['administrator'] }],
      ['PUT', '/api/v1/roles/collector', { name: 'Collector', permissions: ['users:manage'] }],
      ['GET', '/api/v1/audit'],
      ['POST', '/api/v1/api-keys', { name: 'mine', scopes: ['cases:read'] }],
      ['PUT', '/api/v1/companies/X', { name: 'X' }],
      ['POST', '/api/v1/ledger/validate', {}],
      ['POST', '/api/v1/dunning/runs', {}],
    ] as const) {
      const reply = await as(method, path, body);
      expect(reply.status, `${method} ${path}: ${JSON.stringify(reply.body)}`).toBe(403);
      expect(reply.body.code).toBe('forbidden');
    }
    expect((await as('GET', '/api/v1/cases')).status).toBe(200);
    const note = await as('POST', `/api/v1/cases/${demoCaseId}/notes`, { text: 'Called: will pay Friday.' });
    expect(note.status, JSON.stringify(note.body)).toBe(201);

    const admin = await signIn('ada');
    const audit = await call('GET', '/api/v1/audit?actor=bruno&outcome=refused', { cookie: admin.cookie });
    expect((audit.body.items as { target: { id: string } }[]).map((i) => i.target.id)).toContain(
      '/api/v1/users',
    );
    const change = await call('GET', `/api/v1/audit?actor=bruno&action=case.NoteAdded`, {
      cookie: admin.cookie,
    });
    expect(change.body.items).toEqual([
      expect.objectContaining({
        target: { type: 'case', id: demoCaseId },
        via: 'web',
        originIp: expect.stringMatching(/127\.0\.0\.1/),
        detail: expect.objectContaining({
          data: expect.objectContaining({ text: 'Called: will pay Friday.' }),
        }),
      }),
    ]);
  });

  it('refuses a change made with the session cookie but without its CSRF token, or from another site', async () => {
    const admin = await signIn('ada');
    const body = {
      name: 'Senior collector',
      permissions: ['cases:read', 'cases:write', 'agreements:approve'],
    };
    const without = await call('PUT', '/api/v1/roles/senior-collector', { cookie: admin.cookie, body });
    expect(without.status).toBe(403);
    expect(without.body.code).toBe('csrf');
    const wrong = await call('PUT', '/api/v1/roles/senior-collector', {
      cookie: admin.cookie,
      csrf: 'forged',
      body,
    });
    expect(wrong.status).toBe(403);
    const crossSite = await call('PUT', '/api/v1/roles/senior-collector', {
      cookie: admin.cookie,
      csrf: admin.csrf,
      body,
      headers: { origin: 'https://evil.example' },
    });
    expect(crossSite.status).toBe(403);
    const roles = await call('GET', '/api/v1/roles', { cookie: admin.cookie });
    expect((roles.body.items as { code: string }[]).map((r) => r.code)).not.toContain('senior-collector');
    const ok = await call('PUT', '/api/v1/roles/senior-collector', {
      cookie: admin.cookie,
      csrf: admin.csrf,
      body,
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  });

  it('lets an API key do only what its scopes allow, until it is revoked', async () => {
    const key = await createTestApiKey(server.database, server.ctx.tenant, 'ada', ['cases:read']);
    expect((await call('GET', '/api/v1/cases', { bearer: key })).status).toBe(200);
    expect(
      (await call('POST', `/api/v1/cases/${demoCaseId}/notes`, { bearer: key, body: { text: 'x' } })).status,
    ).toBe(403);
    expect((await call('GET', '/api/v1/ledger/trial-balance', { bearer: key })).status).toBe(403);
    expect((await call('GET', '/api/v1/users', { bearer: key })).status).toBe(403);
    // No CSRF for a key: it is not sent by browsers on their own.
    const writer = await createTestApiKey(server.database, server.ctx.tenant, 'ada', [
      'cases:read',
      'cases:write',
    ]);
    expect(
      (
        await call('POST', `/api/v1/cases/${demoCaseId}/notes`, {
          bearer: writer,
          body: { text: 'From the ERP' },
        })
      ).status,
    ).toBe(201);

    const admin = await signIn('ada');
    const keys = await call('GET', '/api/v1/api-keys', { cookie: admin.cookie });
    const listed = keys.body.items as { id: string; scopes: string[]; prefix: string }[];
    expect(JSON.stringify(listed)).not.toContain(key.split('.').pop()!);
    const mine = listed.find((k) => k.scopes.length === 1 && k.scopes[0] === 'cases:read')!;
    expect(
      (await call('POST', `/api/v1/api-keys/${mine.id}/revoke`, { cookie: admin.cookie, csrf: admin.csrf }))
        .status,
    ).toBe(200);
    expect((await call('GET', '/api/v1/cases', { bearer: key })).status).toBe(401);
    expect((await call('GET', '/api/v1/cases', { bearer: 'qk.not-a-key' })).status).toBe(401);

    // A key never grants more than its owner holds.
    const beyond = await call('POST', '/api/v1/api-keys', {
      cookie: admin.cookie,
      csrf: admin.csrf,
      body: { name: 'too much', owner: 'bruno', scopes: ['ledger:write'] },
    });
    expect(beyond.status).toBe(403);
  });
});

describe(`tenant isolation (${databaseLabel})`, () => {
  it("answers 404 to every read route given another tenant's ids", async () => {
    const key = await createTestApiKey(server.database, server.ctx.tenant, 'ada');
    const doc = (await (await fetch(`${server.baseUrl}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const tried: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      // Routes keyed by a record's UUID (templates and rule sets are keyed by code and version).
      if (
        !('get' in methods) ||
        !/\{(id|taskId)\}/.test(path) ||
        path.startsWith('/api/v1/dunning/templates')
      )
        continue;
      const url = path
        .replace('{taskId}', otherTaskId)
        .replace('{id}', path.startsWith('/api/v1/parties/') ? otherPartyId : otherCaseId)
        .replace(/\{[^}]+\}/g, 'x');
      const reply = await call('GET', url, { bearer: key });
      tried.push(url);
      expect(reply.status, `GET ${url}: ${JSON.stringify(reply.body)}`).toBe(404);
    }
    expect(tried.length).toBeGreaterThan(5);
  });

  it("answers 404 to changes on another tenant's case, party or task, and changes nothing there", async () => {
    const key = await createTestApiKey(server.database, server.ctx.tenant, 'ada');
    const eventsOf = () =>
      withTenant(server.database.db, other.id, (tx) =>
        tx
          .selectFrom('events')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow(),
      );
    const before = Number((await eventsOf()).n);
    for (const [path, body] of [
      [`/api/v1/cases/${otherCaseId}/notes`, { text: 'wrong tenant' }],
      [`/api/v1/cases/${otherCaseId}/tasks`, { title: 'x', taskType: 'call', due: '2026-11-30' }],
      [`/api/v1/tasks/${otherTaskId}/complete`, { outcome: 'done' }],
      [
        `/api/v1/cases/${otherCaseId}/payments`,
        { amount: { amount: '10.00', currency: 'EUR' }, receivedOn: '2026-11-20', method: 'bank_transfer' },
      ],
      [
        `/api/v1/cases/${otherCaseId}/promises`,
        { amount: '10.00', promisedFor: '2026-11-30', channel: 'phone' },
      ],
      [`/api/v1/cases/${otherCaseId}/manual-mode`, { manual: true }],
    ] as const) {
      const reply = await call('POST', path, { bearer: key, body });
      expect([400, 404], `POST ${path}: ${JSON.stringify(reply.body)}`).toContain(reply.status);
      if (reply.status === 400)
        throw new Error(`POST ${path} was refused for its body, not its id: ${JSON.stringify(reply.body)}`);
    }
    expect(Number((await eventsOf()).n)).toBe(before);
  });

  it("makes the database itself refuse: another tenant's rows are invisible and cannot be written", async () => {
    const db = server.database.db;
    const mine = server.ctx.tenant;
    const seen = await withTenant(db, mine.id, (tx) =>
      tx.selectFrom('users').select('username').where('tenant_id', '=', other.id).execute(),
    );
    expect(seen).toEqual([]);
    const moved = await withTenant(db, mine.id, (tx) =>
      tx.updateTable('cases').set({ manager: 'intruder' }).where('id', '=', otherCaseId).executeTakeFirst(),
    );
    expect(Number(moved.numUpdatedRows)).toBe(0);
    await expect(
      withTenant(db, mine.id, (tx) =>
        tx
          .insertInto('users')
          .values({
            tenant_id: other.id,
            id: '01a2ffff-0000-7000-8000-0000000000aa',
            username: 'intruder',
            display_name: 'x',
            roles: ['administrator'],
          })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
    // Every table with a tenant column is forced under a policy (the owner obeys it too).
    const unprotected = await sql<{ relname: string }>`
      select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r'
        and exists (select from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id')
        and not (c.relrowsecurity and c.relforcerowsecurity)`.execute(db);
    expect(unprotected.rows).toEqual([]);
  });

  it('keeps the audit log append-only, even for the database owner', async () => {
    const db = server.database.db;
    await expect(
      withTenant(db, server.ctx.tenant.id, (tx) =>
        tx
          .updateTable('audit_log')
          .set({ actor_id: 'someone else' } as never)
          .execute(),
      ),
    ).rejects.toThrow();
    await expect(
      withTenant(db, server.ctx.tenant.id, (tx) => tx.deleteFrom('audit_log').execute()),
    ).rejects.toThrow();
    await expect(sql`delete from audit_log`.execute(db)).rejects.toThrow(/append-only/);
  });
});
