import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { CaseDetail, CaseList } from '@quittance/api-contract';
import { importInvoiceFile } from '../../src/application/import-invoices';
import { DEFAULT_WEB_DIST } from '../../src/http/app';
import { launchBrowser } from './browser';
import { startTestServer, TEST_AS_OF, type TestServer } from './test-server';

export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const RESULTS = join(REPO_ROOT, 'test-results');
export const INVOICES_FIXTURE = fileURLToPath(
  new URL('../../../formats/src/invoices/fixtures/invoices-7.csv', import.meta.url),
);
const TEST_NOW = new Date(`${TEST_AS_OF}T10:00:00Z`);

/**
 * The built React app in Chromium against the real server and database, seeded with the
 * 7-line invoice fixture; the browser's clock is the server's, so "today" on the screens is the
 * test's business date. Pages collect page and console errors for the test to assert on.
 */
export type ScreenSession = {
  readonly server: TestServer;
  openPage(path: string): Promise<{ page: Page; errors: string[] }>;
  api<T>(path: string): Promise<T>;
  /** The C001 (Dupont, ACME-FR, EUR) case of the fixture. */
  dupontCase(): Promise<CaseDetail>;
  text(page: Page, testId: string): Promise<string | undefined>;
  closePages(): Promise<void>;
  close(): Promise<void>;
};

export const startScreenSession = async (): Promise<ScreenSession> => {
  if (!existsSync(join(DEFAULT_WEB_DIST, 'index.html'))) {
    throw new Error(
      `The web app is not built (${join(DEFAULT_WEB_DIST, 'index.html')} is missing): run \`npm run build:web\` first ` +
        '(`npm run test:e2e` does it for you).',
    );
  }
  mkdirSync(RESULTS, { recursive: true });
  const server = await startTestServer();
  await importInvoiceFile(
    { ...server.ctx, actor: { kind: 'import', id: 'invoices-7.csv' } },
    INVOICES_FIXTURE,
    readFileSync(INVOICES_FIXTURE),
  );
  const browser: Browser = await launchBrowser();
  const contexts: BrowserContext[] = [];

  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${server.baseUrl}/api/v1${path}`);
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  };

  return {
    server,
    api,
    async dupontCase() {
      const { items } = await api<CaseList>('/cases?q=C001&company=ACME-FR');
      const found = items.find((c) => c.debtor?.reference === 'C001' && c.currency === 'EUR');
      if (!found) throw new Error('no EUR case for C001');
      return api<CaseDetail>(`/cases/${found.id}`);
    },
    async openPage(path) {
      const context = await browser.newContext({
        locale: 'en-GB',
        timezoneId: 'UTC',
        viewport: { width: 1440, height: 900 },
      });
      contexts.push(context);
      await context.clock.setFixedTime(TEST_NOW);
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(`console error: ${message.text()}`);
      });
      await page.goto(`${server.baseUrl}${path}`);
      return { page, errors };
    },
    async text(page, testId) {
      return (await page.getByTestId(testId).first().textContent())?.trim();
    },
    async closePages() {
      await Promise.all(contexts.splice(0).map((context) => context.close()));
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
};
