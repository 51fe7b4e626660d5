import { sql, type Kysely } from 'kysely';
import { isolateTenantTables } from './tenant-isolation';

const TENANT_TABLES = ['documents', 'dunning_actions', 'dunning_templates'] as const;

/**
 * Dunning: every document sent or printed, byte for byte (C13), and the dunning actions read
 * model — one row per case, step, channel and day — that today's run, the history per case and
 * the champion/challenger report read.
 */
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await sql`
    create table documents (
      tenant_id uuid not null references tenants (id),
      id uuid primary key,
      case_id uuid references cases (id),
      kind text not null check (kind in ('letter', 'email', 'print-batch', 'sms')),
      file_name text not null,
      content_type text not null,
      bytes bytea not null,
      sha256 text not null,
      created_at timestamptz not null,
      created_by jsonb not null
    );
    create index documents_case on documents (case_id);

    create table dunning_actions (
      tenant_id uuid not null references tenants (id),
      id uuid primary key,
      case_id uuid not null references cases (id),
      run_on date not null,
      strategy text not null,
      variant text,
      step_id text not null,
      -- The step and the items it lists: item-level dunning runs one step per item on a day.
      action_key text not null,
      level text not null,
      channel text not null,
      status text not null check (status in ('requested', 'sent', 'failed', 'postponed', 'task')),
      message_id uuid,
      document_id uuid,
      item_ids jsonb not null default '[]',
      invoices jsonb not null default '[]',
      total_minor bigint,
      cost text,
      currency char(3) not null,
      postponed_until timestamptz,
      reason text,
      updated_at timestamptz not null,
      unique (tenant_id, case_id, action_key, channel, run_on)
    );
    create index dunning_actions_run on dunning_actions (tenant_id, run_on);

    -- What letters and emails need of the legal entity: address, contacts, bank details, sender.
    alter table companies add column profile jsonb not null default '{}';
    -- A tenant's own version of a template (id × language), in the file format of the shipped ones;
    -- the shipped standard applies where there is none.
    create table dunning_templates (
      tenant_id uuid not null references tenants (id),
      id text not null,
      language text not null,
      text text not null,
      updated_by text not null,
      updated_at timestamptz not null,
      primary key (tenant_id, id, language)
    );

    -- A call task carries the collector's script.
    alter table tasks add column details text;
    create index dunning_actions_message on dunning_actions (message_id);
  `.execute(db);

  await isolateTenantTables(db, TENANT_TABLES);

  await sql`
    -- Documents are evidence: written once, never changed.
    grant select, insert on documents to quittance_app;
    grant select, insert, update, delete on dunning_actions, dunning_templates to quittance_app;
  `.execute(db);
};
