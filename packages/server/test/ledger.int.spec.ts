import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { checkFecBalances, FEC_COLUMNS, parseFec } from '@quittance/formats';
import { withTenant, type Tenant } from '../src/db/tenancy';
import { importInvoiceFile } from '../src/application/import-invoices';
import { newId, runCaseCommands } from '../src/application/cases.commands';
import { validateLedger } from '../src/ledger/ledger-validation';
import { verifyLedger } from '../src/ledger/ledger-verify';
import { exportFec } from '../src/ledger/fec-export';
import { caseAccount } from '../src/ledger/case-account.query';
import { ledgerEntry, trialBalance } from '../src/ledger/ledger.queries';
import { getCaseSummary } from '../src/read-models/case.queries';
import {
  createTestDatabase,
  createTestTenant,
  databaseLabel,
  testContext,
  type TestDatabase,
} from './support/test-database';

const FIXTURE = new URL('../../formats/src/invoices/fixtures/invoices-7.csv', import.meta.url);

let database: TestDatabase;
let tenant: Tenant;
let c001: string;
let invoice24001: string;

const ctx = () => testContext(database, tenant);
const tx = <T>(work: Parameters<typeof withTenant<T>>[2]) => withTenant(database.db, tenant.id, work);
const eur = (amount: string) => ({ amount, currency: 'EUR' });

beforeAll(async () => {
  database = await createTestDatabase();
  tenant = await createTestTenant(database, 'ledger');
  await importInvoiceFile(
    testContext(database, tenant, { actor: { kind: 'import', id: 'invoices-7.csv' } }),
    'invoices-7.csv',
    readFileSync(FIXTURE),
  );
  const found = await tx((t) =>
    t
      .selectFrom('financial_items')
      .select(['case_id', 'id'])
      .where('number', '=', 'INV-24001')
      .where('company_code', '=', 'ACME-FR')
      .executeTakeFirstOrThrow(),
  );
  c001 = found.case_id;
  invoice24001 = found.id;
});
afterAll(() => database.close());

describe(`ledger on ${databaseLabel}`, () => {
  it('posts one balanced entry per financial event, in the same transaction as the event', async () => {
    const unbalanced = await tx((t) =>
      sql<{ entry_id: string }>`
        select entry_id from ledger_postings group by entry_id, currency having sum(amount_minor) <> 0
      `.execute(t),
    );
    expect(unbalanced.rows).toEqual([]);
    const counts = await tx(async (t) => ({
      items: Number(
        (await sql<{ n: string }>`select count(*) as n from financial_items`.execute(t)).rows[0]!.n,
      ),
      entries: Number(
        (await sql<{ n: string }>`select count(*) as n from ledger_entries`.execute(t)).rows[0]!.n,
      ),
    }));
    expect(counts.entries).toBe(counts.items);
  });

  it('records a payment, allocates it, cancels the allocation with a linked reversing entry', async () => {
    const paymentId = newId();
    const allocationId = newId();
    await runCaseCommands(ctx(), c001, [
      {
        type: 'ReceivePayment',
        data: {
          paymentId,
          amount: eur('1000.00'),
          receivedOn: '2026-11-18',
          method: 'bank_transfer',
          bankReference: 'BANK-1',
        },
      },
      {
        type: 'AllocatePayment',
        data: {
          allocationId,
          paymentId,
          itemId: invoice24001,
          component: 'principal',
          amount: eur('1000.00'),
          allocatedOn: '2026-11-18',
        },
      },
    ]);
    let account = await tx((t) => caseAccount(t, c001));
    expect(account).toMatchObject({
      originalClaim: eur('1610.50'),
      settlements: eur('1000.00'),
      outstanding: { principal: eur('610.50') },
      unallocated: eur('0.00'),
      netBalance: eur('610.50'),
    });
    const outstanding = await tx((t) =>
      t
        .selectFrom('financial_items')
        .select('outstanding_minor')
        .where('id', '=', invoice24001)
        .executeTakeFirstOrThrow(),
    );
    expect(outstanding.outstanding_minor).toBe(25000n);

    await runCaseCommands(ctx(), c001, [
      {
        type: 'CancelAllocation',
        data: { allocationId, cancelledOn: '2026-11-19', reason: 'wrong invoice' },
      },
    ]);
    account = await tx((t) => caseAccount(t, c001));
    expect(account).toMatchObject({
      settlements: eur('0.00'),
      unallocated: eur('1000.00'),
      netBalance: eur('610.50'),
    });
    expect(account!.transactions.at(-1)).toMatchObject({
      eventType: 'AllocationCancelled',
      runningBalance: eur('610.50'),
    });
    // The case list shows the same net balance: the items' principal less the cash held.
    const summary = await tx((t) => getCaseSummary(t, c001, '2026-11-20'));
    expect(summary!.balance).toEqual(eur('610.50'));
    expect(summary!.overdue).toEqual(eur('1610.50'));

    const reversal = await tx((t) =>
      t
        .selectFrom('ledger_entries as r')
        .innerJoin('ledger_entries as o', 'o.id', 'r.reverses_entry_id')
        .select(['r.id as reversal', 'o.id as original', 'o.event_type'])
        .where('r.case_id', '=', c001)
        .executeTakeFirstOrThrow(),
    );
    expect(reversal.event_type).toBe('PaymentAllocated');
    const audit = await tx((t) => ledgerEntry(t, reversal.original));
    expect(audit!.reversedBy).toBe(reversal.reversal);
    expect(audit!.event.actor).toEqual({ kind: 'user', id: 'tester' });
    expect(audit!.case.id).toBe(c001);
  });

  it('refuses to change or delete a posted entry, in the database itself', async () => {
    const entry = await tx((t) => t.selectFrom('ledger_entries').select('id').executeTakeFirstOrThrow());
    await expect(
      tx((t) =>
        t.updateTable('ledger_entries').set({ label: 'tampered' }).where('id', '=', entry.id).execute(),
      ),
    ).rejects.toThrow(/cannot be changed/);
    await expect(
      tx((t) => t.deleteFrom('ledger_entries').where('id', '=', entry.id).execute()),
    ).rejects.toThrow(/permission denied|cannot be deleted/);
    await expect(
      tx((t) =>
        t.updateTable('ledger_postings').set({ amount_minor: 1n }).where('entry_id', '=', entry.id).execute(),
      ),
    ).rejects.toThrow(/cannot be changed or deleted|permission denied/);
    // Not even the owner of the tables, outside the application role, may rewrite history.
    await expect(
      database.db.transaction().execute(async (t) => {
        await sql`select set_config('app.tenant_id', ${tenant.id}, true)`.execute(t);
        await sql`update ledger_postings set amount_minor = 1 where entry_id = ${entry.id}`.execute(t);
      }),
    ).rejects.toThrow(/cannot be changed or deleted/);
    await expect(
      database.db.transaction().execute(async (t) => {
        await sql`select set_config('app.tenant_id', ${tenant.id}, true)`.execute(t);
        await sql`delete from ledger_entries where id = ${entry.id}`.execute(t);
      }),
    ).rejects.toThrow(/cannot be deleted|violates foreign key/);
  });

  it('validates day by day with gap-free numbers per journal and year, blocking what it cannot post', async () => {
    const dry = await validateLedger(ctx(), { asOf: '2026-11-20', dryRun: true });
    expect(dry.blocked.map((b) => b.reason)).toEqual([expect.stringContaining('no FX rate CHF→EUR')]);
    const first = await validateLedger(ctx(), { asOf: '2026-11-20', dryRun: false });
    expect(first.validated).toBe(dry.validated);
    expect(first.journals.every((j) => j.totals.every((t) => t.debit.amount === t.credit.amount))).toBe(true);
    const again = await validateLedger(ctx(), { asOf: '2026-11-20', dryRun: false });
    expect(again.validated).toBe(0);

    await tx((t) =>
      t
        .insertInto('fx_rates')
        .values({
          tenant_id: tenant.id,
          currency: 'CHF',
          book_currency: 'EUR',
          valid_from: '2025-01-01',
          rate: '0.9412',
        })
        .execute(),
    );
    const withRate = await validateLedger(ctx(), { asOf: '2026-11-20', dryRun: false });
    expect(withRate.validated).toBe(1);
    expect(withRate.blocked).toEqual([]);

    const numbers = await tx((t) =>
      sql<{ journal_code: string; fiscal_year: number; numbers: string[] }>`
        select company_code, journal_code, fiscal_year, array_agg(validation_number::text order by validation_number) as numbers
        from ledger_entries where validated_on is not null group by company_code, journal_code, fiscal_year
      `.execute(t),
    );
    for (const row of numbers.rows) {
      expect(row.numbers.map(Number)).toEqual(row.numbers.map((_, i) => i + 1));
    }
    // Piece references a person can look up: the invoice an allocation settled, the bank reference.
    const pieces = await tx((t) =>
      sql<{ event_type: string; piece_ref: string }>`
        select distinct e.event_type, g.piece_ref from gl_lines g join ledger_entries e on e.id = g.entry_id
        where e.case_id = ${c001} and e.event_type in ('PaymentReceived', 'PaymentAllocated', 'AllocationCancelled')
        order by e.event_type
      `.execute(t),
    );
    expect(pieces.rows).toEqual([
      { event_type: 'AllocationCancelled', piece_ref: 'INV-24001' },
      { event_type: 'PaymentAllocated', piece_ref: 'INV-24001' },
      { event_type: 'PaymentReceived', piece_ref: 'BANK-1' },
    ]);
    const converted = await tx((t) =>
      t
        .selectFrom('gl_lines')
        .select(['original_currency', 'fx_rate', 'debit_minor'])
        .where('original_currency', '=', 'CHF')
        .execute(),
    );
    expect(converted.length).toBeGreaterThan(0);
    expect(converted[0]!.fx_rate).toBe('0.9412');
  });

  it('replays the log into exactly the stored ledger', async () => {
    const result = await tx((t) => verifyLedger(t));
    expect(result.mismatches).toEqual([]);
    expect(result.entries).toBeGreaterThan(7);
  });

  it('has a zero trial balance, and exports a legal FEC whose every entry balances', async () => {
    const balance = await tx((t) => trialBalance(t, {}));
    for (const total of balance.totals) expect(total.debit).toEqual(total.credit);
    const fec = await tx((t) => exportFec(t, { from: '2024-01-01', to: '2026-12-31', siren: '123456789' }));
    expect(fec.fileName).toBe('123456789FEC20261231.txt');
    const lines = fec.content.split('\r\n').filter((l) => l !== '');
    expect(lines[0]!.split('\t')).toEqual([...FEC_COLUMNS]);
    for (const line of lines) expect(line.split('\t')).toHaveLength(18);
    const parsed = parseFec(fec.content);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.lines.length).toBeGreaterThan(10);
    expect(checkFecBalances(parsed.lines)).toEqual([]);
    expect(parsed.lines.every((l) => l.validDate === '2026-11-20')).toBe(true);
    const chf = parsed.lines.find((l) => l.idevise === 'CHF');
    expect(chf?.montantDeviseMinor).not.toBeNull();
    // Validation order: the numbers of each journal come out ascending.
    const vt = parsed.lines.filter((l) => l.journalCode === 'VT').map((l) => l.ecritureNum);
    expect(vt).toEqual([...vt].sort());
  });
});
