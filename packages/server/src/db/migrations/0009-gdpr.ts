import { sql, type Kysely } from 'kysely';

/**
 * GDPR (L1, ADR 0008): the tenant's accounting retention setting, and erasure by anonymisation.
 * The event log, the audit log, documents and the ledger are append-only for the application;
 * `gdpr_erase_party` — owned by the table owner, executable by the application role, bound to
 * the tenant of the transaction — blanks one party's personal data in them. The immutability
 * guards let an update through only while that function runs (a transaction-local flag that only
 * the owner's code can make use of: the application role has no update right on those tables).
 */
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await sql`
    -- { "accountingRetentionYears": 10 }; the defaults apply to what is absent.
    alter table tenant_settings add column gdpr jsonb not null default '{}';

    -- Every occurrence of a name (by the pseudonym) or of another personal string (by "[erased]"),
    -- whatever the case; strings shorter than 3 characters say nothing of anyone and are left.
    create function gdpr_scrub_text(t text, names text[], others text[], pseudonym text) returns text
    language plpgsql immutable as $$
    declare
      s text;
      r text := t;
    begin
      if r is null then return null; end if;
      foreach s in array coalesce(names, '{}') loop
        if length(s) >= 3 then
          r := regexp_replace(r, regexp_replace(s, '([^[:alnum:][:space:]])', '\\\\\\1', 'g'), pseudonym, 'gi');
        end if;
      end loop;
      foreach s in array coalesce(others, '{}') loop
        if length(s) >= 3 then
          r := regexp_replace(r, regexp_replace(s, '([^[:alnum:][:space:]])', '\\\\\\1', 'g'), '[erased]', 'gi');
        end if;
      end loop;
      return r;
    end $$;

    -- The same over every string of a JSON value, keys and structure kept.
    create function gdpr_scrub(j jsonb, names text[], others text[], pseudonym text) returns jsonb
    language plpgsql immutable as $$
    begin
      if j is null then return null; end if;
      case jsonb_typeof(j)
        when 'string' then
          return to_jsonb(public.gdpr_scrub_text(j #>> '{}', names, others, pseudonym));
        when 'array' then
          return coalesce(
            (select jsonb_agg(public.gdpr_scrub(e, names, others, pseudonym) order by i)
               from jsonb_array_elements(j) with ordinality as x(e, i)),
            '[]'::jsonb);
        when 'object' then
          return coalesce(
            (select jsonb_object_agg(k, public.gdpr_scrub(v, names, others, pseudonym))
               from jsonb_each(j) as x(k, v)),
            '{}'::jsonb);
        else
          return j;
      end case;
    end $$;

    create or replace function audit_log_append_only() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and current_setting('quittance.gdpr_erasure', true) = 'on' then
        return new;
      end if;
      raise exception 'the audit log is append-only (% refused)', tg_op using errcode = '42501';
    end $$;

    create or replace function ledger_entry_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and current_setting('quittance.gdpr_erasure', true) = 'on' then
        return new;
      end if;
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

    create or replace function ledger_line_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and current_setting('quittance.gdpr_erasure', true) = 'on' then
        return new;
      end if;
      raise exception '% rows are posted and cannot be changed or deleted', tg_table_name
        using errcode = 'integrity_constraint_violation';
    end $$;

    create function gdpr_erase_party(p_party uuid, p_pseudonym text) returns jsonb
    language plpgsql security definer set search_path = public, pg_temp as $$
    declare
      v_tenant uuid := nullif(current_setting('app.tenant_id', true), '')::uuid;
      v_cases uuid[];
      v_entries uuid[];
      v_streams uuid[];
      v_names text[];
      v_others text[];
      n_events integer;
      n_audit integer;
      n_documents integer;
      n_ledger integer;
      n_gl integer;
      n_bank integer;
      n_tasks integer;
    begin
      -- The owner may see every tenant (a superuser ignores row-level security): bind to the
      -- caller's tenant explicitly.
      if v_tenant is null then
        raise exception 'gdpr_erase_party: no tenant set' using errcode = '42501';
      end if;
      if not exists (select 1 from parties where tenant_id = v_tenant and id = p_party) then
        raise exception 'gdpr_erase_party: no party %', p_party using errcode = 'P0002';
      end if;

      select coalesce(array_agg(distinct id), '{}') into v_cases from (
        select id from cases where tenant_id = v_tenant and debtor_party_id = p_party
        union
        select case_id from case_parties where tenant_id = v_tenant and party_id = p_party
      ) c;
      -- The application checks the retention first; a legal hold on an open case is never skipped.
      if exists (select 1 from cases where tenant_id = v_tenant and id = any(v_cases) and status = 'open') then
        raise exception 'gdpr_erase_party: party % has an open case', p_party using errcode = '42501';
      end if;

      select coalesce(array_agg(distinct stream_id), '{}') into v_entries
        from events
       where tenant_id = v_tenant and stream_type = 'bank-entry' and type = 'BankEntryAssigned'
         and data->>'caseId' = any(v_cases::text[]);
      v_streams := array[p_party] || v_cases || v_entries;

      select coalesce(array_agg(distinct s), '{}') into v_names from (
        select jsonb_path_query(data, 'lax $.**.name') #>> '{}' as s
          from events where tenant_id = v_tenant and stream_id = p_party
        union select name from parties where tenant_id = v_tenant and id = p_party
        union select data->>'payer' from events
         where tenant_id = v_tenant and stream_id = any(v_cases) and type = 'PaymentReceived'
        union select data->>'payee' from events
         where tenant_id = v_tenant and stream_id = any(v_cases) and type = 'RefundIssued'
        union select data->>'counterpartyName' from events
         where tenant_id = v_tenant and stream_id = any(v_entries) and type = 'BankEntryImported'
      ) x where s is not null and length(trim(s)) >= 3;

      select coalesce(array_agg(distinct s), '{}') into v_others from (
        select jsonb_path_query(data, 'lax $.**.reference') #>> '{}' as s
          from events where tenant_id = v_tenant and stream_id = p_party
        union select jsonb_path_query(data, 'lax $.**.identifiers[*].value') #>> '{}'
          from events where tenant_id = v_tenant and stream_id = p_party
        union select jsonb_path_query(data, 'lax $.**.addresses[*].lines[*]') #>> '{}'
          from events where tenant_id = v_tenant and stream_id = p_party
        union select jsonb_path_query(data, 'lax $.**.contacts[*].value') #>> '{}'
          from events where tenant_id = v_tenant and stream_id = p_party
        union select data->>'counterpartyIban' from events
         where tenant_id = v_tenant and stream_id = any(v_entries) and type = 'BankEntryImported'
        union select jsonb_path_query(data, 'lax $.**.iban') #>> '{}'
          from events where tenant_id = v_tenant and stream_id = any(v_cases)
      ) x where s is not null and length(trim(s)) >= 3;
      -- A name is replaced by the pseudonym, not by "[erased]".
      v_others := array(select unnest(v_others) except select unnest(v_names));

      perform set_config('quittance.gdpr_erasure', 'on', true);

      -- The party's own events: its details, field by field.
      update events set data = case type
          when 'PartyRegistered' then data || jsonb_build_object(
            'name', p_pseudonym, 'reference', null,
            'identifiers', '[]'::jsonb, 'addresses', '[]'::jsonb, 'contacts', '[]'::jsonb)
          when 'PartyDetailsChanged' then jsonb_set(data, '{changes}', coalesce(
            (select jsonb_object_agg(k, case k
                when 'name' then to_jsonb(p_pseudonym)
                when 'reference' then 'null'::jsonb
                when 'identifiers' then '[]'::jsonb
                when 'addresses' then '[]'::jsonb
                when 'contacts' then '[]'::jsonb
                else v end)
               from jsonb_each(data->'changes') as x(k, v)),
            '{}'::jsonb))
          else data end
       where tenant_id = v_tenant and stream_id = p_party;
      -- Notes about them are free text: what they hold cannot be known, so they go whole.
      update events set data = jsonb_set(data, '{text}', '"[erased]"'::jsonb)
       where tenant_id = v_tenant and stream_id = any(v_cases) and type = 'NoteAdded';
      update events set data = gdpr_scrub(data, v_names, v_others, p_pseudonym)
       where tenant_id = v_tenant and stream_id = any(v_streams);
      get diagnostics n_events = row_count;

      -- The audit log keeps who did what and when; the data it copied from events goes as there.
      update audit_log a set detail = jsonb_set(a.detail, '{data}', e.data)
        from events e
       where a.tenant_id = v_tenant and e.tenant_id = v_tenant and e.stream_id = any(v_streams)
         and a.detail ? 'data' and a.detail->>'event' = e.id::text;
      update audit_log set detail = gdpr_scrub(detail, v_names, v_others, p_pseudonym)
       where tenant_id = v_tenant
         and (target_id = any(v_streams::text[]) or detail::text like '%' || p_party::text || '%');
      get diagnostics n_audit = row_count;

      -- Letters and messages sent: the bytes go, the record that something was sent stays.
      update documents
         set bytes = convert_to('Erased on ' || current_date || ' (GDPR art. 17).', 'UTF8'),
             content_type = 'text/plain'
       where tenant_id = v_tenant and case_id = any(v_cases);
      get diagnostics n_documents = row_count;

      update ledger_entries set label = gdpr_scrub_text(label, v_names, v_others, p_pseudonym)
       where tenant_id = v_tenant and case_id = any(v_cases)
         and label is distinct from gdpr_scrub_text(label, v_names, v_others, p_pseudonym);
      get diagnostics n_ledger = row_count;
      update gl_lines g
         set label = gdpr_scrub_text(g.label, v_names, v_others, p_pseudonym),
             aux_label = gdpr_scrub_text(g.aux_label, v_names, v_others, p_pseudonym)
        from ledger_entries e
       where g.tenant_id = v_tenant and e.tenant_id = v_tenant and g.entry_id = e.id
         and e.case_id = any(v_cases);
      get diagnostics n_gl = row_count;

      -- Read models the party projection does not own.
      update bank_entries
         set counterparty_name = gdpr_scrub_text(counterparty_name, v_names, v_others, p_pseudonym),
             counterparty_iban = gdpr_scrub_text(counterparty_iban, v_names, v_others, p_pseudonym),
             remittance = gdpr_scrub(remittance, v_names, v_others, p_pseudonym),
             suggestions = gdpr_scrub(suggestions, v_names, v_others, p_pseudonym)
       where tenant_id = v_tenant and id = any(v_entries);
      get diagnostics n_bank = row_count;
      update tasks
         set title = gdpr_scrub_text(title, v_names, v_others, p_pseudonym),
             details = gdpr_scrub_text(details, v_names, v_others, p_pseudonym),
             outcome = gdpr_scrub_text(outcome, v_names, v_others, p_pseudonym)
       where tenant_id = v_tenant and case_id = any(v_cases);
      get diagnostics n_tasks = row_count;
      update agreements set data = gdpr_scrub(data, v_names, v_others, p_pseudonym)
       where tenant_id = v_tenant and case_id = any(v_cases);
      update dunning_actions
         set invoices = gdpr_scrub(invoices, v_names, v_others, p_pseudonym),
             reason = gdpr_scrub_text(reason, v_names, v_others, p_pseudonym)
       where tenant_id = v_tenant and case_id = any(v_cases);
      update direct_debit_batches
         set transactions = gdpr_scrub(transactions, v_names, v_others, p_pseudonym)
       where tenant_id = v_tenant
         and transactions <> gdpr_scrub(transactions, v_names, v_others, p_pseudonym);

      perform set_config('quittance.gdpr_erasure', 'off', true);
      return jsonb_build_object(
        'cases', coalesce(array_length(v_cases, 1), 0),
        'events', n_events, 'auditRecords', n_audit, 'documents', n_documents,
        'ledgerEntries', n_ledger, 'glLines', n_gl, 'bankEntries', n_bank, 'tasks', n_tasks);
    end $$;

    revoke all on function gdpr_erase_party(uuid, text) from public;
    grant execute on function gdpr_erase_party(uuid, text) to quittance_app;
  `.execute(db);
};
