import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { importInvoiceFile } from '../src/application/import-invoices';
import { startTestServer, type TestServer } from './support/test-server';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ webDist: null });
});
afterAll(async () => {
  await server?.close();
});

const get = async (path: string) => {
  const response = await fetch(`${server.baseUrl}${path}`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('interest calculator and reference rates through the API', () => {
  it('serves the shipped rates as data, with how far each series is known', async () => {
    const { status, body } = await get('/api/v1/reference-rates');
    expect(status).toBe(200);
    const items = body.items as { series: string; effectiveFrom: string; ratePercent: string }[];
    expect(items).toContainEqual(
      expect.objectContaining({ series: 'ecb-mro', effectiveFrom: '2025-06-11', ratePercent: '2.15' }),
    );
    expect(new Set(items.map((r) => r.series))).toEqual(
      new Set(['ecb-mro', 'de-basiszinssatz', 'uk-bank-rate', 'fr-legal-individual', 'fr-legal-other']),
    );
  });

  it('computes UK statutory interest with the fixed sum, and refuses a date beyond the known German rates until one is added', async () => {
    const uk = await get(
      '/api/v1/interest?jurisdiction=UK&principal=9999.99&currency=GBP&due=2025-03-15&paid=2025-08-15',
    );
    expect(uk.status).toBe(200);
    expect(uk.body).toMatchObject({ currency: 'GBP', compensation: '70.00' });
    expect((uk.body.periods as unknown[]).length).toBe(1);

    const path =
      '/api/v1/interest?jurisdiction=DE&principal=10000.00&currency=EUR&due=2026-06-01&paid=2026-08-15';
    const missing = await get(path);
    expect(missing.status).toBe(422);
    expect(String(missing.body.detail)).toContain('no de-basiszinssatz rate known for 2026-07-01');

    const added = await fetch(`${server.baseUrl}/api/v1/reference-rates`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        series: 'de-basiszinssatz',
        effectiveFrom: '2026-07-01',
        ratePercent: '1.27',
        source: 'Bundesbank',
      }),
    });
    expect(added.status).toBe(201);
    const computed = await get(path);
    expect(computed.status).toBe(200);
    const periods = computed.body.periods as { from: string; rate: string }[];
    expect(periods.map((p) => [p.from, p.rate])).toEqual([
      ['2026-06-02', expect.any(String)],
      ['2026-07-01', '10.27'],
    ]);
  });

  it("shows a case's interest per invoice and period without accruing it", async () => {
    await importInvoiceFile(
      { ...server.ctx, actor: { kind: 'import', id: 'invoices-7.csv' } },
      'invoices-7.csv',
      readFileSync(new URL('../../formats/src/invoices/fixtures/invoices-7.csv', import.meta.url)),
    );
    const list = await get('/api/v1/cases?q=C001&company=ACME-FR');
    const caseId = (list.body.items as { id: string }[])[0]!.id;
    const picture = await get(`/api/v1/cases/${caseId}/interest?asOf=2025-12-31`);
    expect(picture.status).toBe(200);
    expect(picture.body.regime).toEqual({ jurisdiction: 'FR', debtor: 'business' });
    const periods = picture.body.periods as {
      number: string;
      days: number;
      ratePercent: string;
      rateSource: string;
    }[];
    expect(periods.length).toBeGreaterThan(1);
    expect(new Set(periods.map((p) => p.number))).toEqual(new Set(['INV-24001', 'INV-24002']));
    expect(periods.every((p) => p.days > 0 && p.rateSource.length > 0)).toBe(true);
    expect(picture.body.alreadyAccrued).toEqual({ amount: '0.00', currency: 'EUR' });
    expect(picture.body.toAccrue).toEqual(picture.body.owedToDate);
    expect((picture.body.indemnities as unknown[]).length).toBe(2);
    expect(picture.body.unavailable).toBeNull();
    // Beyond the known ECB rates the picture says which rate is missing, without failing.
    const beyond = await get(`/api/v1/cases/${caseId}/interest?asOf=2026-11-20`);
    expect(beyond.status).toBe(200);
    expect(beyond.body.unavailable).toContain('no ecb-mro rate known for 2026-07-01');
    expect(beyond.body.periods).toEqual([]);
    // Nothing was accrued by looking.
    const chrono = await get(`/api/v1/cases/${caseId}/chrono`);
    expect((chrono.body.items as { type: string }[]).some((e) => e.type === 'InterestAccrued')).toBe(false);
  });
});
