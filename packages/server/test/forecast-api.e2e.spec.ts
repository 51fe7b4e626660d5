import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, openCase, registerParty, runCaseCommands } from '../src/application/cases.commands';
import { startTestServer, TEST_AS_OF, type TestServer } from './support/test-server';

let server: TestServer;

// One invoice of 1200.00 due 2026-12-04, from a debtor without history, on a tenant where nobody
// has paid yet: expected 30 days later, on 2027-01-03 (a Sunday, in the week of 2026-12-28).
beforeAll(async () => {
  server = await startTestServer({ webDist: null });
  const party = await registerParty(server.ctx, {
    kind: 'organisation',
    reference: 'F-1',
    name: 'Fabre SAS',
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
  await runCaseCommands(server.ctx, opened.events[0]!.streamId, [
    {
      type: 'AddFinancialItem',
      data: {
        itemId: newId(),
        number: 'F-100',
        issueDate: '2026-11-04',
        dueDate: '2026-12-04',
        amount: { amount: '1200.00', currency: 'EUR' },
      },
    },
  ]);
});
afterAll(async () => {
  await server?.close();
});

const call = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-user': 'controller' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('cash forecast and objectives through the API', () => {
  it('sets an objective and shows the forecast against it, week by week and month by month', async () => {
    const put = await call('PUT', '/api/v1/cash-objectives', {
      company: 'FR01',
      month: '2027-01',
      amount: '2000.00',
      currency: 'EUR',
    });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({
      company: 'FR01',
      portfolio: null,
      month: '2027-01',
      amount: '2000.00',
      currency: 'EUR',
    });
    const list = await call('GET', '/api/v1/cash-objectives');
    expect(list.body.items).toEqual([put.body]);

    const forecast = await call('GET', '/api/v1/forecast?weeks=8');
    expect(forecast.status).toBe(200);
    expect(forecast.body).toMatchObject({ asOf: TEST_AS_OF, currency: 'EUR' });
    const weeks = forecast.body.weeks as { weekStart: string; habits: string; total: string }[];
    expect(weeks.map((w) => w.weekStart)).toEqual([
      '2026-11-16',
      '2026-11-23',
      '2026-11-30',
      '2026-12-07',
      '2026-12-14',
      '2026-12-21',
      '2026-12-28',
      '2027-01-04',
    ]);
    expect(weeks.filter((w) => w.total !== '0.00')).toEqual([
      {
        weekStart: '2026-12-28',
        promises: '0.00',
        installments: '0.00',
        habits: '1200.00',
        total: '1200.00',
      },
    ]);
    expect(forecast.body.months).toEqual([
      { month: '2026-11', forecast: '0.00', objective: null, gap: null },
      { month: '2026-12', forecast: '0.00', objective: null, gap: null },
      { month: '2027-01', forecast: '1200.00', objective: '2000.00', gap: '-800.00' },
    ]);
  });

  it('answers bad input with a problem naming the field', async () => {
    const month = await call('PUT', '/api/v1/cash-objectives', {
      company: 'FR01',
      month: '2027-1',
      amount: '1.00',
      currency: 'EUR',
    });
    expect(month.status).toBe(400);
    expect(JSON.stringify(month.body.issues)).toContain('month');
    const negative = await call('PUT', '/api/v1/cash-objectives', {
      company: 'FR01',
      month: '2027-01',
      amount: '-5.00',
      currency: 'EUR',
    });
    expect(negative.status).toBe(422);
    expect(String(negative.body.detail)).toMatch(/^amount:/);
    const weeks = await call('GET', '/api/v1/forecast?weeks=53');
    expect(weeks.status).toBe(400);
    const currency = await call('GET', '/api/v1/forecast?currency=XYZ');
    expect(currency.status).toBe(422);
    expect(String(currency.body.detail)).toMatch(/^currency:/);
  });
});
