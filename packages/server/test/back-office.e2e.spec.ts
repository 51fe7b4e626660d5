import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CaseList } from '@quittance/api-contract';
import { runCaseCommands } from '../src/application/cases.commands';
import type { CommandContext } from '../src/application/context';
import { importInvoiceFile } from '../src/application/import-invoices';
import { withTenant } from '../src/db/tenancy';
import { DEFAULT_WEB_DIST } from '../src/http/app';
import { launchBrowser } from './support/browser';
import { startTestServer, type TestServer } from './support/test-server';

// The back office as a collector uses it: the built React app in Chromium, against the real
// server and database. Data: the 7-line invoice fixture (5 cases, all overdue on 2026-11-20)
// plus 30 generated customers with one invoice each, every other one not yet due: 35 cases,
// 20 of them overdue. Two cases are moved to the legal phase, one overdue and one not.

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const RESULTS = join(REPO_ROOT, 'test-results');
const FIXTURE = fileURLToPath(new URL('../../formats/src/invoices/fixtures/invoices-7.csv', import.meta.url));

const DUPONT = 'Dupont, Martin & Fils SARL';
const MULLER = 'Müller Maschinenbau GmbH';
const TRADES = ['Atelier', 'Boulangerie', 'Garage', 'Imprimerie', 'Menuiserie', 'Pharmacie'];
const FAMILIES = ['Bernard', 'Lefèvre', 'Moreau', 'Girard', 'Peeters'];
const GENERATED = Array.from({ length: 30 }, (_, i) => ({
  ref: `C${100 + i}`,
  name: `${TRADES[i % TRADES.length]} ${FAMILIES[Math.floor(i / TRADES.length)]}`,
  minor: 5_000 + i * 13_735,
  // Even customers fell due in October; odd ones fall due in December, after the test date.
  dueDate:
    i % 2 === 0 ? `2026-10-${String(1 + i).padStart(2, '0')}` : `2026-12-${String(1 + i).padStart(2, '0')}`,
}));
const LEGAL_NOT_DUE = GENERATED[1]!; // odd: nothing overdue

const generatedCsv = (): string => {
  const header =
    'company,customer_ref,customer_name,customer_type,customer_email,customer_phone,customer_country,customer_language,invoice_number,issue_date,due_date,amount,currency,structured_reference';
  const lines = GENERATED.map((c, i) => {
    const amount = `${Math.floor(c.minor / 100)}.${String(c.minor % 100).padStart(2, '0')}`;
    const issue = `${c.dueDate.slice(0, 8)}01`;
    return `ACME-FR,${c.ref},${c.name},business,,,FR,fr,INV-26${String(i).padStart(3, '0')},${issue},${c.dueDate},${amount},EUR,`;
  });
  return [header, ...lines].join('\n') + '\n';
};

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

const api = async <T>(path: string): Promise<T> => {
  const response = await fetch(`${server.baseUrl}/api/v1${path}`);
  expect(response.status).toBe(200);
  return (await response.json()) as T;
};
const caseIdOf = async (customerRef: string, currency = 'EUR'): Promise<{ id: string; number: string }> => {
  const { items } = await api<CaseList>(`/cases?q=${customerRef}`);
  const found = items.find((c) => c.debtor?.reference === customerRef && c.currency === currency);
  if (!found) throw new Error(`no ${currency} case for ${customerRef}`);
  return { id: found.id, number: found.number };
};

const seed = async (ctx: CommandContext) => {
  const importer: CommandContext = { ...ctx, actor: { kind: 'import', id: 'invoices' } };
  await importInvoiceFile(importer, FIXTURE, readFileSync(FIXTURE));
  await importInvoiceFile(importer, 'generated.csv', Buffer.from(generatedCsv(), 'utf8'));
  for (const ref of ['C003', LEGAL_NOT_DUE.ref]) {
    const { id } = await caseIdOf(ref);
    await runCaseCommands(ctx, id, [{ type: 'ChangePhase', data: { phase: 'legal', reason: null } }]);
  }
};

/** A fresh browser context (own storage, so the language choice starts from the browser's). */
const openPage = async (path: string): Promise<{ page: Page; errors: string[] }> => {
  const context = await browser.newContext({
    locale: 'en-GB',
    timezoneId: 'UTC',
    viewport: { width: 1440, height: 900 },
  });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console error: ${message.text()}`);
  });
  await page.goto(`${server.baseUrl}${path}`);
  return { page, errors };
};

const text = async (page: Page, testId: string) =>
  (await page.getByTestId(testId).first().textContent())?.trim();
const rowCount = (page: Page) => page.getByTestId('case-row').count();
/**
 * Clicks a checkbox and waits for it to show the new state. Not `check()`: the box is controlled by
 * the URL, which the router updates a moment after the click, and Playwright reads it at once.
 */
const toggle = async (page: Page, testId: string, checked: boolean) => {
  const box = page.getByTestId(testId);
  expect(await box.isChecked()).toBe(!checked);
  await box.click();
  await expect.poll(() => box.isChecked()).toBe(checked);
};

beforeAll(async () => {
  if (!existsSync(join(DEFAULT_WEB_DIST, 'index.html'))) {
    throw new Error(
      `The web app is not built (${join(DEFAULT_WEB_DIST, 'index.html')} is missing): run \`npm run build:web\` first ` +
        '(`npm run test:e2e` does it for you).',
    );
  }
  mkdirSync(RESULTS, { recursive: true });
  server = await startTestServer();
  await seed(server.ctx);
  browser = await launchBrowser();
});

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('back office in Chromium', () => {
  it('lists the cases with their total, biggest overdue first, and filters by overdue and phase', async () => {
    const { page, errors } = await openPage('/app/cases');
    await page.getByTestId('case-row').first().waitFor();
    expect(await text(page, 'case-list-total')).toBe('35');
    expect(await rowCount(page)).toBe(25); // one page
    const first = page.getByTestId('case-row').first();
    expect(await first.textContent()).toContain(MULLER);
    expect(await first.textContent()).toContain('€15,000.00');
    expect(await text(page, 'page-status')).toBe('Page 1 of 2');
    await page.screenshot({ path: join(RESULTS, 'case-list.png'), fullPage: true });

    await toggle(page, 'overdue-filter', true);
    await expect.poll(() => text(page, 'case-list-total')).toBe('20');
    expect(await rowCount(page)).toBe(20);
    expect(new URL(page.url()).searchParams.get('overdue')).toBe('1');
    const overdueList = await page.getByTestId('case-row').allTextContents();
    expect(overdueList.some((row) => row.includes(GENERATED[0]!.name))).toBe(true);
    expect(overdueList.some((row) => row.includes(LEGAL_NOT_DUE.name))).toBe(false);

    await page.getByTestId('phase-filter').selectOption('legal');
    await expect.poll(() => text(page, 'case-list-total')).toBe('1');
    expect(await page.getByTestId('case-row').allTextContents()).toEqual([expect.stringContaining(MULLER)]);

    await toggle(page, 'overdue-filter', false);
    await expect.poll(() => text(page, 'case-list-total')).toBe('2');
    const legal = await page.getByTestId('case-row').allTextContents();
    expect(legal).toEqual([expect.stringContaining(MULLER), expect.stringContaining(LEGAL_NOT_DUE.name)]);
    expect(legal.every((row) => row.includes('Legal'))).toBe(true);
    expect(errors).toEqual([]);
  });

  it('finds a customer by name, opens the case, and records a note that is kept', async () => {
    const dupont = await caseIdOf('C001');
    const { page, errors } = await openPage('/app/cases');
    await page.getByTestId('case-row').first().waitFor();

    await page.getByTestId('case-search').fill('dupont');
    await expect.poll(() => text(page, 'case-list-total')).toBe('1');
    expect(await rowCount(page)).toBe(1);
    await page.getByTestId('case-row').getByText(DUPONT).click();

    await page.waitForURL(`**/app/cases/${dupont.id}`);
    await page.getByTestId('case-header').waitFor();
    expect(await text(page, 'case-number')).toBe(dupont.number);
    expect(await text(page, 'party-link')).toBe(DUPONT);
    const items = page.getByTestId('items-table');
    const itemRow = (number: string) => items.getByTestId('item-row').filter({ hasText: number });
    expect(await items.getByTestId('item-row').count()).toBe(3);
    expect(await itemRow('INV-24001').textContent()).toContain('€1,250.00');
    expect(await itemRow('INV-24002').textContent()).toContain('€480.50');
    expect(await itemRow('AV-24001').textContent()).toContain('-€120.00');
    expect(await items.getByTestId('items-total').textContent()).toContain('€1,610.50');

    const chrono = page.getByTestId('chrono-entry');
    await chrono.first().waitFor();
    const entriesBefore = await chrono.count();
    await page.evaluate('window.__sameDocument = true');

    const note = 'Called Mr Dupont: payment of the December invoices promised for 30 November.';
    await page.getByTestId('note-type').selectOption('call');
    await page.getByTestId('note-input').fill(note);
    await page.getByTestId('note-submit').click();

    await expect.poll(() => chrono.first().textContent()).toContain(note);
    expect(await chrono.first().getAttribute('data-event-type')).toBe('NoteAdded');
    expect(await chrono.first().textContent()).toContain('Note — Phone call');
    expect(await chrono.first().textContent()).toContain('back-office');
    expect(await chrono.count()).toBe(entriesBefore + 1);
    expect(await page.getByTestId('note-input').inputValue()).toBe('');
    expect(await page.evaluate('window.__sameDocument')).toBe(true); // no reload happened
    await page.screenshot({ path: join(RESULTS, 'case-screen.png'), fullPage: true });

    const stored = await withTenant(server.ctx.db, server.ctx.tenant.id, (tx) =>
      tx
        .selectFrom('events')
        .select(['type', 'data', 'metadata'])
        .where('stream_id', '=', dupont.id)
        .orderBy('version', 'desc')
        .executeTakeFirstOrThrow(),
    );
    expect(stored).toMatchObject({
      type: 'NoteAdded',
      data: { text: note, noteType: 'call' },
      metadata: { actor: { kind: 'user' } },
    });

    await page.reload();
    await page.getByTestId('chrono-entry').first().waitFor();
    expect(await page.evaluate('window.__sameDocument')).toBeUndefined(); // a new document
    expect(await chrono.first().textContent()).toContain(note);
    expect(await chrono.count()).toBe(entriesBefore + 1);
    expect(errors).toEqual([]);
  });

  it('switches to French: labels, amounts and dates in French, and the choice is remembered', async () => {
    const dupont = await caseIdOf('C001');
    const { page, errors } = await openPage(`/app/cases/${dupont.id}`);
    await page.getByTestId('case-header').waitFor();
    expect(await page.getByTestId('lang-switch').inputValue()).toBe('en');
    expect(await page.getByRole('heading', { name: 'Invoices and credit notes' }).isVisible()).toBe(true);

    await page.getByTestId('lang-switch').selectOption('fr');
    await page.getByRole('heading', { name: 'Factures et avoirs' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    expect(await page.getByTestId('case-header').textContent()).toContain('Solde');
    // French groups thousands with a narrow no-break space and puts the euro sign after a no-break space.
    const invoice = page.getByTestId('item-row').filter({ hasText: 'INV-24001' });
    expect(await invoice.textContent()).toContain('1\u202f250,00\u00a0€');
    expect(await invoice.textContent()).toContain('4 déc. 2024');
    expect(await page.getByTestId('items-total').textContent()).toContain('1\u202f610,50\u00a0€');

    await page.reload();
    await page.getByRole('heading', { name: 'Factures et avoirs' }).waitFor();
    expect(await page.getByTestId('lang-switch').inputValue()).toBe('fr');

    await page.getByRole('link', { name: /Retour aux dossiers/ }).click();
    await page.getByTestId('case-row').first().waitFor();
    expect(await page.getByRole('heading', { name: 'Dossiers', level: 1 }).isVisible()).toBe(true);
    expect(await page.getByText('Échus uniquement').isVisible()).toBe(true);
    expect(await page.getByTestId('case-row').first().textContent()).toContain('15\u202f000,00\u00a0€');
    expect(errors).toEqual([]);
  });
});
