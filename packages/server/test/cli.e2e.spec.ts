import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { checkFecBalances, parseFec } from '@quittance/formats';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../bin/quittance.mjs', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../../formats/src/invoices/fixtures/', import.meta.url));

let dataDir: string;

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'quittance-cli-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Runs the real command in a child process on a PGlite folder, as a user would. */
const quittance = async (...args: string[]) => {
  const env: Record<string, string | undefined> = { ...process.env, QUITTANCE_DATA: dataDir };
  delete env.DATABASE_URL;
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
};

describe('the quittance command', () => {
  it('imports a 7-invoice CSV reporting 7 items, then 0 on the second run', async () => {
    const first = await quittance('import', 'invoices', join(FIXTURES, 'invoices-7.csv'), '--json');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ customers: 3, items: 7 });
    const second = await quittance('import', 'invoices', join(FIXTURES, 'invoices-7.csv'), '--json');
    expect(JSON.parse(second.stdout)).toMatchObject({ customers: 0, cases: 0, items: 0, duplicates: 7 });
  });

  it('fails on an invalid date on line 5, naming the file and line, and imports nothing', async () => {
    const failed = await quittance(
      'import',
      'invoices',
      join(FIXTURES, 'invoices-bad-date-line5.csv'),
      '--json',
    );
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toContain('invoices-bad-date-line5.csv:5');
    expect(failed.stdout).toBe('');
    const show = await quittance('case', 'show', 'INV-25001', '--json');
    expect(show.code).toBe(1);
    expect(show.stderr).toContain('no case matches');
  });

  it('shows a case by invoice number, case number or customer reference', async () => {
    const byInvoice = await quittance('case', 'show', 'INV-24002', '--json', '--as-of', '2026-11-20');
    expect(byInvoice.code).toBe(0);
    const [kase] = JSON.parse(byInvoice.stdout).cases;
    expect(kase.debtor.reference).toBe('C001');
    expect(kase.balance).toEqual({ amount: '1610.50', currency: 'EUR' });
    expect(kase.chrono[kase.chrono.length - 1].type).toBe('CaseOpened');
    const byNumber = await quittance('case', 'show', kase.number);
    expect(byNumber.stdout).toContain(`Case ${kase.number}`);
    expect(byNumber.stdout).toContain('INV-24002');
    const byCustomer = await quittance('case', 'show', 'C001', '--json');
    expect(JSON.parse(byCustomer.stdout).cases.map((c: { number: string }) => c.number)).toContain(
      kase.number,
    );
  });

  it('validates the ledger, blocks what lacks an FX rate, then exports a balanced FEC', async () => {
    const first = await quittance('ledger', 'validate', '--as-of', '2026-11-20', '--json');
    expect(first.code).toBe(0);
    const report = JSON.parse(first.stdout);
    expect(report.validated).toBe(6);
    expect(report.blocked).toHaveLength(1);
    expect(report.blocked[0].reason).toContain('CHF');

    expect((await quittance('fx', 'set', 'CHF', 'EUR', '2025-01-01', '0.9412')).code).toBe(0);
    expect((await quittance('company', 'set', 'ACME-FR', '--siren', '123456789')).code).toBe(0);
    const second = JSON.parse(
      (await quittance('ledger', 'validate', '--as-of', '2026-11-20', '--json')).stdout,
    );
    expect(second).toMatchObject({ validated: 1, blocked: [] });

    const out = join(dataDir, 'fec');
    const exported = await quittance(
      'export',
      'fec',
      '--from',
      '2024-01-01',
      '--to',
      '2025-12-31',
      '--siren',
      '123456789',
      '--out',
      out,
      '--json',
    );
    expect(exported.code).toBe(0);
    const file = join(out, '123456789FEC20251231.txt');
    expect(JSON.parse(exported.stdout)).toMatchObject({ file, entries: 4 });
    const parsed = parseFec(readFileSync(file, 'utf8'));
    expect(parsed.ok && checkFecBalances(parsed.lines)).toEqual([]);

    const verified = await quittance('ledger', 'verify');
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain('match the replay');
  });

  it('computes late interest as CLI.md shows, and refuses to extrapolate a rate', async () => {
    const fr = await quittance(
      'interest',
      '--jurisdiction',
      'FR',
      '--principal',
      '10000.00',
      '--currency',
      'EUR',
      '--due',
      '2025-03-31',
      '--paid',
      '2025-05-15',
      '--debtor',
      'business',
      '--json',
    );
    expect(fr.code).toBe(0);
    expect(JSON.parse(fr.stdout)).toEqual({
      interest: '162.12',
      currency: 'EUR',
      compensation: '40.00',
      periods: [{ from: '2025-04-01', to: '2025-05-15', days: 45, rate: '13.15', amount: '162.12' }],
    });
    const beyond = await quittance(
      'interest',
      '--jurisdiction',
      'DE',
      '--principal',
      '100.00',
      '--currency',
      'EUR',
      '--due',
      '2026-06-01',
      '--paid',
      '2026-08-15',
    );
    expect(beyond.code).toBe(1);
    expect(beyond.stderr).toContain('no de-basiszinssatz rate known for 2026-07-01');
  });

  it('answers a wrong command with usage on stderr and exit code 2', async () => {
    const wrong = await quittance('frobnicate');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('unknown command "frobnicate"');
    const badDate = await quittance('case', 'show', 'X', '--as-of', '2026-02-30');
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain('--as-of');
  });
});
