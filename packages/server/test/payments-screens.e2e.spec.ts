import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RESULTS, startScreenSession, type ScreenSession } from './support/screen-session';

// Cash application as a collector does it: the built React app in Chromium, against the real
// server and database. Data: the 7-line invoice fixture — Dupont's case (C001, ACME-FR, EUR) owes
// INV-24001 1250.00 + INV-24002 480.50 - AV-24001 120.00 — then the camt.053 fixture uploaded
// through the import screen: RF82INV24001 pays INV-24001 at once; Jan Peeters' 480.50 waits with a
// suggestion (the only open item of that amount, INV-24002); Garage Dubois' 2000.00 waits too.

const STATEMENT = fileURLToPath(new URL('../../formats/src/bank/fixtures/camt053-v02.xml', import.meta.url));

let session: ScreenSession;
const openPage = (path: string) => session.openPage(path);
const dupontCase = () => session.dupontCase();
const text = (page: Page, testId: string) => session.text(page, testId);

beforeAll(async () => {
  session = await startScreenSession();
});
afterEach(() => session.closePages());
afterAll(() => session?.close());

describe('cash application in Chromium', () => {
  it('imports a statement, allocates a suggestion in one click and a queued payment by hand', async () => {
    const dupont = await dupontCase();
    const { page, errors } = await openPage('/app/cases');

    // Payments: the queue, empty before any statement.
    await page.getByTestId('nav-payments').click();
    await page.waitForURL('**/app/payments/queue');
    await page.getByTestId('queue-empty').waitFor();

    // Import: upload camt053-v02.xml; the server matches and allocates what it is sure of.
    await page.getByTestId('payments-tab-import').click();
    await page.waitForURL('**/app/payments/import');
    const importButton = page.getByTestId('statement-import-button');
    expect(await importButton.isDisabled()).toBe(true); // no file yet
    await page.getByTestId('statement-file').setInputFiles(STATEMENT);
    await importButton.click();
    const summary = page.getByTestId('statement-summary');
    await summary.waitFor();
    expect(await summary.getByRole('heading', { level: 2 }).textContent()).toContain('camt053-v02.xml');
    expect(await text(page, 'statement-format')).toBe('camt.053.001.02');
    const count = async (key: string) =>
      Number(await page.getByTestId(`statement-${key}`).getAttribute('data-value'));
    expect(await count('statements')).toBe(1);
    expect(await count('entries')).toBe(8);
    expect(await count('imported')).toBe(7);
    expect(await count('matched')).toBeGreaterThanOrEqual(1);
    expect(await count('movements')).toBe(2);
    const unmatched = await count('unmatched');
    expect(unmatched).toBeGreaterThan(0);
    const allocations = summary.getByTestId('statement-allocation');
    expect(await allocations.count()).toBe(await count('matched'));
    const toInv24001 = allocations.filter({ hasText: 'INV-24001' });
    expect(await toInv24001.textContent()).toContain('2024030500001');
    expect(await toInv24001.textContent()).toContain('€1,250.00');
    expect(await toInv24001.locator('[data-rule]').getAttribute('data-rule')).toBe('structured-reference');
    await page.screenshot({ path: join(RESULTS, 'statement-import.png'), fullPage: true });

    // The queue: the credits that wait, each with what the bank said and the matcher's suggestions.
    await page.getByTestId('statement-queue-link').click();
    await page.waitForURL('**/app/payments/queue');
    const queue = page.getByTestId('payment-queue');
    const queued = queue.getByTestId('queue-entry');
    await queued.first().waitFor();
    await expect.poll(() => queued.count()).toBe(unmatched);
    expect(await queue.getByTestId('queue-entry-payer').allTextContents()).not.toContain(
      'Boulangerie Martin SARL', // allocated at import
    );
    const byPayer = (payer: string) =>
      queued.filter({ has: page.getByTestId('queue-entry-payer').filter({ hasText: payer }) });

    // One click on a suggestion that names an invoice: Jan Peeters' 480.50 pays INV-24002.
    const peeters = byPayer('Jan Peeters');
    expect(await peeters.getByTestId('queue-entry-unassigned').getAttribute('data-amount')).toBe('480.50');
    const suggestion = peeters.getByTestId('queue-suggestion').first();
    expect(await suggestion.getAttribute('data-case-id')).toBe(dupont.id);
    expect(await suggestion.getAttribute('data-rule')).toEqual(expect.any(String));
    expect(Number(await suggestion.getAttribute('data-confidence'))).toBeGreaterThan(0);
    expect(await suggestion.getByTestId('suggestion-invoices').textContent()).toContain('INV-24002');
    await suggestion.getByTestId('suggestion-allocate').click();
    const success = page.getByTestId('queue-success');
    await expect.poll(() => success.textContent()).toBe(`€480.50 assigned to case ${dupont.number}.`);
    await expect.poll(() => peeters.count()).toBe(0); // left the queue
    const leftAfterOneClick = await queued.count();

    // Garage Dubois' 2000.00: split / assign by hand, 500 of it to Dupont's case.
    const dubois = byPayer('Garage Dubois & Fils');
    expect(await dubois.count()).toBe(1);
    const unassigned = dubois.getByTestId('queue-entry-unassigned');
    expect(await unassigned.getAttribute('data-amount')).toBe('2000.00');
    expect(await unassigned.textContent()).toBe('€2,000.00');
    await dubois.getByTestId('manual-assign-toggle').click();
    await dubois.getByTestId('manual-case-search').fill('Dupont');
    const result = dubois.locator(`[data-testid="manual-case-result"][data-case-id="${dupont.id}"]`);
    await result.click();
    const partAmount = dubois.getByTestId('manual-part-amount');
    expect(await partAmount.inputValue()).toBe('2000.00'); // prefilled with what is left
    const remaining = dubois.getByTestId('manual-remaining');
    expect(await remaining.getAttribute('data-amount')).toBe('0.00');
    await partAmount.fill('500');
    await expect.poll(() => remaining.getAttribute('data-amount')).toBe('1500.00');
    expect(await remaining.textContent()).toBe('€1,500.00');
    await partAmount.fill('2000.01'); // more than the entry: refused before it reaches the server
    await expect.poll(() => remaining.getAttribute('data-status')).toBe('over');
    expect(await dubois.getByTestId('manual-assign-submit').isDisabled()).toBe(true);
    await partAmount.fill('500');
    await expect.poll(() => remaining.getAttribute('data-status')).toBe('ok');
    await dubois.getByTestId('manual-assign-submit').click();

    await expect.poll(() => success.textContent()).toBe(`Assigned: ${dupont.number} (€500.00).`);
    await expect.poll(() => unassigned.getAttribute('data-amount')).toBe('1500.00');
    expect(await unassigned.textContent()).toBe('€1,500.00');
    expect(await dubois.getAttribute('data-status')).toBe('partially_assigned');
    expect(await dubois.getByTestId('manual-assign').count()).toBe(0); // the form closed
    expect(await queued.count()).toBe(leftAfterOneClick); // still waiting, for the rest
    await page.screenshot({ path: join(RESULTS, 'payment-queue.png'), fullPage: true });

    // The bank entries: the one-click entry assigned, Garage Dubois partially.
    await page.getByTestId('payments-tab-entries').click();
    const rows = page.getByTestId('bank-entries').getByTestId('bank-entry-row');
    await expect.poll(() => rows.count()).toBe(7);
    expect(await rows.filter({ hasText: 'Garage Dubois & Fils' }).getAttribute('data-status')).toBe(
      'partially_assigned',
    );
    expect(await rows.filter({ hasText: 'Jan Peeters' }).getAttribute('data-status')).toBe('assigned');

    // Dupont's case: both payments on its account, INV-24001 and INV-24002 paid.
    await page.getByTestId('nav-cases').click();
    await page.locator(`[data-testid="case-row"][data-case-id="${dupont.id}"]`).click();
    await page.waitForURL(`**/app/cases/${dupont.id}`);
    const payments = page
      .getByTestId('account-transactions')
      .locator('[data-testid="account-transaction"][data-event-type="PaymentReceived"]');
    await expect.poll(() => payments.count()).toBe(3);
    const amounts = (await payments.allTextContents()).join(' | ');
    expect(amounts).toContain('-€1,250.00');
    expect(amounts).toContain('-€480.50');
    expect(amounts).toContain('-€500.00');
    // 1610.50 owed, 1250.00 + 480.50 + 500.00 paid: 620.00 in the debtor's favour.
    expect(await text(page, 'account-net-balance')).toBe('-€620.00');
    expect(errors).toEqual([]);
  });
});
