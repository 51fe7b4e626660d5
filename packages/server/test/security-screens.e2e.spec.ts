import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from 'otplib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importInvoiceFile } from '../src/application/import-invoices';
import { newId, runCaseCommands } from '../src/application/cases.commands';
import { withTenant } from '../src/db/tenancy';
import { DEFAULT_WEB_DIST } from '../src/http/app';
import { launchBrowser } from './support/browser';
import { INVOICES_FIXTURE, RESULTS } from './support/screen-session';
import { startTestServer, TEST_AS_OF, type TestServer } from './support/test-server';
import { createTestUser, TEST_PASSWORD } from './support/test-users';

// Signing in as people do, with nothing injected (credentials: 'none'): a collector turns on
// two-step verification from their account page, signs in again with the authenticator's code,
// finds a task on their agenda and completes it; an administrator then finds that completion in
// the audit log, with who did it and from which address.

const TEST_NOW = Date.parse(`${TEST_AS_OF}T10:00:00Z`);
const SESSION_COOKIE = 'quittance_session';
// The server's clock stands still; a TOTP step is accepted once, so each use takes the next step.
const totp = (secret: string, step: number) =>
  generate({ secret, epoch: Math.floor(TEST_NOW / 1000) + 30 * step });

let server: TestServer;
let browser: Browser;
let caseId: string;
const contexts: BrowserContext[] = [];
const TASK_TITLE = 'Call Dupont about the overdue invoices';

const openPage = async (path: string): Promise<{ page: Page; context: BrowserContext; errors: string[] }> => {
  const context = await browser.newContext({
    locale: 'en-GB',
    timezoneId: 'UTC',
    viewport: { width: 1440, height: 900 },
  });
  contexts.push(context);
  await context.clock.setFixedTime(new Date(TEST_NOW));
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console error: ${message.text()}`);
  });
  await page.goto(`${server.baseUrl}${path}`);
  return { page, context, errors };
};

const sessionCookie = async (context: BrowserContext): Promise<string | undefined> =>
  (await context.cookies()).find((cookie) => cookie.name === SESSION_COOKIE)?.value;

const signIn = async (page: Page, username: string, password = TEST_PASSWORD) => {
  await page.getByTestId('login-form').waitFor();
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
};

beforeAll(async () => {
  if (!existsSync(join(DEFAULT_WEB_DIST, 'index.html'))) {
    throw new Error('The web app is not built: run `npm run build:web` first.');
  }
  mkdirSync(RESULTS, { recursive: true });
  server = await startTestServer({ credentials: 'none' });
  const tenant = server.ctx.tenant;
  await importInvoiceFile(
    { ...server.ctx, actor: { kind: 'import', id: 'invoices-7.csv' } },
    INVOICES_FIXTURE,
    readFileSync(INVOICES_FIXTURE),
  );
  await createTestUser(server.database, tenant, {
    username: 'admin',
    displayName: 'Alice Admin',
    roles: ['administrator'],
  });
  await createTestUser(server.database, tenant, {
    username: 'collector',
    displayName: 'Colin Collector',
    roles: ['collector'],
    supervisor: 'admin',
  });
  const found = await withTenant(server.database.db, tenant.id, (tx) =>
    tx.selectFrom('cases').select(['id']).orderBy('number').executeTakeFirstOrThrow(),
  );
  caseId = found.id;
  await runCaseCommands(server.ctx, caseId, [
    {
      type: 'CreateTask',
      data: {
        taskId: newId(),
        title: TASK_TITLE,
        taskType: 'call',
        assignee: 'collector',
        due: TEST_AS_OF,
        priority: 'high',
      },
    },
  ]);
  browser = await launchBrowser();
});

afterAll(async () => {
  await Promise.all(contexts.map((context) => context.close()));
  await browser?.close();
  await server?.close();
});

describe('signing in and the audit trail in Chromium', () => {
  it('turns on MFA, signs in with the code, completes a task; the administrator finds it in the audit log', async () => {
    // Not signed in: the app sends the visitor to the login page, and back afterwards.
    const { page, context, errors } = await openPage('/app/agenda');
    await page.waitForURL('**/app/login?next=%2Fapp%2Fagenda');
    expect(await sessionCookie(context)).toBeUndefined();

    // A wrong password is refused with a message, and no session.
    await signIn(page, 'collector', 'not the password at all');
    const refusal = page.getByTestId('login-error');
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-status')).toBe('401');
    expect(await refusal.textContent()).toBe('Wrong user name or password.');
    expect(await sessionCookie(context)).toBeUndefined();
    await page.screenshot({ path: join(RESULTS, 'security-login-error.png') });

    // The right one: the agenda, with the user's name and only the collector's menu.
    await page.getByTestId('login-password').fill(TEST_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL('**/app/agenda');
    await page.getByTestId('agenda-page').waitFor();
    expect(await page.getByTestId('nav-account').textContent()).toBe('Colin Collector');
    await page.getByTestId('nav-cases').waitFor();
    expect(await page.getByTestId('nav-audit').count()).toBe(0);
    expect(await page.getByTestId('nav-admin').count()).toBe(0);
    const firstSession = await sessionCookie(context);
    expect(firstSession).toBeTruthy();

    // Two-step verification from the account page: QR code, the key by hand, a code, recovery codes.
    await page.getByTestId('nav-account').click();
    await page.getByTestId('mfa-enrol').click();
    await page.getByTestId('mfa-qr').waitFor();
    expect(await page.getByTestId('mfa-qr').getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    const secret = ((await page.getByTestId('mfa-secret').textContent()) ?? '').trim();
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await page.getByTestId('mfa-confirm-code').fill(await totp(secret, 0));
    await page.getByTestId('mfa-confirm').click();
    await page.getByTestId('recovery-codes').waitFor();
    expect(await page.getByTestId('recovery-code').count()).toBeGreaterThanOrEqual(5);
    await page.screenshot({ path: join(RESULTS, 'security-account-recovery-codes.png'), fullPage: true });
    await page.getByTestId('mfa-recovery-done').click();
    await page.locator('[data-testid="mfa-section"][data-enabled="true"]').waitFor();

    // Sign out, then in again: password, then the code; the session id changes at each step.
    await page.getByTestId('sign-out').click();
    await page.waitForURL('**/app/login');
    await signIn(page, 'collector');
    await page.getByTestId('mfa-form').waitFor();
    const halfway = await sessionCookie(context);
    expect(halfway).toBeTruthy();
    expect(halfway).not.toBe(firstSession);
    await page.screenshot({ path: join(RESULTS, 'security-login-mfa.png') });
    await page.getByTestId('mfa-code').fill(await totp(secret, 1));
    await page.getByTestId('mfa-submit').click();
    await page.waitForURL('**/app/agenda');
    const signedIn = await sessionCookie(context);
    expect(signedIn).toBeTruthy();
    expect(signedIn).not.toBe(halfway);

    // The agenda: the call task, counted under its type; completed with an outcome.
    const task = page.getByTestId('agenda-task').filter({ hasText: TASK_TITLE });
    await task.waitFor();
    expect(
      await page
        .locator('[data-testid="agenda-type"][data-type="call"]')
        .getByTestId('agenda-type-todo')
        .textContent(),
    ).toBe('1');
    await page.screenshot({ path: join(RESULTS, 'security-agenda.png'), fullPage: true });
    await task.getByTestId('task-complete').click();
    await task.getByTestId('task-outcome').fill('Promised to pay on Friday');
    await task.getByTestId('task-complete-confirm').click();
    await expect.poll(() => page.getByTestId('agenda-task').filter({ hasText: TASK_TITLE }).count()).toBe(0);
    // 401s are part of the journey (the session check while signed out, the wrong password).
    expect(errors.filter((e) => !e.includes('status of 401'))).toEqual([]);

    // The administrator, in another browser, signs in and searches the audit log.
    const admin = await openPage('/app/audit');
    await admin.page.waitForURL('**/app/login?next=%2Fapp%2Faudit');
    await signIn(admin.page, 'admin');
    await admin.page.waitForURL('**/app/audit');
    await admin.page.getByTestId('audit-table').waitFor();
    await admin.page.getByTestId('audit-action').fill('case.TaskCompleted');
    await admin.page.getByTestId('audit-search').click();
    await admin.page.waitForURL('**/app/audit?action=case.TaskCompleted');
    const entry = admin.page.locator('[data-testid="audit-row"][data-action="case.TaskCompleted"]');
    await entry.waitFor();
    // The unfiltered page may still show while the filtered one loads: wait for the search's answer.
    await expect.poll(() => admin.page.getByTestId('audit-row').count()).toBe(1);
    expect(await entry.getAttribute('data-actor')).toBe('collector');
    expect(await entry.getAttribute('data-target')).toBe(caseId);
    expect(await entry.getByTestId('audit-ip').textContent()).toMatch(/127\.0\.0\.1/);
    await entry.getByTestId('audit-toggle').click();
    expect(await admin.page.getByTestId('audit-detail').textContent()).toContain('Promised to pay on Friday');
    await admin.page.screenshot({ path: join(RESULTS, 'security-audit.png'), fullPage: true });

    // The sign-ins are there too, the refused one included.
    await admin.page.getByTestId('audit-action').fill('auth.login');
    await admin.page.getByTestId('audit-actor').fill('collector');
    await admin.page.getByTestId('audit-search').click();
    await admin.page.locator('[data-testid="audit-row"][data-outcome="refused"]').first().waitFor();

    // Administration: the collector now has MFA; the roles' permissions as a matrix.
    await admin.page.getByTestId('nav-admin').click();
    await admin.page.waitForURL('**/app/admin/users');
    const collectorRow = admin.page.locator('[data-testid="user-row"][data-username="collector"]');
    await collectorRow.waitFor();
    expect(await collectorRow.getAttribute('data-mfa')).toBe('true');
    await admin.page.screenshot({ path: join(RESULTS, 'security-admin-users.png'), fullPage: true });
    await admin.page.getByTestId('admin-tab-roles').click();
    const collectorRole = admin.page.locator('[data-testid="role-row"][data-role="collector"]');
    await collectorRole.waitFor();
    expect(await collectorRole.locator('[data-permission="cases:write"]').isChecked()).toBe(true);
    expect(await collectorRole.locator('[data-permission="users:manage"]').isChecked()).toBe(false);
    await admin.page.screenshot({ path: join(RESULTS, 'security-admin-roles.png'), fullPage: true });
    expect(admin.errors.filter((e) => !e.includes('status of 401'))).toEqual([]);
  });
});
