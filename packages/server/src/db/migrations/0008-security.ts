import { sql, type Kysely } from 'kysely';
import { isolateTenantTables } from './tenant-isolation';

const TENANT_TABLES = [
  'users',
  'roles',
  'sessions',
  'api_keys',
  'password_resets',
  'sso_logins',
  'audit_log',
  'teams',
  'portfolios',
  'absences',
] as const;

/**
 * Security and organisation (issue 9): accounts, roles, server-side sessions, API keys, password
 * reset tokens, single sign-on round trips, the append-only audit log, teams, portfolios and
 * absences. Secrets are never stored: sessions, API keys, reset tokens and recovery codes are kept
 * as SHA-256 (random 256-bit tokens) or argon2id (passwords) hashes.
 */
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await sql`
    create table roles (
      tenant_id uuid not null references tenants (id),
      code text not null,
      name text not null,
      permissions text[] not null default '{}',
      builtin boolean not null default false,
      updated_at timestamptz not null default now(),
      primary key (tenant_id, code)
    );

    create table users (
      tenant_id uuid not null references tenants (id),
      id uuid primary key,
      -- The name the rest of the system knows the person by (case manager, task assignee, actor).
      username text not null,
      display_name text not null,
      email text,
      password_hash text,
      roles text[] not null default '{}',
      status text not null default 'active' check (status in ('active', 'disabled')),
      team text,
      supervisor text,
      language text not null default 'en',
      mfa_secret text,
      mfa_pending_secret text,
      mfa_enabled_at timestamptz,
      -- The time step of the last accepted code: a code is never accepted twice.
      mfa_last_step bigint,
      recovery_codes jsonb not null default '[]',
      failed_logins integer not null default 0,
      locked_until timestamptz,
      last_login_at timestamptz,
      password_changed_at timestamptz,
      sso_issuer text,
      sso_subject text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (tenant_id, username)
    );
    create unique index users_email on users (tenant_id, lower(email)) where email is not null;
    create unique index users_sso on users (tenant_id, sso_issuer, sso_subject) where sso_subject is not null;

    create table sessions (
      tenant_id uuid not null references tenants (id),
      token_hash text primary key,
      user_id uuid not null references users (id),
      csrf_token text not null,
      -- 'password' or 'sso'; a password session of an MFA user is 'mfa-pending' until the code.
      method text not null,
      mfa_pending boolean not null default false,
      created_at timestamptz not null,
      last_seen_at timestamptz not null,
      expires_at timestamptz not null,
      revoked_at timestamptz,
      ip text,
      user_agent text
    );
    create index sessions_user on sessions (tenant_id, user_id);

    create table api_keys (
      tenant_id uuid not null references tenants (id),
      id uuid primary key,
      name text not null,
      user_id uuid not null references users (id),
      prefix text not null,
      key_hash text not null unique,
      scopes text[] not null,
      created_by text not null,
      created_at timestamptz not null,
      expires_at timestamptz,
      last_used_at timestamptz,
      revoked_at timestamptz
    );

    create table password_resets (
      tenant_id uuid not null references tenants (id),
      token_hash text primary key,
      user_id uuid not null references users (id),
      created_at timestamptz not null,
      expires_at timestamptz not null,
      used_at timestamptz
    );

    create table sso_logins (
      tenant_id uuid not null references tenants (id),
      state text primary key,
      provider text not null,
      code_verifier text not null,
      nonce text not null,
      return_to text,
      created_at timestamptz not null
    );

    create table audit_log (
      tenant_id uuid not null references tenants (id),
      id bigint generated always as identity primary key,
      at timestamptz not null,
      actor_kind text not null,
      actor_id text not null,
      origin_ip text,
      -- 'api', 'web', 'cli', 'worker', 'sso'
      via text,
      action text not null,
      target_type text,
      target_id text,
      outcome text not null default 'ok',
      detail jsonb not null default '{}',
      correlation_id text
    );
    create index audit_log_at on audit_log (tenant_id, at desc);
    create index audit_log_actor on audit_log (tenant_id, actor_id, at desc);
    create index audit_log_target on audit_log (tenant_id, target_id);

    create function audit_log_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'the audit log is append-only (% refused)', tg_op using errcode = '42501';
    end $$;
    create trigger audit_log_append_only before update or delete on audit_log
      for each row execute function audit_log_append_only();
    create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function audit_log_append_only();

    create table teams (
      tenant_id uuid not null references tenants (id),
      code text not null,
      name text not null,
      supervisor text,
      primary key (tenant_id, code)
    );

    create table portfolios (
      tenant_id uuid not null references tenants (id),
      code text not null,
      name text not null,
      team text,
      owner text,
      primary key (tenant_id, code)
    );

    create table absences (
      tenant_id uuid not null references tenants (id),
      id uuid primary key,
      username text not null,
      substitute text not null,
      from_date date not null,
      to_date date not null,
      reason text,
      created_by text not null,
      created_at timestamptz not null default now(),
      cancelled_at timestamptz,
      check (from_date <= to_date),
      check (username <> substitute)
    );
    create index absences_user on absences (tenant_id, username, from_date);
  `.execute(db);

  await isolateTenantTables(db, TENANT_TABLES);

  await sql`
    grant select, insert, update, delete on roles, users, sessions, api_keys, password_resets,
      sso_logins, teams, portfolios, absences to quittance_app;
    grant select, insert on audit_log to quittance_app;
  `.execute(db);
};
