import { describe, expect, it } from 'vitest';
import { DomainError } from '../shared/domain-error';
import type { CaseCommand } from './case.commands';
import { decideCase } from './case.decide';
import type { CaseEvent } from './case.events';
import { evolveCase, initialCaseState, type CaseState, type OpenCaseState } from './case.state';
import { agreementBlock, planProgress } from './case-agreements';

const EUR = (amount: string) => ({ amount, currency: 'EUR' });

const opened: CaseEvent[] = [
  {
    type: 'CaseOpened',
    data: {
      caseId: 'case-1',
      number: '2026-000001',
      caseType: 'receivable_account',
      company: { code: 'ACME', name: 'Acme' },
      currency: 'EUR',
      phase: 'amicable',
      customFields: {},
      openedOn: '2026-01-02',
    },
  },
  ...['1', '2'].map((n): CaseEvent => ({
    type: 'FinancialItemAdded',
    data: {
      itemId: `item-${n}`,
      kind: 'invoice',
      number: `INV-${n}`,
      issueDate: '2026-01-01',
      dueDate: '2026-01-31',
      amount: EUR('600.00'),
      structuredReference: null,
    },
  })),
];

/** Runs commands one after the other, like the application does, and returns every event. */
const run = (history: readonly CaseEvent[], ...commands: CaseCommand[]) => {
  let state: CaseState = history.reduce(evolveCase, initialCaseState);
  const events: CaseEvent[] = [];
  for (const command of commands) {
    const decided = decideCase(command, state);
    state = decided.reduce(evolveCase, state);
    events.push(...decided);
  }
  return { events, state: state as OpenCaseState, all: [...history, ...events] };
};

const pay = (id: string, amount: string, on: string, itemId = 'item-1'): CaseCommand[] => [
  {
    type: 'ReceivePayment',
    data: { paymentId: `p-${id}`, amount: EUR(amount), receivedOn: on, method: 'bank_transfer' },
  },
  {
    type: 'AllocatePayment',
    data: {
      allocationId: `a-${id}`,
      paymentId: `p-${id}`,
      itemId,
      component: 'principal',
      amount: EUR(amount),
      allocatedOn: on,
    },
  },
];

const promise = (amount: string, promisedFor = '2026-03-10'): CaseCommand => ({
  type: 'MakePromise',
  data: {
    promiseId: 'pr-1',
    amount: EUR(amount),
    promisedFor,
    graceDays: 3,
    channel: 'phone',
    itemIds: ['item-1'],
    takenBy: 'sam',
    takenOn: '2026-03-01',
    note: null,
    taskId: null,
  },
});

const types = (events: readonly CaseEvent[]) => events.map((e) => e.type);

describe('promises to pay', () => {
  it('are kept the moment the promised amount is allocated to the promised items', () => {
    const { events, state } = run(opened, promise('200.00'), ...pay('1', '200.00', '2026-03-05'));
    expect(types(events)).toEqual([
      'PromiseToPayMade',
      'PaymentReceived',
      'PaymentAllocated',
      'PromiseToPayKept',
    ]);
    expect(state.agreements.promises.get('pr-1')?.status).toBe('kept');
  });

  it('hold dunning of the item until the date plus grace, and break when nothing came', () => {
    const { state, all } = run(opened, promise('200.00'));
    expect(agreementBlock(state.agreements, 'item-1', '2026-03-13')).toEqual({
      kind: 'promised',
      until: '2026-03-13',
    });
    expect(agreementBlock(state.agreements, 'item-2', '2026-03-05')).toBeNull();
    expect(types(run(all, { type: 'EvaluateAgreements', data: { on: '2026-03-13' } }).events)).toEqual([]);
    const late = run(all, { type: 'EvaluateAgreements', data: { on: '2026-03-14' } });
    expect(late.events).toEqual([
      { type: 'PromiseToPayBroken', data: { promiseId: 'pr-1', paid: EUR('0.00'), on: '2026-03-14' } },
    ]);
    // Evaluated again: nothing new.
    expect(run(late.all, { type: 'EvaluateAgreements', data: { on: '2026-03-20' } }).events).toEqual([]);
  });

  it('are partly kept when some of it came; a payment to another item does not count', () => {
    const { all } = run(
      opened,
      promise('200.00'),
      ...pay('1', '50.00', '2026-03-05'),
      ...pay('2', '100.00', '2026-03-06', 'item-2'),
    );
    const { events } = run(all, { type: 'EvaluateAgreements', data: { on: '2026-03-20' } });
    expect(events).toEqual([
      { type: 'PromiseToPayPartlyKept', data: { promiseId: 'pr-1', paid: EUR('50.00'), on: '2026-03-20' } },
    ]);
  });
});

const planCommand = (
  approvalRequired: boolean,
  extra: Partial<{ annualRate: string; accelerate: boolean }> = {},
): CaseCommand => ({
  type: 'ProposePaymentPlan',
  data: {
    planId: 'plan-1',
    itemIds: ['item-1', 'item-2'],
    includeCharges: true,
    terms: {
      installments: 3,
      periodicity: 'monthly',
      firstDate: '2026-03-31',
      startDate: '2026-03-01',
      downPayment: null,
      downPaymentDate: null,
      annualRate: extra.annualRate ?? null,
      fee: null,
      graceDays: 5,
      accelerateOnBreach: extra.accelerate ?? false,
    },
    origin: 'collector',
    proposedBy: 'sam',
    proposedOn: '2026-03-01',
    approvalRequired,
    approvalReason: approvalRequired ? 'above 1000.00' : null,
    mandateId: null,
  },
});

const approve = (by: string, withinLimit = true): CaseCommand => ({
  type: 'ApprovePaymentPlan',
  data: { planId: 'plan-1', approvedBy: by, approvedOn: '2026-03-02', withinLimit, comment: null },
});

describe('payment plans', () => {
  it('consolidate items into one schedule whose last installment absorbs the rounding', () => {
    const { events, state } = run(opened, planCommand(false));
    expect(types(events)).toEqual(['PaymentPlanProposed', 'PaymentPlanApproved']);
    const plan = state.agreements.plans.get('plan-1');
    expect(plan?.proposed.schedule.map((l) => [l.dueDate, l.amount])).toEqual([
      ['2026-03-31', '400.00'],
      ['2026-04-30', '400.00'],
      ['2026-05-31', '400.00'],
    ]);
    expect(agreementBlock(state.agreements, 'item-2', '2026-04-01')).toEqual({ kind: 'in-plan' });
  });

  it('need someone else to approve them (four eyes), within their limit', () => {
    const { all } = run(opened, planCommand(true));
    expect(() => run(all, approve('sam'))).toThrow(
      expect.objectContaining({ code: 'four_eyes' }) as DomainError,
    );
    expect(() => run(all, approve('maria', false))).toThrow(
      expect.objectContaining({ code: 'over_limit' }) as DomainError,
    );
    expect(types(run(all, approve('maria')).events)).toEqual(['PaymentPlanApproved']);
  });

  it('charge their interest on approval and take back the unearned part when breached', () => {
    const { all, events } = run(
      opened,
      planCommand(true, { annualRate: '12', accelerate: true }),
      approve('maria'),
    );
    expect(types(events)).toEqual(['PaymentPlanProposed', 'PaymentPlanApproved', 'InterestAccrued']);
    // First installment paid (with its interest), the next two never.
    const approved = all.reduce(evolveCase, initialCaseState) as OpenCaseState;
    const firstAmount = approved.agreements.plans.get('plan-1')?.proposed.schedule[0]?.amount ?? '';
    expect(firstAmount).not.toBe('400.00'); // interest on top
    const paid = run(all, ...pay('1', firstAmount, '2026-03-31'));
    const breach = run(paid.all, { type: 'EvaluateAgreements', data: { on: '2026-06-10' } });
    expect(types(breach.events)).toEqual(['InstallmentLate', 'InstallmentLate', 'PaymentPlanBreached']);
    const breached = breach.events[2];
    expect(breached?.type === 'PaymentPlanBreached' && breached.data.accelerated).toBe(true);
    expect(breach.state.agreements.plans.get('plan-1')?.status).toBe('breached');
    // Once breached, the items are chased again.
    expect(agreementBlock(breach.state.agreements, 'item-1', '2026-06-10')).toBeNull();
  });

  it('reports a late installment once, after the grace period', () => {
    const { all } = run(opened, planCommand(false));
    expect(run(all, { type: 'EvaluateAgreements', data: { on: '2026-04-05' } }).events).toEqual([]);
    const late = run(all, { type: 'EvaluateAgreements', data: { on: '2026-04-06' } });
    expect(types(late.events)).toEqual(['InstallmentLate']);
    expect(run(late.all, { type: 'EvaluateAgreements', data: { on: '2026-04-07' } }).events).toEqual([]);
  });

  it('complete when the whole schedule is paid', () => {
    const { all } = run(opened, planCommand(false));
    const { events } = run(
      all,
      ...pay('1', '600.00', '2026-03-31'),
      ...pay('2', '600.00', '2026-04-30', 'item-2'),
    );
    expect(types(events).at(-1)).toBe('PaymentPlanCompleted');
  });
});

describe('SEPA direct debits of installments', () => {
  it('book the collection as a payment, and a return takes it back and reopens the installment', () => {
    const mandate: CaseCommand = {
      type: 'RegisterMandate',
      data: {
        mandateId: 'm-1',
        reference: 'QT-2026-0001',
        signedOn: '2026-02-20',
        debtorName: 'Dupont SARL',
        iban: 'FR7630006000011234567890189',
        bic: null,
        creditorId: 'FR72ZZZ123456',
      },
    };
    const { all } = run(
      opened,
      mandate,
      planCommand(false),
      { type: 'AttachPlanMandate', data: { planId: 'plan-1', mandateId: 'm-1' } },
      {
        type: 'SubmitDirectDebit',
        data: {
          planId: 'plan-1',
          installment: 1,
          endToEndId: 'E2E-1',
          amount: EUR('400.00'),
          sequenceType: 'FRST',
          collectionDate: '2026-03-31',
          batchId: 'b-1',
        },
      },
      { type: 'CollectDirectDebit', data: { endToEndId: 'E2E-1', paymentId: 'p-dd', on: '2026-03-31' } },
      {
        type: 'AllocatePayment',
        data: {
          allocationId: 'a-dd',
          paymentId: 'p-dd',
          itemId: 'item-1',
          component: 'principal',
          amount: EUR('400.00'),
          allocatedOn: '2026-03-31',
        },
      },
    );
    const collected = all.reduce(evolveCase, initialCaseState) as OpenCaseState;
    const plan = collected.agreements.plans.get('plan-1');
    expect(plan && planProgress(plan, '2026-04-02')[0]?.state).toBe('paid');

    const returned = run(all, {
      type: 'ReturnDirectDebit',
      data: { endToEndId: 'E2E-1', reason: 'AM04', returnedOn: '2026-04-03', bankReference: 'R-1' },
    });
    expect(types(returned.events)).toEqual(['DirectDebitReturned', 'AllocationCancelled', 'PaymentReturned']);
    const reopened = returned.state.agreements.plans.get('plan-1');
    expect(reopened && planProgress(reopened, '2026-04-03')[0]?.state).toBe('due');
    expect(returned.state.itemOutstanding.get('item-1')).toBe(60000n);
    expect([...returned.state.payments.values()].every((p) => p.unallocatedMinor === 0n)).toBe(true);
  });
});

describe('disputes and waivers', () => {
  const dispute: CaseCommand = {
    type: 'OpenDispute',
    data: {
      disputeId: 'd-1',
      itemId: 'item-2',
      reasonCode: 'quality',
      amount: EUR('150.00'),
      description: 'Goods damaged',
      owner: 'sam',
      deadline: '2026-03-31',
      openedBy: 'sam',
      openedOn: '2026-03-01',
    },
  };

  it('keep the disputed item out of dunning until accepted with a write-off', () => {
    const { state, all } = run(opened, dispute);
    expect(agreementBlock(state.agreements, 'item-2', '2026-03-05')).toEqual({
      kind: 'disputed',
      reason: 'quality',
    });
    const resolved = run(all, {
      type: 'ResolveDispute',
      data: {
        disputeId: 'd-1',
        outcome: 'accepted',
        settlement: 'write_off',
        amount: null,
        comment: 'Photos confirm the damage',
        by: 'sam',
        on: '2026-03-10',
        withinLimit: true,
        creditNoteItemId: null,
      },
    });
    expect(types(resolved.events)).toEqual(['DisputeAccepted', 'AmountWrittenOff']);
    expect(resolved.state.itemOutstanding.get('item-2')).toBe(45000n);
    expect(agreementBlock(resolved.state.agreements, 'item-2', '2026-03-10')).toBeNull();
  });

  it('wait for an approval above the limit, given by someone else', () => {
    const { all } = run(opened, dispute, {
      type: 'ResolveDispute',
      data: {
        disputeId: 'd-1',
        outcome: 'accepted',
        settlement: 'credit_note',
        amount: EUR('150.00'),
        comment: 'Agreed',
        by: 'sam',
        on: '2026-03-10',
        withinLimit: false,
        creditNoteItemId: 'cn-1',
      },
    });
    const approve = (by: string): CaseCommand => ({
      type: 'ApproveDisputeResolution',
      data: { disputeId: 'd-1', by, on: '2026-03-11', withinLimit: true, creditNoteItemId: 'cn-1' },
    });
    expect(() => run(all, approve('sam'))).toThrow(
      expect.objectContaining({ code: 'four_eyes' }) as DomainError,
    );
    const { events } = run(all, approve('maria'));
    expect(types(events)).toEqual(['DisputeAccepted', 'FinancialItemAdded']);
    expect(events[1]?.type === 'FinancialItemAdded' && events[1].data.amount).toEqual(EUR('-150.00'));
  });

  it('grant a waiver within the limit at once, and never more than is owed', () => {
    const fee: CaseCommand = {
      type: 'ChargeFee',
      data: { feeId: 'f-1', amount: EUR('40.00'), chargedOn: '2026-02-01', label: 'Reminder fee' },
    };
    const waive = (amount: string, withinLimit: boolean): CaseCommand => ({
      type: 'RequestWaiver',
      data: {
        waiverId: 'w-1',
        component: 'fees',
        amount: EUR(amount),
        reason: 'goodwill',
        requestedBy: 'sam',
        on: '2026-03-01',
        withinLimit,
      },
    });
    expect(types(run(opened, fee, waive('40.00', true)).events).slice(1)).toEqual([
      'WaiverGranted',
      'AmountWrittenOff',
    ]);
    expect(types(run(opened, fee, waive('40.00', false)).events).slice(1)).toEqual(['WaiverRequested']);
    expect(() => run(opened, fee, waive('40.01', true))).toThrow(
      expect.objectContaining({ code: 'exceeds_outstanding' }) as DomainError,
    );
  });
});
