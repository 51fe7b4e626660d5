import { sql, type Kysely } from 'kysely';

const TENANT_TABLES = ['bank_accounts', 'bank_entries', 'tenant_settings', 'refund_exports'] as const;

/**
 * Cash application: the tenant's bank accounts, the entries of imported statements (a read
 * model of the `bank-entry` streams: what was received, what is assigned to which case, what
 * waits in the unallocated queue with its suggestions), and per-tenant settings.
 */
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await sql`
    create table bank_accounts (
      tenant_id uuid not null references tenants (id),
      id uuid primary key,
      iban text,
      other_id text,
      bic text,
      currency char(3) not null,
      owner_name text,
      csv_mapping jsonb,
      created_at timestamptz not null default now(),
      unique (tenant_id, iban),
      unique (tenant_id, other_id)
    );

    create table bank_entries (
      tenant_id uuid not null references tenants (id),
      id uuid primary key,
      bank_account_id uuid not null references bank_accounts (id),
      statement_id text not null,
      format text not null,
      location text not null,
      bank_reference text not null,
      booking_date date not null,
      value_date date,
      direction text not null check (direction in ('credit', 'debit')),
      amount_minor bigint not null check (amount_minor > 0),
      currency char(3) not null,
      counterparty_name text,
      counterparty_iban text,
      end_to_end_id text,
      remittance jsonb not null default '[]',
      status text not null check (status in ('unmatched', 'partially_assigned', 'assigned', 'movement')),
      assigned_minor bigint not null default 0,
      suggestions jsonb not null default '[]',
      version integer not null,
      imported_at timestamptz not null,
      -- An entry already imported (same account, bank reference, amount, date, side) is a duplicate.
      constraint bank_entries_once unique (tenant_id, bank_account_id, bank_reference, amount_minor, booking_date, direction)
    );
    create index bank_entries_queue on bank_entries (tenant_id, status, booking_date);

    -- Refunds already sent to the bank in a pain.001 file: each goes out once.
    create table refund_exports (
      tenant_id uuid not null references tenants (id),
      refund_id text not null,
      case_id uuid not null,
      message_id text not null,
      bank_account_id uuid not null references bank_accounts (id),
      exported_at timestamptz not null,
      primary key (tenant_id, refund_id)
    );

    create table tenant_settings (
      tenant_id uuid primary key references tenants (id),
      auto_allocation_threshold integer not null default 90 check (auto_allocation_threshold between 0 and 101),
      allocation_policy text not null default 'default'
    );
  `.execute(db);

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
    grant select, insert, update on bank_accounts, tenant_settings to quittance_app;
    grant select, insert, update, delete on bank_entries to quittance_app;
    grant select, insert on refund_exports to quittance_app;
  `.execute(db);
};
