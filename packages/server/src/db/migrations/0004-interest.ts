import { sql, type Kysely } from 'kysely';

/**
 * Reference rates for late-payment interest, as data: each tenant starts from the published
 * rates shipped with Quittance and an administrator adds a rate when a new one is published.
 */
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await sql`
    create table reference_rates (
      tenant_id uuid not null references tenants (id),
      series text not null,
      effective_from date not null,
      rate_percent text not null check (rate_percent ~ '^-?[0-9]+([.][0-9]+)?$'),
      source text not null,
      created_at timestamptz not null default now(),
      primary key (tenant_id, series, effective_from)
    );
    alter table reference_rates enable row level security;
    alter table reference_rates force row level security;
    create policy tenant_isolation on reference_rates
      using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
      with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
    grant select, insert, update on reference_rates to quittance_app;
    -- 'auto': the regime follows the debtor (country, business or consumer); or one of
    -- EU, FR, DE, UK for every case; 'none' to accrue nothing.
    alter table tenant_settings add column interest_regime text not null default 'auto';
  `.execute(db);
};
