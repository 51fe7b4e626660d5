import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { withTenant, type Tenant } from '../src/db/tenancy';
import { importInvoiceFile } from '../src/application/import-invoices';
import { importStatementFile, saveCsvMapping, StatementFileError } from '../src/payments/statement-import';
import { assignBankEntry, listBankEntries } from '../src/payments/queue';
import { verifyLedger } from '../src/ledger/ledger-verify';
import { exportRefunds } from '../src/payments/refund-export';
import { newId, runCaseCommands } from '../src/application/cases.commands';
import { getCaseSummary } from '../src/read-models/case.queries';
import {
  createTestDatabase,
  createTestTenant,
  databaseLabel,
  testContext,
  type TestDatabase,
} from './support/test-database';

const bank = (name: string) =>
  readFileSync(new URL(`../../formats/src/bank/fixtures/${name}`, import.meta.url));
const invoices = readFileSync(new URL('../../formats/src/invoices/fixtures/invoices-7.csv', import.meta.url));

let database: TestDatabase;
let tenant: Tenant;
const ctx = () => testContext(database, tenant, { actor: { kind: 'import', id: 'statement' } });
const tx = <T>(work: Parameters<typeof withTenant<T>>[2]) => withTenant(database.db, tenant.id, work);
const count = async (table: 'events' | 'bank_entries' | 'ledger_entries') =>
  Number(
    (await tx((t) => sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(t))).rows[0]!
      .n,
  );

beforeAll(async () => {
  database = await createTestDatabase();
  tenant = await createTestTenant(database, 'cash');
  await importInvoiceFile(ctx(), 'invoices-7.csv', invoices);
});
afterAll(() => database.close());

const c001Case = () =>
  tx((t) =>
    t
      .selectFrom('financial_items')
      .select(['case_id', 'outstanding_minor'])
      .where('number', '=', 'INV-24001')
      .where('company_code', '=', 'ACME-FR')
      .executeTakeFirstOrThrow(),
  );

describe(`bank statement import on ${databaseLabel}`, () => {
  it('imports a camt.053, allocates by structured reference, and the paid invoice leaves the overdue figures at once', async () => {
    const caseId = (await c001Case()).case_id;
    const before = await tx((t) => getCaseSummary(t, caseId, '2026-11-20'));
    const summary = await importStatementFile(ctx(), 'camt053-v02.xml', bank('camt053-v02.xml'));
    expect(summary).toMatchObject({
      format: 'camt.053.001.02',
      statements: 1,
      entries: 8,
      imported: 7,
      duplicates: 0,
    });
    expect(summary.allocations).toContainEqual({
      entry: '2024030500001',
      invoice: 'INV-24001',
      amount: '1250.00',
      currency: 'EUR',
      rule: 'structured-reference',
    });
    expect(summary.movements).toBe(2);
    expect(summary.matched + summary.partial + summary.unmatched + summary.movements).toBe(summary.imported);
    const item = await c001Case();
    expect(item.outstanding_minor).toBe(0n);
    const after = await tx((t) => getCaseSummary(t, item.case_id, '2026-11-20'));
    expect(
      BigInt(before!.overdue.amount.replace('.', '')) - BigInt(after!.overdue.amount.replace('.', '')),
    ).toBe(125000n);
  });

  it('changes nothing when the same statement is imported again', async () => {
    const events = await count('events');
    const again = await importStatementFile(ctx(), 'camt053-v02.xml', bank('camt053-v02.xml'));
    expect(again).toMatchObject({ imported: 0, duplicates: 7, matched: 0, unmatched: 0, allocations: [] });
    expect(await count('events')).toBe(events);
  });

  it('recognises the same statement in camt.053.001.08 syntax as already imported', async () => {
    const v08 = await importStatementFile(ctx(), 'camt053-v08.xml', bank('camt053-v08.xml'));
    expect(v08).toMatchObject({ format: 'camt.053.001.08', imported: 0, duplicates: 7 });
  });

  it('rejects a statement whose balances do not add up, naming it, and imports nothing', async () => {
    const entries = await count('bank_entries');
    const error = await importStatementFile(ctx(), 'bad.xml', bank('camt053-unbalanced.xml')).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StatementFileError);
    expect((error as StatementFileError).message).toContain('BE68539007547034-20240306');
    expect((error as StatementFileError).message).toContain('closing balance is 1200.00');
    expect(await count('bank_entries')).toBe(entries);
  });

  it('imports MT940 and camt.054 too, queuing what it cannot match with its suggestions', async () => {
    const mt940 = await importStatementFile(ctx(), 'mt940-sample.sta', bank('mt940-sample.sta'));
    expect(mt940).toMatchObject({ format: 'mt940', statements: 2, imported: 7 });
    const camt054 = await importStatementFile(ctx(), 'camt054-v08.xml', bank('camt054-v08.xml'));
    expect(camt054).toMatchObject({ format: 'camt.054.001.08', imported: 3 });
    const queue = await tx((t) => listBankEntries(t));
    expect(queue.length).toBeGreaterThan(0);
    expect(queue.every((e) => e.direction === 'credit' && e.status !== 'assigned')).toBe(true);
    const garage = queue.find((e) => e.counterpartyName?.includes('Dubois'));
    expect(garage?.suggestions[0]).toMatchObject({ rule: 'invoice-number' });
    const movements = await tx((t) => listBankEntries(t, { status: 'movement' }));
    expect(movements.every((e) => e.direction === 'debit')).toBe(true);
  });

  it('assigns a queued entry by hand, split across two cases, never more than it holds', async () => {
    const garage = (await tx((t) => listBankEntries(t))).find((e) => e.counterpartyName?.includes('Dubois'))!;
    const cases = await tx((t) =>
      t
        .selectFrom('cases')
        .select(['id', 'debtor_reference'])
        .where('currency', '=', 'EUR')
        .orderBy('number')
        .execute(),
    );
    const [a, b] = [cases[0]!.id, cases[1]!.id];
    const over = await assignBankEntry(ctx(), garage.id, [
      { caseId: a, amount: { amount: '1500.00', currency: 'EUR' } },
      { caseId: b, amount: { amount: '500.01', currency: 'EUR' } },
    ]).catch((e: unknown) => e);
    expect((over as { code: string }).code).toBe('insufficient_unallocated');
    const result = await assignBankEntry(ctx(), garage.id, [
      { caseId: a, amount: { amount: '1500.00', currency: 'EUR' } },
      { caseId: b, amount: { amount: '400.00', currency: 'EUR' } },
    ]);
    expect(result.paymentIds).toHaveLength(2);
    const entry = (await tx((t) => listBankEntries(t, { status: 'all' }))).find((e) => e.id === garage.id)!;
    expect(entry).toMatchObject({
      status: 'partially_assigned',
      unassigned: { amount: '100.00', currency: 'EUR' },
    });
    const payments = await tx((t) =>
      sql<{ stream_id: string; amount: string }>`
        select stream_id, data->'amount'->>'amount' as amount from events
        where type = 'PaymentReceived' and data->>'bankReference' = ${garage.bankReference} order by stream_id
      `.execute(t),
    );
    expect(payments.rows.map((p) => p.amount).sort()).toEqual(['1500.00', '400.00']);
  });

  it('refunds an overpayment to the IBAN it came from, in a pain.001 file sent once', async () => {
    const item = await c001Case();
    const allocation = await tx((t) =>
      t
        .selectFrom('events')
        .select('data')
        .where('stream_id', '=', item.case_id)
        .where('type', '=', 'PaymentAllocated')
        .executeTakeFirstOrThrow(),
    );
    const { allocationId } = allocation.data as { allocationId: string };
    await runCaseCommands(testContext(database, tenant), item.case_id, [
      { type: 'CancelAllocation', data: { allocationId, cancelledOn: '2026-11-20', reason: 'paid twice' } },
      {
        type: 'IssueRefund',
        data: {
          refundId: newId(),
          amount: { amount: '1250.00', currency: 'EUR' },
          refundedOn: '2026-11-20',
          reason: 'paid twice',
        },
      },
    ]);
    const exported = await exportRefunds(testContext(database, tenant), { executionDate: '2026-11-23' });
    expect(exported.blocked).toEqual([]);
    expect(exported.files).toHaveLength(1);
    const file = exported.files[0]!;
    expect(file.iban).toBe('BE68539007547034');
    expect(file.content).toContain('<CtrlSum>1250.00</CtrlSum>');
    // The cash goes back where the case's latest payment came from: Garage Dubois' transfer,
    // split onto this case by hand in the test before.
    expect(file.content).toContain('<IBAN>FR7630006000011234567890189</IBAN>');
    expect(file.content).toMatch(/<ReqdExctnDt>\s*<Dt>2026-11-23<\/Dt>\s*<\/ReqdExctnDt>/);
    const again = await exportRefunds(testContext(database, tenant), { executionDate: '2026-11-23' });
    expect(again.files).toEqual([]);
  });

  it('reads a CSV export with the mapping saved for its account, and refuses one without', async () => {
    const csv = bank('bank-export-signed.csv');
    const refused = await importStatementFile(ctx(), 'export.csv', csv).catch((e: unknown) => e);
    expect((refused as StatementFileError).message).toContain('name the bank account');
    await tx((t) =>
      saveCsvMapping(t, ctx(), {
        decimal: '.',
        dateFormat: 'YYYY-MM-DD',
        columns: {
          bookingDate: 'booking_date',
          valueDate: 'value_date',
          amount: 'amount',
          currency: 'currency',
          reference: 'transaction_id',
          counterpartyName: 'counterparty',
          counterpartyIban: 'counterparty_account',
          remittance: ['description', 'note'],
        },
        account: { iban: 'BE68 5390 0754 7034', currency: 'EUR' },
      }),
    );
    const imported = await importStatementFile(ctx(), 'export.csv', csv, { account: 'BE68539007547034' });
    expect(imported).toMatchObject({ format: 'csv', statements: 1, entries: 4, imported: 4 });
    const again = await importStatementFile(ctx(), 'export.csv', csv, { account: 'BE68539007547034' });
    expect(again).toMatchObject({ imported: 0, duplicates: 4 });
  });

  it('keeps the ledger balanced and equal to its replay after all of it', async () => {
    const unbalanced = await tx((t) =>
      sql`select entry_id from ledger_postings group by entry_id, currency having sum(amount_minor) <> 0`.execute(
        t,
      ),
    );
    expect(unbalanced.rows).toEqual([]);
    const verified = await tx((t) => verifyLedger(t));
    expect(verified.mismatches).toEqual([]);
  });
});
