import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '@quittance/domain';
import type { CaseCommand } from '@quittance/domain';
import { withTenant, type Tenant } from '../src/db/tenancy';
import { newId, openCase, registerParty, runCaseCommands } from '../src/application/cases.commands';
import {
  cashForecast,
  listCashObjectives,
  upsertCashObjective,
  type CashForecast,
} from '../src/agreements/forecast';
import {
  createTestDatabase,
  createTestTenant,
  databaseLabel,
  testContext,
  type TestDatabase,
} from './support/test-database';

// One tenant, three EUR debtors and a USD account, seen on Friday 2026-11-20 (weeks from Monday 16th):
// - Aubert pays 10 days late (two invoices paid in full on due + 10), Caron 40 days late (one
//   invoice), Bellamy has no history: the tenant's average, (10 + 10 + 40) / 3 = 20 days, applies.
// - Aubert (FR01, north): A3 1000.00 due 25 Nov -> 5 Dec; A4 150.00 due 15 Nov -> 25 Nov; A6 80.00
//   60 days overdue (habit date long past) -> a week after asOf, 27 Nov; A5 777.00 120 days overdue
//   -> doubtful, absent; A7 400.00 disputed -> absent.
// - Bellamy (FR01): B1 600.00 under a promise of 250.00 for 3 Dec (the promise counts, not B1);
//   B2 500.00 due 10 Dec -> 30 Dec (tenant average); a USD invoice -> not in the EUR forecast.
// - Caron (FR02, south): C2 900.00 in an active plan of 3 × 300.00 (10 Nov, 10 Dec, 10 Jan), 100.00
//   paid: 200.00 late -> this week, 300.00 in the week of 7 Dec, 300.00 in the week of 4 Jan;
//   C3 120.00 under a promise for 18 Nov still open -> this week; C4 60.00 due 1 Nov -> 11 Dec.
const AS_OF = '2026-11-20';

let database: TestDatabase;
let tenant: Tenant;
const ctx = (today = AS_OF) => testContext(database, tenant, { today });
const tx = <T>(work: Parameters<typeof withTenant<T>>[2]) => withTenant(database.db, tenant.id, work);
const eur = (amount: string) => ({ amount, currency: 'EUR' });

const party = async (reference: string, name: string): Promise<string> => {
  const result = await registerParty(ctx(), {
    kind: 'organisation',
    reference,
    name,
    customerType: 'business',
    country: 'FR',
    language: 'fr',
    identifiers: [],
    addresses: [],
    contacts: [],
  });
  return result.events[0]!.streamId;
};

const openAccount = async (debtorId: string, company: string, currency = 'EUR'): Promise<string> => {
  const result = await openCase(ctx(), {
    caseType: 'receivable_account',
    company,
    currency,
    debtorId,
    customFields: {},
  });
  return result.events[0]!.streamId;
};

const invoice = (
  id: string,
  number: string,
  dueDate: string,
  amount: string,
  currency = 'EUR',
): CaseCommand => ({
  type: 'AddFinancialItem',
  data: { itemId: id, number, issueDate: '2026-05-01', dueDate, amount: { amount, currency } },
});

/** Cash received and put on an invoice's principal on `on`. */
const pay = (itemId: string, amount: string, on: string): CaseCommand[] => {
  const paymentId = newId();
  return [
    {
      type: 'ReceivePayment',
      data: { paymentId, amount: eur(amount), receivedOn: on, method: 'bank_transfer' },
    },
    {
      type: 'AllocatePayment',
      data: {
        allocationId: newId(),
        paymentId,
        itemId,
        component: 'principal',
        amount: eur(amount),
        allocatedOn: on,
      },
    },
  ];
};

const promise = (itemIds: string[], amount: string, promisedFor: string, takenOn: string): CaseCommand => ({
  type: 'MakePromise',
  data: {
    promiseId: newId(),
    amount: eur(amount),
    promisedFor,
    graceDays: 5,
    channel: 'phone',
    itemIds,
    takenBy: 'tester',
    takenOn,
    note: null,
    taskId: null,
  },
});

const week = (forecast: CashForecast, weekStart: string) =>
  forecast.weeks.find((w) => w.weekStart === weekStart);
const month = (forecast: CashForecast, m: string) => forecast.months.find((x) => x.month === m);

const ids = {
  A3: newId(),
  A4: newId(),
  A5: newId(),
  A6: newId(),
  A7: newId(),
  B1: newId(),
  B2: newId(),
  C2: newId(),
  C3: newId(),
  C4: newId(),
};
let planId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  tenant = await createTestTenant(database, 'forecast');
  const aubert = await party('AUB', 'Aubert SARL');
  const bellamy = await party('BEL', 'Bellamy SA');
  const caron = await party('CAR', 'Caron et Fils');

  const a = await openAccount(aubert, 'FR01');
  const h1 = newId();
  const h2 = newId();
  await runCaseCommands(ctx(), a, [
    { type: 'AssignPortfolio', data: { portfolio: 'north' } },
    invoice(h1, 'A-H1', '2026-08-01', '300.00'),
    invoice(h2, 'A-H2', '2026-09-15', '200.00'),
    ...pay(h1, '300.00', '2026-08-11'),
    ...pay(h2, '200.00', '2026-09-25'),
    invoice(ids.A3, 'A3', '2026-11-25', '1000.00'),
    invoice(ids.A4, 'A4', '2026-11-15', '150.00'),
    invoice(ids.A5, 'A5', '2026-07-23', '777.00'),
    invoice(ids.A6, 'A6', '2026-09-21', '80.00'),
    invoice(ids.A7, 'A7', '2026-12-01', '400.00'),
    {
      type: 'OpenDispute',
      data: {
        disputeId: newId(),
        itemId: ids.A7,
        reasonCode: 'quality',
        amount: eur('400.00'),
        description: 'Goods damaged',
        owner: null,
        deadline: null,
        openedBy: 'tester',
        openedOn: '2026-11-19',
      },
    },
  ]);

  const b = await openAccount(bellamy, 'FR01');
  await runCaseCommands(ctx(), b, [
    invoice(ids.B1, 'B1', '2026-10-01', '600.00'),
    invoice(ids.B2, 'B2', '2026-12-10', '500.00'),
    promise([ids.B1], '250.00', '2026-12-03', '2026-11-19'),
  ]);
  const bUsd = await openAccount(bellamy, 'FR01', 'USD');
  await runCaseCommands(ctx(), bUsd, [invoice(newId(), 'B-USD', '2026-12-01', '999.00', 'USD')]);

  const c = await openAccount(caron, 'FR02');
  const ch1 = newId();
  planId = newId();
  await runCaseCommands(ctx('2026-11-01'), c, [
    { type: 'AssignPortfolio', data: { portfolio: 'south' } },
    invoice(ch1, 'C-H1', '2026-06-01', '100.00'),
    ...pay(ch1, '100.00', '2026-07-11'),
    invoice(ids.C2, 'C2', '2026-08-01', '900.00'),
    invoice(ids.C3, 'C3', '2026-10-15', '120.00'),
    invoice(ids.C4, 'C4', '2026-11-01', '60.00'),
    {
      type: 'ProposePaymentPlan',
      data: {
        planId,
        itemIds: [ids.C2],
        includeCharges: false,
        terms: {
          installments: 3,
          periodicity: 'monthly',
          firstDate: '2026-11-10',
          downPayment: null,
          downPaymentDate: null,
          annualRate: null,
          fee: null,
          graceDays: 3,
          accelerateOnBreach: false,
        },
        origin: 'collector',
        proposedBy: 'tester',
        proposedOn: '2026-11-01',
        approvalRequired: false,
        approvalReason: null,
        mandateId: null,
      },
    },
    promise([ids.C3], '120.00', '2026-11-18', '2026-11-10'),
  ]);
  await runCaseCommands(ctx(), c, pay(ids.C2, '100.00', '2026-11-12'));
});
afterAll(() => database?.close());

describe(`the cash forecast on ${databaseLabel}`, () => {
  it('puts promises, installments and habit-dated invoices in their weeks, and leaves out the doubtful and the disputed', async () => {
    const forecast = await tx((t) => cashForecast(t, { asOf: AS_OF }));
    expect(forecast.asOf).toBe(AS_OF);
    expect(forecast.currency).toBe('EUR'); // the most common case currency
    expect(forecast.weeks).toHaveLength(13);
    expect(forecast.weeks[0]!.weekStart).toBe('2026-11-16');
    expect(forecast.weeks[12]!.weekStart).toBe('2027-02-08');

    const nonZero = forecast.weeks
      .filter((w) => w.total !== '0.00')
      .map((w) => [w.weekStart, w.promises, w.installments, w.habits, w.total]);
    expect(nonZero).toEqual([
      // C3's promise, late, and C2's late installment (300.00 − 100.00 paid): this week.
      ['2026-11-16', '120.00', '200.00', '0.00', '320.00'],
      // A4 on 15 Nov + 10 days; A6, 60 days overdue, a week after asOf.
      ['2026-11-23', '0.00', '0.00', '230.00', '230.00'],
      // Bellamy's promise on 3 Dec; A3 on 25 Nov + 10 days.
      ['2026-11-30', '250.00', '0.00', '1000.00', '1250.00'],
      // C2's second installment; C4 on 1 Nov + Caron's 40 days.
      ['2026-12-07', '0.00', '300.00', '60.00', '360.00'],
      // B2 on 10 Dec + the tenant's 20 days.
      ['2026-12-28', '0.00', '0.00', '500.00', '500.00'],
      ['2027-01-04', '0.00', '300.00', '0.00', '300.00'],
    ]);
    // A5 (777.00, 120 days overdue), A7 (400.00, disputed), B1 beyond its promise and the USD
    // invoice appear nowhere: the forecast adds up to exactly what is listed above.
    expect(forecast.months.map((m) => [m.month, m.forecast, m.objective, m.gap])).toEqual([
      ['2026-11', '550.00', null, null],
      ['2026-12', '2110.00', null, null],
      ['2027-01', '300.00', null, null],
      ['2027-02', '0.00', null, null],
    ]);
  });

  it('filters by company and portfolio, and forecasts in the currency asked for', async () => {
    const fr01 = await tx((t) => cashForecast(t, { asOf: AS_OF, company: 'FR01' }));
    expect(week(fr01, '2026-11-16')!.total).toBe('0.00');
    expect(month(fr01, '2026-12')!.forecast).toBe('1750.00');

    const south = await tx((t) => cashForecast(t, { asOf: AS_OF, portfolio: 'south' }));
    expect(south.months.map((m) => m.forecast)).toEqual(['320.00', '360.00', '300.00', '0.00']);

    const usd = await tx((t) => cashForecast(t, { asOf: AS_OF, currency: 'USD', weeks: 4 }));
    expect(usd.currency).toBe('USD');
    // Bellamy's USD invoice due 1 Dec, on the tenant's 20 days: 21 Dec, after these four weeks.
    expect(usd.weeks.map((w) => w.total)).toEqual(['0.00', '0.00', '0.00', '0.00']);
    expect(usd.months.map((m) => [m.month, m.forecast])).toEqual([
      ['2026-11', '0.00'],
      ['2026-12', '999.00'],
    ]);
  });

  it('compares each month with the objective and says by how much the forecast falls short', async () => {
    await tx(async (t) => {
      const at = new Date('2026-11-20T10:00:00Z');
      const by = { user: 'controller', at };
      await upsertCashObjective(
        t,
        tenant.id,
        { company: 'FR01', month: '2026-12', amount: '4000', currency: 'EUR' },
        by,
      );
      // Replaced, not added.
      await upsertCashObjective(
        t,
        tenant.id,
        { company: 'FR01', month: '2026-12', amount: '5000.00', currency: 'EUR' },
        by,
      );
      await upsertCashObjective(
        t,
        tenant.id,
        { company: 'FR02', portfolio: null, month: '2026-12', amount: '1000.00', currency: 'EUR' },
        by,
      );
      await upsertCashObjective(
        t,
        tenant.id,
        { company: 'FR01', portfolio: 'north', month: '2026-12', amount: '800.00', currency: 'EUR' },
        by,
      );
      await upsertCashObjective(
        t,
        tenant.id,
        { company: 'FR01', month: '2027-01', amount: '100.00', currency: 'EUR' },
        by,
      );
    });
    const all = await tx((t) => cashForecast(t, { asOf: AS_OF }));
    expect(month(all, '2026-12')).toEqual({
      month: '2026-12',
      forecast: '2110.00',
      objective: '6000.00',
      gap: '-3890.00',
    });
    expect(month(all, '2027-01')).toEqual({
      month: '2027-01',
      forecast: '300.00',
      objective: '100.00',
      gap: '200.00',
    });
    expect(month(all, '2026-11')!.objective).toBeNull();

    const fr01 = await tx((t) => cashForecast(t, { asOf: AS_OF, company: 'FR01' }));
    expect(month(fr01, '2026-12')).toMatchObject({ objective: '5000.00', gap: '-3250.00' });
    const north = await tx((t) => cashForecast(t, { asOf: AS_OF, company: 'FR01', portfolio: 'north' }));
    expect(month(north, '2026-12')).toMatchObject({
      forecast: '1000.00',
      objective: '800.00',
      gap: '200.00',
    });

    // Three weeks reach into December: the month counts all of December's receipts, like its objective.
    const short = await tx((t) => cashForecast(t, { asOf: AS_OF, weeks: 3 }));
    expect(short.months.map((m) => [m.month, m.forecast, m.gap])).toEqual([
      ['2026-11', '550.00', null],
      ['2026-12', '2110.00', '-3890.00'],
    ]);

    const listed = await tx((t) => listCashObjectives(t));
    expect(listed.filter((o) => o.month === '2026-12')).toEqual([
      { company: 'FR01', portfolio: null, month: '2026-12', amount: '5000.00', currency: 'EUR' },
      { company: 'FR01', portfolio: 'north', month: '2026-12', amount: '800.00', currency: 'EUR' },
      { company: 'FR02', portfolio: null, month: '2026-12', amount: '1000.00', currency: 'EUR' },
    ]);
  });

  it('refuses an objective with a bad month, a negative or over-precise amount, naming the field', async () => {
    const attempt = (input: { company: string; month: string; amount: string; currency: string }) =>
      tx((t) => upsertCashObjective(t, tenant.id, input, { user: 'x', at: new Date() })).catch(
        (e: unknown) => e,
      );
    const badMonth = await attempt({ company: 'FR01', month: '2026-13', amount: '1.00', currency: 'EUR' });
    expect(badMonth).toBeInstanceOf(DomainError);
    expect((badMonth as DomainError).message).toMatch(/^month:/);
    const negative = await attempt({ company: 'FR01', month: '2026-12', amount: '-1.00', currency: 'EUR' });
    expect((negative as DomainError).message).toMatch(/^amount:/);
    const precise = await attempt({ company: 'FR01', month: '2026-12', amount: '1.005', currency: 'EUR' });
    expect((precise as DomainError).code).toBe('invalid_amount');
    expect((precise as DomainError).message).toMatch(/^amount:/);
    const unknown = await attempt({ company: 'XX99', month: '2026-12', amount: '1.00', currency: 'EUR' });
    expect((unknown as DomainError).message).toMatch(/^company:/);
  });
});
