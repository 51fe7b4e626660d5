import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RESULTS, startScreenSession, type ScreenSession } from './support/screen-session';
import { TEST_AS_OF } from './support/test-server';

// The ledger as a collector and an accountant use it: the built React app in Chromium, against
// the real server and database. Data: the 7-line invoice fixture, of which Dupont's case
// (C001, ACME-FR, EUR) owes 1250.00 + 480.50 - 120.00 = 1610.50, and Müller's CHF invoice stays
// blocked in validation for want of an FX rate. The browser's clock is the server's, so that
// "today" on the screens (payment date, validation day) is the test's business date.

let session: ScreenSession;
const openPage = (path: string) => session.openPage(path);
const dupontCase = () => session.dupontCase();
const text = (page: Page, testId: string) => session.text(page, testId);

beforeAll(async () => {
  session = await startScreenSession();
});
afterEach(() => session.closePages());
afterAll(() => session?.close());

describe('the ledger in Chromium', () => {
  it('records a payment on the case account, follows it to its entry, validates the day and balances', async () => {
    const dupont = await dupontCase();
    const invoice = dupont.items.find((item) => item.number === 'INV-24001')!;
    const { page, errors } = await openPage(`/app/cases/${dupont.id}`);

    // The case account: the claim of the three imported items, nothing paid, nothing validated.
    const account = page.getByTestId('case-account');
    await account.getByTestId('account-net-balance').waitFor();
    expect(await text(page, 'account-net-balance')).toBe('€1,610.50');
    expect(await text(page, 'account-original-claim')).toBe('€1,610.50');
    expect(await text(page, 'account-settlements')).toBe('€0.00');
    const transactions = page.getByTestId('account-transactions').getByTestId('account-transaction');
    expect(await transactions.count()).toBe(3);
    expect(await page.getByTestId('account-transactions').getByTestId('pending-badge').count()).toBe(3);
    await page.evaluate('window.__sameDocument = true');

    // A payment of 1000 received yesterday, allocated to INV-24001, through the form.
    await page.getByTestId('payment-toggle').click();
    await page.getByTestId('payment-amount').fill('1000');
    expect(await page.getByTestId('payment-date').inputValue()).toBe(TEST_AS_OF); // today, by default
    await page.getByTestId('payment-date').fill('2026-11-19');
    expect(await page.getByTestId('payment-allocate').isChecked()).toBe(true);
    await page.getByTestId('payment-item').selectOption(invoice.id);
    await page.getByTestId('payment-submit').click();

    await expect.poll(() => text(page, 'account-net-balance')).toBe('€610.50');
    await expect.poll(() => transactions.count()).toBe(5);
    expect(await text(page, 'account-settlements')).toBe('€1,000.00');
    expect(await text(page, 'account-principal')).toBe('€610.50');
    expect(await text(page, 'account-unallocated')).toBe('€0.00');
    expect(await account.getByRole('status').textContent()).toBe('Payment recorded and allocated.');
    expect(
      await transactions.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-event-type'))),
    ).toEqual([
      'FinancialItemAdded',
      'FinancialItemAdded',
      'FinancialItemAdded',
      'PaymentReceived',
      'PaymentAllocated',
    ]);
    // The payment lowers the net balance by 1000; its allocation moves nothing but the component.
    expect(await transactions.nth(3).textContent()).toContain('-€1,000.00');
    expect(await transactions.nth(4).textContent()).toContain('€610.50');
    await expect
      .poll(() => page.getByTestId('item-row').filter({ hasText: 'INV-24001' }).textContent())
      .toContain('€250.00');
    expect(await page.getByTestId('payment-amount').inputValue()).toBe('');
    expect(await page.evaluate('window.__sameDocument')).toBe(true); // no reload happened
    await account.screenshot({ path: join(RESULTS, 'case-account.png') });

    // The chrono links the allocation to its accounting entry: who did it, and what it posted.
    const allocatedInChrono = page.locator(
      '[data-testid="chrono-entry"][data-event-type="PaymentAllocated"]',
    );
    await allocatedInChrono.getByTestId('chrono-ledger-link').click();
    await page.waitForURL('**/app/ledger/entries/*');
    const entryId = new URL(page.url()).pathname.split('/').at(-1)!;
    const entry = page.getByTestId('ledger-entry');
    await entry.waitFor();
    expect(await entry.getAttribute('data-entry-id')).toBe(entryId);
    expect(await text(page, 'entry-event-type')).toBe('Payment allocated');
    expect(await text(page, 'entry-actor')).toBe('User · back-office');
    expect(await text(page, 'entry-case-link')).toBe(dupont.number);
    const postings = page.getByTestId('entry-postings').getByTestId('entry-posting');
    expect(
      await postings.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-account')).sort()),
    ).toEqual(['principal', 'unallocated']);
    expect(await page.getByTestId('entry-postings').textContent()).toContain('€1,000.00');
    expect(await page.getByTestId('entry-number').count()).toBe(0); // not validated yet
    expect(await page.getByTestId('entry-gl-lines').count()).toBe(0);

    // Accounting → Daily validation: the dry run, the CHF invoice blocked, then the validation.
    await page.getByTestId('nav-accounting').click();
    await page.waitForURL('**/app/ledger/trial-balance');
    await page.getByTestId('ledger-tab-validation').click();
    const report = page.getByTestId('verification-report');
    await report.waitFor();
    expect(await page.getByTestId('validation-as-of').inputValue()).toBe(TEST_AS_OF);
    expect(await report.getAttribute('data-dry-run')).toBe('true');
    // 6 items (the CHF one is blocked), the payment and its allocation.
    expect(await report.getByTestId('report-count').textContent()).toBe('Entries to validate: 8');
    const blocked = report.getByTestId('verification-blocked-row');
    expect(await blocked.count()).toBe(1);
    expect(await blocked.textContent()).toContain('CHF');
    const validate = page.getByTestId('validate-button');
    expect(await validate.isEnabled()).toBe(true);
    await validate.click();

    const result = page.getByTestId('validation-result');
    await result.waitFor();
    expect(await result.getAttribute('data-dry-run')).toBe('false');
    expect(await result.getByTestId('report-count').textContent()).toBe(
      'Entries validated up to 20 Nov 2026: 8',
    );
    const journalChecks = result.getByTestId('balance-check');
    expect(await journalChecks.count()).toBeGreaterThan(0);
    expect(
      await journalChecks.evaluateAll((checks) => checks.map((c) => c.getAttribute('data-balanced'))),
    ).not.toContain('false');
    // What is left for the day: only the blocked entry, so nothing to validate.
    await expect.poll(() => report.getByTestId('report-count').textContent()).toBe('Entries to validate: 0');
    await expect.poll(() => validate.isDisabled()).toBe(true);

    // The trial balance of what was validated: rows, 411 among them, debits equal to credits.
    await page.getByTestId('ledger-tab-trial-balance').click();
    const trialBalance = page.getByTestId('trial-balance');
    await trialBalance.getByTestId('trial-balance-row').first().waitFor();
    expect(await trialBalance.getByTestId('trial-balance-row').count()).toBeGreaterThan(2);
    expect(await trialBalance.locator('[data-testid="trial-balance-row"][data-account="411"]').count()).toBe(
      1,
    );
    const total = trialBalance.getByTestId('trial-balance-total');
    expect(await total.count()).toBe(1);
    expect(await total.getByTestId('balance-check').getAttribute('data-balanced')).toBe('true');
    expect(await total.getByTestId('balance-check').textContent()).toBe('Balanced');
    await page.screenshot({ path: join(RESULTS, 'trial-balance.png'), fullPage: true });

    // Back on the entry: now numbered in its journal, with its general-ledger lines.
    await page.goBack(); // validation
    await page.goBack(); // trial balance
    await page.goBack(); // the entry
    await page.waitForURL(`**/app/ledger/entries/${entryId}`);
    await page.getByTestId('entry-number').waitFor();
    expect(await text(page, 'entry-number')).toMatch(/^[A-Z]+-2026-\d{6}$/);
    const glLines = page.getByTestId('entry-gl-lines').getByTestId('entry-gl-line');
    expect(await glLines.count()).toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId('entry-gl-lines').textContent()).toContain('411C001');
    await page.screenshot({ path: join(RESULTS, 'ledger-entry.png'), fullPage: true });

    // And the case account shows every movement validated.
    await page.getByTestId('entry-case-link').click();
    await page.waitForURL(`**/app/cases/${dupont.id}`);
    await expect
      .poll(() => page.getByTestId('account-transactions').getByTestId('validated-badge').count())
      .toBe(5);
    expect(await text(page, 'account-net-balance')).toBe('€610.50');
    expect(errors).toEqual([]);
  });
});
