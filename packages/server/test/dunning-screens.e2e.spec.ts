import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CaseList, RuleSetDetailDto } from '@quittance/api-contract';
import { importInvoiceFile } from '../src/application/import-invoices';
import { createSmtpMailer } from '../src/dunning/channels';
import { DEFAULT_WEB_DIST } from '../src/http/app';
import { launchBrowser } from './support/browser';
import { INVOICES_FIXTURE, RESULTS } from './support/screen-session';
import { startSmtpServer, type TestSmtpServer } from './support/smtp-server';
import { startTestServer, TEST_AS_OF, type TestServer } from './support/test-server';

// Dunning as a collections manager uses it: the built React app in Chromium, against the real
// server and database, emails going out over SMTP to a real (local) SMTP server. Data: the
// 7-line invoice fixture, then the standard rules, which start a strategy on every case. On
// 2026-11-20 the business cases are long overdue (handed over to legal); Claire Janssens, a
// Belgian consumer, gets the first reminder of `consumer-gentle` by email and by SMS (no phone
// number: the SMS fails) on each of her two cases.

const TEST_NOW = new Date(`${TEST_AS_OF}T10:00:00Z`);

let server: TestServer;
let smtp: TestSmtpServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

const api = async <T>(path: string, init?: RequestInit): Promise<T> => {
  const response = await fetch(`${server.baseUrl}/api/v1${path}`, init);
  expect(response.status, `${init?.method ?? 'GET'} ${path}`).toBeLessThan(300);
  return (await response.json()) as T;
};

const openPage = async (path: string): Promise<{ page: Page; errors: string[] }> => {
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
};

beforeAll(async () => {
  if (!existsSync(join(DEFAULT_WEB_DIST, 'index.html'))) {
    throw new Error('The web app is not built: run `npm run build:web` first.');
  }
  mkdirSync(RESULTS, { recursive: true });
  smtp = await startSmtpServer();
  server = await startTestServer({
    channels: { mailer: createSmtpMailer({ url: smtp.url, requireTLS: false }), sms: null },
  });
  await importInvoiceFile(
    { ...server.ctx, actor: { kind: 'import', id: 'invoices-7.csv' } },
    INVOICES_FIXTURE,
    readFileSync(INVOICES_FIXTURE),
  );
  // The standard rules pick a strategy for every case and start it.
  await api('/rules/process', { method: 'POST' });
  browser = await launchBrowser();
});
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await smtp?.close();
});

const marker = (page: Page, step: string) =>
  page.locator(`[data-testid="timeline-step"][data-step="${step}"]`);

describe('dunning in Chromium', () => {
  it('edits a step of a strategy in a draft rule set and sees it move on the timeline', async () => {
    const { page, errors } = await openPage('/app/rules');
    await page.getByTestId('rules-new-draft').click();
    await page.waitForURL('**/app/rules/2');
    await page.getByTestId('rule-set-editor').waitFor();

    await page.getByTestId('rules-tab-strategies').click();
    await page.getByTestId('rules-strategies').waitFor();
    await page.locator('[data-testid="strategy-pick"][data-strategy="business-standard"]').click();
    const strategy = page.locator('[data-testid="strategy"][data-strategy="business-standard"]');
    await strategy.waitFor();
    // The steps on the day axis: prevention before the due date, then R1 … legal.
    const days = await strategy
      .getByTestId('timeline-step')
      .evaluateAll((markers) =>
        markers.map((m) => [m.getAttribute('data-step'), m.getAttribute('data-day')]),
      );
    expect(days).toEqual([
      ['prevention', '-5'],
      ['R1', '3'],
      ['R2', '15'],
      ['R3', '30'],
      ['final', '45'],
      ['legal', '60'],
    ]);
    expect(
      await marker(page, 'R2')
        .getByRole('img')
        .evaluateAll((icons) => icons.map((i) => i.getAttribute('aria-label'))),
    ).toEqual(['Email', 'Letter']);

    // Select R2 on the timeline: its form opens beside the steps.
    await marker(page, 'R2').click();
    const form = page.locator('[data-testid="step-form"][data-step="R2"]');
    await form.waitFor();
    expect(await form.getByTestId('step-offset').inputValue()).toBe('15');
    expect(await form.getByTestId('step-template').inputValue()).toBe('business-r2');

    // What does not read is said under the field, and nothing is saved.
    await form.getByTestId('step-offset').fill('2.5');
    await form.getByTestId('field-problem').waitFor();
    expect(await form.getByTestId('step-offset').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('timeline-unplaced').textContent()).toContain('R2');
    await page.getByTestId('rules-save').click();
    expect(await page.locator('[data-testid="rules-unreadable"]').getAttribute('data-where')).toBe(
      'strategies',
    );

    // Before R1: saved, the compiler's warning sits under the offset of that step.
    await form.getByTestId('step-offset').fill('2');
    await page.getByTestId('rules-save').click();
    await page.getByTestId('rules-saved').waitFor();
    const warning = form.getByTestId('field-diagnostics');
    await warning.waitFor();
    expect(await warning.textContent()).toContain('before the step above it');
    expect(await textOf(page, 'diagnostic')).toContain(
      'strategy "business-standard", step "R2", field offsetDays',
    );

    // 20 days after the due date: the marker moves as the offset is typed, and stays once saved.
    await form.getByTestId('step-offset').fill('20');
    await page.locator('[data-testid="timeline-step"][data-step="R2"][data-day="20"]').waitFor();
    expect(await page.getByTestId('rules-dirty').getAttribute('data-dirty')).toBe('true');
    await page.getByTestId('rules-save').click();
    await page.locator('[data-testid="rules-diagnostics"][data-errors="0"]').waitFor();
    await page.locator('[data-testid="rules-dirty"][data-dirty="false"]').waitFor();
    expect(await form.getByTestId('field-diagnostics').count()).toBe(0);
    expect(await marker(page, 'R2').getAttribute('data-day')).toBe('20');
    expect(await marker(page, 'R2').getByTestId('timeline-day').textContent()).toBe('D+20');
    expect(page.url()).toContain('tab=strategies');

    const saved = await api<RuleSetDetailDto>('/rule-sets/2');
    const r2 = saved.document.strategies
      ?.find((s) => s.id === 'business-standard')
      ?.steps.find((s) => s.id === 'R2');
    expect(r2).toMatchObject({ offsetDays: 20, from: 'due', channels: ['email', 'letter'], cost: '1.50' });
    // The rest of the document went back as it was.
    expect(saved.document.strategies?.map((s) => s.id)).toEqual([
      'business-standard',
      'business-standard-b',
      'consumer-gentle',
      'key-account-personal',
    ]);
    expect(saved.document.contactRules?.defaultTimeZone).toBe('Europe/Paris');

    await page.evaluate('window.scrollTo(0, 0)'); // the sticky bars at the top of the picture
    await page.screenshot({ path: join(RESULTS, 'dunning-strategy.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('previews a template as it is edited, shows errors at their line, and saves it', async () => {
    const { page, errors } = await openPage('/app/dunning/templates');
    const row = page.locator('[data-testid="template-row"][data-template="business-r1"]');
    await row.waitFor();
    expect(await row.getByTestId('template-link').count()).toBe(6);
    expect(await row.getByTestId('template-origin').first().getAttribute('data-origin')).toBe('standard');
    await row.locator('[data-testid="template-link"][data-language="en"]').click();
    await page.waitForURL('**/app/dunning/templates/business-r1/en');
    const editor = page.getByTestId('template-editor');
    await editor.waitFor();

    // The sample debtor fills the preview of the saved text.
    const subject = page.getByTestId('preview-subject');
    await expect.poll(() => subject.textContent()).toBe('Payment reminder – account C-10482');
    expect(await page.getByTestId('preview-text').textContent()).toContain('F-2025-0142');
    expect(await page.getByTestId('preview-html').getAttribute('sandbox')).toBe('');
    // The email as the debtor's client shows it: in a frame that runs nothing.
    expect(await page.getByTestId('preview-html').getAttribute('srcdoc')).toContain('Dear Ms Claire Dunne');
    expect(
      Number(await page.getByTestId('preview-sms-length').getAttribute('data-characters')),
    ).toBeGreaterThan(0);

    // Change the subject: the preview follows.
    const area = page.getByTestId('template-text');
    const original = await area.inputValue();
    await area.fill(original.replace('subject: "Payment reminder', 'subject: "Second notice'));
    await expect.poll(() => subject.textContent()).toBe('Second notice – account C-10482');
    expect(await page.getByTestId('template-dirty').getAttribute('data-dirty')).toBe('true');

    // A Liquid output left open: the error names its line; the preview keeps the last good text.
    await area.fill(original.replace('{{ customer.reference }}"', '{{ customer.reference "'));
    const issue = page.getByTestId('template-issue').first();
    await issue.waitFor();
    expect(await issue.getAttribute('data-line')).toBe('3');
    expect(await issue.textContent()).toContain('line 3');
    expect(await page.getByTestId('template-preview').getAttribute('data-status')).toBe('invalid');
    expect(await subject.textContent()).toBe('Second notice – account C-10482');

    // Back to a good text, previewed for a real case of the fixture.
    await area.fill(original.replace('subject: "Payment reminder', 'subject: "Second notice'));
    const { items } = await api<CaseList>('/cases?q=C001&company=ACME-FR');
    const dupont = items.find((c) => c.currency === 'EUR');
    if (!dupont) throw new Error('no EUR case for C001');
    await page.getByTestId('preview-case-query').fill(dupont.number);
    await page.getByTestId('preview-case-use').click();
    await page.getByTestId('preview-case').waitFor();
    await expect.poll(() => subject.textContent()).toBe('Second notice – account C001');
    expect(await page.getByTestId('preview-text').textContent()).toContain('INV-24001');
    await page.screenshot({ path: join(RESULTS, 'dunning-template.png'), fullPage: true });

    await page.getByTestId('template-save').click();
    await page.getByTestId('template-saved').waitFor();
    expect(await editor.getByTestId('template-origin').getAttribute('data-origin')).toBe('tenant');
    const stored = await api<{ text: string; origin: string }>('/dunning/templates/business-r1/en');
    expect(stored.origin).toBe('tenant');
    expect(stored.text).toContain('subject: "Second notice');

    // Chromium logs the previews refused while the text did not parse (422), and blocks the
    // script Playwright's fixed clock puts into every frame, the sandboxed preview included (it
    // must: the preview runs nothing). Both were expected.
    expect(
      errors.filter(
        (e) => !e.includes('status of 422') && !e.includes("Blocked script execution in 'about:srcdoc'"),
      ),
    ).toEqual([]);
  });

  it("prepares today's run, reviews it, sends it over SMTP and compares the variants", async () => {
    const { page, errors } = await openPage('/app/cases');
    await page.getByTestId('nav-dunning').click();
    await page.waitForURL('**/app/dunning');
    await page.getByTestId('dunning-run').waitFor();
    expect(await page.getByTestId('run-date').inputValue()).toBe(TEST_AS_OF);
    await page.getByTestId('day-actions-empty').waitFor();
    expect(await page.getByTestId('run-send').isDisabled()).toBe(true);

    // Prepare: the messages are written, not sent.
    await page.getByTestId('run-prepare').click();
    const report = page.getByTestId('run-report');
    await report.waitFor();
    const prepared = report.getByTestId('run-action');
    expect(await prepared.count()).toBeGreaterThan(0);
    const emails = report.locator('[data-testid="run-action"][data-channel="email"]');
    expect(await emails.count()).toBe(2);
    expect(await emails.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')))).toEqual([
      'requested',
      'requested',
    ]);
    expect(
      await report.locator('[data-testid="run-action"][data-status="handed-over"]').count(),
    ).toBeGreaterThan(0);
    expect(await emails.first().getByTestId('document-link').getAttribute('href')).toMatch(
      /^\/api\/v1\/documents\/[\w-]+$/,
    );
    await page.locator('[data-testid="day-action"][data-status="requested"]').first().waitFor();
    expect(smtp.messages()).toHaveLength(0);

    // Send: the emails leave, the SMS (no phone number) fail.
    await page.getByTestId('run-send').click();
    const delivery = page.getByTestId('delivery-report');
    await delivery.waitFor();
    expect(await delivery.getAttribute('data-sent')).toBe('2');
    expect(await delivery.getAttribute('data-failed')).toBe('2');
    const mails = await smtp.waitFor(2);
    expect(mails.map((m) => JSON.stringify(m.to))).toEqual([
      expect.stringContaining('claire.janssens@example.be'),
      expect.stringContaining('claire.janssens@example.be'),
    ]);
    expect(mails.map((m) => m.subject)).toEqual([
      'Betalingsherinnering – klantnummer C002',
      'Betalingsherinnering – klantnummer C002',
    ]);
    await expect
      .poll(() => emails.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status'))))
      .toEqual(['sent', 'sent']);
    const day = page.getByTestId('day-action');
    await expect
      .poll(() => day.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')).sort()))
      .toEqual(['failed', 'failed', 'sent', 'sent']);
    expect(
      await page.locator('[data-testid="day-action"][data-status="failed"]').first().textContent(),
    ).toContain('no phone number');
    expect(await page.getByTestId('run-send').isDisabled()).toBe(true);

    // Champion/challenger: business-standard beside its challenger (cases go to either by a hash
    // of their id), with too few cases to tell them apart yet.
    const family = page.locator('[data-testid="variant-family"][data-family="business-standard"]');
    await family.waitFor();
    const rows = await family
      .getByTestId('variant-row')
      .evaluateAll((list) =>
        list.map((r) => [r.getAttribute('data-variant'), Number(r.getAttribute('data-cases'))]),
      );
    expect(
      rows.every(([variant]) => variant === 'business-standard' || variant === 'business-standard-b'),
    ).toBe(true);
    expect(rows.reduce((sum, [, cases]) => sum + Number(cases), 0)).toBe(3); // the three business cases
    await family.getByTestId('variants-too-few').waitFor();
    await page.screenshot({ path: join(RESULTS, 'dunning-run.png'), fullPage: true });

    // Preparing again does nothing twice.
    await page.getByTestId('run-prepare').click();
    await page.getByTestId('run-nothing').waitFor();
    expect(errors).toEqual([]);
  });

  it("shows a case's dunning history with its documents, and stops and resumes dunning", async () => {
    const { page, errors } = await openPage('/app/dunning');
    const sent = page.locator('[data-testid="day-action"][data-channel="email"][data-status="sent"]').first();
    await sent.waitFor();
    const caseNumber = await sent.getAttribute('data-case');
    await sent.getByRole('link', { name: caseNumber ?? '' }).click();
    await page.waitForURL('**/app/cases/*');

    const card = page.getByTestId('case-dunning');
    await card.waitFor();
    expect(await card.getByTestId('dunning-strategy').textContent()).toContain('consumer-gentle');
    expect(await card.getByTestId('dunning-state').getAttribute('data-state')).toBe('running');
    const history = card.getByTestId('dunning-action');
    await history.first().waitFor();
    expect(
      await history.evaluateAll((rows) =>
        rows.map((r) => `${r.getAttribute('data-channel')}:${r.getAttribute('data-status')}`).sort(),
      ),
    ).toEqual(['email:sent', 'sms:failed']);
    const email = card.locator('[data-testid="dunning-action"][data-channel="email"]');
    const href = await email.getByTestId('document-link').getAttribute('href');
    const document = await fetch(`${server.baseUrl}${href}`);
    expect(document.status).toBe(200);
    expect(await document.text()).toContain('Betalingsherinnering');

    // The chrono tells the same story, with the document of the message.
    const sentEntry = page.locator('[data-testid="chrono-entry"][data-event-type="MessageSent"]');
    await sentEntry.waitFor();
    expect(await sentEntry.textContent()).toContain('Email sent to claire.janssens@example.be');
    const requested = page.locator('[data-testid="chrono-entry"][data-event-type="MessageRequested"]');
    expect(await requested.first().getByTestId('document-link').getAttribute('href')).toMatch(
      /^\/api\/v1\/documents\//,
    );
    expect(
      await page.locator('[data-testid="chrono-entry"][data-event-type="DunningStepRun"]').textContent(),
    ).toContain('Dunning step R1');

    // Stop dunning for the whole case until the end of the year, then resume it.
    await card.getByTestId('dunning-case-actions').click();
    await card.getByTestId('dunning-stop-reason').fill('Debtor disputes the delivery');
    await card.getByTestId('dunning-stop-until').fill('2026-12-31');
    await card.getByTestId('dunning-stop').click();
    await card.locator('[data-testid="dunning-state"][data-state="stopped"]').waitFor();
    const stop = card.getByTestId('dunning-stop-line');
    expect(await stop.textContent()).toContain('Debtor disputes the delivery');
    expect(await stop.textContent()).toContain('until 31 Dec 2026');
    await page.locator('[data-testid="chrono-entry"][data-event-type="DunningStopped"]').waitFor();

    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: join(RESULTS, 'dunning-case.png'), fullPage: true });

    await card.getByTestId('dunning-override-level').selectOption('R2');
    await card.getByTestId('dunning-override').click();
    await card.getByTestId('dunning-next-level').waitFor();
    expect(await card.getByTestId('dunning-next-level').textContent()).toContain('R2');

    await stop.getByTestId('dunning-resume').click();
    await card.locator('[data-testid="dunning-state"][data-state="running"]').waitFor();
    await page.locator('[data-testid="chrono-entry"][data-event-type="DunningResumed"]').waitFor();
    expect(await card.getByTestId('dunning-stop-line').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});

async function textOf(page: Page, testId: string): Promise<string | undefined> {
  return (await page.getByTestId(testId).first().textContent())?.trim();
}
