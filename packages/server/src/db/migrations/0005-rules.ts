import { sql, type Kysely } from 'kysely';
import { isolateTenantTables } from './tenant-isolation';

const TENANT_TABLES = ['tasks', 'timers', 'rule_sets', 'rule_decisions'] as const;

/**
 * The Expert System: versioned rule sets, the decisions the rules took with their explanation,
 * and the steering read models the rules (and users) act on — tasks with deadlines, durable
 * timers, and the case's team, portfolio, strategy and flags.
 */
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await sql`
    alter table cases
      add column team text,
      add column portfolio text,
      add column strategy text,
      add column manual_mode boolean not null default false,
      add column blacklisted boolean not null default false,
      add column outsourced_to text;

    create table tasks (
      tenant_id uuid not null references tenants (id),
      id uuid primary key,
      case_id uuid not null references cases (id),
      title text not null,
      task_type text not null,
      assignee text,
      due date not null,
      priority text not null check (priority in ('low', 'normal', 'high', 'urgent')),
      status text not null check (status in ('open', 'done')),
      overdue_reported boolean not null default false,
      outcome text,
      created_by jsonb not null,
      created_at timestamptz not null,
      completed_at timestamptz
    );
    create index tasks_open_due on tasks (tenant_id, status, due);
    create index tasks_case on tasks (case_id);

    -- Durable timers: a case event (TimerScheduled) writes the row, the timer sweep fires it
    -- (TimerFired) once its date is reached; the row is a read model of the case's events.
    create table timers (
      tenant_id uuid not null references tenants (id),
      id uuid primary key,
      case_id uuid not null references cases (id),
      name text not null,
      due_on date not null,
      status text not null check (status in ('pending', 'fired')),
      fired_on date
    );
    create index timers_pending on timers (tenant_id, status, due_on);

    create table rule_sets (
      tenant_id uuid not null references tenants (id),
      id uuid primary key,
      version integer not null check (version > 0),
      name text not null,
      status text not null check (status in ('draft', 'published', 'retired')),
      document jsonb not null,
      test_report jsonb,
      based_on integer,
      created_by text not null,
      created_at timestamptz not null,
      published_by text,
      published_at timestamptz,
      unique (tenant_id, version)
    );
    -- One published version per tenant, enforced by the database.
    create unique index rule_sets_one_published on rule_sets (tenant_id) where status = 'published';

    -- Every automated decision (B7): which rule set version and rule, on which facts, what it
    -- asked for and what became of it. One row per (triggering event, rule): processing an
    -- event twice decides nothing twice.
    create table rule_decisions (
      tenant_id uuid not null references tenants (id),
      id uuid primary key,
      case_id uuid not null references cases (id),
      trigger_event_id uuid not null,
      trigger_type text not null,
      rule_set_version integer not null,
      rule_id text not null,
      rule_name text not null,
      explanation jsonb not null,
      actions jsonb not null,
      event_ids jsonb not null default '[]',
      status text not null check (status in ('applied', 'failed', 'stopped')),
      error text,
      decided_at timestamptz not null,
      unique (tenant_id, trigger_event_id, rule_id)
    );
    create index rule_decisions_case on rule_decisions (case_id, decided_at);

    -- Who supervises whom, until the organisation module (teams, users) replaces it:
    -- { "supervisors": { "collector.fr": "supervisor.fr" }, "defaultSupervisor": "supervisor" }.
    alter table tenant_settings
      add column organisation jsonb not null default '{"supervisors": {}, "defaultSupervisor": "supervisor"}';
  `.execute(db);

  await isolateTenantTables(db, TENANT_TABLES);

  await sql`
    grant select, insert, update, delete on tasks, timers to quittance_app;
    grant select, insert, update on rule_sets, rule_decisions to quittance_app;
  `.execute(db);
};
