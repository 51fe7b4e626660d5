import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, openCase, registerParty, runCaseCommands } from '../src/application/cases.commands';
import { createTestTenant, databaseLabel, testContext } from './support/test-database';
import { startTestServer, type TestServer } from './support/test-server';
import { createTestApiKey, createTestUser } from './support/test-users';

let server: TestServer;
let partyId: string;
let caseId: string;
let otherTenantParty: string;
let collectorKey: string;
// The server's clock: erasure is judged on it, whatever `asOf` a caller sends.
let clockDate = '2026-11-20';

const api = (path: string, init: RequestInit = {}) =>
  fetch(`${server.baseUrl}${path}`, {
    ...init,
    headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string>) },
  });
const erase = (on: string, headers: Record<string, string> = {}) => {
  clockDate = on;
  // A date in the query does not move the retention.
  return api(`/api/v1/parties/${partyId}/erasure?asOf=2099-01-01`, {
    method: 'POST',
    body: JSON.stringify({ reason: 'request of the person' }),
    headers,
  });
};

beforeAll(async () => {
  server = await startTestServer({ webDist: null, clock: () => new Date(`${clockDate}T10:00:00Z`) });
  const party = await registerParty(server.ctx, {
    kind: 'person',
    reference: 'CLI-42',
    name: 'Amélie Poulain',
    customerType: 'consumer',
    country: 'FR',
    language: 'fr',
    identifiers: [],
    addresses: [{ lines: ['15 rue Lepic'], postalCode: '75018', city: 'Paris', country: 'FR' }],
    contacts: [{ kind: 'email', value: 'amelie@example.fr', optOut: false }],
  });
  partyId = party.events[0]!.streamId;
  const opened = await openCase(server.ctx, {
    caseType: 'receivable_account',
    company: 'FR01',
    currency: 'EUR',
    debtorId: partyId,
    customFields: {},
  });
  caseId = opened.events[0]!.streamId;
  await runCaseCommands(server.ctx, caseId, [
    {
      type: 'AddFinancialItem',
      data: {
        itemId: newId(),
        number: 'F-9',
        issueDate: '2026-09-01',
        dueDate: '2026-10-01',
        amount: { amount: '50.00', currency: 'EUR' },
      },
    },
  ]);
  const other = await createTestTenant(server.database, 'elsewhere');
  const foreign = await registerParty(testContext(server.database, other), {
    kind: 'person',
    reference: 'X-1',
    name: 'Someone Else',
    customerType: 'consumer',
    country: 'FR',
    language: 'fr',
    identifiers: [],
    addresses: [],
    contacts: [],
  });
  otherTenantParty = foreign.events[0]!.streamId;
  const demo = { id: server.ctx.tenant.id, name: server.ctx.tenant.name };
  await createTestUser(server.database, demo, { username: 'colette', roles: ['collector'] });
  collectorKey = await createTestApiKey(server.database, demo, 'colette');
});
afterAll(() => server.close());

describe(`GDPR API on ${databaseLabel}`, () => {
  it('exports the personal data as an attachment named after the reference', async () => {
    const response = await api(`/api/v1/parties/${partyId}/personal-data`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="personal-data-CLI-42.json"',
    );
    const body = (await response.json()) as {
      party: { name: string; contacts: { value: string }[] };
      cases: { items: { number: string }[] }[];
      retention: { erasable: boolean };
    };
    expect(body.party.name).toBe('Amélie Poulain');
    expect(body.party.contacts[0]!.value).toBe('amelie@example.fr');
    expect(body.cases[0]!.items[0]!.number).toBe('F-9');
    expect(body.retention.erasable).toBe(false);
  });

  it('says why erasure is not possible, and refuses it with the reason and the date', async () => {
    const assessment = await api(`/api/v1/parties/${partyId}/erasure`);
    expect(assessment.status).toBe(200);
    expect(await assessment.json()).toMatchObject({
      erasable: false,
      until: null,
      reasons: [{ kind: 'open_case' }, { kind: 'accounting_records', until: '2036-09-01' }],
    });

    await runCaseCommands(server.ctx, caseId, [{ type: 'CloseCase', data: { reason: 'paid' } }]);
    const refused = await erase('2030-06-01');
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await refused.json()) as {
      code: string;
      detail: string;
      retention: { until: string; reasons: { kind: string; until: string }[] };
    };
    expect(problem.code).toBe('retention_applies');
    expect(problem.detail).toContain('until 2036-09-01');
    expect(problem.retention).toMatchObject({
      until: '2036-09-01',
      reasons: [{ kind: 'accounting_records', until: '2036-09-01' }],
    });
  });

  it('erases once the retention is over; the audit shows the export and the erasure', async () => {
    const response = await erase('2036-09-01');
    expect(response.status).toBe(200);
    const result = (await response.json()) as { pseudonym: string; alreadyErased: boolean };
    expect(result.alreadyErased).toBe(false);
    const party = (await (await api(`/api/v1/parties/${partyId}`)).json()) as {
      name: string;
      reference: string | null;
      contacts: unknown[];
      addresses: unknown[];
    };
    expect(party).toMatchObject({ name: result.pseudonym, reference: null, contacts: [], addresses: [] });
    const exported = await (await api(`/api/v1/parties/${partyId}/personal-data`)).text();
    expect(exported).not.toContain('Poulain');
    expect(exported).not.toContain('amelie@example.fr');
    expect(exported).not.toContain('Lepic');

    const audit = (await (await api(`/api/v1/audit?target=${partyId}`)).json()) as {
      items: { action: string; outcome: string }[];
    };
    const actions = audit.items.map((a) => `${a.action}:${a.outcome}`);
    expect(actions).toEqual(
      expect.arrayContaining(['gdpr.export:ok', 'gdpr.erasure:refused', 'gdpr.erasure:ok']),
    );
  });

  it("refuses a collector (403) and hides another tenant's party (404)", async () => {
    const asCollector = { authorization: `Bearer ${collectorKey}` };
    expect((await api(`/api/v1/parties/${partyId}/personal-data`, { headers: asCollector })).status).toBe(
      403,
    );
    expect((await erase('2036-09-01', asCollector)).status).toBe(403);
    expect((await api(`/api/v1/parties/${otherTenantParty}/personal-data`)).status).toBe(404);
    expect((await api(`/api/v1/parties/${otherTenantParty}/erasure`)).status).toBe(404);
    expect((await api('/api/v1/parties/not-an-id/erasure')).status).toBe(404);
  });

  it('keeps the accounting retention as a tenant setting', async () => {
    const put = await api('/api/v1/gdpr/settings', {
      method: 'PUT',
      body: JSON.stringify({ accountingRetentionYears: 6 }),
    });
    expect(await put.json()).toEqual({ accountingRetentionYears: 6 });
    expect(await (await api('/api/v1/gdpr/settings')).json()).toEqual({ accountingRetentionYears: 6 });
    const invalid = await api('/api/v1/gdpr/settings', {
      method: 'PUT',
      body: JSON.stringify({ accountingRetentionYears: -1 }),
    });
    expect(invalid.status).toBe(400);
  });
});
