import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareVariants } from '@quittance/domain';
import { withTenant, type Tenant } from '../src/db/tenancy';
import { seedDemo } from '../src/demo/demo-seed';
import { seedDunningHistory } from '../src/demo/demo-dunning';
import { variantOutcomes } from '../src/http/dunning.routes';
import {
  createTestDatabase,
  createTestTenant,
  databaseLabel,
  testContext,
  type TestDatabase,
} from './support/test-database';

let database: TestDatabase;
let tenant: Tenant;

beforeAll(async () => {
  database = await createTestDatabase();
  tenant = await createTestTenant(database, 'demo');
  const ctx = testContext(database, tenant, { actor: { kind: 'system', id: 'demo-seed' } });
  await seedDemo(ctx);
  await seedDunningHistory(ctx);
}, 180_000);
afterAll(() => database?.close());

describe(`the demo data on ${databaseLabel}`, () => {
  it('gives the champion/challenger report two variants with their figures', async () => {
    const outcomes = await withTenant(database.db, tenant.id, (tx) =>
      variantOutcomes(tx, 'business-standard'),
    );
    const report = compareVariants(outcomes).filter((r) => r.currency === 'EUR');
    expect(report.map((r) => r.variant).sort()).toEqual(['business-standard', 'business-standard-b']);
    for (const variant of report) {
      expect(variant.cases).toBeGreaterThan(0);
      expect(Number(variant.dunned)).toBeGreaterThan(0);
      expect(variant.recoveryRate).not.toBeNull();
      expect(variant.paidInFullCi).not.toBeNull();
    }
    // Customers paid after their reminder: something was recovered, at a known cost.
    expect(report.some((r) => Number(r.recovered) > 0)).toBe(true);
    expect(report.some((r) => r.costPerUnitRecovered !== null)).toBe(true);
  });
});
