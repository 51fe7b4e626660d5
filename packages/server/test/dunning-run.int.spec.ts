import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RuleSetDocument } from '@quittance/domain';
import { withTenant, type Tenant } from '../src/db/tenancy';
import { importInvoiceFile } from '../src/application/import-invoices';
import { importStatementFile } from '../src/payments/statement-import';
import { createDraft, publishRuleSet } from '../src/rules/rule-sets';
import { processRules } from '../src/rules/processor';
import { getCaseSummary } from '../src/read-models/case.queries';
import { runDunning, type DunningDeps } from '../src/dunning/run';
import { createSmtpMailer } from '../src/dunning/channels';
import { loadDocument } from '../src/dunning/documents';
import { startSmtpServer, type TestSmtpServer } from './support/smtp-server';
import {
  createTestDatabase,
  createTestTenant,
  databaseLabel,
  testContext,
  type TestDatabase,
} from './support/test-database';

const RULES: RuleSetDocument = {
  format: 'quittance.rules/1',
  name: 'dunning test',
  decisions: [],
  reactions: [
    {
      id: 'start',
      name: 'Start dunning with the first invoice',
      on: ['FinancialItemAdded'],
      when: 'case.strategy = null',
      then: [{ type: 'startStrategy', strategy: '"b2b"' }],
    },
  ],
  tests: [],
  strategies: [
    {
      id: 'b2b',
      name: 'Business reminders',
      mode: 'account',
      minimumAmount: '10.00',
      thankYouTemplate: 'thank-you',
      steps: [
        {
          id: 'R1',
          level: 'R1',
          offsetDays: 3,
          from: 'due',
          channels: ['email'],
          template: 'business-r1',
          cost: '0.02',
        },
        {
          id: 'R2',
          level: 'R2',
          offsetDays: 15,
          from: 'due',
          channels: ['email', 'letter'],
          template: 'business-r2',
          cost: '1.35',
          fee: '7.5',
        },
      ],
    },
  ],
  contactRules: { quietHours: { from: '20:00', to: '08:00' }, defaultTimeZone: 'Europe/Paris' },
};

const statement = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>DUNNING-TEST-20261120</MsgId><CreDtTm>2026-11-20T22:00:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>FR7630006000011234567890189-20261120</Id>
      <CreDtTm>2026-11-20T22:00:00</CreDtTm>
      <Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id><Ccy>EUR</Ccy></Acct>
      <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-19</Dt></Dt></Bal>
      <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">89.90</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-20</Dt></Dt></Bal>
      <Ntry>
        <Amt Ccy="EUR">89.90</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
        <BookgDt><Dt>2026-11-20</Dt></BookgDt><ValDt><Dt>2026-11-20</Dt></ValDt>
        <AcctSvcrRef>20261120-0001</AcctSvcrRef>
        <NtryDtls><TxDtls>
          <Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>
          <RltdPties><Dbtr><Nm>Claire Janssens</Nm></Dbtr></RltdPties>
          <RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>BBA</Issr></Tp><Ref>202400000138</Ref></CdtrRefInf></Strd></RmtInf>
        </TxDtls></NtryDtls>
      </Ntry>
    </Stmt>
  </BkToCstmrStmt>
</Document>`;

let database: TestDatabase;
let tenant: Tenant;
let smtp: TestSmtpServer;
let deps: DunningDeps;
const ctx = () => testContext(database, tenant);
const tx = <T>(work: Parameters<typeof withTenant<T>>[2]) => withTenant(database.db, tenant.id, work);

beforeAll(async () => {
  database = await createTestDatabase();
  tenant = await createTestTenant(database, 'dunning');
  smtp = await startSmtpServer();
  deps = {
    mailer: createSmtpMailer({ url: smtp.url, requireTLS: false }),
    sms: null,
  };
  await tx(async (t) => {
    const draft = await createDraft(t, tenant.id, { document: RULES }, 'tester', new Date());
    await publishRuleSet(t, draft.version, 'tester', new Date());
  });
  await importInvoiceFile(
    ctx(),
    'invoices-7.csv',
    readFileSync(new URL('../../formats/src/invoices/fixtures/invoices-7.csv', import.meta.url)),
  );
  await processRules(database.db, tenant, { today: '2026-11-20', clock: () => new Date() });
  // The bank pays one customer in full: Claire Janssens' invoice INV-24003 (ACME-FR).
  const summary = await importStatementFile(ctx(), 'paid-2026-11-20.xml', Buffer.from(statement));
  expect(summary.allocations).toEqual([
    expect.objectContaining({ invoice: 'INV-24003', amount: '89.90', currency: 'EUR' }),
  ]);
});
afterAll(async () => {
  await deps?.mailer.close();
  await smtp?.close();
  await database?.close();
});

const owing = async (asOf: string) =>
  tx(async (t) => {
    const cases = await t
      .selectFrom('cases')
      .select(['id', 'number'])
      .where('strategy', '=', 'b2b')
      .execute();
    const result: { number: string; overdue: boolean }[] = [];
    for (const c of cases) {
      const summary = await getCaseSummary(t, c.id, asOf);
      result.push({ number: c.number, overdue: summary!.overdue.amount !== '0.00' });
    }
    return result;
  });

describe(`a dunning run on ${databaseLabel}`, () => {
  it('postpones a step due in the middle of the night to the morning in the debtor’s time zone', async () => {
    // 23:30 in Paris.
    const night = await runDunning(ctx(), deps, {
      asOf: '2026-11-20',
      now: new Date('2026-11-20T22:30:00Z'),
    });
    expect(night.actions.length).toBeGreaterThan(0);
    expect(night.actions.every((a) => a.status === 'postponed')).toBe(true);
    expect(night.actions[0]!.reason).toContain('quiet hours 20:00–08:00 in Europe/Paris');
    expect(night.actions[0]!.reason).toContain('not before 2026-11-21T07:00:00');
    expect(smtp.messages()).toHaveLength(0);
  });

  it('chases only the customers still owing overdue money after the statement, by email with the letter attached', async () => {
    const morning = await runDunning(ctx(), deps, {
      asOf: '2026-11-21',
      now: new Date('2026-11-21T08:30:00Z'),
    });
    const status = await owing('2026-11-21');
    const chased = new Set(morning.actions.map((a) => a.case));
    expect(status.some((s) => !s.overdue)).toBe(true); // the statement paid someone in full
    expect(status.some((s) => s.overdue)).toBe(true);
    for (const s of status) expect(chased.has(s.number), s.number).toBe(s.overdue);

    // Every overdue item is far past +15: the R2 step, email and letter.
    expect(new Set(morning.actions.map((a) => a.step))).toEqual(new Set(['R2']));
    const emails = morning.actions.filter((a) => a.channel === 'email');
    const sent = emails.filter((a) => a.status === 'sent');
    // Müller Maschinenbau has no email address: the failure is recorded, not hidden.
    expect(emails.filter((a) => a.status === 'failed').every((a) => a.customer === 'C003')).toBe(true);
    expect(sent.length).toBeGreaterThan(0);
    await smtp.waitFor(sent.length);
    const dupont = smtp
      .messages()
      .find((m) => m.to && JSON.stringify(m.to).includes('compta@dupont-martin.fr'));
    expect(dupont, 'the email to Dupont arrived').toBeDefined();
    expect(dupont!.text).toContain('INV-24002');
    expect(dupont!.headers.get('x-quittance-message-id')).toBeTruthy();
    // The step's fee is charged once per case it ran on, rounded to the currency, with its ledger entry.
    const fees = await tx((t) =>
      t.selectFrom('events').select(['stream_id', 'data']).where('type', '=', 'FeeCharged').execute(),
    );
    const dunnedCases = new Set(morning.actions.map((a) => a.caseId));
    expect(new Set(fees.map((f) => f.stream_id))).toEqual(dunnedCases);
    expect(fees[0]!.data).toMatchObject({ label: 'Dunning fee R2 (Business reminders)' });
    expect((fees[0]!.data as { amount: { amount: string } }).amount.amount).toBe('7.50');
    const postedFees = await tx((t) =>
      t.selectFrom('ledger_entries').select('id').where('event_type', '=', 'FeeCharged').execute(),
    );
    expect(postedFees).toHaveLength(fees.length);
    const pdf = dupont!.attachments.find((a) => a.contentType === 'application/pdf');
    expect(pdf, 'the R2 letter travels as a PDF').toBeDefined();

    // The letters of the run are one PDF for the print room, every one also kept on its own.
    expect(morning.printBatch?.letters).toBe(morning.actions.filter((a) => a.channel === 'letter').length);
    const batch = await tx((t) => loadDocument(t, morning.printBatch!.documentId));
    const dir = mkdtempSync(join(tmpdir(), 'dunning-'));
    try {
      writeFileSync(join(dir, 'batch.pdf'), batch!.bytes);
      const text = execFileSync('pdftotext', ['-layout', join(dir, 'batch.pdf'), '-'], { encoding: 'utf8' });
      expect(text).toContain('INV-24002');
      expect(text).toContain('Dupont, Martin & Fils SARL');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sends nothing on a second run the same day', async () => {
    const before = smtp.messages().length;
    const again = await runDunning(ctx(), deps, {
      asOf: '2026-11-21',
      now: new Date('2026-11-21T09:30:00Z'),
    });
    expect(again.actions).toEqual([]);
    expect(smtp.messages()).toHaveLength(before);
  });
});
