import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { withTenant, type Tenant } from '../src/db/tenancy';
import { importInvoiceFile } from '../src/application/import-invoices';
import { accrueInterest, caseInterestPlan, INTEREST_REGIME_TABLE, regimeFor } from '../src/interest/accrue';
import { createDraft, publishRuleSet } from '../src/rules/rule-sets';
import { verifyLedger } from '../src/ledger/ledger-verify';
import {
  createTestDatabase,
  createTestTenant,
  databaseLabel,
  testContext,
  type TestDatabase,
} from './support/test-database';

let database: TestDatabase;
let tenant: Tenant;
const ctx = () => testContext(database, tenant);
const tx = <T>(work: Parameters<typeof withTenant<T>>[2]) => withTenant(database.db, tenant.id, work);

beforeAll(async () => {
  database = await createTestDatabase();
  tenant = await createTestTenant(database, 'interest');
  await importInvoiceFile(
    ctx(),
    'invoices-7.csv',
    readFileSync(new URL('../../formats/src/invoices/fixtures/invoices-7.csv', import.meta.url)),
  );
});
afterAll(() => database.close());

const accrued = () =>
  tx((t) =>
    sql<{ type: string; n: number }>`
      select type, count(*)::int as n from events where type in ('InterestAccrued', 'RecoveryIndemnityCharged')
      group by type order by type
    `.execute(t),
  ).then((r) => Object.fromEntries(r.rows.map((row) => [row.type, row.n])));

describe(`interest accrual on ${databaseLabel}`, () => {
  it('chooses the regime from the debtor unless the tenant fixes one', () => {
    expect(regimeFor('auto', { country: 'FR', customerType: 'business' })).toEqual({
      jurisdiction: 'FR',
      debtor: 'business',
    });
    expect(regimeFor('auto', { country: 'DE', customerType: 'consumer' })).toEqual({
      jurisdiction: 'DE',
      debtor: 'consumer',
    });
    expect(regimeFor('auto', { country: 'BE', customerType: 'consumer' })).toBeNull();
    expect(regimeFor('UK', { country: 'FR', customerType: 'business' })).toEqual({
      jurisdiction: 'UK',
      debtor: 'business',
    });
    expect(regimeFor('none', { country: 'FR', customerType: 'business' })).toBeNull();
  });

  it('accrues up to a date once, then only the difference, with indemnities charged once', async () => {
    const first = await accrueInterest(ctx(), '2025-12-31');
    expect(first.accrued.length).toBeGreaterThan(0);
    expect(first.indemnities).toBeGreaterThan(0);
    const counts = await accrued();

    const again = await accrueInterest(ctx(), '2025-12-31');
    expect(again.accrued).toEqual([]);
    expect(again.indemnities).toBe(0);
    expect(await accrued()).toEqual(counts);

    const later = await accrueInterest(ctx(), '2026-01-10');
    const dupont = first.accrued.find((a) => a.caseNumber === later.accrued[0]?.caseNumber);
    expect(later.accrued.length).toBeGreaterThan(0);
    expect(later.accrued[0]!.from).toBe('2026-01-01');
    // Ten more days cost much less than the year before them.
    expect(Number(later.accrued[0]!.amount)).toBeLessThan(Number(dupont!.amount));
    expect(later.indemnities).toBe(0);
  });

  it('posts every accrual and indemnity as balanced entries equal to their replay', async () => {
    const unbalanced = await tx((t) =>
      sql`select entry_id from ledger_postings group by entry_id, currency having sum(amount_minor) <> 0`.execute(
        t,
      ),
    );
    expect(unbalanced.rows).toEqual([]);
    const accounts = await tx((t) =>
      sql<{ account: string }>`
        select distinct p.account from ledger_postings p join ledger_entries e on e.id = p.entry_id
        where e.event_type in ('InterestAccrued', 'RecoveryIndemnityCharged') order by p.account
      `.execute(t),
    );
    expect(accounts.rows.map((r) => r.account)).toEqual([
      'cost_recharge',
      'costs',
      'interest',
      'interest_income',
    ]);
    expect((await tx((t) => verifyLedger(t))).mismatches).toEqual([]);
  });

  it('skips a case whose rate is not known yet, naming the missing rate, and accrues nothing for it', async () => {
    const beyond = await accrueInterest(ctx(), '2026-12-31');
    expect(beyond.skipped.length).toBeGreaterThan(0);
    expect(beyond.skipped[0]!.reason).toMatch(/no .* rate known for/);
  });

  it('lets the published rules decide the regime per case, the tenant setting applying otherwise', async () => {
    const belgianConsumer = await tx((t) =>
      t
        .selectFrom('cases')
        .select('id')
        .where('debtor_reference', '=', 'C002')
        .where('company_code', '=', 'ACME-FR')
        .executeTakeFirstOrThrow(),
    );
    // Auto: a Belgian consumer falls under no statutory regime.
    expect((await caseInterestPlan(ctx(), belgianConsumer.id, '2025-12-31'))?.regime).toBeNull();
    await tx(async (t) => {
      const draft = await createDraft(
        t,
        tenant.id,
        {
          document: {
            format: 'quittance.rules/1',
            name: 'governing law',
            decisions: [
              {
                id: INTEREST_REGIME_TABLE,
                name: 'Interest regime by the contract of the creditor company',
                hitPolicy: 'FIRST',
                inputs: [{ id: 'company', label: 'Company', expression: 'case.company' }],
                outputs: [{ id: 'regime', name: 'regime' }],
                rules: [
                  { id: 'french-law', inputEntries: ['"ACME-FR"'], outputEntries: ['"FR"'] },
                  { id: 'default', inputEntries: ['-'], outputEntries: ['"auto"'] },
                ],
              },
            ],
            reactions: [],
            tests: [],
          },
        },
        'tester',
        new Date(),
      );
      await publishRuleSet(t, draft.version, 'tester', new Date());
    });
    const plan = await caseInterestPlan(ctx(), belgianConsumer.id, '2025-12-31');
    expect(plan?.regime).toEqual({ jurisdiction: 'FR', debtor: 'consumer' });
  });
});
