import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError, type CaseCommand } from '@quittance/domain';
import { withTenant, type Tenant } from '../src/db/tenancy';
import { newId, openCase, registerParty, runCaseCommands } from '../src/application/cases.commands';
import { agendaOf, teamOf } from '../src/organisation/agenda';
import {
  cancelAbsence,
  createAbsence,
  organisationOf,
  savePortfolio,
  saveTeam,
  substituteFor,
  type OrganisationActor,
} from '../src/organisation/organisation';
import { reassignPortfolio } from '../src/organisation/tasks';
import { escalateOverdueTasks } from '../src/rules/sweeps';
import {
  createTestDatabase,
  createTestTenant,
  databaseLabel,
  testContext,
  type TestDatabase,
} from './support/test-database';
import { createTestUser } from './support/test-users';

const TODAY = '2026-11-20';

let database: TestDatabase;
let tenant: Tenant;
const ctx = () => testContext(database, tenant);
const tx = <T>(work: Parameters<typeof withTenant<T>>[2]) => withTenant(database.db, tenant.id, work);
const by = (): OrganisationActor => ({
  tenantId: tenant.id,
  username: 'admin',
  at: new Date(`${TODAY}T10:00:00Z`),
});
const expectRefusal = async (promise: Promise<unknown>, code: string) => {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
};

let debtors = 0;
/** A case of its own debtor with one invoice of `amount`, then `commands`. */
const caseWith = async (
  amount: string,
  currency: string,
  commands: CaseCommand[] = [],
): Promise<{ id: string; number: string }> => {
  debtors += 1;
  const party = await registerParty(ctx(), {
    kind: 'organisation',
    reference: `D-${debtors}`,
    name: `Debtor ${debtors}`,
    customerType: 'business',
    country: 'FR',
    language: 'fr',
    identifiers: [],
    addresses: [],
    contacts: [],
  });
  const opened = await openCase(ctx(), {
    caseType: 'receivable_account',
    company: 'FR01',
    currency,
    debtorId: party.events[0]!.streamId,
    customFields: {},
  });
  const id = opened.events[0]!.streamId;
  await runCaseCommands(ctx(), id, [
    {
      type: 'AddFinancialItem',
      data: {
        itemId: newId(),
        number: `INV-${debtors}`,
        issueDate: '2026-10-01',
        dueDate: '2026-10-31',
        amount: { amount, currency },
      },
    },
    ...commands,
  ]);
  return { id, number: (opened.events[0]!.data as { number: string }).number };
};

const task = (
  assignee: string | null,
  taskType: string,
  due: string,
  priority: 'low' | 'normal' | 'high' | 'urgent' = 'normal',
  taskId = newId(),
): CaseCommand => ({
  type: 'CreateTask',
  data: { taskId, title: `${taskType} ${due}`, taskType, assignee, due, priority },
});

const strategy: CaseCommand = { type: 'StartStrategy', data: { strategy: 'b2b', startedOn: '2026-11-01' } };

beforeAll(async () => {
  database = await createTestDatabase();
  tenant = await createTestTenant(database);
  await createTestUser(database, tenant, { username: 'sue', roles: ['supervisor'] });
  await createTestUser(database, tenant, { username: 'tom', roles: ['supervisor'] });
  await tx((t) => saveTeam(t, by(), 'north', { name: 'North', supervisor: 'tom' }));
  await createTestUser(database, tenant, { username: 'alice', roles: ['collector'], supervisor: 'sue' });
  await createTestUser(database, tenant, { username: 'bob', roles: ['collector'], team: 'north' });
  await createTestUser(database, tenant, { username: 'carol', roles: ['collector'], supervisor: 'sue' });
  await createTestUser(database, tenant, { username: 'dave', roles: ['collector'] });
}, 60_000);

afterAll(async () => {
  await database?.close();
});

describe(`organisation on ${databaseLabel}`, () => {
  it("counts an agenda per task type with the distinct cases' balances, overdue and urgent first", async () => {
    const manual: CaseCommand = { type: 'SetFlag', data: { flag: 'manualMode', value: true } };
    const manager: CaseCommand = { type: 'AssignManager', data: { manager: 'alice' } };
    const a = await caseWith('400.00', 'EUR', [
      manager,
      task('alice', 'call', '2026-11-18'),
      task('alice', 'call', TODAY),
    ]);
    const b = await caseWith('250.50', 'EUR', [
      manager,
      manual,
      strategy,
      task('alice', 'call', '2026-11-25'),
    ]);
    const c = await caseWith('100.00', 'USD', [
      manager,
      strategy,
      task('alice', 'letter', '2026-11-19', 'urgent'),
    ]);
    const doneId = newId();
    await runCaseCommands(ctx(), c.id, [
      task('alice', 'letter', '2026-11-01', 'high', doneId),
      { type: 'CompleteTask', data: { taskId: doneId } },
      task('carol', 'letter', '2026-11-01'),
    ]);

    const agenda = await tx((t) => agendaOf(t, 'alice', TODAY));

    expect(agenda).toMatchObject({ user: 'alice', asOf: TODAY, substituting: [] });
    expect(agenda.byType).toEqual([
      {
        taskType: 'call',
        toDo: 2,
        waiting: 1,
        overdue: 1,
        total: 3,
        balances: [{ amount: '650.50', currency: 'EUR' }],
      },
      {
        taskType: 'letter',
        toDo: 1,
        waiting: 0,
        overdue: 1,
        total: 1,
        balances: [{ amount: '100.00', currency: 'USD' }],
      },
    ]);
    expect(agenda.tasks.map((t) => [t.taskType, t.due, t.overdue])).toEqual([
      ['letter', '2026-11-19', true],
      ['call', '2026-11-18', true],
      ['call', TODAY, false],
      ['call', '2026-11-25', false],
    ]);
    expect(agenda.tasks[0]).toMatchObject({
      caseId: c.id,
      caseNumber: c.number,
      debtorName: expect.stringMatching(/^Debtor /),
      priority: 'urgent',
      status: 'open',
      assignee: 'alice',
      balance: { amount: '100.00', currency: 'USD' },
    });
    expect(agenda.stoppedCases).toEqual([
      {
        caseId: a.id,
        caseNumber: a.number,
        debtorName: expect.any(String),
        reason: 'no-strategy',
        balance: { amount: '400.00', currency: 'EUR' },
      },
      {
        caseId: b.id,
        caseNumber: b.number,
        debtorName: expect.any(String),
        reason: 'manual-mode',
        balance: { amount: '250.50', currency: 'EUR' },
      },
    ]);
  });

  it("moves an absent user's agenda to the substitute during the absence, not after it", async () => {
    await tx((t) =>
      createAbsence(t, by(), {
        username: 'alice',
        substitute: 'dave',
        from: '2026-11-19',
        to: '2026-11-21',
        reason: 'training',
      }),
    );
    expect(await tx((t) => substituteFor(t, 'alice', TODAY))).toBe('dave');
    const covering = await tx((t) => agendaOf(t, 'dave', TODAY));
    expect(covering.substituting).toEqual(['alice']);
    expect(covering.tasks).toHaveLength(4);
    expect(covering.tasks.every((t) => t.assignee === 'alice')).toBe(true);
    expect(covering.byType.map((t) => [t.taskType, t.total])).toEqual([
      ['call', 3],
      ['letter', 1],
    ]);

    expect(await tx((t) => substituteFor(t, 'alice', '2026-11-22'))).toBeNull();
    const after = await tx((t) => agendaOf(t, 'dave', '2026-11-22'));
    expect(after.substituting).toEqual([]);
    expect(after.tasks).toEqual([]);
  });

  it('refuses an absence overlapping another of the same user, or with a substitute who is away', async () => {
    await expectRefusal(
      tx((t) =>
        createAbsence(t, by(), {
          username: 'alice',
          substitute: 'bob',
          from: '2026-11-21',
          to: '2026-11-24',
        }),
      ),
      'conflict',
    );
    await expectRefusal(
      tx((t) =>
        createAbsence(t, by(), {
          username: 'carol',
          substitute: 'alice',
          from: '2026-11-15',
          to: '2026-11-19',
        }),
      ),
      'conflict',
    );
    await expectRefusal(
      tx((t) =>
        createAbsence(t, by(), {
          username: 'carol',
          substitute: 'nobody',
          from: '2026-12-01',
          to: '2026-12-02',
        }),
      ),
      'validation_failed',
    );
    // Back-to-back is not an overlap; a cancelled absence no longer blocks its days.
    const next = await tx((t) =>
      createAbsence(t, by(), { username: 'alice', substitute: 'bob', from: '2026-11-22', to: '2026-11-24' }),
    );
    await tx((t) => cancelAbsence(t, by(), next.id));
    await tx((t) =>
      createAbsence(t, by(), {
        username: 'alice',
        substitute: 'carol',
        from: '2026-11-23',
        to: '2026-11-23',
      }),
    );
    const audited = await tx((t) =>
      t.selectFrom('audit_log').select('action').where('target_id', '=', next.id).orderBy('at').execute(),
    );
    // Both at the same (fixed) moment: compare as a set.
    expect(audited.map((a) => a.action).sort()).toEqual(['absence.cancel', 'absence.create']);
  });

  it("reports overdue tasks to the holder's real supervisor: on the account, else the team's", async () => {
    const carolTask = newId();
    const bobTask = newId();
    await caseWith('10.00', 'EUR', [
      task('carol', 'call', '2026-11-10', 'normal', carolTask),
      task('bob', 'call', '2026-11-10', 'normal', bobTask),
    ]);
    const organisation = await tx((t) => organisationOf(t, tenant.id));
    expect(organisation.supervisors).toMatchObject({ alice: 'sue', carol: 'sue', bob: 'tom' });

    await escalateOverdueTasks(database.db, tenant, {
      today: TODAY,
      clock: () => new Date(`${TODAY}T10:00:00Z`),
    });

    const reports = await tx((t) =>
      t.selectFrom('events').select('data').where('type', '=', 'TaskOverdue').execute(),
    );
    const supervisorOfTask = (id: string) =>
      (
        reports.find((r) => (r.data as { taskId: string }).taskId === id)?.data as
          { supervisor: string } | undefined
      )?.supervisor;
    expect(supervisorOfTask(carolTask)).toBe('sue');
    expect(supervisorOfTask(bobTask)).toBe('tom');
  });

  it("moves a portfolio's open cases and their manager's open tasks to another person, as events", async () => {
    await tx((t) => savePortfolio(t, by(), 'retail', { name: 'Retail', team: 'north', owner: 'carol' }));
    const portfolio: CaseCommand = { type: 'AssignPortfolio', data: { portfolio: 'retail' } };
    const held = newId();
    const approval = newId();
    const one = await caseWith('120.00', 'EUR', [
      portfolio,
      { type: 'AssignManager', data: { manager: 'carol' } },
      task('carol', 'call', '2026-11-30', 'normal', held),
      task('sue', 'approval', '2026-11-30', 'high', approval),
    ]);
    const two = await caseWith('80.00', 'EUR', [
      portfolio,
      { type: 'AssignManager', data: { manager: 'carol' } },
    ]);

    const result = await reassignPortfolio(ctx(), 'retail', { to: 'bob' });

    expect(result.cases.map((c) => [c.caseId, c.events])).toEqual(
      expect.arrayContaining([
        [one.id, ['ManagerAssigned', 'TaskReassigned']],
        [two.id, ['ManagerAssigned']],
      ]),
    );
    const after = await tx(async (t) => ({
      cases: await t
        .selectFrom('cases')
        .select(['id', 'manager'])
        .where('portfolio', '=', 'retail')
        .execute(),
      tasks: await t.selectFrom('tasks').select(['id', 'assignee']).where('case_id', '=', one.id).execute(),
      moved: await t
        .selectFrom('events')
        .select('data')
        .where('type', '=', 'TaskReassigned')
        .where('stream_id', '=', one.id)
        .executeTakeFirstOrThrow(),
      owner: await t
        .selectFrom('portfolios')
        .select('owner')
        .where('code', '=', 'retail')
        .executeTakeFirstOrThrow(),
    }));
    expect(after.cases.every((c) => c.manager === 'bob')).toBe(true);
    expect(Object.fromEntries(after.tasks.map((t) => [t.id, t.assignee]))).toEqual({
      [held]: 'bob',
      [approval]: 'sue',
    });
    expect(after.moved.data).toMatchObject({ taskId: held, from: 'carol', to: 'bob' });
    expect(after.owner.owner).toBe('bob');

    // Nothing left to move: a second run records nothing.
    expect((await reassignPortfolio(ctx(), 'retail', { to: 'bob' })).cases).toEqual([]);
    await expectRefusal(reassignPortfolio(ctx(), 'retail', { to: 'nobody' }), 'validation_failed');
    await expectRefusal(reassignPortfolio(ctx(), 'unknown', { to: 'bob' }), 'not_found');
  });

  it('shows a supervisor the people they supervise, directly or through their team', async () => {
    const sue = await tx((t) => teamOf(t, 'sue', TODAY));
    expect(sue.members.map((m) => m.username)).toEqual(['alice', 'carol']);
    const alice = sue.members.find((m) => m.username === 'alice')!;
    expect(alice).toMatchObject({
      openTasks: 4,
      overdueTasks: 2,
      cases: 3,
      absence: { from: '2026-11-19', to: '2026-11-21', substitute: 'dave' },
    });
    expect(alice.balances).toEqual([
      { amount: '650.50', currency: 'EUR' },
      { amount: '100.00', currency: 'USD' },
    ]);
    const tom = await tx((t) => teamOf(t, 'tom', TODAY));
    expect(tom.members.map((m) => m.username)).toEqual(['bob']);
    expect(tom.members[0]).toMatchObject({ team: 'north', cases: 2, absence: null });
  });
});
