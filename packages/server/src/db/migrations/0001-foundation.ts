import { sql, type Kysely } from 'kysely';

/** The role the application works as: it owns nothing and cannot bypass row-level security. */
export const APP_ROLE = 'quittance_app';

const TENANT_TABLES = [
  'events',
  'checkpoints',
  'companies',
  'case_types',
  'case_number_counters',
  'parties',
  'cases',
  'case_parties',
  'financial_items',
  'import_runs',
] as const;

export const up = async (db: Kysely<unknown>): Promise<void> => {
  await sql`
    do $$ begin
      if not exists (select from pg_roles where rolname = 'quittance_app') then
        create role quittance_app nologin noinherit;
      end if;
    exception when duplicate_object or unique_violation then null;
    end $$;
  `.execute(db);
  await sql`
    do $$ begin
      execute format('grant quittance_app to %I', current_user);
    exception when others then null;
    end $$;
  `.execute(db);

  await sql`
    create table tenants (
      id uuid primary key,
      name text not null unique,
      created_at timestamptz not null default now()
    );

    create table events (
      position bigint generated always as identity primary key,
      transaction_id xid8 not null default pg_current_xact_id(),
      id uuid not null unique,
      tenant_id uuid not null references tenants (id),
      stream_id uuid not null,
      stream_type text not null,
      version integer not null check (version > 0),
      type text not null,
      data jsonb not null,
      metadata jsonb not null,
      effective_date date,
      recorded_at timestamptz not null default now(),
      constraint events_stream_version unique (tenant_id, stream_id, version)
    );
    create index events_global_order on events (tenant_id, transaction_id, position);

    create table checkpoints (
      tenant_id uuid not null references tenants (id),
      name text not null,
      transaction_id xid8 not null,
      position bigint not null,
      updated_at timestamptz not null default now(),
      primary key (tenant_id, name)
    );

    create table companies (
      tenant_id uuid not null references tenants (id),
      id uuid primary key,
      code text not null,
      name text not null,
      created_at timestamptz not null default now(),
      unique (tenant_id, code)
    );

    create table case_types (
      tenant_id uuid not null references tenants (id),
      code text not null,
      name text not null,
      json_schema jsonb not null,
      created_at timestamptz not null default now(),
      primary key (tenant_id, code)
    );

    create table case_number_counters (
      tenant_id uuid not null references tenants (id),
      year integer not null,
      last_value bigint not null,
      primary key (tenant_id, year)
    );

    create table parties (
      tenant_id uuid not null references tenants (id),
      id uuid primary key,
      kind text not null,
      reference text,
      name text not null,
      customer_type text not null,
      country text,
      language text,
      identifiers jsonb not null default '[]',
      addresses jsonb not null default '[]',
      contacts jsonb not null default '[]',
      version integer not null,
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
    create unique index parties_reference on parties (tenant_id, reference) where reference is not null;
    create index parties_name on parties (tenant_id, lower(name));

    create table cases (
      tenant_id uuid not null references tenants (id),
      id uuid primary key,
      number text not null,
      case_type text not null,
      company_code text not null,
      company_name text not null,
      currency char(3) not null,
      debtor_party_id uuid,
      debtor_name text,
      debtor_reference text,
      phase text not null,
      status text not null,
      archived boolean not null default false,
      manager text,
      custom_fields jsonb not null default '{}',
      version integer not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      unique (tenant_id, number)
    );
    -- One open receivable-account case per customer, company and currency.
    create unique index cases_receivable_account on cases (tenant_id, company_code, debtor_party_id, currency)
      where case_type = 'receivable_account' and status = 'open';
    create index cases_debtor on cases (tenant_id, debtor_party_id);

    create table case_parties (
      tenant_id uuid not null references tenants (id),
      case_id uuid not null references cases (id),
      party_id uuid not null references parties (id),
      role text not null,
      primary key (case_id, party_id, role)
    );
    create index case_parties_party on case_parties (tenant_id, party_id);

    create table financial_items (
      tenant_id uuid not null references tenants (id),
      id uuid primary key,
      case_id uuid not null references cases (id),
      company_code text not null,
      kind text not null,
      number text not null,
      issue_date date not null,
      due_date date not null,
      amount_minor bigint not null,
      outstanding_minor bigint not null,
      currency char(3) not null,
      structured_reference text,
      created_at timestamptz not null,
      unique (tenant_id, company_code, number)
    );
    create index financial_items_case on financial_items (case_id);

    create table import_runs (
      tenant_id uuid not null references tenants (id),
      id uuid primary key,
      kind text not null,
      file_name text not null,
      sha256 text not null,
      summary jsonb not null,
      actor jsonb not null,
      created_at timestamptz not null default now()
    );
  `.execute(db);

  // Row-level security on every tenant table, forced so that even the owner obeys it. The tenant
  // comes from a transaction-local setting; without it the setting is empty and no row matches.
  for (const table of TENANT_TABLES) {
    await sql`
      alter table ${sql.table(table)} enable row level security;
      alter table ${sql.table(table)} force row level security;
      create policy tenant_isolation on ${sql.table(table)}
        using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
        with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
    `.execute(db);
  }

  await sql`
    grant usage on schema public to quittance_app;
    grant select on tenants to quittance_app;
    -- The event log is append-only for the application.
    grant select, insert on events to quittance_app;
    grant select, insert, update on checkpoints, case_number_counters to quittance_app;
    grant select, insert, update, delete on companies, case_types, parties, cases, case_parties,
      financial_items to quittance_app;
    grant select, insert on import_runs to quittance_app;
  `.execute(db);
};
