import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RESULTS, startScreenSession, type ScreenSession } from './support/screen-session';

// Late interest as a collector reads it: the calculator with the CLI.md example, and the case's
// interest panel on Dupont's case of the invoice fixture.

let session: ScreenSession;

beforeAll(async () => {
  session = await startScreenSession();
});
afterEach(() => session.closePages());
afterAll(() => session?.close());

describe('late interest in Chromium', () => {
  it('computes the CLI.md example in the calculator and shows a case’s interest by invoice and period', async () => {
    const { page, errors } = await session.openPage(
      '/app/interest?jurisdiction=FR&principal=10000.00&currency=EUR&due=2025-03-31&paid=2025-05-15&debtor=business',
    );
    await page.getByTestId('interest-result').waitFor();
    expect(await session.text(page, 'interest-total')).toBe('€162.12');
    expect(await session.text(page, 'interest-compensation')).toBe('€40.00');
    expect(await page.getByTestId('interest-period').count()).toBe(1);
    await page.screenshot({ path: join(RESULTS, 'interest-calculator.png'), fullPage: true });

    const dupont = await session.dupontCase();
    await page.goto(`${session.server.baseUrl}/app/cases/${dupont.id}`);
    const panel = page.getByTestId('case-interest');
    await panel.waitFor();
    // As of the test date (2026-11-20) the ECB rate of the second half of 2026 is not known:
    // the panel says which rate is missing rather than guessing.
    await page.getByTestId('case-interest-error').waitFor();
    expect(await session.text(page, 'case-interest-error')).toContain('no ecb-mro rate known for 2026-07-01');

    // The administrator adds the ECB rate in force on 1 July 2026; the case's interest then computes.
    await page.goto(`${session.server.baseUrl}/app/interest/rates`);
    await page.getByTestId('rate-form').waitFor();
    await page.getByTestId('rate-series').selectOption('ecb-mro');
    await page.getByTestId('rate-from').fill('2026-07-01');
    await page.getByTestId('rate-percent').fill('2,15');
    await page.getByTestId('rate-source').fill('ECB (confirmation)');
    await page.getByTestId('rate-submit').click();
    await page.getByTestId('rate-success').waitFor();
    await page
      .locator(
        '[data-testid="rates-series"][data-series="ecb-mro"] [data-testid="rate-row"][data-from="2026-07-01"]',
      )
      .waitFor();
    await page.screenshot({ path: join(RESULTS, 'reference-rates.png'), fullPage: true });
    await page.goto(`${session.server.baseUrl}/app/cases/${dupont.id}`);
    await page.getByTestId('case-interest-periods').waitFor();
    expect(await page.getByTestId('case-interest-period').count()).toBeGreaterThan(1);
    expect(errors).toEqual([]);
  });
});
