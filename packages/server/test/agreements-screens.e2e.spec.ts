import { join } from 'node:path';
import Decimal from 'decimal.js';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail } from '@quittance/api-contract';
import { RESULTS, startScreenSession, type ScreenSession } from './support/screen-session';
import { TEST_AS_OF } from './support/test-server';

// Agreements as a collector and a manager use them: the built React app in Chromium against the
// real server and database. Martin Dupont (case C001: two invoices, EUR 1,730.50, and a credit note) is called: he
// promises to pay an invoice; the collector then builds a three-month plan over the case, which
// is above the collector's limit (1,000.00 per plan), so it waits for a manager. The collector
// cannot approve their own plan (four-eyes), Maria (another collector, same limit) cannot either;
// the supervisor can, and the plan starts.

let session: ScreenSession;
let dupont: CaseDetail;

type PlanDto = {
  id: string;
  caseId: string;
  status: string;
  approvedBy: string | null;
  installments: unknown[];
};

const post = async (path: string, body: unknown, user?: string): Promise<Response> =>
  fetch(`${session.server.baseUrl}/api/v1${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(user ? { 'X-User': user } : {}) },
    body: JSON.stringify(body),
  });

const planRow = (page: Page) => page.locator(`[data-testid="plan-row"][data-case="${dupont.number}"]`);

beforeAll(async () => {
  session = await startScreenSession();
  dupont = await session.dupontCase();
  const created = await post(`/cases/${dupont.id}/tasks`, {
    title: 'Call Dupont about the overdue invoices',
    taskType: 'call',
    due: TEST_AS_OF,
    priority: 'high',
  });
  expect(created.status).toBe(201);
});
afterEach(async () => {
  await session.closePages();
});
afterAll(async () => {
  await session?.close();
});

describe('agreements in Chromium', () => {
  it('takes a promise to pay from a call task, then builds, proposes and approves a payment plan', async () => {
    const { page, errors } = await session.openPage(`/app/cases/${dupont.id}`);
    const card = page.getByTestId('case-agreements');
    await card.waitFor();

    // The call task offers a promise to pay; the amount follows the chosen invoice.
    const callTask = card.locator('[data-testid="agreements-task"][data-type="call"]');
    await callTask.waitFor();
    await callTask.getByTestId('task-promise').click();
    const form = card.getByTestId('promise-form');
    await form.waitFor();
    expect(await form.getByTestId('promise-task').textContent()).toContain('Call Dupont');
    expect(await form.getByTestId('promise-amount').inputValue()).toBe('1730.50');
    await form.locator('[data-testid="promise-item"][data-item="INV-24002"]').check();
    expect(await form.getByTestId('promise-amount').inputValue()).toBe('480.50');
    await form.getByTestId('promise-date').fill('2026-11-27');
    await form.getByTestId('promise-submit').click();

    // Recorded: the call task is done, the promise is listed open.
    await card.getByTestId('agreements-notice').waitFor();
    await card.locator('[data-testid="case-promise"][data-status="open"]').waitFor();
    await card.getByTestId('agreements-no-tasks').waitFor();
    expect(await card.locator('[data-testid="case-promise"]').getByTestId('promise-paid').textContent()).toBe(
      '€0.00 of €480.50',
    );
    const tasks = await session.api<{ items: { taskType: string; status: string }[] }>(
      `/tasks?caseId=${dupont.id}&status=all`,
    );
    expect(tasks.items.filter((t) => t.taskType === 'call').map((t) => t.status)).toEqual(['done']);
    await card.screenshot({ path: join(RESULTS, 'agreements-case.png') });

    // The plan builder: three monthly installments over the whole case, previewed live.
    await card.getByTestId('agreements-new-plan').click();
    await page.waitForURL(`**/app/cases/${dupont.id}/plan/new`);
    const builder = page.getByTestId('plan-builder');
    await builder.waitFor();
    await builder.getByTestId('plan-installments').fill('3');
    await builder.getByTestId('plan-periodicity').selectOption('monthly');
    await builder.getByTestId('plan-first-date').fill('2026-12-15');
    const preview = page.locator('[data-testid="plan-preview"][data-stale="false"]');
    await preview.waitFor();
    await page.locator('[data-testid="preview-line"][data-due="2026-12-15"]').waitFor();
    const lines = preview.getByTestId('preview-line');
    expect(await lines.count()).toBe(3);
    const amounts = await lines.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-amount') ?? ''));
    const dues = await lines.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-due') ?? ''));
    expect(dues).toEqual(['2026-12-15', '2027-01-15', '2027-02-15']);
    const total = (await preview.getByTestId('preview-total').getAttribute('data-amount')) ?? '';
    const sum = amounts.reduce((acc, a) => acc.plus(new Decimal(a)), new Decimal(0));
    expect(sum.equals(new Decimal(total))).toBe(true);
    expect(new Decimal(total).greaterThan(1000)).toBe(true);
    const notice = preview.getByTestId('approval-notice');
    expect(await notice.getAttribute('data-required')).toBe('true');

    await builder.getByTestId('plan-propose').click();
    const proposed = page.getByTestId('plan-proposed');
    await proposed.waitFor();
    expect(await proposed.getAttribute('data-status')).toBe('proposed');
    expect(await proposed.getAttribute('data-approval')).toBe('true');
    await page.screenshot({ path: join(RESULTS, 'agreements-plan-builder.png'), fullPage: true });

    // The proposer cannot approve their own plan: four-eyes.
    await page.getByTestId('nav-agreements').click();
    await page.waitForURL('**/app/agreements/plans');
    await planRow(page).waitFor();
    expect(await page.getByTestId('plan-row').first().getAttribute('data-case')).toBe(dupont.number);
    expect(await planRow(page).getAttribute('data-status')).toBe('proposed');
    await planRow(page).getByTestId('plan-approve').click();
    const refusal = planRow(page).getByTestId('plan-error');
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-code')).toBe('four_eyes');
    expect(await refusal.textContent()).toContain('someone else must approve it');
    expect(await planRow(page).getAttribute('data-status')).toBe('proposed');

    // Maria, another collector, is refused too: the plan is above her limit (1,000.00).
    await page.setExtraHTTPHeaders({ 'X-User': 'maria' });
    await page.reload();
    await planRow(page).waitFor();
    await planRow(page).getByTestId('plan-approve').click();
    await planRow(page).locator('[data-testid="plan-error"][data-code="over_limit"]').waitFor();
    expect(await planRow(page).getByTestId('plan-error').textContent()).toContain(
      'above your approval limit',
    );
    expect(await planRow(page).getAttribute('data-status')).toBe('proposed');

    // The supervisor approves it: the plan is active.
    await page.setExtraHTTPHeaders({ 'X-User': 'supervisor' });
    await page.reload();
    await planRow(page).waitFor();
    await planRow(page).getByTestId('plan-approve').click();
    await page
      .locator(`[data-testid="plan-row"][data-case="${dupont.number}"][data-status="active"]`)
      .waitFor();
    await page.screenshot({ path: join(RESULTS, 'agreements-plans.png'), fullPage: true });

    const planId = (await planRow(page).getAttribute('data-plan-id')) ?? '';
    const plan = await session.api<PlanDto>(`/payment-plans/${planId}`);
    expect(plan.status).toBe('active');
    expect(plan.approvedBy).toBe('supervisor');
    expect(plan.installments).toHaveLength(3);

    // The plan's page lists its installments, none paid yet.
    await planRow(page).getByTestId('plan-link').click();
    await page.locator('[data-testid="plan-detail-status"][data-status="active"]').waitFor();
    expect(await page.getByTestId('plan-installment').count()).toBe(3);

    // Chromium logs the two refused approvals' answers; those were expected.
    expect(errors).toEqual([
      'console error: Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)',
      'console error: Failed to load resource: the server responded with a status of 403 (Forbidden)',
    ]);
  });
  it('opens a dispute on the case, reviews and rejects it in the register; lists promises, the forecast and direct debits', async () => {
    const { page, errors } = await session.openPage(`/app/cases/${dupont.id}`);
    const card = page.getByTestId('case-agreements');
    await card.getByTestId('agreements-new-dispute').click();
    const form = card.getByTestId('dispute-form');
    await form.waitFor();
    await form.getByTestId('dispute-item').selectOption({ label: 'INV-24001' });
    await form.getByTestId('dispute-reason').selectOption('quality');
    await form.getByTestId('dispute-owner').fill('anna');
    await form.getByTestId('dispute-deadline').fill('2026-12-20');
    await form.getByTestId('dispute-description').fill('Two of the five machines arrived damaged.');
    await form.getByTestId('dispute-submit').click();
    await card.locator('[data-testid="case-dispute"][data-status="open"]').waitFor();

    // The register: the open dispute, reviewed, then rejected with a comment.
    await page.getByTestId('nav-agreements').click();
    await page.getByTestId('agreements-tab-disputes').click();
    const row = page.locator('[data-testid="dispute-row"]').first();
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('open');
    expect(await session.text(page, 'dispute-stat-open')).toBe('1');
    await row.getByTestId('dispute-review').click();
    await row.getByTestId('dispute-review-submit').click();
    await page.locator('[data-testid="dispute-row"][data-status="under_review"]').waitFor();
    await row.getByTestId('dispute-resolve').click();
    await row.getByTestId('dispute-reject').check();
    await row.getByTestId('dispute-comment').fill('Delivery note signed without reserve.');
    await row.getByTestId('dispute-resolve-submit').click();
    await page.getByTestId('dispute-stat-resolved').filter({ hasText: '1' }).waitFor();
    await page.getByTestId('disputes-status').selectOption('all');
    await page.locator('[data-testid="dispute-row"][data-status="rejected"]').waitFor();
    expect(await page.getByTestId('dispute-resolution').first().textContent()).toContain('without reserve');

    // The promise taken in the first test, and the kept rate by collector.
    await page.getByTestId('agreements-tab-promises').click();
    await page.locator('[data-testid="promise-row"][data-status="open"]').waitFor();
    await page.locator('[data-testid="kept-rate-row"][data-key="back-office"]').waitFor();

    // The forecast: the promise and the plan's installments fall in the coming weeks.
    await page.getByTestId('agreements-tab-forecast').click();
    await page.getByTestId('forecast-chart').waitFor();
    expect(await page.getByTestId('forecast-week').count()).toBe(13);
    const promised = await page
      .locator('[data-testid="forecast-bar"] rect[data-series="promises"]')
      .evaluateAll((rects) => rects.map((r) => r.getAttribute('data-amount')));
    expect(promised).toEqual(['480.50']);
    // A cash objective for December: saved and listed.
    const objective = page.getByTestId('objective-form');
    await objective.getByTestId('objective-company').fill('ACME-FR');
    await objective.getByTestId('objective-month').fill('2026-12');
    await objective.getByTestId('objective-amount').fill('1 000');
    await objective.getByTestId('objective-save').click();
    await page.getByTestId('objectives').getByText('€1,000.00').waitFor();
    await page.screenshot({ path: join(RESULTS, 'agreements-forecast.png'), fullPage: true });

    // Direct debits: the plan has no mandate, so there is nothing to collect.
    await page.getByTestId('agreements-tab-direct-debits').click();
    await page.getByTestId('debit-prepare').click();
    await page.locator('[data-testid="debit-prepared"][data-files="0"]').waitFor();

    expect(errors).toEqual([]);
  });
});
