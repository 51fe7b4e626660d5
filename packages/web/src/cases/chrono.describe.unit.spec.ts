import type { ChronoEntry } from '@quittance/api-contract';
import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { formattersFor } from '../i18n/format';
import { fr } from '../i18n/fr';
import type { Translate } from '../i18n/i18n-context';
import { translate } from '../i18n/messages';
import { describeActor, describeEntry, taskTitles } from './chrono.describe';

const tEn: Translate = (key, params) => translate(en, key, params);
const tFr: Translate = (key, params) => translate(fr, key, params);
const fmtEn = formattersFor('en-GB', 'UTC');

function entry(
  type: string,
  data: Record<string, unknown>,
  ledgerEntryId: string | null = null,
): ChronoEntry {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    version: 1,
    type,
    recordedAt: '2026-03-01T08:30:00Z',
    effectiveDate: null,
    actor: { kind: 'user', id: 'alice' },
    why: null,
    data,
    ledgerEntryId,
  };
}

describe('describeEntry', () => {
  it('describes an opened case with its type, company and currency', () => {
    const view = describeEntry(
      entry('CaseOpened', {
        number: '2026-000123',
        caseType: 'receivable_account',
        company: { code: 'ACME', name: 'Acme SA' },
        currency: 'EUR',
      }),
      tEn,
      fmtEn,
    );
    expect(view.title).toBe('Case 2026-000123 opened');
    expect(view.details).toEqual([
      { label: 'Case type', value: 'receivable_account' },
      { label: 'Company', value: 'Acme SA' },
      { label: 'Currency', value: 'EUR' },
    ]);
  });

  it('formats an invoice with its money and dates', () => {
    const view = describeEntry(
      entry('FinancialItemAdded', {
        kind: 'invoice',
        number: 'F-1001',
        issueDate: '2026-01-05',
        dueDate: '2026-02-04',
        amount: { amount: '1234.50', currency: 'EUR' },
        structuredReference: 'RF18539007547034',
      }),
      tEn,
      fmtEn,
    );
    expect(view.title).toBe('Invoice F-1001 added');
    expect(view.details).toContainEqual({ label: 'Amount', value: '€1,234.50' });
    expect(view.details).toContainEqual({ label: 'Due', value: '4 Feb 2026' });
    expect(view.details).toContainEqual({ label: 'Structured reference', value: 'RF18539007547034' });
  });

  it('names credit notes as such', () => {
    const view = describeEntry(
      entry('FinancialItemAdded', { kind: 'credit_note', number: 'AV-7' }),
      tFr,
      fmtEn,
    );
    expect(view.title).toBe('Avoir AV-7 ajouté');
  });

  it('keeps the full text of a note', () => {
    const note = 'Called the debtor.\nPromised to pay on Friday; will send proof.';
    const view = describeEntry(
      entry('NoteAdded', { noteId: 'n1', text: note, noteType: 'call' }),
      tEn,
      fmtEn,
    );
    expect(view.title).toBe('Note — Phone call');
    expect(view.text).toBe(note);
  });

  it('translates phases and keeps the reason', () => {
    const view = describeEntry(
      entry('PhaseChanged', { from: 'amicable', to: 'legal', reason: 'No answer to R3' }),
      tFr,
      fmtEn,
    );
    expect(view.title).toBe('Phase modifiée : Amiable → Contentieux');
    expect(view.details).toEqual([{ label: 'Motif', value: 'No answer to R3' }]);
  });

  it('links the attached party', () => {
    const view = describeEntry(
      entry('PartyAttached', { partyId: 'p-1', role: 'guarantor', name: 'Jean Dupont' }),
      tEn,
      fmtEn,
    );
    expect(view.title).toBe('Jean Dupont attached as Guarantor');
    expect(view.party).toEqual({ id: 'p-1', name: 'Jean Dupont' });
  });

  it('mentions the previous manager', () => {
    expect(
      describeEntry(entry('ManagerAssigned', { manager: 'bob', previous: 'alice' }), tEn, fmtEn).title,
    ).toBe('Assigned to bob (previously alice)');
    expect(
      describeEntry(entry('ManagerAssigned', { manager: 'bob', previous: null }), tEn, fmtEn).title,
    ).toBe('Assigned to bob');
  });

  it('lists changed custom fields', () => {
    const view = describeEntry(
      entry('CustomFieldsChanged', { customFields: { paymentTerms: 30, vip: true } }),
      tEn,
      fmtEn,
    );
    expect(view.details).toEqual([
      { label: 'Payment terms', value: '30' },
      { label: 'Vip', value: 'Yes' },
    ]);
  });

  it('shows the type name of an event it does not know', () => {
    expect(describeEntry(entry('PromiseToPayBroken', { promiseId: 'x' }), tEn, fmtEn).title).toBe(
      'PromiseToPayBroken',
    );
  });

  it('describes a payment received with its method, payer and bank reference', () => {
    const view = describeEntry(
      entry(
        'PaymentReceived',
        {
          paymentId: 'pay-1',
          amount: { amount: '300.00', currency: 'EUR' },
          receivedOn: '2026-03-02',
          method: 'bank_transfer',
          payer: 'Jean Dupont',
          bankReference: 'VIR-2026-0042',
        },
        '00000000-0000-4000-8000-0000000000e1',
      ),
      tEn,
      fmtEn,
    );
    expect(view.kind).toBe('payment');
    expect(view.title).toBe('Payment received');
    expect(view.details).toEqual([
      { label: 'Amount', value: '€300.00' },
      { label: 'Received', value: '2 Mar 2026' },
      { label: 'Method', value: 'Bank transfer' },
      { label: 'Payer', value: 'Jean Dupont' },
      { label: 'Bank reference', value: 'VIR-2026-0042' },
    ]);
  });

  it('names the component and the invoice a payment was allocated to', () => {
    const data = {
      allocationId: 'al-1',
      paymentId: 'pay-1',
      itemId: 'item-1',
      component: 'principal',
      amount: { amount: '250.00', currency: 'EUR' },
      allocatedOn: '2026-03-02',
    };
    const itemNumbers = new Map([['item-1', 'INV-24001']]);
    const view = describeEntry(entry('PaymentAllocated', data), tFr, fmtEn, { itemNumbers });
    expect(view.title).toBe('Paiement affecté (Principal)');
    expect(view.details).toContainEqual({ label: 'Pièce', value: 'INV-24001' });
    // Without the case's items, the id is still shown rather than nothing.
    expect(describeEntry(entry('PaymentAllocated', data), tEn, fmtEn).details).toContainEqual({
      label: 'Invoice',
      value: 'item-1',
    });
  });

  it('keeps the reason of a cancelled allocation', () => {
    const view = describeEntry(
      entry('AllocationCancelled', {
        allocationId: 'al-1',
        amount: { amount: '250.00', currency: 'EUR' },
        reason: 'Wrong invoice',
      }),
      tEn,
      fmtEn,
    );
    expect(view.title).toBe('Allocation cancelled');
    expect(view.details).toEqual([
      { label: 'Amount', value: '€250.00' },
      { label: 'Reason', value: 'Wrong invoice' },
    ]);
  });

  it('titles fees and recovery costs with their label', () => {
    const fee = {
      feeId: 'f-1',
      amount: { amount: '15.00', currency: 'EUR' },
      chargedOn: '2026-03-05',
      label: 'Lettre R2',
    };
    expect(describeEntry(entry('FeeCharged', fee), tFr, fmtEn).title).toBe('Frais facturés : Lettre R2');
    expect(describeEntry(entry('FeeCharged', { ...fee, label: '' }), tEn, fmtEn).title).toBe('Fee charged');
    const cost = describeEntry(
      entry('RecoveryCostCharged', {
        costId: 'c-1',
        amount: { amount: '40.00', currency: 'EUR' },
        label: 'Indemnité forfaitaire',
      }),
      tEn,
      fmtEn,
    );
    expect(cost.kind).toBe('charge');
    expect(cost.title).toBe('Recovery cost charged: Indemnité forfaitaire');
    expect(cost.details).toEqual([{ label: 'Amount', value: '€40.00' }]);
  });

  it('describes a recovery indemnity with its invoice and legal basis', () => {
    const view = describeEntry(
      entry('RecoveryIndemnityCharged', {
        indemnityId: 'ri-1',
        itemId: 'item-1',
        amount: { amount: '40.00', currency: 'EUR' },
        chargedOn: '2026-03-05',
        label: 'Recovery indemnity INV-1',
        legalBasis: 'Code de commerce L441-10 / D441-5',
      }),
      tFr,
      formattersFor('fr-FR', 'UTC'),
      { itemNumbers: new Map([['item-1', 'INV-1']]) },
    );
    expect(view.kind).toBe('charge');
    expect(view.title).toBe('Indemnité forfaitaire de recouvrement facturée');
    expect(view.details).toContainEqual({ label: 'Pièce', value: 'INV-1' });
    expect(view.details).toContainEqual({
      label: 'Fondement légal',
      value: 'Code de commerce L441-10 / D441-5',
    });
  });

  it('shows the period of accrued interest', () => {
    const view = describeEntry(
      entry('InterestAccrued', {
        amount: { amount: '3.27', currency: 'EUR' },
        from: '2026-02-01',
        to: '2026-02-28',
        label: 'Late-payment interest',
      }),
      tFr,
      formattersFor('fr-FR', 'UTC'),
    );
    expect(view.title).toBe('Intérêts courus');
    expect(view.details).toContainEqual({ label: 'Période', value: 'du 1 févr. 2026 au 28 févr. 2026' });
    expect(view.details).toContainEqual({ label: 'Libellé', value: 'Late-payment interest' });
  });

  it('describes adjustments, write-offs and refunds with their reasons', () => {
    const adjusted = describeEntry(
      entry('BalanceAdjusted', {
        component: 'interest',
        amount: { amount: '-1.50', currency: 'EUR' },
        reason: 'Rounding',
      }),
      tEn,
      fmtEn,
    );
    expect(adjusted.title).toBe('Balance adjusted (Interest)');
    expect(adjusted.details).toEqual([
      { label: 'Amount', value: '-€1.50' },
      { label: 'Reason', value: 'Rounding' },
    ]);
    const writtenOff = describeEntry(
      entry('AmountWrittenOff', {
        component: 'costs',
        amount: { amount: '40.00', currency: 'EUR' },
        reason: 'Waived',
      }),
      tFr,
      fmtEn,
    );
    expect(writtenOff.kind).toBe('loss');
    expect(writtenOff.title).toBe('Passé en perte (Frais de recouvrement)');
    const refund = describeEntry(
      entry('RefundIssued', {
        amount: { amount: '20.00', currency: 'EUR' },
        reason: 'Overpayment',
        payee: 'Jean Dupont',
      }),
      tEn,
      fmtEn,
    );
    expect(refund.title).toBe('Refund issued');
    expect(refund.details).toEqual([
      { label: 'Amount', value: '€20.00' },
      { label: 'Payee', value: 'Jean Dupont' },
      { label: 'Reason', value: 'Overpayment' },
    ]);
  });

  it('survives missing data', () => {
    expect(describeEntry(entry('PaymentAllocated', {}), tEn, fmtEn).title).toBe('Payment allocated');
    expect(describeEntry(entry('PaymentReceived', { amount: 12 }), tEn, fmtEn).details).toEqual([]);
    expect(describeEntry(entry('CaseOpened', {}), tEn, fmtEn).title).toBe('Case opened');
    expect(describeEntry(entry('FinancialItemAdded', { amount: 'oops' }), tEn, fmtEn).details).toEqual([]);
  });
});

describe('case steering events', () => {
  it('names the team, portfolio and strategy a rule or a user chose', () => {
    expect(
      describeEntry(entry('PortfolioAssigned', { portfolio: 'business-fr', previous: null }), tEn, fmtEn)
        .title,
    ).toBe('Portfolio business-fr');
    expect(
      describeEntry(entry('TeamAssigned', { team: 'legal', previous: 'amicable' }), tFr, fmtEn).title,
    ).toBe('Équipe legal (auparavant amicable)');
    expect(describeEntry(entry('StrategyStarted', { strategy: 'business-standard' }), tEn, fmtEn).title).toBe(
      'Dunning strategy business-standard started',
    );
    const restart = entry('StrategySwitched', {
      from: 'consumer-gentle',
      to: 'consumer-gentle',
      restart: true,
    });
    expect(describeEntry(restart, tEn, fmtEn).title).toBe(
      'Dunning strategy consumer-gentle restarted from its first step',
    );
    const stopped = describeEntry(entry('StrategyStopped', { strategy: 'x', reason: 'paid' }), tEn, fmtEn);
    expect(stopped.details).toEqual([{ label: 'Reason', value: 'paid' }]);
  });

  it('says which flag changed and which way', () => {
    const manual = describeEntry(
      entry('FlagSet', { flag: 'manualMode', value: true, reason: null }),
      tFr,
      fmtEn,
    );
    expect(manual.title).toBe('Mode manuel : les règles s’effacent');
    expect(manual.kind).toBe('flag');
    const blacklist = entry('FlagSet', {
      flag: 'blacklist',
      value: true,
      reason: 'Debt written off: insolvency',
    });
    expect(describeEntry(blacklist, tEn, fmtEn).title).toBe('Debtor blacklisted');
    expect(describeEntry(blacklist, tEn, fmtEn).details).toEqual([
      { label: 'Reason', value: 'Debt written off: insolvency' },
    ]);
  });

  it('describes tasks, naming the task a completion closes', () => {
    const created = entry('TaskCreated', {
      taskId: 't-1',
      title: 'Call the debtor',
      taskType: 'call',
      assignee: null,
      due: '2026-03-03',
      priority: 'high',
    });
    expect(describeEntry(created, tEn, fmtEn).details).toEqual([
      { label: 'Task type', value: 'call' },
      { label: 'Due', value: '3 Mar 2026' },
      { label: 'Priority', value: 'High' },
    ]);
    const done = entry('TaskCompleted', { taskId: 't-1', outcome: 'Promised to pay on Friday' });
    const context = { taskTitles: taskTitles([done, created]) };
    expect(describeEntry(done, tEn, fmtEn, context).title).toBe('Task done: Call the debtor');
    expect(describeEntry(done, tEn, fmtEn).title).toBe('Task done');
  });

  it('describes timers, messages and outsourcing', () => {
    expect(
      describeEntry(entry('TimerScheduled', { name: 'due+14', at: '2026-02-14' }), tEn, fmtEn).title,
    ).toBe('Timer due+14 set for 14 Feb 2026');
    const message = describeEntry(
      entry('MessageRequested', { template: 'task-overdue', channel: 'email' }),
      tFr,
      fmtEn,
    );
    expect(message.title).toBe('Message task-overdue demandé');
    expect(message.details).toEqual([{ label: 'Canal', value: 'E-mail' }]);
    expect(describeEntry(entry('CaseOutsourced', { partner: 'Agence Recouvre' }), tEn, fmtEn).title).toBe(
      'Case outsourced to Agence Recouvre',
    );
  });
});

describe('describeEntry for dunning', () => {
  it('describes a dunning step with its strategy, variant, channels, invoices, total and cost', () => {
    const view = describeEntry(
      entry('DunningStepRun', {
        kind: 'step',
        strategy: 'business-standard',
        variant: 'business-standard-b',
        stepId: 'R2-letter',
        level: 'R2',
        channels: ['email', 'letter'],
        invoices: ['INV-1', 'INV-2'],
        total: { amount: '1610.50', currency: 'EUR' },
        cost: '1.50',
        runOn: '2026-11-20',
      }),
      tEn,
      fmtEn,
    );
    expect(view.kind).toBe('dunning');
    expect(view.title).toBe('Dunning step R2-letter (R2)');
    expect(describeEntry(entry('DunningStepRun', { stepId: 'R1', level: 'R1' }), tFr, fmtEn).title).toBe(
      'Étape de relance R1',
    );
    expect(view.details).toEqual([
      { label: 'Strategy', value: 'business-standard (variant business-standard-b)' },
      { label: 'Channels', value: 'Email, Letter' },
      { label: 'Invoices', value: 'INV-1, INV-2' },
      { label: 'Total', value: '€1,610.50' },
      { label: 'Cost', value: '€1.50' },
      { label: 'Date', value: '20 Nov 2026' },
    ]);
    expect(
      describeEntry(
        entry('DunningStepRun', { kind: 'hand-over', stepId: 'legal', level: 'final' }),
        tFr,
        fmtEn,
      ).title,
    ).toBe("Dossier transmis après l'étape legal");
    expect(describeEntry(entry('DunningStepRun', { kind: 'thank-you' }), tFr, fmtEn).title).toBe(
      'Message de remerciement après paiement',
    );
  });

  it('links the document of a message a dunning step asked for', () => {
    const view = describeEntry(
      entry('MessageRequested', {
        template: 'consumer-reminder-1',
        channel: 'letter',
        stepId: 'R1',
        language: 'nl',
        documentId: 'doc-1',
      }),
      tEn,
      fmtEn,
    );
    expect(view.document).toEqual({ id: 'doc-1', channel: 'letter' });
    expect(view.details).toContainEqual({ label: 'Step', value: 'R1' });
    expect(view.details).toContainEqual({ label: 'Language', value: 'Dutch' });
    expect(describeEntry(entry('NoteAdded', { text: 'x' }), tEn, fmtEn).document).toBeNull();
  });

  it('describes messages sent and failed', () => {
    expect(
      describeEntry(
        entry('MessageSent', { channel: 'email', to: 'claire@example.be', providerId: '<1@q>' }),
        tEn,
        fmtEn,
      ),
    ).toMatchObject({
      title: 'Email sent to claire@example.be',
      details: [{ label: 'Provider reference', value: '<1@q>' }],
    });
    const failed = describeEntry(
      entry('MessageFailed', { channel: 'sms', reason: 'no phone number', permanent: true }),
      tFr,
      fmtEn,
    );
    expect(failed.title).toBe("Échec de l'envoi (SMS)");
    expect(failed.details).toEqual([
      { label: 'Motif', value: 'no phone number' },
      { label: 'Échec', value: 'Définitif, pas de nouvel essai' },
    ]);
  });

  it('describes postponements, variants, stops, resumptions and overrides', () => {
    const itemNumbers = new Map([['item-1', 'INV-24003']]);
    expect(
      describeEntry(
        entry('DunningActionPostponed', {
          stepId: 'R1',
          channel: 'sms',
          until: '2026-11-21T07:00:00Z',
          reason: 'quiet hours',
        }),
        tEn,
        fmtEn,
      ).title,
    ).toBe('Step R1 by SMS postponed to 21 Nov 2026, 07:00');
    expect(
      describeEntry(
        entry('StrategyVariantAssigned', { strategy: 'business-standard', variant: 'business-standard-b' }),
        tFr,
        fmtEn,
      ).title,
    ).toBe('Variante business-standard-b de la stratégie business-standard');
    const stopped = describeEntry(
      entry('DunningStopped', { itemId: 'item-1', reason: 'disputed', until: '2026-12-31' }),
      tFr,
      fmtEn,
      { itemNumbers },
    );
    expect(stopped.title).toBe('Relances suspendues pour INV-24003');
    expect(stopped.details).toEqual([
      { label: 'Motif', value: 'disputed' },
      { label: "Jusqu'au", value: '31 Dec 2026' },
    ]);
    expect(describeEntry(entry('DunningStopped', { itemId: null, reason: 'x' }), tEn, fmtEn).title).toBe(
      'Dunning stopped',
    );
    expect(describeEntry(entry('DunningResumed', { itemId: null }), tFr, fmtEn).title).toBe(
      'Relances reprises',
    );
    expect(
      describeEntry(entry('NextLevelOverridden', { level: 'final', reason: null }), tFr, fmtEn).title,
    ).toBe('Prochain niveau de relance fixé à Mise en demeure');
  });
});

describe('describeActor', () => {
  it('shows who or what did it', () => {
    expect(describeActor({ kind: 'import', id: 'invoices-7.csv' }, tEn)).toBe('by Import (invoices-7.csv)');
    expect(describeActor({ kind: 'rule', id: 'R-12' }, tFr)).toBe('par Règle (R-12)');
    expect(describeActor({ kind: 'user', id: 'alice' }, tEn)).toBe('by alice');
    expect(describeActor({ kind: 'system', id: 'system' }, tEn)).toBe('by System');
  });
});
