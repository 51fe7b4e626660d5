import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { withTenant, type Tenant } from '../src/db/tenancy';
import { ImportFileError, importInvoiceFile } from '../src/application/import-invoices';
import { rebuildReadModels } from '../src/read-models/projections';
import { getCaseDetail } from '../src/read-models/case.queries';
import {
  createTestDatabase,
  createTestTenant,
  databaseLabel,
  testContext,
  type TestDatabase,
} from './support/test-database';

const fixture = (name: string) =>
  readFileSync(new URL(`../../formats/src/invoices/fixtures/${name}`, import.meta.url));

let database: TestDatabase;
let tenant: Tenant;
let tenantNo = 0;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());
beforeEach(async () => {
  tenant = await createTestTenant(database, `import-${++tenantNo}`);
});

const ctx = () => testContext(database, tenant, { actor: { kind: 'import', id: 'test-file' } });

const counts = () =>
  withTenant(database.db, tenant.id, async (tx) => {
    const n = async (table: 'events' | 'cases' | 'parties' | 'financial_items') =>
      Number(
        (
          await tx
            .selectFrom(table)
            .select(sql<string>`count(*)`.as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return {
      events: await n('events'),
      cases: await n('cases'),
      parties: await n('parties'),
      items: await n('financial_items'),
    };
  });

describe(`invoice import on ${databaseLabel}`, () => {
  it('imports a 7-invoice file, then nothing the second time', async () => {
    const first = await importInvoiceFile(ctx(), 'invoices-7.csv', fixture('invoices-7.csv'));
    expect(first).toMatchObject({ lines: 7, items: 7, customers: 3, duplicates: 0 });
    expect(first.cases).toBeGreaterThanOrEqual(3);
    const afterFirst = await counts();

    const second = await importInvoiceFile(ctx(), 'invoices-7.csv', fixture('invoices-7.csv'));
    expect(second).toMatchObject({ items: 0, customers: 0, cases: 0, duplicates: 7, conflicts: [] });
    expect(await counts()).toEqual(afterFirst);
  });

  it('groups one receivable-account case per customer, company and currency, with exact balances', async () => {
    await importInvoiceFile(ctx(), 'invoices-7.csv', fixture('invoices-7.csv'));
    const cases = await withTenant(database.db, tenant.id, async (tx) => {
      const rows = await tx
        .selectFrom('cases')
        .select(['id', 'company_code', 'debtor_reference', 'currency'])
        .execute();
      return Promise.all(rows.map((r) => getCaseDetail(tx, r.id, '2026-11-20')));
    });
    const keys = cases.map((c) => `${c!.company.code}/${c!.debtor!.reference}/${c!.currency}`);
    expect(new Set(keys).size).toBe(keys.length);
    const c001 = cases.find((c) => c!.debtor!.reference === 'C001' && c!.company.code === 'ACME-FR')!;
    // INV-24001 1250.00 + INV-24002 480.50 − AV-24001 120.00
    expect(c001.balance).toEqual({ amount: '1610.50', currency: 'EUR' });
    expect(c001.items.map((i) => i.number).sort()).toEqual(['AV-24001', 'INV-24001', 'INV-24002']);
    expect(c001.items.find((i) => i.number === 'AV-24001')!.kind).toBe('credit_note');
  });

  it('rejects a file with an invalid date on line 5, naming the line, and imports nothing', async () => {
    const before = await counts();
    const error = await importInvoiceFile(ctx(), 'bad.csv', fixture('invoices-bad-date-line5.csv')).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ImportFileError);
    const issues = (error as ImportFileError).issues;
    expect(issues).toHaveLength(1);
    expect(issues[0]!.line).toBe(5);
    expect((error as ImportFileError).message).toContain('bad.csv:5');
    expect(await counts()).toEqual(before);
  });

  it('imports the same data from XLSX and treats it as the same items', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Invoices');
    const lines = fixture('invoices-7.csv').toString('utf8').trim().split('\n');
    // The fixture has quoted commas in names; exceljs gets them parsed by a tiny CSV splitter.
    for (const line of lines)
      sheet.addRow(
        line
          .match(/("([^"]|"")*"|[^,]*)(,|$)/g)!
          .slice(0, -1)
          .map((f) => f.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"')),
      );
    const xlsx = new Uint8Array(await workbook.xlsx.writeBuffer());
    const viaXlsx = await importInvoiceFile(ctx(), 'invoices-7.xlsx', xlsx);
    expect(viaXlsx.items).toBe(7);
    const viaCsv = await importInvoiceFile(ctx(), 'invoices-7.csv', fixture('invoices-7.csv'));
    expect(viaCsv.items).toBe(0);
    expect(viaCsv.duplicates).toBe(7);
  });

  it('reports an already-imported invoice whose amount changed, without changing it', async () => {
    await importInvoiceFile(ctx(), 'invoices-7.csv', fixture('invoices-7.csv'));
    const changed = fixture('invoices-7.csv')
      .toString('utf8')
      .replace('INV-24001,2024-11-04,2024-12-04,1250.00', 'INV-24001,2024-11-04,2024-12-04,1300.00');
    const result = await importInvoiceFile(ctx(), 'changed.csv', new TextEncoder().encode(changed));
    expect(result.items).toBe(0);
    expect(result.conflicts).toHaveLength(1);
    expect(result.conflicts[0]).toMatchObject({ invoice: 'INV-24001', line: 2 });
    expect(result.conflicts[0]!.message).toContain('1250.00');
    const amount = await withTenant(database.db, tenant.id, (tx) =>
      tx
        .selectFrom('financial_items')
        .select('amount_minor')
        .where('number', '=', 'INV-24001')
        .where('company_code', '=', 'ACME-FR')
        .executeTakeFirstOrThrow(),
    );
    expect(amount.amount_minor).toBe(125000n);
  });

  it('records who imported: every event carries the import actor and one correlation id', async () => {
    await importInvoiceFile(ctx(), 'invoices-7.csv', fixture('invoices-7.csv'));
    const metadata = await withTenant(database.db, tenant.id, (tx) =>
      tx.selectFrom('events').select('metadata').execute(),
    );
    const actors = metadata.map((m) => (m.metadata as { actor: unknown }).actor);
    expect(actors.length).toBeGreaterThan(7);
    for (const actor of actors) expect(actor).toEqual({ kind: 'import', id: 'test-file' });
    expect(new Set(metadata.map((m) => (m.metadata as { correlationId: string }).correlationId)).size).toBe(
      1,
    );
  });

  it('rebuilds the read models from the events into exactly what the inline projections wrote', async () => {
    await importInvoiceFile(ctx(), 'invoices-7.csv', fixture('invoices-7.csv'));
    const snapshot = () =>
      withTenant(database.db, tenant.id, async (tx) => ({
        cases: await tx.selectFrom('cases').selectAll().orderBy('id').execute(),
        parties: await tx.selectFrom('parties').selectAll().orderBy('id').execute(),
        items: await tx.selectFrom('financial_items').selectAll().orderBy('id').execute(),
        links: await tx
          .selectFrom('case_parties')
          .selectAll()
          .orderBy('case_id')
          .orderBy('party_id')
          .execute(),
      }));
    const before = await snapshot();
    const rebuilt = await withTenant(database.db, tenant.id, (tx) => rebuildReadModels(tx));
    expect(rebuilt.events).toBeGreaterThan(7);
    expect(await snapshot()).toEqual(before);
  });
});
