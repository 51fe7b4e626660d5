import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseAccount, CaseDetail, CaseList, Chrono, Problem } from '@quittance/api-contract';
import { importInvoiceFile } from '../src/application/import-invoices';
import type { QueueEntry } from '../src/payments/queue';
import type { StatementImportSummary } from '../src/payments/statement-import';
import { createTestTenant, testContext } from './support/test-database';
import { startTestServer, type TestServer } from './support/test-server';

// Cash application through the HTTP API: a bank statement comes in, what the matcher is sure of
// is allocated at once, the rest waits in the unallocated queue with suggestions, and a collector
// assigns it by hand — whole or split across cases. Data: the 7-line invoice fixture, then the
// bank fixtures of @quittance/formats. camt053-v02.xml holds 8 entries: 5 credits, of which
// RF82INV24001 (1250.00) pays Dupont's INV-24001 (C001, ACME-FR, EUR) outright; 2 debits (bank
// movements); and a pending entry that is not imported. The tests build on each other, in order.
const INVOICES = fileURLToPath(
  new URL('../../formats/src/invoices/fixtures/invoices-7.csv', import.meta.url),
);
const bankFixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../formats/src/bank/fixtures/${name}`, import.meta.url)));

type Reply<T> = { status: number; contentType: string | null; text: string; body: T };
type EntryList = { items: QueueEntry[]; totals: { currency: string; entries: number; unassigned: Money }[] };
type Money = { amount: string; currency: string };
type AssignResult = { entryId: string; paymentIds: string[] };

let server: TestServer;
let dupont: CaseDetail; // C001, ACME-FR, EUR: INV-24001 1250.00 + INV-24002 480.50 - AV-24001 120.00
let janssensBe: CaseDetail; // C002, ACME-BE, EUR: INV-24001 310.00
let otherDupontId: string; // C001 in tenant 'other'

const send = async <T>(
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  body?: { json: unknown } | { bytes: Uint8Array },
  headers: Record<string, string> = {},
): Promise<Reply<T>> => {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: {
      accept: 'application/json',
      ...(body && 'json' in body && { 'content-type': 'application/json' }),
      ...(body && 'bytes' in body && { 'content-type': 'application/octet-stream' }),
      ...headers,
    },
    ...(body && { body: 'json' in body ? JSON.stringify(body.json) : body.bytes }),
  });
  const text = await response.text();
  const contentType = response.headers.get('content-type');
  return {
    status: response.status,
    contentType,
    text,
    body: (text && contentType?.includes('json') ? JSON.parse(text) : null) as T,
  };
};
const get = <T>(path: string, headers?: Record<string, string>) => send<T>('GET', path, undefined, headers);
const post = <T>(path: string, json: unknown, headers?: Record<string, string>) =>
  send<T>('POST', path, { json }, headers);
const put = <T>(path: string, json: unknown, headers?: Record<string, string>) =>
  send<T>('PUT', path, { json }, headers);
const importStatement = (fileName: string, headers?: Record<string, string>) =>
  send<StatementImportSummary>(
    'POST',
    `/api/v1/bank-statements?fileName=${encodeURIComponent(fileName)}`,
    { bytes: bankFixture(fileName) },
    headers,
  );
const assign = (entryId: string, assignments: unknown[], headers?: Record<string, string>) =>
  post<AssignResult>(`/api/v1/bank-entries/${entryId}/assign`, { assignments }, headers);

const expectProblem = (reply: Reply<unknown>, status: number, code?: string): Problem => {
  expect(reply.status, reply.text).toBe(status);
  expect(reply.contentType).toMatch(/^application\/problem\+json/);
  const problem = reply.body as Problem;
  expect(problem.status).toBe(status);
  expect(problem.title).toEqual(expect.any(String));
  if (code) expect(problem.code).toBe(code);
  return problem;
};
const expectOk = <T>(reply: Reply<T>, status = 200): T => {
  expect(reply.status, reply.text).toBe(status);
  return reply.body;
};

const eur = (amount: string): Money => ({ amount, currency: 'EUR' });
/** An exact decimal string of a 2-decimal currency in minor units, for arithmetic without floats. */
const cents = (amount: string): bigint => {
  const [units = '0', decimals = ''] = amount.split('.');
  const sign = units.startsWith('-') ? -1n : 1n;
  return sign * BigInt(`${units.replace('-', '')}${decimals.padEnd(2, '0')}`);
};

const caseOf = async (customerRef: string, company: string, headers?: Record<string, string>) => {
  const reply = await get<CaseList>(`/api/v1/cases?q=${customerRef}&company=${company}`, headers);
  const found = expectOk(reply).items.filter(
    (c) => c.debtor?.reference === customerRef && c.currency === 'EUR',
  );
  expect(found, `one EUR case of ${customerRef} at ${company}`).toHaveLength(1);
  return detailOf(found[0]!.id, headers);
};
const detailOf = async (caseId: string, headers?: Record<string, string>) =>
  expectOk(await get<CaseDetail>(`/api/v1/cases/${caseId}`, headers));
const accountOf = async (caseId: string) =>
  expectOk(await get<CaseAccount>(`/api/v1/cases/${caseId}/account`));
const chronoOf = async (caseId: string) =>
  expectOk(await get<Chrono>(`/api/v1/cases/${caseId}/chrono`)).items;
const entries = async (status?: 'open' | 'all' | 'assigned' | 'movement', headers?: Record<string, string>) =>
  expectOk(await get<EntryList>(`/api/v1/bank-entries${status ? `?status=${status}` : ''}`, headers));
const entryByReference = async (bankReference: string): Promise<QueueEntry> => {
  const found = (await entries('all')).items.filter((e) => e.bankReference === bankReference);
  expect(found, `one entry ${bankReference}`).toHaveLength(1);
  return found[0]!;
};
const itemOf = (detail: CaseDetail, number: string) => {
  const item = detail.items.find((i) => i.number === number);
  if (!item) throw new Error(`no item ${number} on case ${detail.number}`);
  return item;
};
/** The payments received on a case, by the id the assignment answered, with their amounts. */
const paymentsOf = async (caseId: string) =>
  new Map(
    (await chronoOf(caseId))
      .filter((e) => e.type === 'PaymentReceived')
      .map((e) => {
        const data = e.data as { paymentId: string; amount: Money; bankReference?: string | null };
        return [data.paymentId, { amount: data.amount, bankReference: data.bankReference ?? null }] as const;
      }),
  );

beforeAll(async () => {
  server = await startTestServer({ webDist: null });
  const bytes = readFileSync(INVOICES);
  await importInvoiceFile(
    { ...server.ctx, actor: { kind: 'import', id: 'invoices-7.csv' } },
    INVOICES,
    bytes,
  );
  // A second tenant with the same invoices: same numbers and names, different ids, its own queue.
  const other = await createTestTenant(server.database, 'other');
  await importInvoiceFile(
    testContext(server.database, other, { actor: { kind: 'import', id: 'other.csv' } }),
    INVOICES,
    bytes,
  );
  otherDupontId = (await caseOf('C001', 'ACME-FR', { 'x-tenant': 'other' })).id;
  dupont = await caseOf('C001', 'ACME-FR');
  janssensBe = await caseOf('C002', 'ACME-BE');
});

afterAll(async () => {
  await server?.close();
});

describe('POST /bank-statements', () => {
  it('imports camt.053, allocates the RF-referenced credit to INV-24001 at once and queues the rest', async () => {
    const before = await detailOf(dupont.id);
    expect(before.overdue).toEqual(eur('1610.50'));
    expect(itemOf(before, 'INV-24001')).toMatchObject({ outstanding: eur('1250.00'), status: 'overdue' });

    const summary = expectOk(await importStatement('camt053-v02.xml'));
    expect(summary).toMatchObject({
      format: 'camt.053.001.02',
      statements: 1,
      entries: 8, // the pending one included: counted, not imported
      imported: 7,
      duplicates: 0,
      movements: 2,
    });
    expect(summary.matched).toBeGreaterThanOrEqual(1);
    expect(summary.matched + summary.partial + summary.unmatched + summary.movements).toBe(summary.imported);
    expect(summary.allocations).toContainEqual({
      entry: '2024030500001',
      invoice: 'INV-24001',
      amount: '1250.00',
      currency: 'EUR',
      rule: 'structured-reference',
    });

    // The case moved in the same request: INV-24001 paid, the overdue amount down by exactly 1250.00.
    const after = await detailOf(dupont.id);
    expect(itemOf(after, 'INV-24001')).toMatchObject({ outstanding: eur('0.00'), status: 'paid' });
    expect(itemOf(after, 'INV-24002').outstanding).toEqual(eur('480.50'));
    expect(cents(before.overdue.amount) - cents(after.overdue.amount)).toBe(125000n);
    expect(cents(before.balance.amount) - cents(after.balance.amount)).toBe(125000n);

    const account = await accountOf(dupont.id);
    expect(account.settlements).toEqual(eur('1250.00'));
    expect(account.outstanding.principal).toEqual(eur('360.50'));
    expect(account.unallocated).toEqual(eur('0.00'));
    expect(account.netBalance).toEqual(eur('360.50'));
    const received = account.transactions.filter((t) => t.eventType === 'PaymentReceived');
    expect(received.map((t) => [t.date, t.amount])).toEqual([['2024-03-05', eur('-1250.00')]]);
    expect(account.transactions.filter((t) => t.eventType === 'PaymentAllocated')).toHaveLength(1);
    expect([...(await paymentsOf(dupont.id)).values()]).toEqual([
      { amount: eur('1250.00'), bankReference: '2024030500001' },
    ]);

    const matched = await entryByReference('2024030500001');
    expect(matched).toMatchObject({ status: 'assigned', direction: 'credit', unassigned: eur('0.00') });
  });

  it('imports the same bytes again as duplicates only, moving nothing', async () => {
    const chronoBefore = (await chronoOf(dupont.id)).length;
    const entriesBefore = (await entries('all')).items.length;
    const accountBefore = await accountOf(dupont.id);
    expect(entriesBefore).toBe(7);

    const again = expectOk(await importStatement('camt053-v02.xml'));
    expect(again).toMatchObject({
      format: 'camt.053.001.02',
      statements: 1,
      entries: 8,
      imported: 0,
      duplicates: 7,
      matched: 0,
      partial: 0,
      unmatched: 0,
      movements: 0,
      allocations: [],
    });
    expect((await chronoOf(dupont.id)).length).toBe(chronoBefore);
    expect((await entries('all')).items.length).toBe(entriesBefore);
    expect(await accountOf(dupont.id)).toEqual(accountBefore);
  });

  it('refuses an unbalanced statement with a 422 problem naming it, and imports none of it', async () => {
    const before = (await entries('all')).items.length;
    const problem = expectProblem(await importStatement('camt053-unbalanced.xml'), 422, 'validation_failed');
    expect(problem.detail).toContain('BE68539007547034-20240306');
    expect(problem.detail).toContain('nothing imported');
    expect(problem.issues).toEqual([
      { path: expect.any(String), message: expect.stringContaining('BE68539007547034-20240306') },
    ]);
    expect((await entries('all')).items.length).toBe(before);
  });

  it('refuses a file that is no valid statement, saying where', async () => {
    const before = (await entries('all')).items.length;
    const problem = expectProblem(await importStatement('camt053-broken.xml'), 422, 'validation_failed');
    expect(problem.detail).toContain('camt053-broken.xml');
    expect(problem.issues?.length).toBeGreaterThan(0);
    expect((await entries('all')).items.length).toBe(before);
  });

  it('imports MT940, two statements in one file', async () => {
    const summary = expectOk(await importStatement('mt940-sample.sta'));
    expect(summary).toMatchObject({ format: 'mt940', statements: 2, duplicates: 0 });
    expect(summary.imported).toBeGreaterThan(0);
    expect(summary.imported).toBe(summary.entries);
    expect(summary.matched + summary.partial + summary.unmatched + summary.movements).toBe(summary.imported);
  });
});

describe('GET /bank-entries', () => {
  it('lists the queue: credits waiting to be assigned, with their suggestions, and no debits', async () => {
    const queue = await entries();
    expect(await entries('open')).toEqual(queue);
    expect(queue.items.length).toBeGreaterThanOrEqual(4);
    for (const entry of queue.items) {
      expect(entry.direction).toBe('credit');
      expect(['unmatched', 'partially_assigned']).toContain(entry.status);
      expect(cents(entry.unassigned.amount)).toBeGreaterThan(0n);
    }
    const references = queue.items.map((e) => e.bankReference);
    expect(references).toEqual(
      expect.arrayContaining(['2024030500002', '2024030500003', '2024030500004', '2024030500006']),
    );
    expect(references).not.toContain('2024030500001'); // allocated at import
    expect(references).not.toContain('2024030500005'); // a debit

    // Garage Dubois names INV-24002 in its text, for another amount: a suggestion, not an allocation.
    const dubois = queue.items.find((e) => e.bankReference === '2024030500003')!;
    expect(dubois).toMatchObject({
      amount: eur('2000.00'),
      unassigned: eur('2000.00'),
      status: 'unmatched',
      counterpartyName: 'Garage Dubois & Fils',
      remittance: ['FACT 2024-0012 / INV-24002', 'Solde dossier Q-2024-117'],
      statementId: 'BE68539007547034-20240305',
    });
    expect(dubois.suggestions[0]).toMatchObject({
      rule: 'invoice-number',
      caseId: dupont.id,
      caseNumber: dupont.number,
      debtorName: 'Dupont, Martin & Fils SARL',
      invoices: ['INV-24002'],
      allocations: [{ itemId: itemOf(dupont, 'INV-24002').id, amount: eur('480.50') }],
    });
    expect(dubois.suggestions[0]!.confidence).toBeLessThan(90);
    expect(dubois.suggestions[0]!.explanation).toEqual(expect.any(String));

    // Totals: what the queue holds in EUR, entry by entry.
    const total = queue.totals.find((t) => t.currency === 'EUR')!;
    expect(total.entries).toBe(queue.items.filter((e) => e.amount.currency === 'EUR').length);
    expect(cents(total.unassigned.amount)).toBe(
      queue.items.reduce((sum, e) => sum + cents(e.unassigned.amount), 0n),
    );
  });

  it('lists the debits as bank movements under ?status=movement', async () => {
    const movements = (await entries('movement')).items;
    expect(movements.length).toBeGreaterThanOrEqual(2);
    expect(movements.every((e) => e.direction === 'debit' && e.status === 'movement')).toBe(true);
    const camt = movements.filter((e) => e.statementId === 'BE68539007547034-20240305');
    expect(camt.map((e) => e.amount).sort((a, b) => a.amount.localeCompare(b.amount))).toEqual([
      eur('12.50'),
      eur('150.00'),
    ]);
    expect((await entries('assigned')).items.map((e) => e.bankReference)).toEqual(['2024030500001']);
  });
});

describe('POST /bank-entries/{id}/assign', () => {
  it('splits a queued entry across two cases: each case receives its payment, the entry keeps the rest', async () => {
    const batch = await entryByReference('2024030500004'); // 735.00, a batch nobody matched
    expect(batch).toMatchObject({ status: 'unmatched', unassigned: eur('735.00') });
    const dupontBefore = await accountOf(dupont.id);
    const janssensBefore = await accountOf(janssensBe.id);

    const result = expectOk(
      await assign(batch.id, [
        { caseId: dupont.id, amount: eur('300.00') },
        { caseId: janssensBe.id, amount: eur('200.00') },
      ]),
      201,
    );
    expect(result.entryId).toBe(batch.id);
    expect(result.paymentIds).toHaveLength(2);
    const [toDupont, toJanssens] = result.paymentIds as [string, string];

    const entry = await entryByReference('2024030500004');
    expect(entry).toMatchObject({ status: 'partially_assigned', unassigned: eur('235.00') });
    expect((await entries()).items.find((e) => e.id === batch.id)?.unassigned).toEqual(eur('235.00'));

    // Each part is a payment on its case, with the bank's reference, allocated by the waterfall.
    expect((await paymentsOf(dupont.id)).get(toDupont)).toEqual({
      amount: eur('300.00'),
      bankReference: '2024030500004',
    });
    expect((await paymentsOf(janssensBe.id)).get(toJanssens)).toEqual({
      amount: eur('200.00'),
      bankReference: '2024030500004',
    });
    const dupontAfter = await accountOf(dupont.id);
    expect(cents(dupontBefore.netBalance.amount) - cents(dupontAfter.netBalance.amount)).toBe(30000n);
    expect(cents(dupontAfter.settlements.amount) - cents(dupontBefore.settlements.amount)).toBe(30000n);
    expect(dupontAfter.transactions.filter((t) => t.eventType === 'PaymentReceived').at(-1)?.amount).toEqual(
      eur('-300.00'),
    );
    const janssensAfter = await accountOf(janssensBe.id);
    expect(cents(janssensBefore.netBalance.amount) - cents(janssensAfter.netBalance.amount)).toBe(20000n);
    expect(janssensAfter.netBalance).toEqual(eur('110.00'));
    expect(itemOf(await detailOf(janssensBe.id), 'INV-24001').outstanding).toEqual(eur('110.00'));
    expect(itemOf(await detailOf(dupont.id), 'INV-24002').outstanding).toEqual(eur('180.50'));
  });

  it('refuses more than the entry has left, a debit, an unknown case or entry — and records nothing', async () => {
    const batch = await entryByReference('2024030500004');
    const chronoBefore = (await chronoOf(dupont.id)).length;

    const over = expectProblem(
      await assign(batch.id, [
        { caseId: dupont.id, amount: eur('200.00') },
        { caseId: janssensBe.id, amount: eur('35.01') },
      ]),
      422,
      'insufficient_unallocated',
    );
    expect(over.detail).toContain('35.00');
    expectProblem(
      await assign(batch.id, [{ caseId: dupont.id, amount: eur('235.01') }]),
      422,
      'insufficient_unallocated',
    );

    const debit = (await entries('movement')).items[0]!;
    const refused = expectProblem(
      await assign(debit.id, [{ caseId: dupont.id, amount: debit.amount }]),
      422,
      'invalid_amount',
    );
    expect(refused.detail).toContain('debit');
    expectProblem(
      await assign(batch.id, [{ caseId: randomUUID(), amount: eur('10.00') }]),
      404,
      'case_not_found',
    );
    expectProblem(await assign(randomUUID(), [{ caseId: dupont.id, amount: eur('10.00') }]), 404);
    expectProblem(
      await assign(batch.id, [{ caseId: dupont.id, amount: { amount: '10.00', currency: 'CHF' } }]),
      422,
      'currency_mismatch',
    );
    expectProblem(await assign(batch.id, []), 400, 'validation_failed');
    expectProblem(await assign('not-a-uuid', [{ caseId: dupont.id, amount: eur('10.00') }]), 400);

    expect((await entryByReference('2024030500004')).unassigned).toEqual(eur('235.00'));
    expect((await entryByReference(debit.bankReference)).status).toBe('movement');
    expect((await chronoOf(dupont.id)).length).toBe(chronoBefore);
  });

  it('assigns exactly what is left: the entry is assigned and leaves the queue', async () => {
    const batch = await entryByReference('2024030500004');
    const result = expectOk(await assign(batch.id, [{ caseId: dupont.id, amount: eur('235.00') }]), 201);
    expect(result.paymentIds).toHaveLength(1);
    expect(await entryByReference('2024030500004')).toMatchObject({
      status: 'assigned',
      unassigned: eur('0.00'),
    });
    expect((await entries()).items.map((e) => e.id)).not.toContain(batch.id);
    expect((await paymentsOf(dupont.id)).get(result.paymentIds[0]!)?.amount).toEqual(eur('235.00'));
    expectProblem(
      await assign(batch.id, [{ caseId: dupont.id, amount: eur('0.01') }]),
      422,
      'insufficient_unallocated',
    );
  });
});

describe('PUT /settings/cash-application', () => {
  it('refuses an unknown allocation policy', async () => {
    const problem = expectProblem(
      await put('/api/v1/settings/cash-application', {
        autoAllocationThreshold: 90,
        allocationPolicy: 'no-such-policy',
      }),
      422,
      'validation_failed',
    );
    expect(problem.detail).toContain('no-such-policy');
    expectProblem(
      await put('/api/v1/settings/cash-application', {
        autoAllocationThreshold: 102,
        allocationPolicy: 'default',
      }),
      400,
    );
  });

  it('with a threshold of 101, allocates nothing automatically: a new import queues everything', async () => {
    const saved = expectOk(
      await put('/api/v1/settings/cash-application', {
        autoAllocationThreshold: 101,
        allocationPolicy: 'de-bgb-366-367',
      }),
    );
    expect(saved).toMatchObject({ autoAllocationThreshold: 101, allocationPolicy: 'de-bgb-366-367' });
    const queued = (await entries()).items.length;

    const summary = expectOk(await importStatement('camt054-v08.xml'));
    expect(summary).toMatchObject({
      format: 'camt.054.001.08',
      imported: 3,
      matched: 0,
      partial: 0,
      unmatched: 3,
      allocations: [],
    });
    expect((await entries()).items.length).toBe(queued + 3);
  });

  it('lets only one of two simultaneous assignments of a whole entry through', async () => {
    const hoffmann = await entryByReference('IC24066A0921118'); // 1310.40, queued by camt.054
    expect(hoffmann).toMatchObject({ status: 'unmatched', unassigned: eur('1310.40') });
    const replies = await Promise.all([
      assign(hoffmann.id, [{ caseId: dupont.id, amount: eur('1310.40') }]),
      assign(hoffmann.id, [{ caseId: janssensBe.id, amount: eur('1310.40') }]),
    ]);
    expect(replies.map((r) => r.status).sort(), replies.map((r) => r.text).join('\n')).toEqual([
      201,
      expect.toSatisfy((status: number) => status === 409 || status === 422),
    ]);
    expect(await entryByReference('IC24066A0921118')).toMatchObject({
      status: 'assigned',
      unassigned: eur('0.00'),
    });
    const onDupont = [...(await paymentsOf(dupont.id)).values()].filter(
      (p) => p.bankReference === 'IC24066A0921118',
    );
    const onJanssens = [...(await paymentsOf(janssensBe.id)).values()].filter(
      (p) => p.bankReference === 'IC24066A0921118',
    );
    expect([...onDupont, ...onJanssens]).toEqual([
      { amount: eur('1310.40'), bankReference: 'IC24066A0921118' },
    ]);
  });
});

describe('tenant isolation', () => {
  it("shows another tenant an empty queue and lets it assign none of demo's entries", async () => {
    const other = { 'x-tenant': 'other' };
    expect(await entries('open', other)).toEqual({ items: [], totals: [] });
    expect((await entries('all', other)).items).toEqual([]);

    const demoEntry = await entryByReference('2024030500003');
    expectProblem(
      await assign(demoEntry.id, [{ caseId: otherDupontId, amount: eur('10.00') }], other),
      404,
      'payment_not_found',
    );
    // Nor can demo put money on the other tenant's case.
    expectProblem(
      await assign(demoEntry.id, [{ caseId: otherDupontId, amount: eur('10.00') }]),
      404,
      'case_not_found',
    );
    expect((await entryByReference('2024030500003')).unassigned).toEqual(eur('2000.00'));
  });

  it("keeps settings per tenant: the other tenant's threshold of 101 queues even an exact reference", async () => {
    const other = { 'x-tenant': 'other' };
    expectOk(
      await put(
        '/api/v1/settings/cash-application',
        { autoAllocationThreshold: 101, allocationPolicy: 'default' },
        other,
      ),
    );
    const summary = expectOk(await importStatement('camt053-v02.xml', other));
    expect(summary).toMatchObject({ imported: 7, duplicates: 0, matched: 0, allocations: [] });
    const queue = await entries('open', other);
    const exact = queue.items.find((e) => e.bankReference === '2024030500001')!;
    expect(exact.suggestions[0]).toMatchObject({
      rule: 'structured-reference',
      caseId: otherDupontId,
      invoices: ['INV-24001'],
    });
    expect(exact.suggestions[0]!.confidence).toBeGreaterThanOrEqual(90);
    expect(itemOf(await detailOf(otherDupontId, other), 'INV-24001').outstanding).toEqual(eur('1250.00'));
    // Demo's queue did not grow by the other tenant's import.
    expect((await entries('all')).items.every((e) => e.id !== exact.id)).toBe(true);
  });
});
