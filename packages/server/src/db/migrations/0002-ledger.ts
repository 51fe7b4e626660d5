import { sql, type Kysely } from 'kysely';

const TENANT_TABLES = [
  'ledger_entries',
  'ledger_postings',
  'gl_lines',
  'journal_sequences',
  'fx_rates',
  'posting_schemes',
] as const;

/**
 * The sub-ledger (one balanced entry per financial event, written by the inline projection),
 * its validation into general-ledger lines, and the data the accounting generator needs:
 * each company's book currency and posting scheme, and FX rates.
 */
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await sql`
    alter table companies
      add column book_currency char(3) not null default 'EUR',
      add column posting_scheme text not null default 'fr-pcg',
      add column siren text;

    create table ledger_entries (
      tenant_id uuid not null references tenants (id),
      id uuid primary key,
      case_id uuid not null,
      company_code text not null,
      event_id uuid not null references events (id),
      event_type text not null,
      source_key text not null,
      entry_date date not null,
      label text not null,
      currency char(3) not null,
      reverses_entry_id uuid references ledger_entries (id),
      analytic jsonb not null default '{}',
      created_at timestamptz not null,
      -- Set once, by the daily validation (E2).
      validated_on date,
      journal_code text,
      fiscal_year integer,
      validation_number bigint,
      unique (tenant_id, event_id),
      -- Each legal entity keeps its own books: numbers run per company, journal and fiscal year.
      unique (tenant_id, company_code, journal_code, fiscal_year, validation_number)
    );
    create index ledger_entries_case on ledger_entries (case_id, entry_date);
    create index ledger_entries_pending on ledger_entries (tenant_id, entry_date) where validated_on is null;
    create index ledger_entries_source on ledger_entries (tenant_id, source_key);

    create table ledger_postings (
      tenant_id uuid not null references tenants (id),
      entry_id uuid not null references ledger_entries (id),
      line integer not null,
      account text not null,
      amount_minor bigint not null check (amount_minor <> 0),
      currency char(3) not null,
      item_id uuid,
      primary key (entry_id, line)
    );
    create index ledger_postings_item on ledger_postings (item_id) where item_id is not null;

    create table gl_lines (
      tenant_id uuid not null references tenants (id),
      entry_id uuid not null references ledger_entries (id),
      line_no integer not null,
      company_code text not null,
      journal_code text not null,
      journal_label text not null,
      entry_date date not null,
      account text not null,
      account_label text not null,
      aux_account text,
      aux_label text,
      label text not null,
      piece_ref text not null,
      debit_minor bigint not null check (debit_minor >= 0),
      credit_minor bigint not null check (credit_minor >= 0),
      currency char(3) not null,
      original_amount_minor bigint,
      original_currency char(3),
      fx_rate text,
      analytic jsonb not null default '{}',
      primary key (entry_id, line_no)
    );
    create index gl_lines_account on gl_lines (tenant_id, account, entry_date);

    create table journal_sequences (
      tenant_id uuid not null references tenants (id),
      company_code text not null,
      journal_code text not null,
      fiscal_year integer not null,
      last_value bigint not null,
      primary key (tenant_id, company_code, journal_code, fiscal_year)
    );

    -- A tenant's posting schemes: data, started from the shipped ones and edited per tenant.
    create table posting_schemes (
      tenant_id uuid not null references tenants (id),
      code text not null,
      scheme jsonb not null,
      updated_at timestamptz not null default now(),
      primary key (tenant_id, code)
    );

    create table fx_rates (
      tenant_id uuid not null references tenants (id),
      currency char(3) not null,
      book_currency char(3) not null,
      valid_from date not null,
      rate text not null check (rate ~ '^[0-9]+([.][0-9]+)?$'),
      created_at timestamptz not null default now(),
      primary key (tenant_id, currency, book_currency, valid_from)
    );

    -- Posted entries are facts: the database refuses to change or remove them. The only update
    -- allowed is the one-time validation stamp; a correction is a new, reversing entry.
    create function ledger_entry_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        raise exception 'ledger entry % is posted and cannot be deleted; post a reversing entry', old.id
          using errcode = 'integrity_constraint_violation';
      end if;
      if old.validated_on is not null
         or new.validated_on is null
         or (new.tenant_id, new.id, new.case_id, new.company_code, new.event_id, new.event_type, new.source_key, new.entry_date,
             new.label, new.currency, new.reverses_entry_id, new.analytic, new.created_at)
            is distinct from
            (old.tenant_id, old.id, old.case_id, old.company_code, old.event_id, old.event_type, old.source_key, old.entry_date,
             old.label, old.currency, old.reverses_entry_id, old.analytic, old.created_at) then
        raise exception 'ledger entry % is posted and cannot be changed; post a reversing entry', old.id
          using errcode = 'integrity_constraint_violation';
      end if;
      return new;
    end $$;
    create trigger ledger_entries_immutable before update or delete on ledger_entries
      for each row execute function ledger_entry_guard();

    create function ledger_line_guard() returns trigger language plpgsql as $$
    begin
      raise exception '% rows are posted and cannot be changed or deleted', tg_table_name
        using errcode = 'integrity_constraint_violation';
    end $$;
    create trigger ledger_postings_immutable before update or delete on ledger_postings
      for each row execute function ledger_line_guard();
    create trigger gl_lines_immutable before update or delete on gl_lines
      for each row execute function ledger_line_guard();
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
    grant select, insert, update on ledger_entries to quittance_app;
    grant select, insert on ledger_postings, gl_lines to quittance_app;
    grant select, insert, update on journal_sequences to quittance_app;
    grant select, insert, update, delete on fx_rates to quittance_app;
    grant select, insert, update on posting_schemes to quittance_app;
  `.execute(db);
};
