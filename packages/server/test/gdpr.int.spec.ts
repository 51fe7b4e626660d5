import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { withTenant, type Tenant } from '../src/db/tenancy';
import { newId, openCase, registerParty, runCaseCommands } from '../src/application/cases.commands';
import { rebuildReadModels } from '../src/read-models/projections';
import { exportPersonalData } from '../src/gdpr/personal-data.export';
import { eraseParty, RetentionApplies } from '../src/gdpr/erasure';
import { addYears, assessErasure, saveGdprSettings } from '../src/gdpr/retention';
import {
  createTestDatabase,
  createTestTenant,
  databaseLabel,
  testContext,
  type TestDatabase,
} from './support/test-database';

let database: TestDatabase;
let tenant: Tenant;
let jeanne: string;
let paul: string;
let caseId: string;
let caseNumber: string;

// What must be gone from everywhere once Jeanne is erased.
const PERSONAL = [
  'Dupont',
  'jeanne.dupont@example.fr',
  '+33612345678',
  '12 rue des Lilas',
  '2850775123456',
  'P-JD-1',
];

const ctx = (today = '2026-11-20') =>
  testContext(database, tenant, { today, now: new Date(`${today}T10:00:00Z`) });
const tx = <T>(work: Parameters<typeof withTenant<T>>[2]) => withTenant(database.db, tenant.id, work);
const erasure = (today: string) => eraseParty(ctx(today), jeanne, 'asked by the person (art. 17)');

beforeAll(async () => {
  database = await createTestDatabase();
  tenant = await createTestTenant(database, 'gdpr');
  const registered = await registerParty(ctx(), {
    kind: 'person',
    reference: 'P-JD-1',
    name: 'Jeanne Dupont',
    customerType: 'consumer',
    country: 'FR',
    language: 'fr',
    identifiers: [{ scheme: 'nir', value: '2850775123456' }],
    addresses: [{ lines: ['12 rue des Lilas'], postalCode: '75011', city: 'Paris', country: 'FR' }],
    contacts: [
      { kind: 'email', value: 'jeanne.dupont@example.fr', optOut: false },
      { kind: 'phone', value: '+33612345678', optOut: false },
    ],
  });
  jeanne = registered.events[0]!.streamId;
  const other = await registerParty(ctx(), {
    kind: 'person',
    reference: 'P-PM-1',
    name: 'Paul Martin',
    customerType: 'consumer',
    country: 'FR',
    language: 'fr',
    identifiers: [],
    addresses: [],
    contacts: [{ kind: 'email', value: 'paul.martin@example.fr', optOut: false }],
  });
  paul = other.events[0]!.streamId;
  const opened = await openCase(ctx(), {
    caseType: 'receivable_account',
    company: 'FR01',
    currency: 'EUR',
    debtorId: jeanne,
    customFields: {},
  });
  caseId = opened.events[0]!.streamId;
  caseNumber = (opened.events[0]!.data as { number: string }).number;
  const itemId = newId();
  const paymentId = newId();
  await runCaseCommands(ctx(), caseId, [
    {
      type: 'AddFinancialItem',
      data: {
        itemId,
        number: 'F-2026-17',
        issueDate: '2026-09-01',
        dueDate: '2026-10-01',
        amount: { amount: '120.00', currency: 'EUR' },
      },
    },
    {
      type: 'ReceivePayment',
      data: {
        paymentId,
        amount: { amount: '20.00', currency: 'EUR' },
        receivedOn: '2026-11-18',
        method: 'bank_transfer',
        payer: 'Jeanne Dupont',
        bankReference: 'VIR-77',
      },
    },
    {
      type: 'AllocatePayment',
      data: {
        allocationId: newId(),
        paymentId,
        itemId,
        component: 'principal',
        amount: { amount: '20.00', currency: 'EUR' },
        allocatedOn: '2026-11-18',
      },
    },
    {
      type: 'AddNote',
      data: {
        noteId: newId(),
        text: 'Called Jeanne Dupont on +33612345678, promised to pay',
        noteType: 'call',
      },
    },
    {
      type: 'CreateTask',
      data: {
        taskId: newId(),
        title: 'Call back Jeanne Dupont',
        taskType: 'call',
        assignee: 'tester',
        due: '2026-11-25',
        priority: 'normal',
        details: 'Ask Jeanne Dupont about invoice F-2026-17',
      },
    },
  ]);
});
afterAll(() => database.close());

const auditActions = (target: string) =>
  tx((t) =>
    t
      .selectFrom('audit_log')
      .select(['action', 'outcome', 'detail'])
      .where('target_id', '=', target)
      .orderBy('id')
      .execute(),
  );

describe(`GDPR on ${databaseLabel}`, () => {
  it('exports everything held about the person, from each source, and audits the export', async () => {
    const data = await exportPersonalData(ctx(), jeanne);
    expect(data.party).toMatchObject({ name: 'Jeanne Dupont', reference: 'P-JD-1' });
    expect(JSON.stringify(data.party)).toContain('jeanne.dupont@example.fr');
    expect(JSON.stringify(data.party)).toContain('12 rue des Lilas');
    expect(JSON.stringify(data.party)).toContain('2850775123456');
    expect(data.cases).toHaveLength(1);
    const kase = data.cases[0]!;
    expect(kase).toMatchObject({ number: caseNumber, roles: ['debtor'] });
    expect((kase.items as { number: string }[]).map((i) => i.number)).toEqual(['F-2026-17']);
    expect(kase.payments).toEqual([
      expect.objectContaining({ type: 'PaymentReceived', payer: 'Jeanne Dupont' }),
    ]);
    expect(kase.allocations).toHaveLength(1);
    expect((kase.notes as { text: string }[])[0]!.text).toContain('promised to pay');
    expect((kase.tasks as { title: string }[])[0]!.title).toBe('Call back Jeanne Dupont');
    expect((kase.ledgerEntries as unknown[]).length).toBeGreaterThan(0);
    const types = data.events.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['PartyRegistered', 'CaseOpened', 'NoteAdded']));
    expect(data.events[0]).toMatchObject({ actor: { kind: 'user', id: 'tester' } });
    expect(data.processing.map((p) => p.legalBasis).join(' ')).toMatch(/recovery of a debt/);
    expect(data.processing.map((p) => p.legalBasis).join(' ')).toMatch(/L123-22/);
    expect(data.retention).toMatchObject({ erasable: false, until: null });
    expect(data.retention.reasons.map((r) => r.kind)).toEqual(['open_case', 'accounting_records']);
    // Nothing of the other person.
    expect(JSON.stringify(data)).not.toContain('Paul Martin');
    expect((await auditActions(jeanne)).map((a) => a.action)).toContain('gdpr.export');
  });

  it('refuses erasure while a case is open, saying so', async () => {
    const refused = await erasure('2026-11-20').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RetentionApplies);
    const { assessment } = refused as RetentionApplies;
    expect(assessment.reasons[0]).toMatchObject({ kind: 'open_case', caseNumber, until: null });
    expect(assessment.until).toBeNull();
    expect((refused as RetentionApplies).message).toContain(`case ${caseNumber} is open`);
  });

  it('refuses it while accounting records are younger than the retention, with the date', async () => {
    await runCaseCommands(ctx(), caseId, [{ type: 'CloseCase', data: { reason: 'settled' } }]);
    const last = await tx((t) =>
      sql<{
        d: string;
      }>`select max(entry_date)::text as d from ledger_entries where case_id = ${caseId}`.execute(t),
    );
    const until = addYears(last.rows[0]!.d, 10);
    const refused = (await erasure('2030-01-01').catch((e: unknown) => e)) as RetentionApplies;
    expect(refused).toBeInstanceOf(RetentionApplies);
    expect(refused.assessment).toMatchObject({
      erasable: false,
      until,
      reasons: [{ kind: 'accounting_records', years: 10, until }],
    });
    expect(refused.message).toContain(until);
    // The tenant may shorten it; 0 years lifts the accounting hold.
    const zero = await tx(async (t) => {
      await saveGdprSettings(t, tenant.id, { accountingRetentionYears: 0 });
      const assessed = await assessErasure(t, tenant.id, jeanne, '2026-11-20');
      await saveGdprSettings(t, tenant.id, { accountingRetentionYears: 10 });
      return assessed;
    });
    expect(zero).toMatchObject({ erasable: true, reasons: [] });
  });

  it('erases the person once the retention is over: read models, events, audit, ledger labels', async () => {
    const result = await erasure('2040-01-02');
    expect(result.alreadyErased).toBe(false);
    expect(result.pseudonym).toMatch(/^Erased person [0-9a-f]{4}$/);

    const check = async () => {
      const party = await tx((t) =>
        t.selectFrom('parties').selectAll().where('id', '=', jeanne).executeTakeFirstOrThrow(),
      );
      expect(party).toMatchObject({
        name: result.pseudonym,
        reference: null,
        contacts: [],
        addresses: [],
        identifiers: [],
      });
      const kase = await tx((t) =>
        t.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow(),
      );
      expect(kase).toMatchObject({ debtor_name: result.pseudonym, debtor_reference: null });
      const texts = await tx(async (t) => ({
        events: (
          await sql<{
            t: string;
          }>`select string_agg(data::text, ' ') as t from events where stream_id in (${jeanne}, ${caseId})`.execute(
            t,
          )
        ).rows[0]!.t,
        audit: (
          await sql<{
            t: string;
          }>`select string_agg(detail::text, ' ') as t from audit_log where target_id in (${jeanne}, ${caseId})`.execute(
            t,
          )
        ).rows[0]!.t,
        tasks: (
          await sql<{
            t: string;
          }>`select string_agg(title || ' ' || coalesce(details, ''), ' ') as t from tasks where case_id = ${caseId}`.execute(
            t,
          )
        ).rows[0]!.t,
        ledger: (
          await sql<{
            t: string;
          }>`select string_agg(label, ' ') as t from ledger_entries where case_id = ${caseId}`.execute(t)
        ).rows[0]!.t,
      }));
      for (const secret of PERSONAL) {
        for (const [where, text] of Object.entries(texts)) {
          expect(text.toLowerCase(), `${secret} in ${where}`).not.toContain(secret.toLowerCase());
        }
      }
      expect(texts.events).toContain(result.pseudonym);
    };
    await check();

    // The event is recorded with who, when and why, and audited; so is the erasure itself.
    const anonymised = await tx((t) =>
      t
        .selectFrom('events')
        .selectAll()
        .where('stream_id', '=', jeanne)
        .where('type', '=', 'PartyAnonymised')
        .execute(),
    );
    expect(anonymised).toHaveLength(1);
    expect(anonymised[0]!.data).toMatchObject({
      pseudonym: result.pseudonym,
      reason: 'asked by the person (art. 17)',
      erasedBy: 'tester',
      erasedOn: '2040-01-02',
    });
    const actions = (await auditActions(jeanne)).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['gdpr.export', 'party.PartyAnonymised', 'gdpr.erasure']));

    // Replaying the log does not bring the person back.
    await tx((t) => rebuildReadModels(t));
    await check();

    // The other person is untouched.
    const other = await tx((t) =>
      t.selectFrom('parties').selectAll().where('id', '=', paul).executeTakeFirstOrThrow(),
    );
    expect(other.name).toBe('Paul Martin');
    expect(JSON.stringify(other.contacts)).toContain('paul.martin@example.fr');

    // A second erasure changes nothing.
    expect((await erasure('2040-01-03')).alreadyErased).toBe(true);
  });

  it('leaves the event log and the audit log closed to the application role', async () => {
    const update = (statement: ReturnType<typeof sql>) =>
      tx((t) => statement.execute(t)).then(
        () => 'accepted',
        () => 'refused',
      );
    expect(await update(sql`update events set data = '{}' where stream_id = ${paul}`)).toBe('refused');
    expect(await update(sql`update audit_log set detail = '{}' where target_id = ${paul}`)).toBe('refused');
    expect(
      await update(
        sql`select set_config('quittance.gdpr_erasure', 'on', true); update audit_log set detail = '{}'`,
      ),
    ).toBe('refused');
  });
});
