import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, openCase, registerParty, runCaseCommands } from '../src/application/cases.commands';
import { startTestServer, TEST_AS_OF, type TestServer } from './support/test-server';
import { createTestApiKey, createTestUser } from './support/test-users';

// Sue supervises Cleo on her account and Max through the team "east"; Cleo manages a retail case
// with one call to make. Sue and Cleo sign in with their own API keys; the rest goes as an
// administrator.
let server: TestServer;
let sueKey: string;
let cleoKey: string;
let caseId: string;
let taskId: string;

type Json = Record<string, unknown> & { items?: Record<string, unknown>[] };

const call = async (method: string, path: string, body?: unknown, key?: string) => {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      'x-user': 'admin',
      ...(key ? { authorization: `Bearer ${key}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Json };
};
const asSue = (method: string, path: string, body?: unknown) => call(method, path, body, sueKey);
const asCleo = (method: string, path: string, body?: unknown) => call(method, path, body, cleoKey);

beforeAll(async () => {
  server = await startTestServer({ webDist: null });
  const tenant = server.ctx.tenant;
  await createTestUser(server.database, tenant, { username: 'sue', roles: ['supervisor'] });
  expect((await call('PUT', '/api/v1/teams/east', { name: 'East', supervisor: 'sue' })).status).toBe(200);
  await createTestUser(server.database, tenant, {
    username: 'cleo',
    roles: ['collector'],
    supervisor: 'sue',
  });
  await createTestUser(server.database, tenant, { username: 'max', roles: ['collector'], team: 'east' });
  sueKey = await createTestApiKey(server.database, tenant, 'sue');
  cleoKey = await createTestApiKey(server.database, tenant, 'cleo');

  const party = await registerParty(server.ctx, {
    kind: 'organisation',
    reference: 'R-1',
    name: 'Roux SARL',
    customerType: 'business',
    country: 'FR',
    language: 'fr',
    identifiers: [],
    addresses: [],
    contacts: [],
  });
  const opened = await openCase(server.ctx, {
    caseType: 'receivable_account',
    company: 'FR01',
    currency: 'EUR',
    debtorId: party.events[0]!.streamId,
    customFields: {},
  });
  caseId = opened.events[0]!.streamId;
  await runCaseCommands(server.ctx, caseId, [
    {
      type: 'AddFinancialItem',
      data: {
        itemId: newId(),
        number: 'R-100',
        issueDate: '2026-10-01',
        dueDate: '2026-10-31',
        amount: { amount: '1234.56', currency: 'EUR' },
      },
    },
    { type: 'AssignManager', data: { manager: 'cleo' } },
    { type: 'AssignPortfolio', data: { portfolio: 'retail' } },
    { type: 'AssignTeam', data: { team: 'east' } },
  ]);
  const created = await call('POST', `/api/v1/cases/${caseId}/tasks`, {
    title: 'Call about R-100',
    taskType: 'call',
    assignee: 'cleo',
    due: '2026-11-18',
    priority: 'high',
  });
  expect(created.status).toBe(201);
  const tasks = await call('GET', `/api/v1/tasks?caseId=${caseId}`);
  taskId = tasks.body.items![0]!.id as string;
}, 60_000);

afterAll(async () => {
  await server?.close();
});

describe('agenda, team and reassignment through the API', () => {
  it("answers a collector's own agenda, and refuses them another's, reassigning and the team view", async () => {
    const own = await asCleo('GET', '/api/v1/agenda');
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({
      user: 'cleo',
      asOf: TEST_AS_OF,
      substituting: [],
      byType: [
        {
          taskType: 'call',
          toDo: 1,
          waiting: 0,
          overdue: 1,
          total: 1,
          balances: [{ amount: '1234.56', currency: 'EUR' }],
        },
      ],
      tasks: [
        {
          id: taskId,
          caseId,
          debtorName: 'Roux SARL',
          priority: 'high',
          overdue: true,
          balance: { amount: '1234.56', currency: 'EUR' },
        },
      ],
      stoppedCases: [{ caseId, reason: 'no-strategy' }],
    });

    expect((await asCleo('GET', '/api/v1/agenda?user=max')).status).toBe(403);
    expect((await asCleo('POST', `/api/v1/tasks/${taskId}/reassign`, { assignee: 'max' })).status).toBe(403);
    expect((await asCleo('GET', '/api/v1/team')).status).toBe(403);
    expect((await asCleo('POST', '/api/v1/portfolios/retail/reassign', { to: 'cleo' })).status).toBe(403);
  });

  it('shows a supervisor their people, directly or through their team, and only theirs', async () => {
    const team = await asSue('GET', '/api/v1/team');
    expect(team.status).toBe(200);
    expect(team.body.supervisor).toBe('sue');
    expect(team.body.members).toEqual([
      {
        username: 'cleo',
        displayName: 'cleo',
        team: null,
        openTasks: 1,
        overdueTasks: 1,
        cases: 1,
        balances: [{ amount: '1234.56', currency: 'EUR' }],
        absence: null,
      },
      {
        username: 'max',
        displayName: 'max',
        team: 'east',
        openTasks: 0,
        overdueTasks: 0,
        cases: 0,
        balances: [],
        absence: null,
      },
    ]);
    expect((await asSue('GET', '/api/v1/agenda?user=cleo')).status).toBe(200);
    expect((await asSue('GET', '/api/v1/team?supervisor=admin')).status).toBe(403);
    const asAdmin = await call('GET', '/api/v1/team?supervisor=sue');
    expect(asAdmin.status).toBe(200);
    expect((asAdmin.body.members as unknown[]).length).toBe(2);
  });

  it('lists tasks with filters and paging, keeping the fields it always had', async () => {
    const extra = await call('POST', `/api/v1/cases/${caseId}/tasks`, {
      title: 'Send the statement',
      taskType: 'letter',
      assignee: 'max',
      due: '2026-11-30',
      priority: 'low',
    });
    expect(extra.status).toBe(201);
    const all = await call('GET', '/api/v1/tasks?pageSize=1');
    expect(all.body).toMatchObject({ page: 1, pageSize: 1, total: 2 });
    expect(all.body.items![0]).toEqual({
      id: taskId,
      caseId,
      caseNumber: expect.any(String),
      title: 'Call about R-100',
      taskType: 'call',
      assignee: 'cleo',
      due: '2026-11-18',
      priority: 'high',
      status: 'open',
      overdue: true,
      createdBy: { kind: 'user', id: 'admin' },
    });
    const second = await call('GET', '/api/v1/tasks?pageSize=1&page=2');
    expect(second.body.items!.map((t) => t.taskType)).toEqual(['letter']);
    const ids = async (query: string) =>
      (await call('GET', `/api/v1/tasks?${query}`)).body.items!.map((t) => t.taskType);
    expect(await ids('overdue=true')).toEqual(['call']);
    expect(await ids('type=letter')).toEqual(['letter']);
    expect(await ids('priority=high')).toEqual(['call']);
    expect(await ids('dueBefore=2026-11-30')).toEqual(['call']);
    expect(await ids('team=east')).toEqual(['call', 'letter']);
    expect(await ids('team=west')).toEqual([]);
    expect(await ids('status=done')).toEqual([]);
    expect((await call('GET', '/api/v1/tasks?priority=asap')).status).toBe(400);
  });

  it('lets a supervisor reassign a task to an active user, as an event', async () => {
    expect((await asSue('POST', `/api/v1/tasks/${taskId}/reassign`, { assignee: 'ghost' })).status).toBe(422);
    const moved = await asSue('POST', `/api/v1/tasks/${taskId}/reassign`, {
      assignee: 'max',
      reason: 'workload',
    });
    expect(moved.status).toBe(201);
    expect(moved.body).toMatchObject({ caseId, events: ['TaskReassigned'] });
    const held = await call('GET', '/api/v1/tasks?assignee=max&type=call');
    expect(held.body.items!.map((t) => t.id)).toEqual([taskId]);
    expect((await asCleo('GET', '/api/v1/agenda')).body.tasks).toEqual([]);
    expect((await call('POST', `/api/v1/tasks/${newId()}/reassign`, { assignee: 'max' })).status).toBe(404);
  });

  it('records an absence whose agenda goes to the substitute, refuses an overlapping one, and cancels it', async () => {
    const absent = await asSue('POST', '/api/v1/absences', {
      username: 'max',
      substitute: 'cleo',
      from: TEST_AS_OF,
      to: '2026-11-27',
      reason: 'holiday',
    });
    expect(absent.status).toBe(201);
    const absenceId = absent.body.id as string;
    const overlapping = await asSue('POST', '/api/v1/absences', {
      username: 'max',
      substitute: 'sue',
      from: '2026-11-25',
      to: '2026-11-30',
    });
    expect(overlapping.status).toBe(409);
    expect(
      (
        await asCleo('POST', '/api/v1/absences', {
          username: 'cleo',
          substitute: 'max',
          from: '2026-12-01',
          to: '2026-12-02',
        })
      ).status,
    ).toBe(403);

    const covering = await asCleo('GET', '/api/v1/agenda');
    expect(covering.body.substituting).toEqual(['max']);
    expect((covering.body.tasks as { id: string }[]).map((t) => t.id)).toContain(taskId);
    const team = await asSue('GET', '/api/v1/team');
    expect(
      (team.body.members as { username: string; absence: unknown }[]).find((m) => m.username === 'max')
        ?.absence,
    ).toEqual({
      from: TEST_AS_OF,
      to: '2026-11-27',
      substitute: 'cleo',
    });
    const listed = await asCleo('GET', '/api/v1/absences');
    expect(listed.body.items!.map((a) => a.id)).toEqual([absenceId]);

    expect((await asSue('POST', `/api/v1/absences/${absenceId}/cancel`)).body).toMatchObject({
      cancelled: true,
    });
    expect((await asCleo('GET', '/api/v1/agenda')).body.substituting).toEqual([]);
    expect((await asCleo('GET', '/api/v1/absences')).body.items).toEqual([]);
  });

  it('keeps teams and portfolios, and moves a portfolio to another manager', async () => {
    const teams = await asSue('GET', '/api/v1/teams');
    expect(teams.body.items).toEqual([{ code: 'east', name: 'East', supervisor: 'sue', members: ['max'] }]);
    expect((await call('PUT', '/api/v1/teams/west', { name: 'West', supervisor: 'ghost' })).status).toBe(422);
    expect((await asSue('PUT', '/api/v1/teams/west', { name: 'West' })).status).toBe(403);

    const saved = await call('PUT', '/api/v1/portfolios/retail', {
      name: 'Retail',
      team: 'east',
      owner: 'cleo',
    });
    expect(saved).toMatchObject({ status: 200, body: { code: 'retail', team: 'east', owner: 'cleo' } });
    expect((await asCleo('GET', '/api/v1/portfolios/retail')).body).toMatchObject({ name: 'Retail' });
    expect((await call('GET', '/api/v1/portfolios/nope')).status).toBe(404);

    const moved = await asSue('POST', '/api/v1/portfolios/retail/reassign', { to: 'max' });
    expect(moved.status).toBe(201);
    expect(moved.body).toMatchObject({
      portfolio: 'retail',
      to: 'max',
      cases: [{ caseId, events: ['ManagerAssigned'] }],
    });
    expect((await asCleo('GET', '/api/v1/agenda')).body.stoppedCases).toEqual([]);
    expect((await call('GET', '/api/v1/agenda?user=max')).body.stoppedCases).toMatchObject([{ caseId }]);
    expect((await call('GET', '/api/v1/portfolios/retail')).body.owner).toBe('max');
  });
});
