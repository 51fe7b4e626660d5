import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importInvoiceFile } from '../src/application/import-invoices';
import { withTenant } from '../src/db/tenancy';
import { databaseLabel } from './support/test-database';
import { startTestServer, type TestServer } from './support/test-server';
import { createTestApiKey, createTestUser } from './support/test-users';

const FIXTURE = fileURLToPath(new URL('../../formats/src/invoices/fixtures/invoices-7.csv', import.meta.url));
const LIMITS = { plan: '1000.00', planInstallments: 6, waiver: '50.00', settlement: '200.00' };

let server: TestServer;
let keys: Record<'colin' | 'sue' | 'admin', string>;
let caseId: string;
let itemId: string;

const call = async (key: string, method: string, path: string, body?: unknown) => {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

const account = async () =>
  (await call(keys.admin, 'GET', `/api/v1/cases/${caseId}/account`)).body as {
    writtenOff: { amount: string };
    outstanding: { principal: { amount: string } };
  };

beforeAll(async () => {
  server = await startTestServer({ webDist: null, credentials: 'none' });
  const tenant = server.ctx.tenant;
  await createTestUser(server.database, tenant, { username: 'sue', roles: ['supervisor'] });
  await createTestUser(server.database, tenant, {
    username: 'colin',
    roles: ['collector'],
    supervisor: 'sue',
  });
  keys = {
    colin: await createTestApiKey(server.database, tenant, 'colin'),
    sue: await createTestApiKey(server.database, tenant, 'sue'),
    admin: await createTestApiKey(server.database, tenant, 'admin'),
  };
  await importInvoiceFile(
    { ...server.ctx, actor: { kind: 'import', id: 'invoices-7.csv' } },
    FIXTURE,
    readFileSync(FIXTURE),
  );
  caseId = (
    await withTenant(server.database.db, tenant.id, (tx) =>
      tx.selectFrom('cases').select('id').where('debtor_reference', '=', 'C001').executeTakeFirstOrThrow(),
    )
  ).id;
  const detail = (await call(keys.admin, 'GET', `/api/v1/cases/${caseId}`)).body as {
    items: { id: string; number: string }[];
  };
  itemId = detail.items.find((i) => i.number === 'INV-24001')!.id;
  // Colin may write off up to 100.00, Sue up to 1,000.00 (L3).
  const settings = await call(keys.admin, 'PUT', '/api/v1/settings/agreements', {
    limits: {
      users: { colin: { ...LIMITS, adjustment: '100.00' }, sue: { ...LIMITS, adjustment: '1000.00' } },
    },
  });
  expect(settings.status, JSON.stringify(settings.body)).toBe(200);
}, 60_000);

afterAll(() => server?.close());

describe(`authorisation limits on write-offs and adjustments (${databaseLabel})`, () => {
  it('records a write-off within the limit at once', async () => {
    const before = await account();
    const reply = await call(keys.colin, 'POST', `/api/v1/cases/${caseId}/write-offs`, {
      itemId,
      component: 'principal',
      amount: { amount: '80.00', currency: 'EUR' },
      on: '2026-11-20',
      reason: 'Rounding difference accepted',
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    expect(reply.body.events).toEqual(['AmountWrittenOff']);
    expect(Number((await account()).writtenOff.amount) - Number(before.writtenOff.amount)).toBe(80);
  });

  it('holds one above the limit for the supervisor, who alone may approve it (not its author)', async () => {
    const before = await account();
    const request = await call(keys.colin, 'POST', `/api/v1/cases/${caseId}/write-offs`, {
      itemId,
      component: 'principal',
      amount: { amount: '450.00', currency: 'EUR' },
      on: '2026-11-20',
      reason: 'Commercial gesture after the late delivery',
    });
    expect(request.status, JSON.stringify(request.body)).toBe(202);
    expect(request.body).toMatchObject({ status: 'pending', events: ['AdjustmentRequested', 'TaskCreated'] });
    expect((await account()).writtenOff).toEqual(before.writtenOff);

    // The approval task is Sue's.
    const tasks = await withTenant(server.database.db, server.ctx.tenant.id, (tx) =>
      tx
        .selectFrom('tasks')
        .select(['assignee', 'task_type', 'title'])
        .where('id', '=', request.body.taskId as string)
        .execute(),
    );
    expect(tasks).toEqual([expect.objectContaining({ assignee: 'sue', task_type: 'approval' })]);

    const requestId = request.body.requestId as string;
    // Colin holds no approval right; even with it, four-eyes would refuse him.
    expect((await call(keys.colin, 'POST', `/api/v1/adjustments/${requestId}/approve`, {})).status).toBe(403);
    const approved = await call(keys.sue, 'POST', `/api/v1/adjustments/${requestId}/approve`, {});
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.events).toEqual(['AdjustmentApproved', 'AmountWrittenOff', 'TaskCompleted']);
    expect(Number((await account()).writtenOff.amount) - Number(before.writtenOff.amount)).toBe(450);
    // Approving twice changes nothing.
    expect(
      (await call(keys.sue, 'POST', `/api/v1/adjustments/${requestId}/approve`, {})).body.events,
    ).toEqual([]);
  });

  it("refuses the supervisor an approval above her own limit, and its author's own approval", async () => {
    const big = await call(keys.colin, 'POST', `/api/v1/cases/${caseId}/adjustments`, {
      component: 'costs',
      amount: { amount: '1200.00', currency: 'EUR' },
      on: '2026-11-20',
      reason: 'Price agreed after the dispute',
    });
    expect(big.status, JSON.stringify(big.body)).toBe(202);
    const refused = await call(
      keys.sue,
      'POST',
      `/api/v1/adjustments/${big.body.requestId as string}/approve`,
      {},
    );
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('over_limit');
    const rejected = await call(
      keys.sue,
      'POST',
      `/api/v1/adjustments/${big.body.requestId as string}/reject`,
      {
        reason: 'Needs the finance director',
      },
    );
    expect(rejected.body.events).toEqual(['AdjustmentRejected', 'TaskCompleted']);

    const own = await call(keys.sue, 'POST', `/api/v1/cases/${caseId}/write-offs`, {
      itemId,
      component: 'principal',
      amount: { amount: '10.00', currency: 'EUR' },
      on: '2026-11-20',
      reason: 'x',
    });
    expect(own.status).toBe(201);
  });
});
