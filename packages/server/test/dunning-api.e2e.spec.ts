import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { importInvoiceFile } from '../src/application/import-invoices';
import { createSmtpMailer, type Mailer } from '../src/dunning/channels';
import { startSmtpServer, type TestSmtpServer } from './support/smtp-server';
import { startTestServer, type TestServer } from './support/test-server';

let server: TestServer;
let smtp: TestSmtpServer;
let mailer: Mailer;
const emailsSent = () => smtp.messages();

beforeAll(async () => {
  smtp = await startSmtpServer();
  mailer = createSmtpMailer({ url: smtp.url, requireTLS: false });
  server = await startTestServer({ webDist: null, channels: { mailer, sms: null } });
  await importInvoiceFile(
    server.ctx,
    'invoices-7.csv',
    readFileSync(new URL('../../formats/src/invoices/fixtures/invoices-7.csv', import.meta.url)),
  );
});
afterAll(async () => {
  await server?.close();
  await mailer?.close();
  await smtp?.close();
});

const call = async <T = Record<string, unknown>>(method: string, path: string, body?: unknown) => {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const type = response.headers.get('content-type') ?? '';
  return {
    status: response.status,
    type,
    body: (type.includes('json') ? await response.json() : Buffer.from(await response.arrayBuffer())) as T,
  };
};

type RunAction = {
  case: string;
  caseId: string;
  customer: string;
  step: string;
  channel: string;
  status: string;
  messageId?: string;
};

describe('dunning through the API', () => {
  it('prepares a run for review, keeps every document, then sends it', async () => {
    await call('POST', '/api/v1/rules/process');
    const prepared = await call<{ actions: RunAction[]; printBatch: unknown }>(
      'POST',
      '/api/v1/dunning/runs',
      {
        deliver: false,
      },
    );
    expect(prepared.status).toBe(200);
    const emails = prepared.body.actions.filter((a) => a.channel === 'email');
    expect(emails.length).toBeGreaterThan(0);
    expect(emails.every((a) => a.status === 'requested')).toBe(true);
    expect(smtp.messages()).toHaveLength(0);

    const actions = await call<{ items: { channel: string; status: string; documentId: string | null }[] }>(
      'GET',
      '/api/v1/dunning/actions?runOn=2026-11-20',
    );
    const withDocument = actions.body.items.find((a) => a.channel === 'email' && a.documentId);
    expect(withDocument).toBeDefined();
    const document = await call('GET', `/api/v1/documents/${withDocument!.documentId}`);
    expect(document.status).toBe(200);
    expect(JSON.stringify(document.body)).toContain('subject');

    const delivered = await call<{ sent: number; failed: number }>('POST', '/api/v1/dunning/deliveries');
    expect(delivered.status).toBe(200);
    expect(delivered.body.sent).toBeGreaterThan(0);
    await smtp.waitFor(delivered.body.sent);
    expect(smtp.messages()).toHaveLength(delivered.body.sent);
    const after = await call<{ items: { channel: string; status: string }[] }>(
      'GET',
      '/api/v1/dunning/actions?runOn=2026-11-20&status=sent',
    );
    expect(after.body.items.length).toBe(delivered.body.sent);
    // Sending again sends nothing.
    const again = await call<{ sent: number }>('POST', '/api/v1/dunning/deliveries');
    expect(again.body.sent).toBe(0);
  });

  it('records a bounce against the message it names, and the rules ask the manager to check the address', async () => {
    const sent = emailsSent();
    const messageId = sent[0]!.headers.get('x-quittance-message-id') as string;
    const dsn = readFileSync(
      new URL('../src/dunning/channels/fixtures/postfix-dsn-user-unknown.eml', import.meta.url),
      'utf8',
    ).replace('msg_01JD3K7Q9W2X8Y4Z6A5B3C1D0E', messageId);
    const response = await fetch(`${server.baseUrl}/api/v1/messages/bounces`, { method: 'POST', body: dsn });
    const result = (await response.json()) as { recorded: boolean; caseId: string; status: string };
    expect(response.status).toBe(201);
    expect(result).toMatchObject({ recorded: true, status: '5.1.1' });
    await call('POST', '/api/v1/rules/process');
    const tasks = await call<{ items: { title: string; caseId: string }[] }>(
      'GET',
      `/api/v1/tasks?caseId=${result.caseId}`,
    );
    expect(tasks.body.items.map((t) => t.title)).toContainEqual(
      expect.stringMatching(/^Check the contact details: email not delivered \(bounced: 5\.1\.1/),
    );
    const history = await call<{
      items: { messageId: string | null; status: string; reason: string | null }[];
    }>('GET', `/api/v1/dunning/actions?caseId=${result.caseId}`);
    expect(history.body.items.find((a) => a.messageId === messageId)).toMatchObject({ status: 'failed' });
    // Not a bounce: nothing changes.
    const reply = await fetch(`${server.baseUrl}/api/v1/messages/bounces`, {
      method: 'POST',
      body: readFileSync(
        new URL('../src/dunning/channels/fixtures/debtor-reply-not-a-bounce.eml', import.meta.url),
      ),
    });
    expect(await reply.json()).toEqual({ recorded: false, reason: 'not a delivery status notification' });
  });

  it('lets a tenant edit a template: a broken one is refused with its line, a good one previews on a real case', async () => {
    const list = await call<{ items: { id: string; languages: { language: string; origin: string }[] }[] }>(
      'GET',
      '/api/v1/dunning/templates',
    );
    const r1 = list.body.items.find((t) => t.id === 'business-r1');
    expect(r1?.languages.map((l) => l.language).sort()).toEqual(['de', 'en', 'es', 'fr', 'it', 'nl']);
    const original = await call<{ text: string; origin: string }>(
      'GET',
      '/api/v1/dunning/templates/business-r1/en',
    );
    expect(original.body.origin).toBe('standard');

    const broken = await call<{ code: string; issues: { path: string }[] }>(
      'PUT',
      '/api/v1/dunning/templates/business-r1/en',
      {
        text: original.body.text.replace('{{', '{{ customer.name | monney }}{{'),
      },
    );
    expect(broken.status).toBe(422);
    expect(broken.body.issues[0]!.path).toMatch(/^business-r1\/en\.md(:\d+)?$/);

    const edited = original.body.text.replace(
      /^subject:.*$/m,
      'subject: "Friendly reminder for {{ customer.name }}"',
    );
    expect((await call('PUT', '/api/v1/dunning/templates/business-r1/en', { text: edited })).status).toBe(
      200,
    );
    const cases = await call<{
      items: { id: string; debtor: { reference: string } | null; number: string }[];
    }>('GET', '/api/v1/cases?q=C001');
    const preview = await call<{ subject: string; html: string }>(
      'POST',
      '/api/v1/dunning/templates/preview',
      {
        id: 'business-r1',
        language: 'en',
        caseId: cases.body.items[0]!.id,
      },
    );
    expect(preview.status).toBe(200);
    expect(preview.body.subject).toBe('Friendly reminder for Dupont, Martin & Fils SARL');
    expect(preview.body.html).toContain('Dupont, Martin &amp; Fils SARL');
  });

  it('stops dunning for a case with a reason and an end date, and sets the next level by hand', async () => {
    const cases = await call<{ items: { id: string }[] }>('GET', '/api/v1/cases?q=C002');
    const id = cases.body.items[0]!.id;
    const stopped = await call('POST', `/api/v1/cases/${id}/dunning/stop`, {
      reason: 'customer on holiday',
      until: '2026-12-31',
    });
    expect(stopped.status).toBe(201);
    const override = await call('POST', `/api/v1/cases/${id}/dunning/override`, { level: 'final' });
    expect(override.status).toBe(201);
    const run = await call<{ actions: RunAction[] }>('POST', '/api/v1/dunning/runs?asOf=2026-11-21', {
      caseIds: [id],
    });
    expect(run.body.actions).toEqual([]);
  });

  it('reports the strategy variants side by side', async () => {
    const report = await call<{ items: { variant: string; cases: number }[] }>(
      'GET',
      '/api/v1/dunning/variants',
    );
    expect(report.status).toBe(200);
    expect(report.body.items.length).toBeGreaterThan(0);
    expect(report.body.items.reduce((n, v) => n + v.cases, 0)).toBeGreaterThan(0);
  });
});
