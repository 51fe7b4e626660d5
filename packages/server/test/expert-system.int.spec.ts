import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import type { RuleSetDocument } from '@quittance/domain';
import { withTenant, type Tenant } from '../src/db/tenancy';
import { importInvoiceFile } from '../src/application/import-invoices';
import { newId, openCase, registerParty, runCaseCommands } from '../src/application/cases.commands';
import { createDraft, getRuleSet, publishRuleSet, updateDraft } from '../src/rules/rule-sets';
import { MAX_CAUSATION_DEPTH, processRules } from '../src/rules/processor';
import { escalateOverdueTasks, fireDueTimers } from '../src/rules/sweeps';
import { simulateRuleSet } from '../src/rules/simulation';
import { checkRuleSet } from '../src/rules/rule-sets';
import { getChrono } from '../src/read-models/case.queries';
import {
  createTestDatabase,
  createTestTenant,
  databaseLabel,
  testContext,
  type TestDatabase,
} from './support/test-database';

const TODAY = '2026-11-20';
let database: TestDatabase;
let tenant: Tenant;
const ctx = () => testContext(database, tenant);
const tx = <T>(work: Parameters<typeof withTenant<T>>[2]) => withTenant(database.db, tenant.id, work);
const clock = () => new Date(`${TODAY}T10:00:00Z`);
const process = (today = TODAY) => processRules(database.db, tenant, { today, clock });

const RULES: RuleSetDocument = {
  format: 'quittance.rules/1',
  name: 'test-rules',
  decisions: [
    {
      id: 'assignment',
      name: 'Assignment',
      hitPolicy: 'FIRST',
      inputs: [
        { id: 'country', label: 'Country', expression: 'customer.country' },
        { id: 'overdue', label: 'Overdue amount', expression: 'case.overdue.amount' },
      ],
      outputs: [{ id: 'manager', name: 'manager' }],
      rules: [
        { id: 'big', inputEntries: ['-', '>= 10000'], outputEntries: ['"senior.collector"'] },
        { id: 'fr', inputEntries: ['"FR"', '-'], outputEntries: ['"collector.fr"'] },
        { id: 'other', inputEntries: ['-', '-'], outputEntries: ['"collector.intl"'] },
      ],
    },
  ],
  reactions: [
    {
      id: 'assign-new',
      name: 'Assign and call a new debtor',
      on: ['FinancialItemAdded'],
      when: 'case.manager = null',
      then: [
        { type: 'assignManager', manager: 'decisions.assignment' },
        {
          type: 'createTask',
          title: '"Call " + customer.name',
          taskType: '"call"',
          dueInDays: '3',
          priority: '"high"',
        },
      ],
    },
    {
      id: 'timer',
      name: 'Look again 14 days after the due date',
      on: ['FinancialItemAdded'],
      when: 'event.data.kind = "invoice"',
      then: [{ type: 'setTimer', name: '"due+14"', at: 'date(event.data.dueDate) + duration("P14D")' }],
    },
    {
      id: 'on-timer',
      name: 'Still unpaid 14 days after the due date',
      on: ['TimerFired'],
      when: 'event.data.name = "due+14" and case.overdue.amount > 0',
      then: [{ type: 'createTask', title: '"Still unpaid 14 days after due"', taskType: '"call"' }],
    },
    {
      id: 'escalate',
      name: 'Overdue task to the supervisor',
      on: ['TaskOverdue'],
      then: [
        {
          type: 'createTask',
          title: '"Overdue: " + event.data.title',
          assignee: 'event.data.supervisor',
          priority: '"urgent"',
        },
      ],
    },
  ],
  tests: [
    {
      name: 'a French debtor goes to the French collector',
      given: {
        facts: { today: TODAY, customer: { country: 'FR' }, case: { overdue: { amount: '100.00' } } },
      },
      expect: { decisions: { assignment: 'collector.fr' } },
    },
  ],
};

const publish = async (document: RuleSetDocument) =>
  tx(async (t) => {
    const draft = await createDraft(t, tenant.id, { document }, 'tester', clock());
    return publishRuleSet(t, draft.version, 'tester', clock());
  });

const caseOf = (customer: string, currency = 'EUR') =>
  tx((t) =>
    t
      .selectFrom('cases')
      .select(['id', 'number', 'manager', 'company_code'])
      .where('debtor_reference', '=', customer)
      .where('currency', '=', currency)
      .orderBy('company_code')
      .executeTakeFirstOrThrow(),
  );

const count = (query: string) =>
  tx((t) => sql<{ n: number }>`${sql.raw(query)}`.execute(t)).then((r) => Number(r.rows[0]!.n));

beforeAll(async () => {
  database = await createTestDatabase();
  tenant = await createTestTenant(database, 'rules');
  await publish(RULES);
  await importInvoiceFile(
    ctx(),
    'invoices-7.csv',
    readFileSync(new URL('../../formats/src/invoices/fixtures/invoices-7.csv', import.meta.url)),
  );
});
afterAll(() => database.close());

describe(`the Expert System on ${databaseLabel}`, () => {
  it('every new tenant starts from the published standard library', async () => {
    const fresh = await createTestTenant(database, 'fresh-tenant');
    const v1 = await withTenant(database.db, fresh.id, (t) => getRuleSet(t, 1));
    expect(v1.status).toBe('published');
    expect(v1.testReport?.failed).toBe(0);
    expect(v1.testReport?.passed).toBeGreaterThan(0);
  });

  it('assigns each new case by the decision table and creates a call task, tagged with the rule', async () => {
    const result = await process();
    expect(result.events).toBeGreaterThan(0);
    expect((await caseOf('C001')).manager).toBe('collector.fr');
    expect((await caseOf('C003')).manager).toBe('senior.collector'); // 15,000.00 overdue
    expect((await caseOf('C003', 'CHF')).manager).toBe('collector.intl');

    const c001 = await caseOf('C001');
    const tasks = await tx((t) =>
      t
        .selectFrom('tasks')
        .select(['title', 'assignee', 'due', 'priority', 'created_by'])
        .where('case_id', '=', c001.id)
        .execute(),
    );
    expect(tasks).toEqual([
      {
        title: 'Call Dupont, Martin & Fils SARL',
        assignee: 'collector.fr',
        due: '2026-11-23',
        priority: 'high',
        created_by: { kind: 'rule', id: 'test-rules@v2/assign-new' },
      },
    ]);
  });

  it('stores why: the rule set version, the rule, the facts and the table rows it used, shown in the chrono', async () => {
    const c001 = await caseOf('C001');
    const chrono = (await tx((t) => getChrono(t, c001.id)))!;
    const assigned = chrono.find((e) => e.type === 'ManagerAssigned')!;
    const task = chrono.find((e) => e.type === 'TaskCreated')!;
    expect(assigned.actor).toEqual({ kind: 'rule', id: 'test-rules@v2/assign-new' });
    expect(assigned.why?.decisionId).toBe(task.why?.decisionId);
    const explanation = assigned.why!.explanation;
    expect(explanation.ruleSet).toEqual({ name: 'test-rules', version: 2 });
    expect(explanation.rule).toEqual({ id: 'assign-new', name: 'Assign and call a new debtor' });
    expect(explanation.facts).toMatchObject({
      'case.manager': null,
      'customer.country': 'FR',
      // Overdue nets the credit note, as on the case screen; FEEL numbers carry no scale (1,610.50 → 1610.5).
      'case.overdue.amount': '1610.5',
      'customer.name': 'Dupont, Martin & Fils SARL',
    });
    expect(explanation.decisions).toEqual([
      { table: 'assignment', matchedRules: ['fr'], output: 'collector.fr' },
    ]);
  });

  it('is checkpointed and idempotent: a second run, and a replay from the start, decide nothing twice', async () => {
    const before = await count('select count(*)::int as n from rule_decisions');
    const timers = await count('select count(*)::int as n from timers');
    expect(timers).toBe(6); // one per invoice, none for the credit note
    expect((await process()).events).toBe(0);
    await tx((t) =>
      sql`update checkpoints set transaction_id = '0'::xid8, position = 0 where name = 'expert-system'`.execute(
        t,
      ),
    );
    const replay = await process();
    expect(replay.events).toBeGreaterThan(0);
    expect(replay.decisions).toBe(0);
    expect(await count('select count(*)::int as n from rule_decisions')).toBe(before);
    expect(await count('select count(*)::int as n from timers')).toBe(6);
  });

  it('fires durable timers when their date comes, and the rules react to them', async () => {
    const early = await fireDueTimers(database.db, tenant, { today: '2024-12-17', clock });
    expect(early).toBe(0); // INV-24001 is due 2024-12-04: its timer is for 2024-12-18
    expect(await fireDueTimers(database.db, tenant, { today: TODAY, clock })).toBe(6);
    expect(await fireDueTimers(database.db, tenant, { today: TODAY, clock })).toBe(0);
    await process();
    expect(
      await count(`select count(*)::int as n from tasks where title = 'Still unpaid 14 days after due'`),
    ).toBe(6);
  });

  it('reports an overdue task to the supervisor once, and the rules give the supervisor a task (B8)', async () => {
    const later = { today: '2026-11-24', clock };
    const escalated = await escalateOverdueTasks(database.db, tenant, later);
    expect(escalated).toBeGreaterThan(0);
    expect(await escalateOverdueTasks(database.db, tenant, later)).toBe(0);
    await process('2026-11-24');
    const urgent = await tx((t) =>
      t
        .selectFrom('tasks')
        .select(['title', 'assignee', 'priority'])
        .where('priority', '=', 'urgent')
        .execute(),
    );
    expect(urgent.length, JSON.stringify(urgent)).toBe(escalated);
    expect(
      urgent.filter((task) => task.assignee !== 'supervisor' || !task.title.startsWith('Overdue: ')),
    ).toEqual([]);
  });

  it('makes no automatic decision on a case in manual mode until it is handed back (B6)', async () => {
    const c001 = await caseOf('C001');
    const addItem = (number: string) =>
      runCaseCommands(ctx(), c001.id, [
        {
          type: 'AddFinancialItem',
          data: {
            itemId: newId(),
            number,
            issueDate: '2026-11-01',
            dueDate: '2026-12-01',
            amount: { amount: '99.00', currency: 'EUR' },
          },
        },
      ]);
    await runCaseCommands(ctx(), c001.id, [
      { type: 'SetFlag', data: { flag: 'manualMode', value: true, reason: 'negotiating' } },
    ]);
    const timersBefore = await count(`select count(*)::int as n from timers where case_id = '${c001.id}'`);
    await addItem('INV-MANUAL-1');
    await process();
    expect(await count(`select count(*)::int as n from timers where case_id = '${c001.id}'`)).toBe(
      timersBefore,
    );

    await runCaseCommands(ctx(), c001.id, [{ type: 'SetFlag', data: { flag: 'manualMode', value: false } }]);
    await addItem('INV-MANUAL-2');
    await process();
    expect(await count(`select count(*)::int as n from timers where case_id = '${c001.id}'`)).toBe(
      timersBefore + 1,
    );
  });

  it('simulates a changed table: exactly the cases whose decision changes, nothing written', async () => {
    const published = await tx((t) => getRuleSet(t, 2));
    const changed: RuleSetDocument = {
      ...RULES,
      decisions: [
        {
          ...RULES.decisions[0]!,
          rules: RULES.decisions[0]!.rules.map((r) =>
            r.id === 'fr' ? { ...r, outputEntries: ['"collector.paris"'] } : r,
          ),
        },
      ],
    };
    const eventsBefore = await count('select count(*)::int as n from events');
    const report = await tx((t) =>
      simulateRuleSet(
        t,
        { version: 99, name: 'draft', compiled: checkRuleSet(changed).compiled! },
        { version: 2, name: published.name, compiled: checkRuleSet(RULES).compiled! },
        TODAY,
      ),
    );
    const c001 = await caseOf('C001');
    const assignment = report.decisions.find((d) => d.table === 'assignment')!;
    expect(assignment.changed).toBe(1);
    expect(assignment.cases).toEqual([
      { caseId: c001.id, number: c001.number, before: 'collector.fr', after: 'collector.paris' },
    ]);
    expect(report.casesEvaluated).toBe(5);
    expect(await count('select count(*)::int as n from events')).toBe(eventsBefore);
  });

  it('refuses to publish a version whose embedded tests fail, naming the test', async () => {
    const broken: RuleSetDocument = {
      ...RULES,
      decisions: [
        {
          ...RULES.decisions[0]!,
          rules: RULES.decisions[0]!.rules.map((r) =>
            r.id === 'fr' ? { ...r, outputEntries: ['"nobody"'] } : r,
          ),
        },
      ],
    };
    const brokenDraft = await tx((t) => createDraft(t, tenant.id, { document: broken }, 'tester', clock()));
    const error = await tx((t) => publishRuleSet(t, brokenDraft.version, 'tester', clock())).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'rule_set_tests_failed' });
    expect((error as Error).message).toContain('a French debtor goes to the French collector');
    const versions = await tx((t) =>
      t.selectFrom('rule_sets').select(['version', 'status']).orderBy('version').execute(),
    );
    expect(versions.filter((v) => v.status === 'published')).toEqual([{ version: 2, status: 'published' }]);
    // The failed attempt stays as a draft to fix, and a fixed draft publishes.
    const draft = versions[versions.length - 1]!;
    expect(draft.status).toBe('draft');
    await tx((t) => updateDraft(t, draft.version, RULES));
    await tx((t) => publishRuleSet(t, draft.version, 'tester', clock()));
    const after = await tx((t) =>
      t.selectFrom('rule_sets').select(['version', 'status']).orderBy('version').execute(),
    );
    expect(after.find((v) => v.version === 2)?.status).toBe('retired');
    expect(after.find((v) => v.version === draft.version)?.status).toBe('published');
  });

  it(`stops a chain of rule reactions deeper than ${MAX_CAUSATION_DEPTH} and says so`, async () => {
    await publish({
      format: 'quittance.rules/1',
      name: 'loop',
      decisions: [],
      reactions: [
        {
          id: 'echo',
          name: 'A task makes a task',
          on: ['TaskCreated'],
          when: 'event.data.taskType = "echo"',
          then: [{ type: 'createTask', title: '"echo"', taskType: '"echo"' }],
        },
      ],
      tests: [],
    });
    const c002 = await caseOf('C002');
    await process();
    await runCaseCommands(ctx(), c002.id, [
      {
        type: 'CreateTask',
        data: {
          taskId: newId(),
          title: 'start',
          taskType: 'echo',
          assignee: null,
          due: TODAY,
          priority: 'normal',
        },
      },
    ]);
    await process();
    const decisions = await tx((t) =>
      t.selectFrom('rule_decisions').select(['status', 'error']).where('rule_id', '=', 'echo').execute(),
    );
    expect(decisions.filter((d) => d.status === 'applied')).toHaveLength(MAX_CAUSATION_DEPTH);
    expect(decisions.filter((d) => d.status === 'stopped')).toHaveLength(1);
    expect(decisions.find((d) => d.status === 'stopped')?.error).toContain('causation depth');
  });

  it('charges a penalty fee by rule, rounded once, posted to the ledger — and never to a French consumer (L111-8 CPCE)', async () => {
    await publish({
      format: 'quittance.rules/1',
      name: 'penalties',
      decisions: [],
      reactions: [
        {
          id: 'penalty',
          name: 'Five per cent penalty on request',
          on: ['NoteAdded'],
          when: 'event.data.text = "apply penalty"',
          then: [
            { type: 'addFee', amount: 'case.overdue.amount * 0.05', label: '"Late-payment penalty 5%"' },
          ],
        },
      ],
      tests: [],
    });
    await process();
    const note = (caseId: string) =>
      runCaseCommands(ctx(), caseId, [{ type: 'AddNote', data: { noteId: newId(), text: 'apply penalty' } }]);

    const business = await caseOf('C003', 'CHF'); // 2,340.75 CHF overdue → 117.0375 → 117.04
    await note(business.id);
    const consumer = await registerParty(ctx(), {
      kind: 'person',
      reference: 'C900',
      name: 'Jeanne Martin',
      customerType: 'consumer',
      country: 'FR',
      language: 'fr',
      identifiers: [],
      addresses: [],
      contacts: [],
    });
    const opened = await openCase(ctx(), {
      caseType: 'receivable_account',
      company: 'ACME-FR',
      currency: 'EUR',
      debtorId: consumer.events[0]!.streamId,
      customFields: {},
    });
    const consumerCase = opened.events[0]!.streamId;
    await runCaseCommands(ctx(), consumerCase, [
      {
        type: 'AddFinancialItem',
        data: {
          itemId: newId(),
          number: 'INV-C900',
          issueDate: '2026-09-01',
          dueDate: '2026-10-01',
          amount: { amount: '600.00', currency: 'EUR' },
        },
      },
    ]);
    await note(consumerCase);
    await process();

    const fees = await tx((t) =>
      t.selectFrom('events').select(['stream_id', 'data']).where('type', '=', 'FeeCharged').execute(),
    );
    expect(fees).toEqual([
      {
        stream_id: business.id,
        data: expect.objectContaining({
          amount: { amount: '117.04', currency: 'CHF' },
          label: 'Late-payment penalty 5%',
        }),
      },
    ]);
    const posted = await count(
      `select count(*)::int as n from ledger_entries where event_type = 'FeeCharged' and case_id = '${business.id}'`,
    );
    expect(posted).toBe(1);
    const refused = await tx((t) =>
      t
        .selectFrom('rule_decisions')
        .select(['status', 'error'])
        .where('case_id', '=', consumerCase)
        .where('rule_id', '=', 'penalty')
        .executeTakeFirstOrThrow(),
    );
    expect(refused.status).toBe('failed');
    expect(refused.error).toContain('L111-8 CPCE');
  });
});
