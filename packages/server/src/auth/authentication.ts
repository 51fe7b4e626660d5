import { toString as qrSvg } from 'qrcode';
import { generateSecret, generateURI, verify as verifyTotp } from 'otplib';
import { v7 as uuidv7 } from 'uuid';
import { DomainError } from '@quittance/domain';
import type { Db } from '../db/database';
import { withTenant, type Tenant, type Tx } from '../db/tenancy';
import { recordAudit, type Origin } from '../audit/audit-log';
import type { Mailer } from '../dunning/channels';
import { findUser, permissionsOfRoles, setPassword, type UserRow } from './accounts';
import type { Permission } from './permissions';
import { isPermission } from './permissions';
import { randomToken, sameSecret, sha256, verifyPassword } from './secrets';

export type AuthSettings = {
  /** A session unused this long ends (OWASP: 15–30 minutes for sensitive data). */
  readonly idleMinutes: number;
  /** A session ends this long after login, used or not. */
  readonly absoluteHours: number;
  /** Consecutive failed logins (or MFA codes) that lock the account. */
  readonly maxFailures: number;
  readonly lockMinutes: number;
  readonly resetMinutes: number;
  /** The name shown in authenticator apps. */
  readonly issuer: string;
};

export const DEFAULT_AUTH: AuthSettings = {
  idleMinutes: 30,
  absoluteHours: 12,
  maxFailures: 5,
  lockMinutes: 15,
  resetMinutes: 30,
  issuer: 'Quittance',
};

/** Who is calling, established once per request. */
export type Principal = {
  readonly tenant: Tenant;
  readonly user: { readonly id: string; readonly username: string; readonly displayName: string };
  readonly roles: readonly string[];
  readonly permissions: ReadonlySet<Permission>;
  readonly via: 'session' | 'api-key';
  /** Sessions only: the token's hash (its id in the store) and the CSRF token it carries. */
  readonly sessionId?: string;
  readonly csrfToken?: string;
  /** A password session of an MFA user before the code: it may only finish the login. */
  readonly mfaPending: boolean;
  readonly method?: string;
  readonly apiKeyId?: string;
};

/** Secrets carry their tenant: `<tenant id>.<random>`. A token shown to another tenant finds nothing. */
const TOKEN = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{20,})$/;
export const API_KEY_PREFIX = 'qk.';

const splitToken = (token: string): { tenantId: string; secret: string } | null => {
  const match = TOKEN.exec(token);
  return match ? { tenantId: match[1]!, secret: match[2]! } : null;
};

const minutes = (n: number) => n * 60_000;

const genericRefusal = () => new DomainError('unauthenticated', 'wrong user name or password');

export type LoginResult = {
  readonly token: string;
  readonly csrfToken: string;
  readonly mfaPending: boolean;
  readonly user: UserRow;
};

type Client = { readonly ip: string | null; readonly userAgent: string | null };

const newSession = async (
  tx: Tx,
  tenant: Tenant,
  user: { id: string },
  options: { method: string; mfaPending: boolean; now: Date; settings: AuthSettings; client: Client },
): Promise<{ token: string; csrfToken: string }> => {
  const secret = randomToken();
  const csrfToken = randomToken();
  await tx
    .insertInto('sessions')
    .values({
      tenant_id: tenant.id,
      token_hash: sha256(secret),
      user_id: user.id,
      csrf_token: csrfToken,
      method: options.method,
      mfa_pending: options.mfaPending,
      created_at: options.now,
      last_seen_at: options.now,
      expires_at: new Date(options.now.getTime() + options.settings.absoluteHours * 3_600_000),
      ip: options.client.ip,
      user_agent: options.client.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return { token: `${tenant.id}.${secret}`, csrfToken };
};

/** Opens a session for a user found by other means (single sign-on); always a fresh id. */
export const openSession = (
  tx: Tx,
  tenant: Tenant,
  user: { id: string },
  options: { method: string; now: Date; settings?: AuthSettings; client: Client },
) =>
  newSession(tx, tenant, user, {
    method: options.method,
    mfaPending: false,
    now: options.now,
    settings: options.settings ?? DEFAULT_AUTH,
    client: options.client,
  });

/**
 * Password login. Locked accounts are refused before the password is even checked; each failure
 * counts, and `maxFailures` in a row lock the account for `lockMinutes`. The answer never says
 * whether the user exists. Success always issues a new session id (no fixation), and revokes the
 * session the browser came with.
 */
export const passwordLogin = async (
  db: Db,
  tenant: Tenant,
  request: { username: string; password: string; previousToken?: string | undefined },
  options: { now: Date; settings: AuthSettings; client: Client },
): Promise<LoginResult> => {
  const { now, settings, client } = options;
  const origin: Origin = { ip: client.ip, via: 'web' };
  const outcome = await withTenant(db, tenant.id, async (tx) => {
    const login = request.username.trim().toLowerCase();
    const row = await tx
      .selectFrom('users')
      .select([
        'id',
        'username',
        'password_hash',
        'status',
        'failed_logins',
        'locked_until',
        'mfa_enabled_at',
      ])
      .where((eb) => eb.or([eb('username', '=', login), eb(eb.fn('lower', ['email']), '=', login)]))
      .executeTakeFirst();
    const audit = (outcomeKind: 'ok' | 'refused', reason: string | null) =>
      recordAudit(tx, {
        tenantId: tenant.id,
        at: now,
        actor: { kind: 'user', id: row?.username ?? login },
        origin,
        action: 'auth.login',
        target: row ? { type: 'user', id: row.username } : null,
        outcome: outcomeKind,
        detail: reason ? { reason } : {},
      });
    if (row?.locked_until && new Date(row.locked_until) > now) {
      await audit('refused', 'locked');
      return { kind: 'locked' as const, until: new Date(row.locked_until) };
    }
    const valid = await verifyPassword(row?.password_hash ?? null, request.password);
    if (!row || !valid) {
      if (row) {
        const failures = row.failed_logins + 1;
        const lock = failures >= settings.maxFailures;
        await tx
          .updateTable('users')
          .set({
            failed_logins: lock ? 0 : failures,
            locked_until: lock ? new Date(now.getTime() + minutes(settings.lockMinutes)) : null,
          })
          .where('id', '=', row.id)
          .execute();
        await audit('refused', lock ? 'wrong password; account locked' : 'wrong password');
        if (lock)
          return { kind: 'locked' as const, until: new Date(now.getTime() + minutes(settings.lockMinutes)) };
      } else {
        await audit('refused', 'unknown user');
      }
      return { kind: 'refused' as const };
    }
    if (row.status !== 'active') {
      await audit('refused', 'account disabled');
      return { kind: 'refused' as const };
    }
    await tx
      .updateTable('users')
      .set({ failed_logins: 0, locked_until: null, last_login_at: now })
      .where('id', '=', row.id)
      .execute();
    if (request.previousToken) await revokeToken(tx, tenant, request.previousToken, now);
    const mfaPending = row.mfa_enabled_at !== null;
    const session = await newSession(tx, tenant, row, {
      method: 'password',
      mfaPending,
      now,
      settings,
      client,
    });
    await audit('ok', mfaPending ? 'password accepted; waiting for the MFA code' : null);
    return { kind: 'ok' as const, ...session, mfaPending, user: (await findUser(tx, row.id))! };
  });
  if (outcome.kind === 'locked') {
    throw new DomainError(
      'account_locked',
      `too many failed attempts: the account is locked until ${outcome.until.toISOString()}`,
      { until: outcome.until.toISOString() },
    );
  }
  if (outcome.kind === 'refused') throw genericRefusal();
  return outcome;
};

const revokeToken = async (tx: Tx, tenant: Tenant, token: string, now: Date) => {
  const parts = splitToken(token);
  if (!parts || parts.tenantId !== tenant.id) return;
  await tx
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('token_hash', '=', sha256(parts.secret))
    .where('revoked_at', 'is', null)
    .execute();
};

export const logout = async (db: Db, token: string, now: Date, resolveTenantById: TenantById) => {
  const parts = splitToken(token);
  if (!parts) return;
  const tenant = await resolveTenantById(parts.tenantId);
  if (!tenant) return;
  await withTenant(db, tenant.id, async (tx) => {
    const session = await tx
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select(['u.username'])
      .where('s.token_hash', '=', sha256(parts.secret))
      .executeTakeFirst();
    await revokeToken(tx, tenant, token, now);
    if (session) {
      await recordAudit(tx, {
        tenantId: tenant.id,
        at: now,
        actor: { kind: 'user', id: session.username },
        action: 'auth.logout',
        target: { type: 'user', id: session.username },
      });
    }
  });
};

export type TenantById = (id: string) => Promise<Tenant | undefined>;

const principalOf = async (
  tx: Tx,
  tenant: Tenant,
  user: { id: string; username: string; display_name: string; roles: string[] },
  extra: Omit<Principal, 'tenant' | 'user' | 'roles' | 'permissions'>,
  scopes?: readonly string[],
): Promise<Principal> => {
  const granted = await permissionsOfRoles(tx, user.roles);
  const permissions = scopes ? new Set([...granted].filter((p) => scopes.includes(p))) : granted;
  return {
    tenant,
    user: { id: user.id, username: user.username, displayName: user.display_name },
    roles: user.roles,
    permissions,
    ...extra,
  };
};

/**
 * The session behind a cookie, if it is still alive: not revoked, within the absolute lifetime,
 * used within the idle timeout, its user active. Each use moves the idle deadline.
 */
export const sessionPrincipal = async (
  db: Db,
  token: string,
  options: { now: Date; settings: AuthSettings; resolveTenantById: TenantById },
): Promise<Principal | null> => {
  const parts = splitToken(token);
  if (!parts) return null;
  const tenant = await options.resolveTenantById(parts.tenantId);
  if (!tenant) return null;
  return withTenant(db, tenant.id, async (tx) => {
    const hash = sha256(parts.secret);
    const row = await tx
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select([
        's.csrf_token',
        's.mfa_pending',
        's.method',
        's.last_seen_at',
        's.expires_at',
        's.revoked_at',
        'u.id',
        'u.username',
        'u.display_name',
        'u.roles',
        'u.status',
      ])
      .where('s.token_hash', '=', hash)
      .executeTakeFirst();
    if (!row || row.revoked_at || row.status !== 'active') return null;
    const now = options.now.getTime();
    const idleDeadline = new Date(row.last_seen_at).getTime() + minutes(options.settings.idleMinutes);
    if (now >= new Date(row.expires_at).getTime() || now >= idleDeadline) {
      await tx
        .updateTable('sessions')
        .set({ revoked_at: options.now })
        .where('token_hash', '=', hash)
        .execute();
      return null;
    }
    if (now - new Date(row.last_seen_at).getTime() > 30_000) {
      await tx
        .updateTable('sessions')
        .set({ last_seen_at: options.now })
        .where('token_hash', '=', hash)
        .execute();
    }
    return principalOf(tx, tenant, row, {
      via: 'session',
      sessionId: hash,
      csrfToken: row.csrf_token,
      mfaPending: row.mfa_pending,
      method: row.method,
    });
  });
};

const totpOptions = (secret: string, token: string, now: Date) => ({
  secret,
  token,
  epoch: Math.floor(now.getTime() / 1000),
  epochTolerance: 30,
});

const checkTotp = async (secret: string, code: string, now: Date): Promise<number | null> => {
  if (!/^\d{6}$/.test(code)) return null;
  const result = await verifyTotp(totpOptions(secret, code, now));
  if (!result.valid) return null;
  const delta = 'delta' in result && typeof result.delta === 'number' ? result.delta : 0;
  return Math.floor(now.getTime() / 30_000) + delta;
};

/**
 * Second step of a password login: a TOTP code (never the same time step twice) or one of the
 * recovery codes (each works once). Success rotates the session id again; failures count
 * towards the lock-out like wrong passwords.
 */
export const completeMfa = async (
  db: Db,
  principal: Principal,
  code: string,
  options: { now: Date; settings: AuthSettings; client: Client },
): Promise<{ token: string; csrfToken: string }> => {
  const { now, settings, client } = options;
  const tenant = principal.tenant;
  const outcome = await withTenant(db, tenant.id, async (tx) => {
    const row = await tx
      .selectFrom('users')
      .select([
        'id',
        'username',
        'mfa_secret',
        'mfa_last_step',
        'recovery_codes',
        'failed_logins',
        'locked_until',
      ])
      .where('id', '=', principal.user.id)
      .executeTakeFirstOrThrow();
    const audit = (outcomeKind: 'ok' | 'refused', reason: string) =>
      recordAudit(tx, {
        tenantId: tenant.id,
        at: now,
        actor: { kind: 'user', id: row.username },
        origin: { ip: client.ip, via: 'web' },
        action: 'auth.mfa',
        target: { type: 'user', id: row.username },
        outcome: outcomeKind,
        detail: { reason },
      });
    if (row.locked_until && new Date(row.locked_until) > now) {
      await audit('refused', 'locked');
      return { kind: 'locked' as const, until: new Date(row.locked_until) };
    }
    const cleaned = code.replace(/\s/g, '');
    let accepted: 'totp' | 'recovery' | null = null;
    const step = row.mfa_secret ? await checkTotp(row.mfa_secret, cleaned, now) : null;
    if (step !== null && (row.mfa_last_step === null || BigInt(step) > BigInt(row.mfa_last_step))) {
      accepted = 'totp';
      await tx
        .updateTable('users')
        .set({ mfa_last_step: BigInt(step) })
        .where('id', '=', row.id)
        .execute();
    } else if (step === null) {
      const hash = sha256(cleaned.toLowerCase());
      const codes = row.recovery_codes;
      if (codes.some((c) => sameSecret(c, hash))) {
        accepted = 'recovery';
        await tx
          .updateTable('users')
          .set({ recovery_codes: JSON.stringify(codes.filter((c) => c !== hash)) })
          .where('id', '=', row.id)
          .execute();
      }
    }
    if (!accepted) {
      const failures = row.failed_logins + 1;
      const lock = failures >= settings.maxFailures;
      await tx
        .updateTable('users')
        .set({
          failed_logins: lock ? 0 : failures,
          locked_until: lock ? new Date(now.getTime() + minutes(settings.lockMinutes)) : null,
        })
        .where('id', '=', row.id)
        .execute();
      await audit('refused', lock ? 'wrong code; account locked' : 'wrong code');
      if (lock) {
        await tx
          .updateTable('sessions')
          .set({ revoked_at: now })
          .where('token_hash', '=', principal.sessionId!)
          .execute();
      }
      return { kind: 'refused' as const };
    }
    await tx.updateTable('users').set({ failed_logins: 0 }).where('id', '=', row.id).execute();
    await tx
      .updateTable('sessions')
      .set({ revoked_at: now })
      .where('token_hash', '=', principal.sessionId!)
      .execute();
    const session = await newSession(tx, tenant, row, {
      method: 'password+mfa',
      mfaPending: false,
      now,
      settings,
      client,
    });
    await audit('ok', accepted === 'recovery' ? 'recovery code used' : 'authenticator code');
    return { kind: 'ok' as const, ...session };
  });
  if (outcome.kind === 'locked') {
    throw new DomainError('account_locked', `the account is locked until ${outcome.until.toISOString()}`);
  }
  if (outcome.kind === 'refused') throw new DomainError('unauthenticated', 'wrong or already used code');
  return outcome;
};

/** Starts enrolment: a new secret, kept aside until a first code proves the app has it. */
export const beginMfaEnrolment = async (db: Db, principal: Principal, settings: AuthSettings) => {
  const secret = generateSecret();
  const uri = generateURI({
    issuer: settings.issuer,
    label: `${principal.user.username}@${principal.tenant.name}`,
    secret,
  });
  await withTenant(db, principal.tenant.id, (tx) =>
    tx.updateTable('users').set({ mfa_pending_secret: secret }).where('id', '=', principal.user.id).execute(),
  );
  return { secret, otpauthUri: uri, qrSvg: await qrSvg(uri, { type: 'svg', margin: 1, width: 200 }) };
};

const recoveryCode = () => {
  const raw = randomToken(8).replace(/[-_]/g, '').toLowerCase().padEnd(10, 'x').slice(0, 10);
  return `${raw.slice(0, 5)}-${raw.slice(5)}`;
};

/** Confirms enrolment with a code from the app; answers ten recovery codes, shown this once. */
export const confirmMfaEnrolment = async (db: Db, principal: Principal, code: string, now: Date) =>
  withTenant(db, principal.tenant.id, async (tx) => {
    const row = await tx
      .selectFrom('users')
      .select(['mfa_pending_secret'])
      .where('id', '=', principal.user.id)
      .executeTakeFirstOrThrow();
    if (!row.mfa_pending_secret)
      throw new DomainError('conflict', 'no enrolment in progress: start it first');
    const step = await checkTotp(row.mfa_pending_secret, code.replace(/\s/g, ''), now);
    if (step === null)
      throw new DomainError('validation_failed', 'code: not the code the authenticator shows now');
    const codes = Array.from({ length: 10 }, recoveryCode);
    await tx
      .updateTable('users')
      .set({
        mfa_secret: row.mfa_pending_secret,
        mfa_pending_secret: null,
        mfa_enabled_at: now,
        mfa_last_step: BigInt(step),
        recovery_codes: JSON.stringify(codes.map((c) => sha256(c.replace(/\s/g, '')))),
      })
      .where('id', '=', principal.user.id)
      .execute();
    await recordAudit(tx, {
      tenantId: principal.tenant.id,
      at: now,
      actor: { kind: 'user', id: principal.user.username },
      action: 'auth.mfa.enrol',
      target: { type: 'user', id: principal.user.username },
    });
    return { recoveryCodes: codes };
  });

/** Turns MFA off for a user (their own, with the password; or an administrator's reset). */
export const disableMfa = async (tx: Tx, tenantId: string, userId: string, by: string, now: Date) => {
  const user = await tx
    .selectFrom('users')
    .select('username')
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  await tx
    .updateTable('users')
    .set({
      mfa_secret: null,
      mfa_pending_secret: null,
      mfa_enabled_at: null,
      mfa_last_step: null,
      recovery_codes: '[]',
    })
    .where('id', '=', userId)
    .execute();
  await recordAudit(tx, {
    tenantId,
    at: now,
    actor: { kind: 'user', id: by },
    action: 'auth.mfa.disable',
    target: { type: 'user', id: user.username },
  });
};

export const checkOwnPassword = async (tx: Tx, userId: string, password: string): Promise<void> => {
  const row = await tx
    .selectFrom('users')
    .select('password_hash')
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  if (!(await verifyPassword(row.password_hash, password))) {
    throw new DomainError('unauthenticated', 'password: not your current password');
  }
};

// --- API keys --------------------------------------------------------------------------------

export const createApiKey = async (
  tx: Tx,
  tenant: Tenant,
  owner: { id: string; username: string; permissions: ReadonlySet<Permission> },
  request: { name: string; scopes: readonly string[]; expiresOn?: string | null | undefined },
  by: string,
  now: Date,
) => {
  const unknown = request.scopes.filter((s) => !isPermission(s));
  if (unknown.length > 0) throw new DomainError('validation_failed', `scopes: unknown ${unknown.join(', ')}`);
  const beyond = request.scopes.filter((s) => !owner.permissions.has(s as Permission));
  if (beyond.length > 0) {
    throw new DomainError('forbidden', `scopes: ${owner.username} does not hold ${beyond.join(', ')}`);
  }
  if (request.scopes.length === 0) throw new DomainError('validation_failed', 'scopes: at least one');
  const secret = randomToken();
  const key = `${API_KEY_PREFIX}${tenant.id}.${secret}`;
  const id = uuidv7();
  await tx
    .insertInto('api_keys')
    .values({
      tenant_id: tenant.id,
      id,
      name: request.name,
      user_id: owner.id,
      prefix: `${API_KEY_PREFIX}…${secret.slice(0, 6)}`,
      key_hash: sha256(secret),
      scopes: [...new Set(request.scopes)],
      created_by: by,
      created_at: now,
      expires_at: request.expiresOn ? `${request.expiresOn}T23:59:59Z` : null,
    })
    .execute();
  await recordAudit(tx, {
    tenantId: tenant.id,
    at: now,
    actor: { kind: 'user', id: by },
    action: 'api-key.create',
    target: { type: 'api-key', id },
    detail: { name: request.name, owner: owner.username, scopes: request.scopes },
  });
  return { id, key };
};

export const apiKeyPrincipal = async (
  db: Db,
  key: string,
  options: { now: Date; resolveTenantById: TenantById },
): Promise<Principal | null> => {
  if (!key.startsWith(API_KEY_PREFIX)) return null;
  const parts = splitToken(key.slice(API_KEY_PREFIX.length));
  if (!parts) return null;
  const tenant = await options.resolveTenantById(parts.tenantId);
  if (!tenant) return null;
  return withTenant(db, tenant.id, async (tx) => {
    const row = await tx
      .selectFrom('api_keys as k')
      .innerJoin('users as u', 'u.id', 'k.user_id')
      .select([
        'k.id as keyId',
        'k.scopes',
        'k.revoked_at',
        'k.expires_at',
        'k.last_used_at',
        'u.id',
        'u.username',
        'u.display_name',
        'u.roles',
        'u.status',
      ])
      .where('k.key_hash', '=', sha256(parts.secret))
      .executeTakeFirst();
    if (!row || row.revoked_at || row.status !== 'active') return null;
    if (row.expires_at && new Date(row.expires_at) <= options.now) return null;
    if (!row.last_used_at || options.now.getTime() - new Date(row.last_used_at).getTime() > 60_000) {
      await tx
        .updateTable('api_keys')
        .set({ last_used_at: options.now })
        .where('id', '=', row.keyId)
        .execute();
    }
    return principalOf(
      tx,
      tenant,
      row,
      { via: 'api-key', apiKeyId: row.keyId, mfaPending: false },
      row.scopes,
    );
  });
};

// --- Password reset --------------------------------------------------------------------------

/**
 * Emails a single-use link valid `resetMinutes`. The answer is the same whether or not the
 * account exists (nothing to learn by asking).
 */
export const requestPasswordReset = async (
  db: Db,
  tenant: Tenant,
  login: string,
  options: { now: Date; settings: AuthSettings; mailer: Mailer; baseUrl: string; client: Client },
): Promise<void> => {
  const { now, settings } = options;
  const found = await withTenant(db, tenant.id, async (tx) => {
    const key = login.trim().toLowerCase();
    const row = await tx
      .selectFrom('users')
      .select(['id', 'username', 'email', 'display_name', 'status'])
      .where((eb) => eb.or([eb('username', '=', key), eb(eb.fn('lower', ['email']), '=', key)]))
      .executeTakeFirst();
    await recordAudit(tx, {
      tenantId: tenant.id,
      at: now,
      actor: { kind: 'user', id: row?.username ?? key },
      origin: { ip: options.client.ip, via: 'web' },
      action: 'auth.password.reset-request',
      outcome: row?.email && row.status === 'active' ? 'ok' : 'refused',
      detail: row?.email ? {} : { reason: row ? 'no email address' : 'unknown user' },
    });
    if (!row?.email || row.status !== 'active') return null;
    const secret = randomToken();
    await tx
      .insertInto('password_resets')
      .values({
        tenant_id: tenant.id,
        token_hash: sha256(secret),
        user_id: row.id,
        created_at: now,
        expires_at: new Date(now.getTime() + minutes(settings.resetMinutes)),
      })
      .execute();
    return { ...row, email: row.email, token: `${tenant.id}.${secret}` };
  });
  if (!found) return;
  const link = `${options.baseUrl}/app/reset-password#token=${encodeURIComponent(found.token)}`;
  await options.mailer.send({
    to: { name: found.display_name, address: found.email },
    from: { fromName: settings.issuer, fromAddress: `no-reply@${tenant.name}.quittance.invalid` },
    subject: `${settings.issuer}: reset your password`,
    text: [
      `Hello ${found.display_name},`,
      '',
      `Someone (hopefully you) asked to reset the password of "${found.username}".`,
      `Open this link within ${settings.resetMinutes} minutes to choose a new one:`,
      '',
      link,
      '',
      'If you did not ask, ignore this message: your password stays as it is.',
    ].join('\n'),
    headers: { 'X-Quittance-Message-Id': `password-reset-${uuidv7()}` },
  });
};

export const resetPassword = async (
  db: Db,
  token: string,
  password: string,
  options: { now: Date; resolveTenantById: TenantById },
): Promise<void> => {
  const parts = splitToken(token);
  const tenant = parts ? await options.resolveTenantById(parts.tenantId) : undefined;
  if (!parts || !tenant) throw new DomainError('validation_failed', 'token: not a valid reset link');
  await withTenant(db, tenant.id, async (tx) => {
    const row = await tx
      .selectFrom('password_resets as r')
      .innerJoin('users as u', 'u.id', 'r.user_id')
      .select(['r.token_hash', 'r.expires_at', 'r.used_at', 'u.id', 'u.username'])
      .where('r.token_hash', '=', sha256(parts.secret))
      .executeTakeFirst();
    if (!row || row.used_at || new Date(row.expires_at) <= options.now) {
      throw new DomainError('validation_failed', 'token: this reset link has expired or was already used');
    }
    await setPassword(tx, row.id, row.username, password, options.now);
    await tx
      .updateTable('password_resets')
      .set({ used_at: options.now })
      .where('token_hash', '=', row.token_hash)
      .execute();
    await recordAudit(tx, {
      tenantId: tenant.id,
      at: options.now,
      actor: { kind: 'user', id: row.username },
      action: 'auth.password.reset',
      target: { type: 'user', id: row.username },
    });
  });
};
