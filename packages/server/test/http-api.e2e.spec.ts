import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail, CaseList, Chrono, CommandResult, Problem } from '@quittance/api-contract';
import { importInvoiceFile } from '../src/application/import-invoices';
import { createTestTenant, databaseLabel, testContext } from './support/test-database';
import { startTestServer, TEST_AS_OF, type TestServer } from './support/test-server';

// The HTTP API as a client sees it: a real server on a real port, JSON over fetch. The data is
// the 7-line invoice fixture, which opens five cases:
//   C001 Dupont (ACME-FR, EUR)   1250.00 + 480.50 - 120.00 = 1610.50
//   C002 Janssens (ACME-FR, EUR)   89.90      C002 Janssens (ACME-BE, EUR)   310.00
//   C003 Müller (ACME-BE, EUR)  15000.00      C003 Müller (ACME-BE, CHF)    2340.75
const FIXTURE = fileURLToPath(new URL('../../formats/src/invoices/fixtures/invoices-7.csv', import.meta.url));

type Reply<T> = { status: number; contentType: string | null; body: T };

let server: TestServer;
let otherCaseId: string;

const call = async <T>(
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply<T>> => {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: {
      accept: 'application/json',
      ...(body !== undefined && { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    body: (text ? JSON.parse(text) : null) as T,
  };
};
const get = <T>(path: string, headers?: Record<string, string>) => call<T>('GET', path, undefined, headers);
const post = <T>(path: string, body: unknown, headers?: Record<string, string>) =>
  call<T>('POST', path, body, headers);

const list = async (query: string): Promise<CaseList> => {
  const reply = await get<CaseList>(`/api/v1/cases?${query}`);
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply.body;
};
const caseOf = async (customerRef: string, currency = 'EUR', company?: string): Promise<CaseDetail> => {
  const { items } = await list(`q=${customerRef}${company ? `&company=${company}` : ''}`);
  const found = items.filter((c) => c.debtor?.reference === customerRef && c.currency === currency);
  expect(found, `one ${currency} case of ${customerRef}`).toHaveLength(1);
  return (await get<CaseDetail>(`/api/v1/cases/${found[0]!.id}`)).body;
};
const expectProblem = (reply: Reply<unknown>, status: number, code?: string): Problem => {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status);
  expect(reply.contentType).toMatch(/^application\/problem\+json/);
  const problem = reply.body as Problem;
  expect(problem.status).toBe(status);
  expect(problem.title).toEqual(expect.any(String));
  if (code) expect(problem.code).toBe(code);
  return problem;
};

beforeAll(async () => {
  server = await startTestServer({ webDist: null });
  const bytes = readFileSync(FIXTURE);
  await importInvoiceFile({ ...server.ctx, actor: { kind: 'import', id: 'invoices-7.csv' } }, FIXTURE, bytes);
  // A second tenant with the same file: same numbers and names, different ids, invisible to 'demo'.
  const other = await createTestTenant(server.database, 'other');
  await importInvoiceFile(
    testContext(server.database, other, { actor: { kind: 'import', id: 'other.csv' } }),
    FIXTURE,
    bytes,
  );
  const otherList = await get<CaseList>('/api/v1/cases?q=C001', { 'x-tenant': 'other' });
  otherCaseId = otherList.body.items[0]!.id;
});

afterAll(async () => {
  await server?.close();
});

describe('service endpoints', () => {
  it('reports its health and the database it runs on', async () => {
    const reply = await get<{ status: string; database: string }>('/api/health');
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ status: 'ok', database: databaseLabel });
  });

  it('publishes an OpenAPI 3.1 document describing the case endpoints', async () => {
    type OpenApi = {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>>;
      components?: { schemas?: Record<string, unknown> };
    };
    const { status, body } = await get<OpenApi>('/api/openapi.json');
    expect(status).toBe(200);
    expect(body.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/cases',
        '/api/v1/cases/{id}',
        '/api/v1/cases/{id}/chrono',
        '/api/v1/cases/{id}/notes',
        '/api/v1/cases/{id}/items',
        '/api/v1/cases/{id}/phase',
      ]),
    );
    expect(Object.keys(body.paths['/api/v1/cases']!)).toEqual(expect.arrayContaining(['get', 'post']));
    const addNote = body.paths['/api/v1/cases/{id}/notes']!.post!;
    expect(addNote.requestBody).toBeDefined();
    expect(Object.keys(addNote.responses)).toEqual(expect.arrayContaining(['201', '400', '404']));
    expect(Object.keys(body.components?.schemas ?? {})).toEqual(
      expect.arrayContaining(['CaseSummary', 'Problem', 'Money']),
    );
  });

  it('answers an unknown API route with a 404 problem', async () => {
    expectProblem(await get('/api/v1/no-such-thing'), 404, 'not_found');
  });
});

describe('GET /api/v1/cases', () => {
  it('lists every case of the tenant with its balance, as of the server date', async () => {
    const page = await list('');
    expect(page.meta).toEqual({ page: 1, pageSize: 25, total: 5 });
    expect(page.asOf).toBe(TEST_AS_OF);
    expect(page.items.map((c) => c.debtor?.reference).sort()).toEqual([
      'C001',
      'C002',
      'C002',
      'C003',
      'C003',
    ]);
    const dupont = page.items.find((c) => c.debtor?.reference === 'C001')!;
    expect(dupont.debtor?.name).toBe('Dupont, Martin & Fils SARL');
    expect(dupont.balance).toEqual({ amount: '1610.50', currency: 'EUR' });
    expect(dupont.overdue).toEqual({ amount: '1610.50', currency: 'EUR' });
    expect(dupont.openItems).toBe(3);
    expect(dupont.phase).toBe('amicable');
    expect(dupont.number).toMatch(/^\d{4}-\d{6,}$/);
  });

  it('sorts by balance both ways, by customer name, and by overdue amount by default', async () => {
    const balances = (page: CaseList) => page.items.map((c) => `${c.balance.amount} ${c.balance.currency}`);
    const ascending = ['89.90 EUR', '310.00 EUR', '1610.50 EUR', '2340.75 CHF', '15000.00 EUR'];
    expect(balances(await list('sort=balance'))).toEqual(ascending);
    expect(balances(await list('sort=-balance'))).toEqual([...ascending].reverse());
    // Nothing is paid and everything is due, so the default (-overdue) is the same as -balance.
    expect(balances(await list(''))).toEqual([...ascending].reverse());

    const byDebtor = await list('sort=debtor');
    expect(byDebtor.items.map((c) => c.debtor?.name)).toEqual([
      'Claire Janssens',
      'Claire Janssens',
      'Dupont, Martin & Fils SARL',
      'Müller Maschinenbau GmbH',
      'Müller Maschinenbau GmbH',
    ]);
    // Ties are broken by case number, so paging through a sorted list never repeats a case.
    const janssens = byDebtor.items.slice(0, 2).map((c) => c.number);
    expect(janssens).toEqual([...janssens].sort());

    const byNumber = (await list('sort=-number')).items.map((c) => c.number);
    expect(byNumber).toEqual([...byNumber].sort().reverse());
  });

  it('pages through the list with a stable total, including past the last page', async () => {
    const pages = [
      await list('sort=number&pageSize=2&page=1'),
      await list('sort=number&pageSize=2&page=2'),
      await list('sort=number&pageSize=2&page=3'),
    ];
    expect(pages.map((p) => p.items.length)).toEqual([2, 2, 1]);
    expect(pages.map((p) => p.meta)).toEqual([
      { page: 1, pageSize: 2, total: 5 },
      { page: 2, pageSize: 2, total: 5 },
      { page: 3, pageSize: 2, total: 5 },
    ]);
    const numbers = pages.flatMap((p) => p.items.map((c) => c.number));
    expect(new Set(numbers).size).toBe(5);
    expect(numbers).toEqual([...numbers].sort());

    const beyond = await list('sort=number&pageSize=2&page=4');
    expect(beyond.items).toEqual([]);
    expect(beyond.meta.total).toBe(5);
  });

  it('searches customer names, customer references and invoice numbers', async () => {
    const refs = async (q: string) =>
      (await list(`q=${encodeURIComponent(q)}`)).items.map((c) => c.debtor?.reference).sort();
    expect(await refs('janssens')).toEqual(['C002', 'C002']);
    expect(await refs('C003')).toEqual(['C003', 'C003']);
    const byInvoice = await list('q=B-2025-0008');
    expect(byInvoice.items.map((c) => [c.debtor?.reference, c.currency])).toEqual([['C003', 'CHF']]);
    // LIKE wildcards typed by a user are searched for literally.
    expect(await refs('%')).toEqual([]);
    expect(await refs('nobody by that name')).toEqual([]);
  });

  it('filters on overdue amounts as of the requested date', async () => {
    expect((await list('overdue=true')).meta.total).toBe(5);
    expect((await list('overdue=false')).meta.total).toBe(0);
    // On 10 January 2025 only Dupont's first invoices had fallen due.
    const early = await list('overdue=true&asOf=2025-01-10');
    expect(early.asOf).toBe('2025-01-10');
    expect(early.items.map((c) => [c.debtor?.reference, c.overdue.amount])).toEqual([['C001', '1610.50']]);
    expect((await list('overdue=false&asOf=2025-01-10')).meta.total).toBe(4);
  });

  it('filters by phase and by company', async () => {
    expect((await list('phase=amicable')).meta.total).toBe(5);
    expect((await list('phase=outsourced')).meta.total).toBe(0);
    expect((await list('company=ACME-BE')).items.map((c) => c.debtor?.reference).sort()).toEqual([
      'C002',
      'C003',
      'C003',
    ]);
  });

  it('rejects an invalid query with a 400 problem listing the issues', async () => {
    const problem = expectProblem(
      await get('/api/v1/cases?pageSize=500&phase=nowhere'),
      400,
      'validation_failed',
    );
    expect(problem.issues?.map((i) => i.path).sort()).toEqual(['pageSize', 'phase']);
  });
});

describe('GET /api/v1/cases/{id} and its chrono', () => {
  it('returns the case with its debtor and its items, amounts as exact decimal strings', async () => {
    const detail = await caseOf('C001');
    expect(detail.debtor?.name).toBe('Dupont, Martin & Fils SARL');
    expect(detail.company.code).toBe('ACME-FR');
    expect(detail.parties.map((p) => [p.role, p.name, p.emails])).toEqual([
      ['debtor', 'Dupont, Martin & Fils SARL', ['compta@dupont-martin.fr']],
    ]);
    expect(detail.items.map((i) => [i.number, i.kind, i.amount.amount, i.status, i.dueDate])).toEqual([
      ['INV-24001', 'invoice', '1250.00', 'overdue', '2024-12-04'],
      ['AV-24001', 'credit_note', '-120.00', 'credit', '2024-12-10'],
      ['INV-24002', 'invoice', '480.50', 'overdue', '2025-01-01'],
    ]);
    expect(detail.items[0]!.daysPastDue).toBe(716); // 2024-12-04 -> 2026-11-20
    expect(detail.balance).toEqual({ amount: '1610.50', currency: 'EUR' });
  });

  it('returns the history newest first, with who did what', async () => {
    const detail = await caseOf('C002', 'EUR', 'ACME-BE');
    const { status, body } = await get<Chrono>(`/api/v1/cases/${detail.id}/chrono`);
    expect(status).toBe(200);
    expect(body.items.map((e) => e.type)).toEqual(['FinancialItemAdded', 'PartyAttached', 'CaseOpened']);
    expect(body.items.map((e) => e.version)).toEqual([3, 2, 1]);
    expect(body.items[0]!.data).toMatchObject({
      number: 'INV-24001',
      amount: { amount: '310.00', currency: 'EUR' },
    });
    expect(body.items.every((e) => e.actor.kind === 'import' && e.actor.id === 'invoices-7.csv')).toBe(true);
  });

  it('answers 404 problems for an unknown id, a malformed id, and a chrono of either', async () => {
    const unknown = randomUUID();
    expectProblem(await get(`/api/v1/cases/${unknown}`), 404, 'case_not_found');
    expectProblem(await get(`/api/v1/cases/${unknown}/chrono`), 404, 'case_not_found');
    expectProblem(await get('/api/v1/cases/not-a-uuid'), 404, 'case_not_found');
    expectProblem(await get('/api/v1/cases/not-a-uuid/chrono'), 404, 'case_not_found');
  });
});

describe('tenant isolation through the API', () => {
  it("does not show another tenant's case to someone who guesses its id", async () => {
    // The id is real: its own tenant sees it.
    expect((await get(`/api/v1/cases/${otherCaseId}`, { 'x-tenant': 'other' })).status).toBe(200);
    expectProblem(await get(`/api/v1/cases/${otherCaseId}`), 404, 'case_not_found');
    expectProblem(await get(`/api/v1/cases/${otherCaseId}/chrono`), 404, 'case_not_found');
    const demoCase = await caseOf('C001');
    expectProblem(await get(`/api/v1/cases/${demoCase.id}`, { 'x-tenant': 'other' }), 404, 'case_not_found');
  });

  it("cannot write to another tenant's case", async () => {
    const before = (await get<Chrono>(`/api/v1/cases/${otherCaseId}/chrono`, { 'x-tenant': 'other' })).body
      .items.length;
    expectProblem(
      await post(`/api/v1/cases/${otherCaseId}/notes`, { text: 'written from the wrong tenant' }),
      404,
      'case_not_found',
    );
    const after = await get<Chrono>(`/api/v1/cases/${otherCaseId}/chrono`, { 'x-tenant': 'other' });
    expect(after.body.items).toHaveLength(before);
  });

  it('answers an unknown tenant with a 404 problem', async () => {
    expectProblem(await get('/api/v1/cases', { 'x-tenant': 'nobody' }), 404, 'unknown_tenant');
  });
});

describe('commands on a case', () => {
  it('records a note (201) that shows at the top of the chrono, by a user', async () => {
    const detail = await caseOf('C003', 'CHF');
    const reply = await post<CommandResult>(`/api/v1/cases/${detail.id}/notes`, {
      text: '  Called the accounts department; payment run on Friday.  ',
      noteType: 'call',
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    expect(reply.body).toEqual({ caseId: detail.id, version: detail.version + 1, events: ['NoteAdded'] });

    const chrono = (await get<Chrono>(`/api/v1/cases/${detail.id}/chrono`)).body.items;
    expect(chrono[0]).toMatchObject({
      type: 'NoteAdded',
      version: detail.version + 1,
      actor: { kind: 'user', id: 'back-office' },
      data: { text: 'Called the accounts department; payment run on Friday.', noteType: 'call' },
      recordedAt: `${TEST_AS_OF}T10:00:00.000Z`,
    });
  });

  it('rejects an invalid note with a 400 problem listing the issues, and records nothing', async () => {
    const detail = await caseOf('C003', 'CHF');
    const before = (await get<Chrono>(`/api/v1/cases/${detail.id}/chrono`)).body.items.length;

    const empty = expectProblem(
      await post(`/api/v1/cases/${detail.id}/notes`, { text: '   ', noteType: 'gossip' }),
      400,
      'validation_failed',
    );
    expect(empty.issues?.map((i) => i.path).sort()).toEqual(['noteType', 'text']);
    expect(empty.issues?.find((i) => i.path === 'text')?.message).toBe('a note cannot be empty');

    expectProblem(await post(`/api/v1/cases/${detail.id}/notes`, {}), 400, 'validation_failed');
    expectProblem(await post(`/api/v1/cases/${detail.id}/notes`, '{"text": "unterminated'), 400);

    expect((await get<Chrono>(`/api/v1/cases/${detail.id}/chrono`)).body.items).toHaveLength(before);
  });

  it('answers 404 to a command on a case that does not exist', async () => {
    expectProblem(
      await post(`/api/v1/cases/${randomUUID()}/notes`, { text: 'hello?' }),
      404,
      'case_not_found',
    );
    expectProblem(await post('/api/v1/cases/not-a-uuid/notes', { text: 'hello?' }), 404, 'case_not_found');
  });

  it('moves a case to another phase; the case and the phase filter show it', async () => {
    const detail = await caseOf('C002', 'EUR', 'ACME-FR');
    const reply = await post<CommandResult>(`/api/v1/cases/${detail.id}/phase`, {
      phase: 'legal',
      reason: 'no answer to the formal notice',
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    expect(reply.body.events).toEqual(['PhaseChanged']);

    expect((await get<CaseDetail>(`/api/v1/cases/${detail.id}`)).body.phase).toBe('legal');
    expect((await list('phase=legal')).items.map((c) => c.id)).toEqual([detail.id]);
    expect((await list('phase=amicable')).meta.total).toBe(4);
    const chrono = (await get<Chrono>(`/api/v1/cases/${detail.id}/chrono`)).body.items;
    expect(chrono[0]).toMatchObject({
      type: 'PhaseChanged',
      data: { from: 'amicable', to: 'legal', reason: 'no answer to the formal notice' },
    });

    // Moving to the phase it is already in, or straight to "closed", is refused.
    expectProblem(await post(`/api/v1/cases/${detail.id}/phase`, { phase: 'legal' }), 409, 'same_phase');
    expectProblem(
      await post(`/api/v1/cases/${detail.id}/phase`, { phase: 'closed' }),
      409,
      'invalid_phase_transition',
    );
  });

  it('adds items and the balance moves by exactly their amounts', async () => {
    const detail = await caseOf('C001');
    expect(detail.balance.amount).toBe('1610.50');
    const addItem = (body: Record<string, unknown>) =>
      post<CommandResult>(`/api/v1/cases/${detail.id}/items`, body);
    const balance = async () => (await get<CaseDetail>(`/api/v1/cases/${detail.id}`)).body.balance;

    const invoice = await addItem({
      number: 'INV-26100',
      issueDate: '2026-11-01',
      dueDate: '2026-12-01',
      amount: { amount: '99.99', currency: 'EUR' },
    });
    expect(invoice.status, JSON.stringify(invoice.body)).toBe(201);
    expect(invoice.body.events).toEqual(['FinancialItemAdded']);
    expect(await balance()).toEqual({ amount: '1710.49', currency: 'EUR' });

    const credit = await addItem({
      kind: 'credit_note',
      number: 'AV-26100',
      issueDate: '2026-11-02',
      dueDate: '2026-11-02',
      amount: { amount: '-0.49', currency: 'EUR' },
    });
    expect(credit.status, JSON.stringify(credit.body)).toBe(201);
    expect(await balance()).toEqual({ amount: '1710.00', currency: 'EUR' });

    // Past 2^53 minor units a float would round; the API must not.
    const huge = await addItem({
      number: 'INV-26101',
      issueDate: '2026-11-03',
      dueDate: '2026-12-03',
      amount: { amount: '90071992547409.93', currency: 'EUR' },
    });
    expect(huge.status, JSON.stringify(huge.body)).toBe(201);
    expect(await balance()).toEqual({ amount: '90071992549119.93', currency: 'EUR' });

    // The invoice not yet due is in the balance, not in the overdue amount.
    const after = (await get<CaseDetail>(`/api/v1/cases/${detail.id}`)).body;
    expect(after.overdue.amount).toBe('1610.01');
    expect(after.items.find((i) => i.number === 'INV-26100')).toMatchObject({
      status: 'not_due',
      daysPastDue: 0,
    });
  });

  it('refuses an item in another currency than the case with a 422 problem, and a duplicate with 409', async () => {
    const detail = await caseOf('C001');
    const wrongCurrency = await post(`/api/v1/cases/${detail.id}/items`, {
      number: 'INV-26200',
      issueDate: '2026-11-01',
      dueDate: '2026-12-01',
      amount: { amount: '10.00', currency: 'CHF' },
    });
    const problem = expectProblem(wrongCurrency, 422, 'item_currency_mismatch');
    expect(problem.detail).toContain('CHF');
    expectProblem(
      await post(`/api/v1/cases/${detail.id}/items`, {
        number: 'INV-24001',
        issueDate: '2024-11-04',
        dueDate: '2024-12-04',
        amount: { amount: '1250.00', currency: 'EUR' },
      }),
      409,
      'duplicate_item',
    );
    const after = (await get<CaseDetail>(`/api/v1/cases/${detail.id}`)).body;
    expect(after.items.map((i) => i.number)).not.toContain('INV-26200');
    expect(after.version).toBe(detail.version);
  });
});

describe('parties and case creation', () => {
  it('registers a party, opens a case for it, attaches a guarantor, and shows the party with its cases', async () => {
    const debtor = await post<{ partyId: string }>('/api/v1/parties', {
      kind: 'organisation',
      reference: 'API-1',
      name: 'Fromagerie Lambert SRL',
      customerType: 'business',
      country: 'BE',
      language: 'fr',
      identifiers: [{ scheme: 'vat', value: 'BE0123456749' }],
      contacts: [{ kind: 'email', value: 'compta@lambert.example', optOut: false }],
    });
    expect(debtor.status, JSON.stringify(debtor.body)).toBe(201);
    const duplicate = await post('/api/v1/parties', { reference: 'API-1', name: 'Someone else' });
    expectProblem(duplicate, 409, 'party_already_exists');

    const opened = await post<{ caseId: string; events: string[] }>('/api/v1/cases', {
      caseType: 'collection_claim',
      company: 'ACME-BE',
      currency: 'EUR',
      debtorId: debtor.body.partyId,
      customFields: { clientReference: 'CL-77', claimNature: 'goods' },
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    expect(opened.body.events).toEqual(['CaseOpened', 'PartyAttached']);

    const guarantor = await post<{ partyId: string }>('/api/v1/parties', {
      kind: 'person',
      name: 'Arthur Lambert',
      customerType: 'consumer',
      country: 'BE',
    });
    const attached = await post(`/api/v1/cases/${opened.body.caseId}/parties`, {
      partyId: guarantor.body.partyId,
      role: 'guarantor',
    });
    expect(attached.status, JSON.stringify(attached.body)).toBe(201);
    expectProblem(
      await post(`/api/v1/cases/${opened.body.caseId}/parties`, {
        partyId: guarantor.body.partyId,
        role: 'guarantor',
      }),
      409,
      'party_already_attached',
    );

    const detail = (await get<CaseDetail>(`/api/v1/cases/${opened.body.caseId}`)).body;
    expect(detail.customFields).toEqual({ clientReference: 'CL-77', claimNature: 'goods' });
    expect(detail.parties.map((p) => [p.role, p.name]).sort()).toEqual([
      ['debtor', 'Fromagerie Lambert SRL'],
      ['guarantor', 'Arthur Lambert'],
    ]);
    const party = await get<{ name: string; cases: { id: string; role: string }[] }>(
      `/api/v1/parties/${guarantor.body.partyId}`,
    );
    expect(party.body.cases).toEqual([
      expect.objectContaining({ id: opened.body.caseId, role: 'guarantor' }),
    ]);
    const search = await get<{ items: { name: string }[] }>('/api/v1/parties?q=lambert');
    expect(search.body.items.map((p) => p.name).sort()).toEqual(['Arthur Lambert', 'Fromagerie Lambert SRL']);
  });

  it('validates custom fields against the case type, naming each bad field', async () => {
    const party = await post<{ partyId: string }>('/api/v1/parties', {
      name: 'Schema Test GmbH',
      country: 'DE',
    });
    const refused = await post('/api/v1/cases', {
      caseType: 'collection_claim',
      company: 'ACME-DE',
      currency: 'EUR',
      debtorId: party.body.partyId,
      customFields: { claimNature: 'fraud' },
    });
    const problem = expectProblem(refused, 422, 'invalid_custom_fields');
    expect(problem.issues!.map((i) => i.path).sort()).toEqual(['customFields', 'customFields.claimNature']);
    const unknownType = await post('/api/v1/cases', {
      caseType: 'spaceship',
      company: 'ACME-DE',
      currency: 'EUR',
      debtorId: party.body.partyId,
    });
    expectProblem(unknownType, 422, 'unknown_case_type');
  });

  it('changes custom fields through the API, checked by the schema', async () => {
    const detail = await caseOf('C001');
    const ok = await post(`/api/v1/cases/${detail.id}/custom-fields`, {
      customFields: { paymentTermsDays: 45 },
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect((await get<CaseDetail>(`/api/v1/cases/${detail.id}`)).body.customFields).toEqual({
      paymentTermsDays: 45,
    });
    expectProblem(
      await post(`/api/v1/cases/${detail.id}/custom-fields`, { customFields: { paymentTermsDays: -3 } }),
      422,
      'invalid_custom_fields',
    );
  });
});
