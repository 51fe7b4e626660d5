import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail, Chrono, RuleDecisionDto, RuleSetDetailDto, TaskDto } from '@quittance/api-contract';
import { startTestServer, type TestServer } from './support/test-server';

// End to end through HTTP with the Expert System running in the background, as under
// `quittance start`: an incoming event makes a rule assign the case and create a task; the
// chrono shows both with their explanation; manual mode stops it.

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ webDist: null, rules: 'background' });
});
afterAll(async () => {
  await server?.close();
});

const call = async <T>(method: string, path: string, body?: unknown) => {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-user': 'marie.admin' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
};

/** Polls until `probe` returns a value (the background worker acts within a fraction of a second). */
const eventually = async <T>(probe: () => Promise<T | undefined>, what: string): Promise<T> => {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

const RULES = {
  format: 'quittance.rules/1',
  name: 'api-rules',
  decisions: [
    {
      id: 'assignment',
      name: 'Assignment by amount',
      hitPolicy: 'FIRST',
      inputs: [{ id: 'amount', label: 'Balance', expression: 'case.balance' }],
      outputs: [{ id: 'manager', name: 'manager' }],
      rules: [
        { id: 'large', inputEntries: ['>= 5000'], outputEntries: ['"senior.collector"'] },
        { id: 'small', inputEntries: ['-'], outputEntries: ['"junior.collector"'] },
      ],
    },
  ],
  reactions: [
    {
      id: 'assign',
      name: 'Assign a case when its first invoice arrives',
      on: ['FinancialItemAdded'],
      when: 'case.manager = null',
      then: [
        { type: 'assignManager', manager: 'decisions.assignment' },
        {
          type: 'createTask',
          title: '"Welcome call to " + customer.name',
          taskType: '"call"',
          dueInDays: '2',
        },
      ],
    },
    {
      id: 'big-invoice',
      name: 'A new invoice on an assigned case owing 1,000 or more gets a review task',
      on: ['FinancialItemAdded'],
      when: 'case.manager != null and case.overdue.amount >= 1000',
      then: [{ type: 'createTask', title: '"Review invoice " + event.data.number', taskType: '"review"' }],
    },
  ],
  tests: [
    {
      name: 'a large balance goes to the senior collector',
      given: { facts: { today: '2026-11-20', case: { balance: '7500.00' } } },
      expect: { decisions: { assignment: 'senior.collector' } },
    },
  ],
};

describe('the Expert System through the API', () => {
  let caseId: string;

  it('publishes a rule set through the API', async () => {
    const draft = await call<RuleSetDetailDto>('POST', '/api/v1/rule-sets', { document: RULES });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    expect(draft.body.status).toBe('draft');
    expect(draft.body.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const published = await call<RuleSetDetailDto>('POST', `/api/v1/rule-sets/${draft.body.version}/publish`);
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    expect(published.body.status).toBe('published');
    expect(published.body.publishedBy).toBe('marie.admin');
  });

  it('an incoming invoice makes a rule assign the case and create a task, explained in the chrono', async () => {
    const debtor = await call<{ partyId: string }>('POST', '/api/v1/parties', {
      kind: 'organisation',
      reference: 'RULES-1',
      name: 'Boulangerie Moreau SAS',
      customerType: 'business',
      country: 'FR',
      language: 'fr',
    });
    const opened = await call<{ caseId: string }>('POST', '/api/v1/cases', {
      company: 'ACME-FR',
      currency: 'EUR',
      debtorId: debtor.body.partyId,
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    caseId = opened.body.caseId;
    const added = await call('POST', `/api/v1/cases/${caseId}/items`, {
      number: 'INV-9001',
      issueDate: '2026-09-01',
      dueDate: '2026-10-01',
      amount: { amount: '8200.00', currency: 'EUR' },
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);

    const chrono = await eventually(async () => {
      const { body } = await call<Chrono>('GET', `/api/v1/cases/${caseId}/chrono`);
      return body.items.some((e) => e.type === 'TaskCreated') ? body.items : undefined;
    }, 'the rule to act');
    const assigned = chrono.find((e) => e.type === 'ManagerAssigned')!;
    const task = chrono.find((e) => e.type === 'TaskCreated')!;
    for (const event of [assigned, task]) {
      expect(event.actor).toEqual({ kind: 'rule', id: 'api-rules@v2/assign' });
      expect(event.why?.explanation.rule).toEqual({
        id: 'assign',
        name: 'Assign a case when its first invoice arrives',
      });
      expect(event.why?.explanation.ruleSet).toEqual({ name: 'api-rules', version: 2 });
    }
    expect(assigned.data).toMatchObject({ manager: 'senior.collector' });
    expect(assigned.why?.explanation.facts).toMatchObject({
      'case.balance': 8200, // an integral amount is a FEEL integer
      'case.manager': null,
    });
    expect(assigned.why?.explanation.decisions).toEqual([
      { table: 'assignment', matchedRules: ['large'], output: 'senior.collector' },
    ]);

    const tasks = await call<{ items: TaskDto[] }>('GET', `/api/v1/tasks?caseId=${caseId}`);
    expect(tasks.body.items).toMatchObject([
      { title: 'Welcome call to Boulangerie Moreau SAS', assignee: 'senior.collector', due: '2026-11-22' },
    ]);
    const decisions = await call<{ items: RuleDecisionDto[] }>('GET', `/api/v1/cases/${caseId}/decisions`);
    expect(decisions.body.items.map((d) => [d.ruleId, d.status])).toEqual([['assign', 'applied']]);
  });

  it('manual mode stops automatic reactions until the case is handed back', async () => {
    const manual = await call('POST', `/api/v1/cases/${caseId}/manual-mode`, {
      manual: true,
      reason: 'lawyer involved',
    });
    expect(manual.status, JSON.stringify(manual.body)).toBe(201);
    const detail = await call<CaseDetail>('GET', `/api/v1/cases/${caseId}`);
    expect(detail.body.steering).toMatchObject({ manualMode: true, openTasks: 1 });
    await call('POST', `/api/v1/cases/${caseId}/items`, {
      number: 'INV-9002',
      issueDate: '2026-10-01',
      dueDate: '2026-10-31',
      amount: { amount: '1500.00', currency: 'EUR' },
    });
    // Let the worker see the event, then check it decided nothing.
    await call('POST', '/api/v1/rules/process');
    const tasks = await call<{ items: TaskDto[] }>('GET', `/api/v1/tasks?caseId=${caseId}`);
    expect(tasks.body.items.map((t) => t.title)).toEqual(['Welcome call to Boulangerie Moreau SAS']);

    await call('POST', `/api/v1/cases/${caseId}/manual-mode`, { manual: false });
    await call('POST', `/api/v1/cases/${caseId}/items`, {
      number: 'INV-9003',
      issueDate: '2026-10-05',
      dueDate: '2026-11-04',
      amount: { amount: '2500.00', currency: 'EUR' },
    });
    const titles = await eventually(async () => {
      const { body } = await call<{ items: TaskDto[] }>('GET', `/api/v1/tasks?caseId=${caseId}`);
      return body.items.length === 2 ? body.items.map((t) => t.title) : undefined;
    }, 'the rule to act again');
    expect(titles.sort()).toEqual(['Review invoice INV-9003', 'Welcome call to Boulangerie Moreau SAS']);
  });

  it('completes a task through the API', async () => {
    const { body } = await call<{ items: TaskDto[] }>('GET', `/api/v1/tasks?caseId=${caseId}`);
    const done = await call('POST', `/api/v1/tasks/${body.items[0]!.id}/complete`, { outcome: 'called' });
    expect(done.status, JSON.stringify(done.body)).toBe(201);
    const open = await call<{ items: TaskDto[] }>('GET', `/api/v1/tasks?caseId=${caseId}`);
    expect(open.body.items).toHaveLength(1);
    expect((await call('POST', '/api/v1/tasks/not-a-task/complete', {})).status).toBe(404);
  });

  it('refuses to publish a draft whose test fails, with the failing test named', async () => {
    const broken = structuredClone(RULES);
    broken.decisions[0]!.rules[0]!.inputEntries = ['>= 10000'];
    const draft = await call<RuleSetDetailDto>('POST', '/api/v1/rule-sets', { document: broken });
    expect(draft.body.testReport?.failed).toBe(1);
    const refused = await call<{ code: string; detail: string; issues: { path: string }[] }>(
      'POST',
      `/api/v1/rule-sets/${draft.body.version}/publish`,
    );
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('rule_set_tests_failed');
    expect(refused.body.issues[0]?.path).toBe('test "a large balance goes to the senior collector"');
  });
});
