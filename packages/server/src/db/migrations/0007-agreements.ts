import { sql, type Kysely } from 'kysely';
import { isolateTenantTables } from './tenant-isolation';

const TENANT_TABLES = ['agreements', 'direct_debit_batches', 'cash_objectives'] as const;

/**
 * Agreements (issue 8): one read-model row per promise, payment plan, mandate, dispute and waiver,
 * rebuilt from the case's events (the row's `data` is the agreement as the case state holds it);
 * the SEPA direct-debit files prepared; the cash objectives per company, portfolio and month.
 */
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await sql`
    create table agreements (
      tenant_id uuid not null references tenants (id),
      id text not null,
      case_id uuid not null references cases (id),
      kind text not null check (kind in ('promise', 'plan', 'mandate', 'dispute', 'waiver')),
      status text not null,
      -- Who took the promise, proposed the plan, owns the dispute, asked for the waiver.
      person text,
      -- The promised date, the plan's next installment, the dispute's deadline.
      key_date date,
      amount_minor bigint,
      paid_minor bigint,
      currency char(3) not null,
      opened_on date,
      closed_on date,
      data jsonb not null,
      primary key (tenant_id, kind, id)
    );
    create index agreements_case on agreements (case_id);
    create index agreements_status on agreements (tenant_id, kind, status);

    create table direct_debit_batches (
      tenant_id uuid not null references tenants (id),
      id uuid primary key,
      message_id text not null,
      created_on date not null,
      collection_date date not null,
      count integer not null,
      total_minor bigint not null,
      currency char(3) not null,
      document_id uuid references documents (id),
      transactions jsonb not null,
      created_by text not null,
      created_at timestamptz not null,
      unique (tenant_id, message_id)
    );

    create table cash_objectives (
      tenant_id uuid not null references tenants (id),
      company_code text not null,
      -- '' for the company as a whole.
      portfolio text not null default '',
      month char(7) not null,
      amount_minor bigint not null,
      currency char(3) not null,
      updated_by text not null,
      updated_at timestamptz not null,
      primary key (tenant_id, company_code, portfolio, month)
    );

    -- A SEPA direct-debit file is kept like any document sent.
    alter table documents drop constraint documents_kind_check;
    alter table documents add constraint documents_kind_check
      check (kind in ('letter', 'email', 'print-batch', 'sms', 'direct-debit'));

    -- Dispute reason codes, authorisation limits and the SEPA creditor identity, per tenant.
    alter table tenant_settings add column agreements jsonb not null default '{}';
  `.execute(db);

  await isolateTenantTables(db, TENANT_TABLES);

  await sql`
    grant select, insert, update, delete on agreements, cash_objectives to quittance_app;
    grant select, insert on direct_debit_batches to quittance_app;
  `.execute(db);
};
