import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AccountLedger,
  CaseAccount,
  CaseDetail,
  CaseList,
  Chrono,
  CommandResult,
  CustomerBalances,
  LedgerEntryDto,
  Problem,
  TrialBalance,
  VerificationReport,
} from '@quittance/api-contract';
import { checkFecBalances, FEC_COLUMNS, parseFec } from '@quittance/formats';
import { importInvoiceFile } from '../src/application/import-invoices';
import { createTestTenant, testContext } from './support/test-database';
import { startTestServer, TEST_AS_OF, type TestServer } from './support/test-server';

// The ledger's HTTP API as a client sees it: money moving on a case, the case account, the audit
// trail of an entry, the daily validation, the general-ledger reports and the exports. The data
// is the 7-line invoice fixture; the story runs on Dupont's case (C001, ACME-FR, EUR):
//   INV-24001 1250.00 + INV-24002 480.50 - AV-24001 120.00 = 1610.50
// and the tests of this file build on each other, in order, like a day at the desk.
const FIXTURE = fileURLToPath(new URL('../../formats/src/invoices/fixtures/invoices-7.csv', import.meta.url));
const COLLECTOR = 'claire.collector';

type Reply<T> = { status: number; contentType: string | null; headers: Headers; text: string; body: T };

let server: TestServer;
let dupont: CaseDetail; // C001, ACME-FR, EUR
let janssensBe: CaseDetail; // C002, ACME-BE, EUR: 310.00
let mullerChf: CaseDetail; // C003, ACME-BE, CHF: 2340.75
let otherTenantCaseId: string;

const call = async <T>(
  method: 'GET' | 'POST' | 'PUT',
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
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const contentType = response.headers.get('content-type');
  return {
    status: response.status,
    contentType,
    headers: response.headers,
    text,
    body: (text && contentType?.includes('json') ? JSON.parse(text) : null) as T,
  };
};
const get = <T>(path: string, headers?: Record<string, string>) => call<T>('GET', path, undefined, headers);
const post = <T>(path: string, body: unknown, headers?: Record<string, string>) =>
  call<T>('POST', path, body, headers);

const expectProblem = (reply: Reply<unknown>, status: number, code?: string): Problem => {
  expect(reply.status, reply.text).toBe(status);
  expect(reply.contentType).toMatch(/^application\/problem\+json/);
  const problem = reply.body as Problem;
  expect(problem.status).toBe(status);
  expect(problem.title).toEqual(expect.any(String));
  if (code) expect(problem.code).toBe(code);
  return problem;
};
const expectCreated = (reply: Reply<CommandResult>, events: string[]): CommandResult => {
  expect(reply.status, reply.text).toBe(201);
  expect(reply.body.events).toEqual(events);
  return reply.body;
};

const eur = (amount: string) => ({ amount, currency: 'EUR' });
const caseOf = async (customerRef: string, company: string, currency = 'EUR'): Promise<CaseDetail> => {
  const reply = await get<CaseList>(`/api/v1/cases?q=${customerRef}&company=${company}`);
  expect(reply.status, reply.text).toBe(200);
  const found = reply.body.items.filter(
    (c) => c.debtor?.reference === customerRef && c.currency === currency,
  );
  expect(found, `one ${currency} case of ${customerRef} at ${company}`).toHaveLength(1);
  return detailOf(found[0]!.id);
};
const detailOf = async (caseId: string): Promise<CaseDetail> => {
  const reply = await get<CaseDetail>(`/api/v1/cases/${caseId}`);
  expect(reply.status, reply.text).toBe(200);
  return reply.body;
};
const accountOf = async (caseId: string): Promise<CaseAccount> => {
  const reply = await get<CaseAccount>(`/api/v1/cases/${caseId}/account`);
  expect(reply.status, reply.text).toBe(200);
  return reply.body;
};
const chronoOf = async (caseId: string): Promise<Chrono['items']> => {
  const reply = await get<Chrono>(`/api/v1/cases/${caseId}/chrono`);
  expect(reply.status, reply.text).toBe(200);
  return reply.body.items;
};
const entryOf = async (entryId: string): Promise<LedgerEntryDto> => {
  const reply = await get<LedgerEntryDto>(`/api/v1/ledger/entries/${entryId}`);
  expect(reply.status, reply.text).toBe(200);
  return reply.body;
};
const itemOf = (detail: CaseDetail, number: string) => {
  const item = detail.items.find((i) => i.number === number);
  if (!item) throw new Error(`no item ${number} on case ${detail.number}`);
  return item;
};
/** The figures of a case account, without its history. */
const figures = (account: CaseAccount) => ({
  originalClaim: account.originalClaim.amount,
  settlements: account.settlements.amount,
  principal: account.outstanding.principal.amount,
  interest: account.outstanding.interest.amount,
  fees: account.outstanding.fees.amount,
  costs: account.outstanding.costs.amount,
  unallocated: account.unallocated.amount,
  overpayment: account.overpayment.amount,
  writtenOff: account.writtenOff.amount,
  netBalance: account.netBalance.amount,
});
const countOf = (account: CaseAccount, eventType: string) =>
  account.transactions.filter((t) => t.eventType === eventType).length;

/** Dupont's account as the tests leave it, figure by figure; each test updates what it moves. */
const expected = {
  originalClaim: '1610.50',
  settlements: '0.00',
  principal: '1610.50',
  interest: '0.00',
  fees: '0.00',
  costs: '0.00',
  unallocated: '0.00',
  overpayment: '0.00',
  writtenOff: '0.00',
  netBalance: '1610.50',
};

let paymentId: string; // 500.00 received by Dupont, recorded under an idempotency key
let allocationId: string;

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
  otherTenantCaseId = otherList.body.items[0]!.id;

  dupont = await caseOf('C001', 'ACME-FR');
  janssensBe = await caseOf('C002', 'ACME-BE');
  mullerChf = await caseOf('C003', 'ACME-BE', 'CHF');
});

afterAll(async () => {
  await server?.close();
});

describe('the case account before any money moved', () => {
  it('shows the claim of the imported items, one pending entry per item, amounts as exact strings', async () => {
    const account = await accountOf(dupont.id);
    expect(account.caseId).toBe(dupont.id);
    expect(account.currency).toBe('EUR');
    expect(figures(account)).toEqual(expected);
    // In business-date order (the items' issue dates), like a statement of account.
    expect(account.transactions.map((t) => [t.date, t.eventType, t.amount.amount])).toEqual([
      ['2024-11-04', 'FinancialItemAdded', '1250.00'],
      ['2024-12-02', 'FinancialItemAdded', '480.50'],
      ['2024-12-10', 'FinancialItemAdded', '-120.00'],
    ]);
    expect(account.transactions.at(-1)!.runningBalance).toEqual(eur('1610.50'));
    expect(account.transactions.every((t) => !t.validated)).toBe(true);
  });
});

describe('POST /cases/{id}/payments', () => {
  it('records a payment once under an Idempotency-Key, however often it is sent', async () => {
    const payment = {
      amount: eur('500.00'),
      receivedOn: '2026-11-18',
      method: 'bank_transfer',
      payer: 'Dupont, Martin & Fils SARL',
      bankReference: 'VIR-2026-1118-001',
    };
    const key = { 'idempotency-key': `pay-${randomUUID()}` };
    const first = expectCreated(
      await post<CommandResult>(`/api/v1/cases/${dupont.id}/payments`, payment, key),
      ['PaymentReceived'],
    );
    expect(first.caseId).toBe(dupont.id);
    expect(first.createdId).toMatch(/^[0-9a-f-]{36}$/);
    const retry = expectCreated(
      await post<CommandResult>(`/api/v1/cases/${dupont.id}/payments`, payment, key),
      [],
    );
    expect(retry.createdId).toBe(first.createdId);
    expect(retry.version).toBe(first.version);
    paymentId = first.createdId!;

    const account = await accountOf(dupont.id);
    expected.unallocated = '500.00';
    expected.netBalance = '1110.50';
    expect(figures(account)).toEqual(expected);
    expect(countOf(account, 'PaymentReceived')).toBe(1);
    const chrono = await chronoOf(dupont.id);
    expect(chrono.filter((e) => e.type === 'PaymentReceived')).toHaveLength(1);
    // The case list's balance is the same net balance.
    expect((await detailOf(dupont.id)).balance).toEqual(eur('1110.50'));
  });

  it('refuses the same key with other details instead of recording them', async () => {
    const key = { 'idempotency-key': `pay-${randomUUID()}` };
    const payment = { amount: eur('12.00'), receivedOn: '2026-11-18' };
    expectCreated(await post<CommandResult>(`/api/v1/cases/${janssensBe.id}/payments`, payment, key), [
      'PaymentReceived',
    ]);
    expectProblem(
      await post(`/api/v1/cases/${janssensBe.id}/payments`, { ...payment, amount: eur('13.00') }, key),
      409,
      'duplicate_id',
    );
    expect(figures(await accountOf(janssensBe.id))).toMatchObject({
      unallocated: '12.00',
      netBalance: '298.00',
    });
  });

  it('records two payments for two identical posts without a key', async () => {
    const payment = { amount: eur('100.00'), receivedOn: '2026-11-19', method: 'cheque' };
    const first = expectCreated(
      await post<CommandResult>(`/api/v1/cases/${janssensBe.id}/payments`, payment),
      ['PaymentReceived'],
    );
    const second = expectCreated(
      await post<CommandResult>(`/api/v1/cases/${janssensBe.id}/payments`, payment),
      ['PaymentReceived'],
    );
    expect(second.createdId).not.toBe(first.createdId);
    const account = await accountOf(janssensBe.id);
    expect(countOf(account, 'PaymentReceived')).toBe(3);
    expect(figures(account)).toMatchObject({
      originalClaim: '310.00',
      principal: '310.00',
      unallocated: '212.00',
      netBalance: '98.00',
    });
  });

  it('rejects a payment in another currency, a zero amount and a malformed body, recording nothing', async () => {
    const before = (await detailOf(dupont.id)).version;
    const problem = expectProblem(
      await post(`/api/v1/cases/${dupont.id}/payments`, {
        amount: { amount: '10.00', currency: 'CHF' },
        receivedOn: '2026-11-18',
      }),
      422,
      'currency_mismatch',
    );
    expect(problem.detail).toContain('CHF');
    expectProblem(
      await post(`/api/v1/cases/${dupont.id}/payments`, { amount: eur('0.00'), receivedOn: '2026-11-18' }),
      422,
      'invalid_amount',
    );
    expectProblem(await post(`/api/v1/cases/${dupont.id}/payments`, { amount: eur('10.00') }), 400);
    expectProblem(
      await post(`/api/v1/cases/${randomUUID()}/payments`, {
        amount: eur('10.00'),
        receivedOn: '2026-11-18',
      }),
      404,
      'case_not_found',
    );
    expect((await detailOf(dupont.id)).version).toBe(before);
    expect(figures(await accountOf(dupont.id))).toEqual(expected);
  });
});

describe('POST /cases/{id}/allocations', () => {
  it('allocates part of the payment to INV-24001: settlements, outstanding and the item move exactly', async () => {
    const invoice = itemOf(dupont, 'INV-24001');
    const result = expectCreated(
      await post<CommandResult>(`/api/v1/cases/${dupont.id}/allocations`, {
        paymentId,
        itemId: invoice.id,
        component: 'principal',
        amount: eur('300.00'),
        allocatedOn: '2026-11-18',
      }),
      ['PaymentAllocated'],
    );
    allocationId = result.createdId!;

    const account = await accountOf(dupont.id);
    expected.settlements = '300.00';
    expected.principal = '1310.50';
    expected.unallocated = '200.00';
    expect(figures(account)).toEqual(expected); // the net balance does not move: cash became settlement
    const allocated = account.transactions.find((t) => t.eventType === 'PaymentAllocated')!;
    expect(allocated.amount).toEqual(eur('0.00'));
    expect(allocated.runningBalance).toEqual(eur('1110.50'));

    const detail = await detailOf(dupont.id);
    expect(itemOf(detail, 'INV-24001').outstanding).toEqual(eur('950.00'));
    expect(itemOf(detail, 'INV-24002').outstanding).toEqual(eur('480.50'));
    expect(detail.balance).toEqual(eur('1110.50'));
  });

  it('refuses what it cannot allocate, with the reason, and records nothing', async () => {
    const invoice = itemOf(dupont, 'INV-24001');
    const before = (await detailOf(dupont.id)).version;
    const allocate = (body: Record<string, unknown>) =>
      post(`/api/v1/cases/${dupont.id}/allocations`, {
        paymentId,
        itemId: invoice.id,
        component: 'principal',
        amount: eur('50.00'),
        allocatedOn: '2026-11-18',
        ...body,
      });

    const noItem = expectProblem(await allocate({ itemId: undefined }), 422, 'invalid_item');
    expect(noItem.detail).toContain('name the item');
    const tooMuch = expectProblem(await allocate({ amount: eur('200.01') }), 422, 'insufficient_unallocated');
    expect(tooMuch.detail).toContain('200.00');
    expectProblem(await allocate({ paymentId: randomUUID() }), 404, 'payment_not_found');
    expectProblem(await allocate({ amount: { amount: '50.00', currency: 'CHF' } }), 422, 'currency_mismatch');
    expectProblem(await allocate({ itemId: randomUUID() }), 404, 'item_not_found');
    expectProblem(await allocate({ paymentId: 'not-a-uuid' }), 400, 'validation_failed');

    expect((await detailOf(dupont.id)).version).toBe(before);
    expect(figures(await accountOf(dupont.id))).toEqual(expected);
  });
});

describe('POST /cases/{id}/allocation-cancellations and the audit trail of an entry', () => {
  it('cancels the allocation with a reversing entry that points to the one it reverses, by its user', async () => {
    const result = expectCreated(
      await post<CommandResult>(
        `/api/v1/cases/${dupont.id}/allocation-cancellations`,
        { allocationId, cancelledOn: '2026-11-19', reason: 'allocated to the wrong invoice' },
        { 'x-user': COLLECTOR },
      ),
      ['AllocationCancelled'],
    );
    expect(result.caseId).toBe(dupont.id);

    expected.settlements = '0.00';
    expected.principal = '1610.50';
    expected.unallocated = '500.00';
    expect(figures(await accountOf(dupont.id))).toEqual(expected);
    expect(itemOf(await detailOf(dupont.id), 'INV-24001').outstanding).toEqual(eur('1250.00'));

    const chrono = await chronoOf(dupont.id);
    const cancelled = chrono.find((e) => e.type === 'AllocationCancelled');
    const allocated = chrono.find((e) => e.type === 'PaymentAllocated');
    expect(cancelled?.ledgerEntryId).toEqual(expect.stringMatching(/^[0-9a-f-]{36}$/));
    expect(allocated?.ledgerEntryId).toEqual(expect.stringMatching(/^[0-9a-f-]{36}$/));
    // Events that move no money have no entry.
    expect(chrono.find((e) => e.type === 'CaseOpened')?.ledgerEntryId).toBeNull();

    const reversal = await entryOf(cancelled!.ledgerEntryId!);
    expect(reversal).toMatchObject({
      id: cancelled!.ledgerEntryId,
      eventType: 'AllocationCancelled',
      entryDate: '2026-11-19',
      currency: 'EUR',
      reverses: allocated!.ledgerEntryId,
      reversedBy: null,
      validation: null,
      glLines: [],
      event: {
        id: cancelled!.id,
        type: 'AllocationCancelled',
        actor: { kind: 'user', id: COLLECTOR },
        data: expect.objectContaining({ allocationId, reason: 'allocated to the wrong invoice' }),
      },
      case: { id: dupont.id, number: dupont.number, company: 'ACME-FR' },
    });
    expect(reversal.case.debtorName).toBe('Dupont, Martin & Fils SARL');
    // The reversing postings are the allocation's, sides swapped.
    const original = await entryOf(allocated!.ledgerEntryId!);
    expect(original.reversedBy).toBe(reversal.id);
    expect(original.event.actor).toEqual({ kind: 'user', id: 'back-office' });
    const swapped = original.postings.map((p) => ({ ...p, debit: p.credit, credit: p.debit }));
    expect(reversal.postings).toEqual(expect.arrayContaining(swapped));
    expect(reversal.postings).toHaveLength(swapped.length);
  });

  it('treats the same cancellation again as done, and a different one as a conflict', async () => {
    const again = { allocationId, cancelledOn: '2026-11-19', reason: 'allocated to the wrong invoice' };
    expectCreated(
      await post<CommandResult>(`/api/v1/cases/${dupont.id}/allocation-cancellations`, again),
      [],
    );
    expectProblem(
      await post(`/api/v1/cases/${dupont.id}/allocation-cancellations`, {
        ...again,
        reason: 'changed my mind',
      }),
      409,
      'allocation_already_cancelled',
    );
    expectProblem(
      await post(`/api/v1/cases/${dupont.id}/allocation-cancellations`, {
        ...again,
        allocationId: randomUUID(),
      }),
      404,
      'allocation_not_found',
    );
    expect(figures(await accountOf(dupont.id))).toEqual(expected);
  });

  it('answers 404 problems for an unknown or malformed entry id', async () => {
    expectProblem(await get(`/api/v1/ledger/entries/${randomUUID()}`), 404, 'ledger_entry_not_found');
    expectProblem(await get('/api/v1/ledger/entries/not-a-uuid'), 404, 'ledger_entry_not_found');
    expectProblem(await get(`/api/v1/cases/${randomUUID()}/account`), 404, 'case_not_found');
    expectProblem(await get('/api/v1/cases/not-a-uuid/account'), 404, 'case_not_found');
  });
});

describe('fees, write-offs and refunds', () => {
  it('charges a fee: the fees component and the net balance grow by exactly its amount', async () => {
    expectCreated(
      await post<CommandResult>(`/api/v1/cases/${dupont.id}/fees`, {
        amount: eur('40.00'),
        on: '2026-11-19',
        label: 'Recovery fee',
      }),
      ['FeeCharged'],
    );
    expected.fees = '40.00';
    expected.netBalance = '1150.50';
    const account = await accountOf(dupont.id);
    expect(figures(account)).toEqual(expected);
    expect(account.transactions.find((t) => t.eventType === 'FeeCharged')?.amount).toEqual(eur('40.00'));
  });

  it('writes off part of INV-24002: principal and the item drop, written-off grows', async () => {
    const invoice = itemOf(dupont, 'INV-24002');
    expectProblem(
      await post(`/api/v1/cases/${dupont.id}/write-offs`, {
        component: 'principal',
        amount: eur('80.50'),
        on: '2026-11-19',
        reason: 'commercial gesture',
      }),
      422,
      'invalid_item',
    );
    expectProblem(
      await post(`/api/v1/cases/${dupont.id}/write-offs`, {
        itemId: invoice.id,
        component: 'principal',
        amount: eur('480.51'),
        on: '2026-11-19',
        reason: 'more than the invoice',
      }),
      422,
      'exceeds_outstanding',
    );
    expectCreated(
      await post<CommandResult>(`/api/v1/cases/${dupont.id}/write-offs`, {
        itemId: invoice.id,
        component: 'principal',
        amount: eur('80.50'),
        on: '2026-11-19',
        reason: 'commercial gesture',
      }),
      ['AmountWrittenOff'],
    );
    expected.principal = '1530.00';
    expected.writtenOff = '80.50';
    expected.netBalance = '1070.00';
    expect(figures(await accountOf(dupont.id))).toEqual(expected);
    expect(itemOf(await detailOf(dupont.id), 'INV-24002').outstanding).toEqual(eur('400.00'));
  });

  it('refunds unallocated cash up to what is held, never more', async () => {
    const refused = expectProblem(
      await post(`/api/v1/cases/${dupont.id}/refunds`, {
        amount: eur('500.01'),
        on: '2026-11-19',
        reason: 'paid twice',
      }),
      422,
      'insufficient_unallocated',
    );
    expect(refused.detail).toContain('500.00');
    expectCreated(
      await post<CommandResult>(`/api/v1/cases/${dupont.id}/refunds`, {
        amount: eur('150.00'),
        on: '2026-11-19',
        reason: 'paid twice',
        payee: 'Dupont, Martin & Fils SARL',
      }),
      ['RefundIssued'],
    );
    expected.unallocated = '350.00';
    expected.netBalance = '1220.00'; // 1530.00 principal + 40.00 fees - 350.00 held
    const account = await accountOf(dupont.id);
    expect(figures(account)).toEqual(expected);
    expect(account.transactions.at(-1)).toMatchObject({
      eventType: 'RefundIssued',
      amount: eur('150.00'),
      runningBalance: eur('1220.00'),
    });
    // The running balance is the sum of the changes, line by line.
    let running = 0;
    for (const t of account.transactions) {
      running = Math.round((running + Number(t.amount.amount)) * 100) / 100;
      expect(Number(t.runningBalance.amount)).toBe(running);
    }
  });
});

describe('daily verification, validation and the general-ledger reports', () => {
  let dryRunCount: number;

  it('lists in a dry run what validation would post, and blocks the CHF item for want of a rate', async () => {
    const reply = await get<VerificationReport>(`/api/v1/ledger/verification?asOf=${TEST_AS_OF}`);
    expect(reply.status, reply.text).toBe(200);
    const report = reply.body;
    expect(report).toMatchObject({ asOf: TEST_AS_OF, dryRun: true, pendingAfterAsOf: 0 });
    expect(report.blocked).toHaveLength(1);
    expect(report.blocked[0]).toMatchObject({
      caseNumber: mullerChf.number,
      eventType: 'FinancialItemAdded',
      entryDate: '2025-02-28',
    });
    expect(report.blocked[0]!.reason).toContain('CHF');
    dryRunCount = report.validated;
    expect(dryRunCount).toBeGreaterThan(10);
    expect(report.journals.reduce((sum, j) => sum + j.entries, 0)).toBe(dryRunCount);
    for (const journal of report.journals) {
      for (const total of journal.totals) expect(total.debit).toEqual(total.credit);
    }
    // A dry run changes nothing.
    const again = await get<VerificationReport>(`/api/v1/ledger/verification?asOf=${TEST_AS_OF}`);
    expect(again.body.validated).toBe(dryRunCount);
    expect((await accountOf(dupont.id)).transactions.every((t) => !t.validated)).toBe(true);
  });

  it('answers a date that does not exist with a 400 problem, not a server error', async () => {
    // The shape is right (YYYY-MM-DD) but there is no 30 February.
    expectProblem(await get('/api/v1/ledger/verification?asOf=2026-02-30'), 400, 'validation_failed');
    expectProblem(await get('/api/v1/ledger/trial-balance?to=2026-02-30'), 400, 'validation_failed');
    expectProblem(await post('/api/v1/ledger/validate', { asOf: '2026-02-30' }), 400, 'validation_failed');
  });

  it('posts an FX rate, then validates everything up to the day, once', async () => {
    const rate = { currency: 'CHF', bookCurrency: 'EUR', validFrom: '2025-01-01', rate: '0.9412' };
    const posted = await post('/api/v1/fx-rates', rate);
    expect(posted.status, posted.text).toBe(201);
    expect(posted.body).toEqual(rate);
    const rates = await get<{ items: unknown[] }>('/api/v1/fx-rates');
    expect(rates.body.items).toEqual([rate]);
    expectProblem(await post('/api/v1/fx-rates', { ...rate, rate: '0' }), 422, 'validation_failed');

    const validated = await post<VerificationReport>('/api/v1/ledger/validate', { asOf: TEST_AS_OF });
    expect(validated.status, validated.text).toBe(200);
    expect(validated.body).toMatchObject({ asOf: TEST_AS_OF, dryRun: false, blocked: [] });
    expect(validated.body.validated).toBe(dryRunCount + 1);
    for (const journal of validated.body.journals) {
      for (const total of journal.totals) expect(total.debit).toEqual(total.credit);
    }

    const again = await post<VerificationReport>('/api/v1/ledger/validate', { asOf: TEST_AS_OF });
    expect(again.status, again.text).toBe(200);
    expect(again.body.validated).toBe(0);
    expect(again.body.journals).toEqual([]);

    const account = await accountOf(dupont.id);
    expect(account.transactions.every((t) => t.validated)).toBe(true);
    expect(figures(account)).toEqual(expected); // validation posts, it does not change the account

    // The CHF item now has general-ledger lines in EUR that keep the original amount and the rate.
    const chf = (await chronoOf(mullerChf.id)).find((e) => e.type === 'FinancialItemAdded')!;
    const chfEntry = await entryOf(chf.ledgerEntryId!);
    expect(chfEntry.validation?.validatedOn).toBe(TEST_AS_OF);
    expect(chfEntry.glLines.length).toBeGreaterThan(0);
    for (const line of chfEntry.glLines) {
      expect(line.fxRate).toBe('0.9412');
      expect(line.debit.currency).toBe('EUR');
      expect(line.original?.currency).toBe('CHF');
    }
  });

  it('numbers the validated entries, with balanced general-ledger lines, in the audit trail', async () => {
    const chrono = await chronoOf(dupont.id);
    const cancelled = chrono.find((e) => e.type === 'AllocationCancelled')!;
    const entry = await entryOf(cancelled.ledgerEntryId!);
    expect(entry.validation).toMatchObject({ validatedOn: TEST_AS_OF, fiscalYear: 2026 });
    expect(entry.validation!.ecritureNum).toMatch(new RegExp(`^${entry.validation!.journal}-2026-\\d{6}$`));
    expect(entry.glLines.length).toBeGreaterThan(0);
    const sum = (key: 'debit' | 'credit') =>
      entry.glLines.reduce((total, line) => total + Math.round(Number(line[key].amount) * 100), 0);
    expect(sum('debit')).toBe(sum('credit'));
  });

  it('has a trial balance whose debits equal its credits in every currency, with the 411 receivable', async () => {
    const reply = await get<TrialBalance>('/api/v1/ledger/trial-balance');
    expect(reply.status, reply.text).toBe(200);
    const balance = reply.body;
    expect(balance.totals.length).toBeGreaterThan(0);
    for (const total of balance.totals) {
      expect(total.debit).toEqual(total.credit);
      expect(Number(total.closing.amount)).toBe(0);
    }
    const receivable = balance.rows.filter((r) => r.account === '411');
    expect(receivable.map((r) => r.currency)).toEqual(['EUR']);
    const closing411 = receivable[0]!.closing;
    expect(Number(closing411.amount)).toBeGreaterThan(0);

    const ledger = await get<AccountLedger>('/api/v1/ledger/accounts/411');
    expect(ledger.status, ledger.text).toBe(200);
    expect(ledger.body.account).toBe('411');
    expect(ledger.body.lines.length).toBeGreaterThan(0);
    expect(ledger.body.lines.at(-1)!.runningBalance).toEqual(closing411);
    expect(ledger.body.lines.some((l) => l.caseId === dupont.id)).toBe(true);

    // Per company, the two companies' trial balances add up to the whole.
    const fr = await get<TrialBalance>('/api/v1/ledger/trial-balance?company=ACME-FR');
    const be = await get<TrialBalance>('/api/v1/ledger/trial-balance?company=ACME-BE');
    const closingOf = (tb: TrialBalance) => tb.rows.find((r) => r.account === '411')?.closing.amount ?? '0';
    expect(Math.round(Number(closingOf(fr.body)) * 100) + Math.round(Number(closingOf(be.body)) * 100)).toBe(
      Math.round(Number(closing411.amount) * 100),
    );
    expectProblem(await get('/api/v1/ledger/trial-balance?from=yesterday'), 400, 'validation_failed');
  });

  it('shows each customer balance, Dupont net of the cash held as on the case account', async () => {
    const reply = await get<CustomerBalances>('/api/v1/ledger/customer-balances');
    expect(reply.status, reply.text).toBe(200);
    const rows = reply.body.rows.filter((r) => r.reference === 'C001');
    expect(rows).toHaveLength(1);
    const account = await accountOf(dupont.id);
    expect(rows[0]).toMatchObject({
      name: 'Dupont, Martin & Fils SARL',
      company: 'ACME-FR',
      currency: 'EUR',
      receivable: eur('1570.00'),
      unallocated: eur('350.00'),
      net: account.netBalance,
      cases: 1,
    });
    const onlyBe = await get<CustomerBalances>('/api/v1/ledger/customer-balances?company=ACME-BE');
    expect(new Set(onlyBe.body.rows.map((r) => r.company))).toEqual(new Set(['ACME-BE']));
  });
});

describe('exports', () => {
  it('exports the FEC of the company carrying the SIREN: the legal name, 18 columns, every entry balanced', async () => {
    const put = await call<{ code: string; siren: string | null }>('PUT', '/api/v1/companies/ACME-FR', {
      siren: '123456789',
    });
    expect(put.status, put.text).toBe(200);
    expect(put.body).toMatchObject({ code: 'ACME-FR', siren: '123456789' });

    const reply = await get<never>(
      '/api/v1/ledger/exports/fec?from=2024-01-01&to=2026-12-31&siren=123456789',
    );
    expect(reply.status, reply.text).toBe(200);
    expect(reply.contentType).toMatch(/^text\/plain/);
    expect(reply.headers.get('content-disposition')).toBe('attachment; filename="123456789FEC20261231.txt"');
    expect(reply.headers.get('x-quittance-warning')).toBeNull();

    const physical = reply.text.split('\r\n').filter((line) => line !== '');
    expect(physical[0]!.split('\t')).toEqual([...FEC_COLUMNS]);
    for (const line of physical) expect(line.split('\t')).toHaveLength(18);
    const parsed = parseFec(reply.text);
    if (!parsed.ok) throw new Error(`FEC does not parse: ${JSON.stringify(parsed.issues.slice(0, 5))}`);
    expect(parsed.lines.length).toBe(physical.length - 1);
    expect(checkFecBalances(parsed.lines)).toEqual([]);
    expect(parsed.lines.every((l) => l.validDate === TEST_AS_OF)).toBe(true);
    // ACME-FR only: Dupont's and Janssens' French invoices, nothing of ACME-BE.
    const pieces = new Set(parsed.lines.map((l) => l.pieceRef));
    expect(pieces).toContain('INV-24001');
    expect(pieces).toContain('INV-24003');
    expect(pieces).not.toContain('B-2025-0007');
    expect(parsed.lines.some((l) => l.idevise === 'CHF')).toBe(false);
    expect(parsed.lines.some((l) => l.compAuxNum === '411C001')).toBe(true);

    expectProblem(
      await get('/api/v1/ledger/exports/fec?from=2024-01-01&to=2026-12-31&siren=12345'),
      400,
      'validation_failed',
    );
    expectProblem(await get('/api/v1/ledger/exports/fec?from=2024-01-01&siren=123456789'), 400);
  });

  it('exports the journal as CSV, summarised per account and day', async () => {
    const reply = await get<never>(
      '/api/v1/ledger/exports/journal.csv?from=2024-01-01&to=2026-12-31&mode=summary',
    );
    expect(reply.status, reply.text).toBe(200);
    expect(reply.contentType).toMatch(/^text\/csv/);
    expect(reply.headers.get('content-disposition')).toContain('.csv"');
    const lines = reply.text.split('\n').filter((line) => line !== '');
    expect(lines[0]).toBe('date,journal,account,debit,credit,currency');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).every((line) => line.split(',').length === 6)).toBe(true);

    const detailed = await get<never>('/api/v1/ledger/exports/journal.csv?from=2024-01-01&to=2026-12-31');
    expect(detailed.status, detailed.text).toBe(200);
    expect(detailed.text.split('\n')[0]).toMatch(/^date,journal,entry_number,account,/);
    expectProblem(
      await get('/api/v1/ledger/exports/journal.csv?from=2024-01-01&to=2026-12-31&mode=pretty'),
      400,
      'validation_failed',
    );
  });
});

describe('tenant isolation of the ledger', () => {
  it("hides one tenant's case account and entries from another, even with their ids", async () => {
    const entryId = (await accountOf(dupont.id)).transactions[0]!.entryId;
    expectProblem(
      await get(`/api/v1/cases/${dupont.id}/account`, { 'x-tenant': 'other' }),
      404,
      'case_not_found',
    );
    expectProblem(
      await get(`/api/v1/ledger/entries/${entryId}`, { 'x-tenant': 'other' }),
      404,
      'ledger_entry_not_found',
    );

    // The other tenant's own case is real to it, and invisible to 'demo'.
    const own = await get<CaseAccount>(`/api/v1/cases/${otherTenantCaseId}/account`, { 'x-tenant': 'other' });
    expect(own.status, own.text).toBe(200);
    expect(figures(own.body)).toMatchObject({ netBalance: '1610.50', unallocated: '0.00' });
    expectProblem(await get(`/api/v1/cases/${otherTenantCaseId}/account`), 404, 'case_not_found');
    const otherEntry = own.body.transactions[0]!.entryId;
    expectProblem(await get(`/api/v1/ledger/entries/${otherEntry}`), 404, 'ledger_entry_not_found');
  });

  it("cannot move money on another tenant's case, and keeps each tenant's ledger to itself", async () => {
    expectProblem(
      await post(
        `/api/v1/cases/${dupont.id}/payments`,
        { amount: eur('1.00'), receivedOn: '2026-11-18' },
        { 'x-tenant': 'other' },
      ),
      404,
      'case_not_found',
    );
    // Nothing of 'other' was validated by 'demo's validation.
    const tb = await get<TrialBalance>('/api/v1/ledger/trial-balance', { 'x-tenant': 'other' });
    expect(tb.status, tb.text).toBe(200);
    expect(tb.body.rows).toEqual([]);
    const dry = await get<VerificationReport>(`/api/v1/ledger/verification?asOf=${TEST_AS_OF}`, {
      'x-tenant': 'other',
    });
    expect(dry.body.validated + dry.body.blocked.length).toBe(7);
    const balances = await get<CustomerBalances>('/api/v1/ledger/customer-balances', { 'x-tenant': 'other' });
    expect(balances.body.rows.find((r) => r.reference === 'C001')?.net).toEqual(eur('1610.50'));
    expect(figures(await accountOf(dupont.id))).toEqual(expected);
  });
});

describe('adjustments and interest charged through the API', () => {
  it('moves the case account by exactly the adjustment and the interest, and refuses to go below zero', async () => {
    const opened = await post<{ caseId: string }>('/api/v1/cases', {
      caseType: 'collection_claim',
      company: 'ACME-FR',
      currency: 'EUR',
      debtorId: (await caseOf('C001', 'ACME-FR')).debtor!.id,
      customFields: { clientReference: 'ADJ-1' },
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const path = `/api/v1/cases/${opened.body.caseId}`;
    const interest = await post(`${path}/interest`, {
      amount: eur('12.34'),
      from: '2026-10-01',
      to: '2026-10-31',
      on: '2026-11-01',
      label: 'EU 2011/7',
    });
    expect(interest.status, JSON.stringify(interest.body)).toBe(201);
    const up = await post(`${path}/adjustments`, {
      component: 'interest',
      amount: eur('0.66'),
      on: '2026-11-02',
      reason: 'rounding agreed',
    });
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    const down = await post(`${path}/adjustments`, {
      component: 'interest',
      amount: eur('-3.00'),
      on: '2026-11-03',
      reason: 'goodwill',
    });
    expect(down.status, JSON.stringify(down.body)).toBe(201);
    const account = (await get<CaseAccount>(`${path}/account`)).body;
    expect(account.outstanding.interest).toEqual(eur('10.00'));
    expect(account.netBalance).toEqual(eur('10.00'));
    const tooMuch = await post(`${path}/adjustments`, {
      component: 'interest',
      amount: eur('-10.01'),
      on: '2026-11-04',
      reason: 'x',
    });
    expect(tooMuch.status).toBe(422);
  });
});
