import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPain008 } from '@quittance/formats';
import { STANDARD_RULE_SET, planProgress, type OpenCaseState, type RuleSetDocument } from '@quittance/domain';
import { withTenant, type Tenant } from '../src/db/tenancy';
import { importInvoiceFile } from '../src/application/import-invoices';
import { importStatementFile } from '../src/payments/statement-import';
import { createDraft, publishRuleSet } from '../src/rules/rule-sets';
import { processRules } from '../src/rules/processor';
import { runDunning, type DunningDeps } from '../src/dunning/run';
import { createPickupMailer } from '../src/dunning/channels';
import { loadDocument } from '../src/dunning/documents';
import {
  approvePlan,
  loadCaseState,
  makePromise,
  openDispute,
  proposePlan,
  registerMandate,
} from '../src/agreements/agreements';
import { evaluateAgreements } from '../src/agreements/sweep';
import { collectDueDirectDebits, prepareDirectDebits } from '../src/agreements/direct-debits';
import {
  createTestDatabase,
  createTestTenant,
  databaseLabel,
  testContext,
  type TestDatabase,
} from './support/test-database';

// Four customers, each with fresh invoices due 2026-11-10: dunning's R1 falls on 2026-11-13.
const INVOICES = `company,customer_ref,customer_name,customer_type,customer_email,customer_phone,customer_country,customer_language,invoice_number,issue_date,due_date,amount,currency,structured_reference
ACME-FR,D1,Durand SA,business,compta@durand.example,,FR,fr,F-1001,2026-10-10,2026-11-10,400.00,EUR,
ACME-FR,D1,Durand SA,business,compta@durand.example,,FR,fr,F-1002,2026-10-10,2026-11-10,250.00,EUR,
ACME-FR,P1,Petit SARL,business,compta@petit.example,,FR,fr,F-2001,2026-10-10,2026-11-10,900.00,EUR,
ACME-FR,S1,Simon SAS,business,compta@simon.example,,FR,fr,F-3001,2026-10-10,2026-11-10,1500.00,EUR,
`;

const standard = (id: string) => {
  const reaction = STANDARD_RULE_SET.reactions.find((r) => r.id === id);
  if (!reaction) throw new Error(`no standard reaction ${id}`);
  return reaction;
};

const RULES: RuleSetDocument = {
  format: 'quittance.rules/1',
  name: 'agreements test',
  decisions: [],
  reactions: [
    {
      id: 'start',
      name: 'Start dunning with the first invoice',
      on: ['FinancialItemAdded'],
      when: 'case.strategy = null',
      then: [{ type: 'startStrategy', strategy: '"b2b"' }],
    },
    standard('promise-broken'),
    standard('direct-debit-returned'),
  ],
  tests: [],
  strategies: [
    {
      id: 'b2b',
      name: 'Business reminders',
      mode: 'item',
      minimumAmount: '10.00',
      steps: [
        { id: 'R1', level: 'R1', offsetDays: 3, from: 'due', channels: ['email'], template: 'business-r1' },
        { id: 'R2', level: 'R2', offsetDays: 15, from: 'due', channels: ['email'], template: 'business-r2' },
      ],
    },
  ],
  contactRules: { defaultTimeZone: 'Europe/Paris' },
};

let database: TestDatabase;
let tenant: Tenant;
let outbox: string;
let deps: DunningDeps;
const clock = () => new Date('2026-11-13T10:00:00Z');
const ctx = (today: string, user = 'sam') =>
  testContext(database, tenant, {
    today,
    now: new Date(`${today}T10:00:00Z`),
    actor: { kind: 'user', id: user },
  });
const tx = <T>(work: Parameters<typeof withTenant<T>>[2]) => withTenant(database.db, tenant.id, work);
const caseOf = (customer: string) =>
  tx((t) =>
    t
      .selectFrom('cases')
      .select(['id', 'number'])
      .where('debtor_reference', '=', customer)
      .executeTakeFirstOrThrow(),
  );
const itemsOf = (caseId: string) =>
  tx((t) =>
    t
      .selectFrom('financial_items')
      .select(['id', 'number'])
      .where('case_id', '=', caseId)
      .orderBy('number')
      .execute(),
  );
const dun = async (asOf: string, caseIds: string[]) => {
  const report = await runDunning(ctx(asOf, 'dunning'), deps, {
    asOf,
    now: new Date(`${asOf}T10:00:00Z`),
    caseIds,
  });
  return report.actions.filter((a) => a.status !== 'postponed');
};
const state = (caseId: string) => tx((t) => loadCaseState(t, caseId)) as Promise<OpenCaseState>;

beforeAll(async () => {
  database = await createTestDatabase();
  tenant = await createTestTenant(database, 'agreements');
  outbox = mkdtempSync(join(tmpdir(), 'quittance-agreements-'));
  deps = { mailer: createPickupMailer(outbox), sms: null };
  await tx(async (t) => {
    const draft = await createDraft(t, tenant.id, { document: RULES }, 'tester', clock());
    await publishRuleSet(t, draft.version, 'tester', clock());
  });
  await importInvoiceFile(ctx('2026-11-10'), 'fresh.csv', Buffer.from(INVOICES));
  await tx(async (t) => {
    await t
      .updateTable('companies')
      .set({
        profile: JSON.stringify({
          legalName: 'Acme France SAS',
          iban: 'FR7630006000011234567890189',
          bic: 'AGRIFRPP',
        }),
      })
      .where('code', '=', 'ACME-FR')
      .execute();
  });
  await processRules(database.db, tenant, { today: '2026-11-10', clock });
});
afterAll(async () => {
  await database?.close();
  rmSync(outbox, { recursive: true, force: true });
});

describe(`agreements (${databaseLabel})`, () => {
  it('a dispute keeps its item out of dunning; the other item is chased', async () => {
    const kase = await caseOf('D1');
    const [f1001, f1002] = await itemsOf(kase.id);
    await openDispute(ctx('2026-11-12'), kase.id, {
      itemId: f1002!.id,
      reasonCode: 'quality',
      description: 'Half the delivery was damaged',
    });
    const actions = await dun('2026-11-13', [kase.id]);
    expect(actions.map((a) => a.invoices)).toEqual([[f1001!.number]]);
    // The dispute is in the register, with a task for its owner.
    const dispute = await tx((t) =>
      t
        .selectFrom('agreements')
        .select(['status', 'person'])
        .where('kind', '=', 'dispute')
        .where('case_id', '=', kase.id)
        .executeTakeFirstOrThrow(),
    );
    expect(dispute).toEqual({ status: 'open', person: 'sam' });
  });

  it('a promise holds dunning; once broken, the rules bring the case back to dunning and ask for a call', async () => {
    const kase = await caseOf('P1');
    const { promiseId } = await makePromise(ctx('2026-11-12'), kase.id, {
      amount: '900.00',
      promisedFor: '2026-11-20',
      channel: 'phone',
      graceDays: 3,
    });
    expect(await dun('2026-11-13', [kase.id])).toEqual([]);
    // Still held on the last day of grace; nothing is broken yet.
    await evaluateAgreements(database.db, tenant, { today: '2026-11-23', clock });
    expect(await dun('2026-11-23', [kase.id])).toEqual([]);

    await evaluateAgreements(database.db, tenant, { today: '2026-11-24', clock });
    expect((await state(kase.id)).agreements.promises.get(promiseId)?.status).toBe('broken');
    await processRules(database.db, tenant, { today: '2026-11-24', clock });
    const decisions = await tx((t) =>
      t
        .selectFrom('rule_decisions')
        .select(['rule_id', 'status'])
        .where('case_id', '=', kase.id)
        .where('rule_id', '=', 'promise-broken')
        .execute(),
    );
    expect(decisions).toEqual([{ rule_id: 'promise-broken', status: 'applied' }]);
    const tasks = await tx((t) =>
      t
        .selectFrom('tasks')
        .select(['title', 'task_type'])
        .where('case_id', '=', kase.id)
        .where('status', '=', 'open')
        .execute(),
    );
    expect(tasks).toContainEqual({ title: 'Promise to pay not kept: call the debtor', task_type: 'call' });
    const timers = await tx((t) =>
      t
        .selectFrom('timers')
        .select(['name', 'due_on'])
        .where('case_id', '=', kase.id)
        .where('due_on', '=', '2026-11-24')
        .execute(),
    );
    expect(timers).toContainEqual({ name: 'dunning', due_on: '2026-11-24' });
    // Dunning resumes: the item is chased again.
    const actions = await dun('2026-11-24', [kase.id]);
    expect(actions.length).toBeGreaterThan(0);
    expect(actions[0]?.invoices).toEqual(['F-2001']);
  });

  it('a plan collected by SEPA direct debit: the pain.008 file, the collection, and a return that reopens the installment', async () => {
    const kase = await caseOf('S1');
    // 1500.00 is above a collector's limit: the plan waits for someone else's approval.
    const proposed = await proposePlan(ctx('2026-11-12'), kase.id, {
      terms: { installments: 3, periodicity: 'monthly', firstDate: '2026-11-30' },
    });
    expect(proposed.status).toBe('proposed');
    expect(proposed.approval.required).toBe(true);
    await expect(approvePlan(ctx('2026-11-12', 'sam'), proposed.planId, null)).rejects.toMatchObject({
      code: 'four_eyes',
    });
    await approvePlan(ctx('2026-11-12', 'supervisor'), proposed.planId, 'ok');
    // The plan holds the invoice out of dunning.
    expect(await dun('2026-11-13', [kase.id])).toEqual([]);

    await registerMandate(ctx('2026-11-12'), kase.id, {
      reference: 'ACME-S1-0001',
      signedOn: '2026-11-12',
      debtorName: 'Simon SAS',
      iban: 'DE89 3704 0044 0532 0130 00',
      planId: proposed.planId,
    });
    await tx((t) =>
      t
        .updateTable('tenant_settings')
        .set({ agreements: JSON.stringify({ creditorId: 'FR72ZZZ123456' }) })
        .execute(),
    );
    const [batch] = await prepareDirectDebits(ctx('2026-11-26'), { collectionDate: '2026-11-30' });
    expect(batch).toMatchObject({ count: 1, total: '500.00', collectionDate: '2026-11-30' });
    // Prepared again: nothing new to present.
    expect(await prepareDirectDebits(ctx('2026-11-26'), { collectionDate: '2026-11-30' })).toEqual([]);
    const file = await tx((t) => loadDocument(t, batch!.documentId!));
    const pain = readPain008(Buffer.from(file!.bytes).toString('utf8'));
    expect(pain.numberOfTransactions).toBe(1);
    expect(pain.controlSum).toBe('500.00');
    expect(pain.paymentInformation[0]).toMatchObject({
      sequenceType: 'FRST',
      requestedCollectionDate: '2026-11-30',
      creditorId: 'FR72ZZZ123456',
    });
    expect(pain.paymentInformation[0]!.transactions[0]).toMatchObject({
      mandateReference: 'ACME-S1-0001',
      debtorIban: 'DE89370400440532013000',
      amount: '500.00',
    });

    // On the collection date the debit is booked and the first installment is paid.
    expect(await collectDueDirectDebits(database.db, tenant, { today: '2026-11-30', clock })).toBe(1);
    const paid = (await state(kase.id)).agreements.plans.get(proposed.planId)!;
    expect(planProgress(paid, '2026-11-30')[0]?.state).toBe('paid');

    // The bank returns it (AM04, insufficient funds): the payment is reversed, the installment due again.
    const endToEndId = batch!.transactions[0]!.endToEndId;
    const summary = await importStatementFile(
      ctx('2026-12-02'),
      'returns.xml',
      Buffer.from(returnStatement(endToEndId)),
    );
    expect(summary.returns).toBe(1);
    const returned = (await state(kase.id)).agreements.plans.get(proposed.planId)!;
    expect(returned.directDebits.get(1)).toMatchObject({ status: 'returned', returnReason: 'AM04' });
    expect(planProgress(returned, '2026-12-02')[0]?.state).toBe('due');
    const item = await tx((t) =>
      t
        .selectFrom('financial_items')
        .select('outstanding_minor')
        .where('case_id', '=', kase.id)
        .executeTakeFirstOrThrow(),
    );
    expect(BigInt(item.outstanding_minor)).toBe(150000n);
    await processRules(database.db, tenant, { today: '2026-12-02', clock });
    const tasks = await tx((t) =>
      t
        .selectFrom('tasks')
        .select('title')
        .where('case_id', '=', kase.id)
        .where('task_type', '=', 'direct-debit')
        .execute(),
    );
    expect(tasks).toEqual([{ title: 'Direct debit returned (AM04): contact the debtor' }]);
    // The next file presents the installment again, as a first debit once more.
    const [again] = await prepareDirectDebits(ctx('2026-12-03'), { collectionDate: '2026-12-07' });
    expect(again?.transactions[0]).toMatchObject({ installment: 1, sequenceType: 'FRST', amount: '500.00' });
  });
});

const returnStatement = (endToEndId: string) => `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>RETURNS-20261202</MsgId><CreDtTm>2026-12-02T22:00:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>FR7630006000011234567890189-20261202</Id>
      <CreDtTm>2026-12-02T22:00:00</CreDtTm>
      <Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id><Ccy>EUR</Ccy></Acct>
      <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">1000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-12-01</Dt></Dt></Bal>
      <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">500.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-12-02</Dt></Dt></Bal>
      <Ntry>
        <Amt Ccy="EUR">500.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>
        <BookgDt><Dt>2026-12-02</Dt></BookgDt><ValDt><Dt>2026-12-02</Dt></ValDt>
        <AcctSvcrRef>20261202-R-0001</AcctSvcrRef>
        <NtryDtls><TxDtls>
          <Refs><EndToEndId>${endToEndId}</EndToEndId></Refs>
          <RltdPties><Dbtr><Nm>Simon SAS</Nm></Dbtr></RltdPties>
          <RtrInf><Rsn><Cd>AM04</Cd></Rsn></RtrInf>
        </TxDtls></NtryDtls>
      </Ntry>
    </Stmt>
  </BkToCstmrStmt>
</Document>`;
