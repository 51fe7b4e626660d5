import { describe, expect, it } from 'vitest';
import { deciderSpec } from '../shared/decider.spec-helper';
import type {
  AccrueInterest,
  AddFinancialItem,
  AdjustBalance,
  AllocatePayment,
  CancelAllocation,
  CaseCommand,
  ChargeFee,
  ChargeRecoveryCost,
  IssueRefund,
  ReceivePayment,
  WriteOffAmount,
} from './case.commands';
import { decideCase } from './case.decide';
import type {
  AllocationCancelled,
  AmountWrittenOff,
  BalanceAdjusted,
  CaseEvent,
  FeeCharged,
  FinancialItemAdded,
  InterestAccrued,
  MoneyJson,
  PaymentAllocated,
  PaymentReceived,
  RecoveryCostCharged,
  RefundIssued,
} from './case.events';
import { evolveCase, foldCase, initialCaseState, unallocatedMinor, type OpenCaseState } from './case.state';

const { given } = deciderSpec({ decide: decideCase, evolve: evolveCase, initialState: initialCaseState });

const eur = (amount: string): MoneyJson => ({ amount, currency: 'EUR' });

const opened: CaseEvent[] = [
  {
    type: 'CaseOpened',
    data: {
      caseId: 'case-1',
      number: '2026-000001',
      caseType: 'collection',
      company: { code: 'ACME', name: 'Acme Finance SA' },
      currency: 'EUR',
      phase: 'amicable',
      customFields: {},
      openedOn: '2026-03-02',
    },
  },
  {
    type: 'PartyAttached',
    data: { partyId: 'party-debtor', role: 'debtor', name: 'Dupont SPRL', reference: null },
  },
];
const closed: CaseEvent = { type: 'CaseClosed', data: { reason: null } };

const invoice: FinancialItemAdded = {
  type: 'FinancialItemAdded',
  data: {
    itemId: 'item-1',
    kind: 'invoice',
    number: 'INV-1',
    issueDate: '2026-01-10',
    dueDate: '2026-02-09',
    amount: eur('1000.00'),
    structuredReference: null,
  },
};
const creditNote: FinancialItemAdded = {
  type: 'FinancialItemAdded',
  data: { ...invoice.data, itemId: 'item-cn', kind: 'credit_note', number: 'CN-1', amount: eur('-100.00') },
};

// --- commands and the events they record, each with overridable data ---

const receivePayment = (data: Partial<ReceivePayment['data']> = {}): ReceivePayment => ({
  type: 'ReceivePayment',
  data: {
    paymentId: 'pay-1',
    amount: eur('600.00'),
    receivedOn: '2026-03-10',
    method: 'bank_transfer',
    ...data,
  },
});
const paymentReceived = (data: Partial<PaymentReceived['data']> = {}): PaymentReceived => ({
  type: 'PaymentReceived',
  data: {
    paymentId: 'pay-1',
    amount: eur('600.00'),
    receivedOn: '2026-03-10',
    method: 'bank_transfer',
    payer: null,
    bankReference: null,
    ...data,
  },
});

const allocatePayment = (data: Partial<AllocatePayment['data']> = {}): AllocatePayment => ({
  type: 'AllocatePayment',
  data: {
    allocationId: 'alloc-1',
    paymentId: 'pay-1',
    itemId: 'item-1',
    component: 'principal',
    amount: eur('400.00'),
    allocatedOn: '2026-03-11',
    ...data,
  },
});
const paymentAllocated = (data: Partial<PaymentAllocated['data']> = {}): PaymentAllocated => ({
  type: 'PaymentAllocated',
  data: {
    allocationId: 'alloc-1',
    paymentId: 'pay-1',
    itemId: 'item-1',
    component: 'principal',
    amount: eur('400.00'),
    allocatedOn: '2026-03-11',
    ...data,
  },
});

const cancelAllocation = (data: Partial<CancelAllocation['data']> = {}): CancelAllocation => ({
  type: 'CancelAllocation',
  data: { allocationId: 'alloc-1', cancelledOn: '2026-03-12', reason: 'wrong invoice', ...data },
});
const allocationCancelled = (data: Partial<AllocationCancelled['data']> = {}): AllocationCancelled => ({
  type: 'AllocationCancelled',
  data: {
    allocationId: 'alloc-1',
    paymentId: 'pay-1',
    itemId: 'item-1',
    component: 'principal',
    amount: eur('400.00'),
    cancelledOn: '2026-03-12',
    reason: 'wrong invoice',
    ...data,
  },
});

const chargeFee = (data: Partial<ChargeFee['data']> = {}): ChargeFee => ({
  type: 'ChargeFee',
  data: { feeId: 'fee-1', amount: eur('40.00'), chargedOn: '2026-03-05', label: 'Reminder fee', ...data },
});
const feeCharged = (data: Partial<FeeCharged['data']> = {}): FeeCharged => ({
  type: 'FeeCharged',
  data: { feeId: 'fee-1', amount: eur('40.00'), chargedOn: '2026-03-05', label: 'Reminder fee', ...data },
});

const chargeRecoveryCost = (data: Partial<ChargeRecoveryCost['data']> = {}): ChargeRecoveryCost => ({
  type: 'ChargeRecoveryCost',
  data: { costId: 'cost-1', amount: eur('120.00'), chargedOn: '2026-03-06', label: 'Bailiff', ...data },
});
const recoveryCostCharged = (data: Partial<RecoveryCostCharged['data']> = {}): RecoveryCostCharged => ({
  type: 'RecoveryCostCharged',
  data: { costId: 'cost-1', amount: eur('120.00'), chargedOn: '2026-03-06', label: 'Bailiff', ...data },
});

const accrueInterest = (data: Partial<AccrueInterest['data']> = {}): AccrueInterest => ({
  type: 'AccrueInterest',
  data: {
    accrualId: 'int-1',
    amount: eur('12.34'),
    from: '2026-02-10',
    to: '2026-03-09',
    accruedOn: '2026-03-10',
    label: 'Late interest 8%',
    ...data,
  },
});
const interestAccrued = (data: Partial<InterestAccrued['data']> = {}): InterestAccrued => ({
  type: 'InterestAccrued',
  data: {
    accrualId: 'int-1',
    amount: eur('12.34'),
    from: '2026-02-10',
    to: '2026-03-09',
    accruedOn: '2026-03-10',
    label: 'Late interest 8%',
    ...data,
  },
});

const adjustBalance = (data: Partial<AdjustBalance['data']> = {}): AdjustBalance => ({
  type: 'AdjustBalance',
  data: {
    adjustmentId: 'adj-1',
    component: 'principal',
    amount: eur('-50.00'),
    adjustedOn: '2026-03-07',
    reason: 'agreed discount',
    ...data,
  },
});
const balanceAdjusted = (data: Partial<BalanceAdjusted['data']> = {}): BalanceAdjusted => ({
  type: 'BalanceAdjusted',
  data: {
    adjustmentId: 'adj-1',
    component: 'principal',
    amount: eur('-50.00'),
    adjustedOn: '2026-03-07',
    reason: 'agreed discount',
    ...data,
  },
});

const writeOffAmount = (data: Partial<WriteOffAmount['data']> = {}): WriteOffAmount => ({
  type: 'WriteOffAmount',
  data: {
    writeOffId: 'wo-1',
    itemId: 'item-1',
    component: 'principal',
    amount: eur('200.00'),
    writtenOffOn: '2026-04-01',
    reason: 'insolvency',
    ...data,
  },
});
const amountWrittenOff = (data: Partial<AmountWrittenOff['data']> = {}): AmountWrittenOff => ({
  type: 'AmountWrittenOff',
  data: {
    writeOffId: 'wo-1',
    itemId: 'item-1',
    component: 'principal',
    amount: eur('200.00'),
    writtenOffOn: '2026-04-01',
    reason: 'insolvency',
    ...data,
  },
});

const issueRefund = (data: Partial<IssueRefund['data']> = {}): IssueRefund => ({
  type: 'IssueRefund',
  data: { refundId: 'ref-1', amount: eur('100.00'), refundedOn: '2026-03-20', reason: 'overpaid', ...data },
});
const refundIssued = (data: Partial<RefundIssued['data']> = {}): RefundIssued => ({
  type: 'RefundIssued',
  data: {
    refundId: 'ref-1',
    amount: eur('100.00'),
    refundedOn: '2026-03-20',
    reason: 'overpaid',
    payee: null,
    ...data,
  },
});

/** The case after an invoice of 1000.00 and a payment of 600.00 nothing has been applied from yet. */
const withPayment: CaseEvent[] = [...opened, invoice, paymentReceived()];
const withAllocation: CaseEvent[] = [...withPayment, paymentAllocated()];

const openState = (events: readonly CaseEvent[]): OpenCaseState => {
  const state = foldCase(events);
  if (state.status === 'initial') throw new Error('expected an opened case');
  return state;
};

// One valid command per new type, each acceptable on `everything`, to check the rules every
// money movement shares.
const everything: CaseEvent[] = [...withPayment, feeCharged(), recoveryCostCharged(), interestAccrued()];
const freshCommands: CaseCommand[] = [
  receivePayment({ paymentId: 'pay-9' }),
  allocatePayment({ allocationId: 'alloc-9', amount: eur('10.00') }),
  chargeFee({ feeId: 'fee-9' }),
  chargeRecoveryCost({ costId: 'cost-9' }),
  accrueInterest({ accrualId: 'int-9' }),
  adjustBalance({ adjustmentId: 'adj-9' }),
  writeOffAmount({ writeOffId: 'wo-9', amount: eur('10.00') }),
  issueRefund({ refundId: 'ref-9', amount: eur('10.00') }),
];
const withAmount = (command: CaseCommand, amount: MoneyJson): CaseCommand =>
  ({ ...command, data: { ...command.data, amount } }) as CaseCommand;

describe('decideCase: money movements', () => {
  describe('rules every movement shares', () => {
    const table = freshCommands.map((command) => [command.type, command] as const);

    it.each(table)('%s is rejected on a case that does not exist', (_, command) => {
      given([]).when(command).thenThrows('case_not_found');
    });

    it.each(table)('%s is rejected on a closed case', (_, command) => {
      given([...everything, closed])
        .when(command)
        .thenThrows('case_closed');
    });

    it.each(table)('%s is rejected in another currency than the case', (_, command) => {
      given(everything)
        .when(withAmount(command, { amount: '10.00', currency: 'USD' }))
        .thenThrows('currency_mismatch');
    });

    it.each(table)('%s is rejected with an amount that is zero or not a decimal', (_, command) => {
      given(everything)
        .when(withAmount(command, eur('0.00')))
        .thenThrows('invalid_amount');
      given(everything)
        .when(withAmount(command, eur('10,00')))
        .thenThrows('invalid_amount');
      given(everything)
        .when(withAmount(command, eur('10.001')))
        .thenThrows('invalid_amount');
    });

    it.each(table.filter(([type]) => type !== 'AdjustBalance'))(
      '%s is rejected with a negative amount',
      (_, command) => {
        given(everything)
          .when(withAmount(command, eur('-10.00')))
          .thenThrows('invalid_amount');
      },
    );

    it.each(table)('%s is accepted once and is a no-op when repeated', (_, command) => {
      const events = decideCase(command, foldCase(everything));
      expect(events).toHaveLength(1);
      given([...everything, ...events])
        .when(command)
        .then([]);
    });

    it.each(table)('%s with a known id and other details is duplicate_id', (_, command) => {
      const events = decideCase(command, foldCase(everything));
      given([...everything, ...events])
        .when(withAmount(command, eur('11.00')))
        .thenThrows('duplicate_id');
    });
  });

  describe('ReceivePayment', () => {
    it('records the payment with its amount normalized and missing details as null', () => {
      given(opened)
        .when(receivePayment({ amount: eur('600') }))
        .then([paymentReceived()]);
    });

    it('records the payer and the bank reference', () => {
      given(opened)
        .when(receivePayment({ method: 'card', payer: 'Dupont', bankReference: 'BR-77' }))
        .then([paymentReceived({ method: 'card', payer: 'Dupont', bankReference: 'BR-77' })]);
    });

    it('accepts a payment on a case with nothing owed yet (it stays unallocated)', () => {
      given(opened).when(receivePayment()).then([paymentReceived()]);
    });

    it('is a no-op when retried with the amount written differently', () => {
      given([...opened, paymentReceived()])
        .when(receivePayment({ amount: eur('600.0') }))
        .then([]);
    });

    it('is duplicate_id when the id comes back with another date', () => {
      given([...opened, paymentReceived()])
        .when(receivePayment({ receivedOn: '2026-03-11' }))
        .thenThrows('duplicate_id');
    });

    it('rejects a date that is not a calendar day', () => {
      given(opened)
        .when(receivePayment({ receivedOn: '2026-02-30' }))
        .thenThrows('invalid_date');
    });
  });

  describe('AllocatePayment', () => {
    it('applies part of a payment to an invoice principal', () => {
      given(withPayment).when(allocatePayment()).then([paymentAllocated()]);
    });

    it('applies the whole payment when the invoice needs it all', () => {
      given(withPayment)
        .when(allocatePayment({ amount: eur('600.00') }))
        .then([paymentAllocated({ amount: eur('600.00') })]);
    });

    it('applies to fees of the case without an item', () => {
      given([...withPayment, feeCharged()])
        .when(allocatePayment({ itemId: null, component: 'fees', amount: eur('40.00') }))
        .then([paymentAllocated({ itemId: null, component: 'fees', amount: eur('40.00') })]);
    });

    it('treats a missing item id as none', () => {
      given([...withPayment, feeCharged()])
        .when(allocatePayment({ itemId: undefined, component: 'fees', amount: eur('40.00') }))
        .then([paymentAllocated({ itemId: null, component: 'fees', amount: eur('40.00') })]);
    });

    it('is a no-op when retried, even once the payment is used up', () => {
      given([...withAllocation, paymentAllocated({ allocationId: 'alloc-2', amount: eur('200.00') })])
        .when(allocatePayment())
        .then([]);
    });

    it('is duplicate_id when the id comes back for another item', () => {
      given([...withAllocation, { ...invoice, data: { ...invoice.data, itemId: 'item-2', number: 'INV-2' } }])
        .when(allocatePayment({ itemId: 'item-2' }))
        .thenThrows('duplicate_id');
    });

    it('rejects an unknown payment', () => {
      given(withPayment)
        .when(allocatePayment({ paymentId: 'pay-404' }))
        .thenThrows('payment_not_found');
    });

    it('rejects an unknown item', () => {
      given(withPayment)
        .when(allocatePayment({ itemId: 'item-404' }))
        .thenThrows('item_not_found');
    });

    it('pays an invoice in full although an unapplied credit note lowers the case principal', () => {
      given([...opened, invoice, creditNote, paymentReceived({ amount: eur('1000.00') })])
        .when(allocatePayment({ amount: eur('1000.00') }))
        .then([paymentAllocated({ amount: eur('1000.00') })]);
    });

    it('rejects principal without the item it settles: principal is owed item by item', () => {
      given(withPayment)
        .when(allocatePayment({ itemId: null, component: 'principal' }))
        .thenThrows('invalid_item');
    });

    it('rejects more than what is left of the payment', () => {
      given(withAllocation)
        .when(allocatePayment({ allocationId: 'alloc-2', amount: eur('200.01') }))
        .thenThrows('insufficient_unallocated');
    });

    it('rejects more than the principal outstanding on the item', () => {
      given([...opened, invoice, paymentReceived({ amount: eur('1500.00') })])
        .when(allocatePayment({ amount: eur('1000.01') }))
        .thenThrows('exceeds_outstanding');
    });

    it('rejects any allocation to a credit note (nothing is owed on it)', () => {
      given([...withPayment, creditNote])
        .when(allocatePayment({ itemId: 'item-cn', amount: eur('1.00') }))
        .thenThrows('exceeds_outstanding');
    });

    it('rejects more than the case owes on a component', () => {
      given([...withPayment, feeCharged()])
        .when(allocatePayment({ itemId: null, component: 'fees', amount: eur('40.01') }))
        .thenThrows('exceeds_outstanding');
      given(withPayment)
        .when(allocatePayment({ itemId: null, component: 'interest', amount: eur('0.01') }))
        .thenThrows('exceeds_outstanding');
    });

    it('rejects a date that is not a calendar day', () => {
      given(withPayment)
        .when(allocatePayment({ allocatedOn: '11/03/2026' }))
        .thenThrows('invalid_date');
    });
  });

  describe('CancelAllocation', () => {
    it('repeats the allocation it cancels, so that the reversal needs nothing else', () => {
      given(withAllocation).when(cancelAllocation()).then([allocationCancelled()]);
    });

    it('gives the amount back to the payment and to the item', () => {
      const state = openState([...withAllocation, allocationCancelled()]);
      expect(state.payments.get('pay-1')?.unallocatedMinor).toBe(60000n);
      expect(state.itemOutstanding.get('item-1')).toBe(100000n);
      expect(state.allocations.get('alloc-1')?.cancelled?.reason).toBe('wrong invoice');
      given([...withAllocation, allocationCancelled()])
        .when(allocatePayment({ allocationId: 'alloc-2', amount: eur('600.00') }))
        .then([paymentAllocated({ allocationId: 'alloc-2', amount: eur('600.00') })]);
    });

    it('is a no-op when retried', () => {
      given([...withAllocation, allocationCancelled()])
        .when(cancelAllocation({ reason: ' wrong invoice ' }))
        .then([]);
    });

    it('rejects cancelling again with other details', () => {
      given([...withAllocation, allocationCancelled()])
        .when(cancelAllocation({ cancelledOn: '2026-03-13' }))
        .thenThrows('allocation_already_cancelled');
    });

    it('rejects an unknown allocation', () => {
      given(withAllocation)
        .when(cancelAllocation({ allocationId: 'alloc-404' }))
        .thenThrows('allocation_not_found');
    });

    it('rejects a date that is not a calendar day', () => {
      given(withAllocation)
        .when(cancelAllocation({ cancelledOn: '2026-13-01' }))
        .thenThrows('invalid_date');
    });

    it('rejects on a closed case', () => {
      given([...withAllocation, closed])
        .when(cancelAllocation())
        .thenThrows('case_closed');
    });
  });

  describe('ChargeFee', () => {
    it('charges a fee with its label trimmed', () => {
      given(opened)
        .when(chargeFee({ label: ' Reminder fee ' }))
        .then([feeCharged()]);
    });

    it('is duplicate_id when the id comes back with another label', () => {
      given([...opened, feeCharged()])
        .when(chargeFee({ label: 'Formal notice fee' }))
        .thenThrows('duplicate_id');
    });

    it('rejects a date that is not a calendar day', () => {
      given(opened)
        .when(chargeFee({ chargedOn: '' }))
        .thenThrows('invalid_date');
    });
  });

  describe('ChargeRecoveryCost', () => {
    it('charges a recovery cost', () => {
      given(opened).when(chargeRecoveryCost()).then([recoveryCostCharged()]);
    });

    it('keeps its ids apart from fee ids', () => {
      given([...opened, feeCharged({ feeId: 'x' })])
        .when(chargeRecoveryCost({ costId: 'x' }))
        .then([recoveryCostCharged({ costId: 'x' })]);
    });

    it('rejects a date that is not a calendar day', () => {
      given(opened)
        .when(chargeRecoveryCost({ chargedOn: '2026-3-6' }))
        .thenThrows('invalid_date');
    });
  });

  describe('AccrueInterest', () => {
    it('accrues interest for a period', () => {
      given(opened).when(accrueInterest()).then([interestAccrued()]);
    });

    it('accepts a one-day period', () => {
      given(opened)
        .when(accrueInterest({ from: '2026-03-09' }))
        .then([interestAccrued({ from: '2026-03-09' })]);
    });

    it('rejects a period that ends before it starts', () => {
      given(opened)
        .when(accrueInterest({ from: '2026-03-10', to: '2026-03-09' }))
        .thenThrows('invalid_date');
    });

    it('rejects any date that is not a calendar day', () => {
      for (const bad of [{ from: '2026-02-29' }, { to: 'soon' }, { accruedOn: '2026-04-31' }]) {
        given(opened).when(accrueInterest(bad)).thenThrows('invalid_date');
      }
    });
  });

  describe('AdjustBalance', () => {
    it('lowers a component by a negative amount', () => {
      given([...opened, invoice])
        .when(adjustBalance())
        .then([balanceAdjusted()]);
    });

    it('raises a component by a positive amount, even from zero', () => {
      given(opened)
        .when(adjustBalance({ component: 'interest', amount: eur('5') }))
        .then([balanceAdjusted({ component: 'interest', amount: eur('5.00') })]);
    });

    it('lowers a component down to exactly zero', () => {
      given([...opened, feeCharged()])
        .when(adjustBalance({ component: 'fees', amount: eur('-40.00') }))
        .then([balanceAdjusted({ component: 'fees', amount: eur('-40.00') })]);
    });

    it('rejects lowering a component below zero', () => {
      given([...opened, feeCharged()])
        .when(adjustBalance({ component: 'fees', amount: eur('-40.01') }))
        .thenThrows('exceeds_outstanding');
    });

    it('rejects a zero adjustment', () => {
      given([...opened, invoice])
        .when(adjustBalance({ amount: eur('-0.00') }))
        .thenThrows('invalid_amount');
    });

    it('is a no-op when retried after it has lowered the balance', () => {
      given([...opened, feeCharged(), balanceAdjusted({ component: 'fees', amount: eur('-40.00') })])
        .when(adjustBalance({ component: 'fees', amount: eur('-40.00') }))
        .then([]);
    });

    it('rejects a date that is not a calendar day', () => {
      given([...opened, invoice])
        .when(adjustBalance({ adjustedOn: '2026-00-01' }))
        .thenThrows('invalid_date');
    });
  });

  describe('WriteOffAmount', () => {
    it('writes off part of an invoice principal', () => {
      given([...opened, invoice])
        .when(writeOffAmount())
        .then([amountWrittenOff()]);
    });

    it('writes off interest of the case without an item', () => {
      given([...opened, interestAccrued()])
        .when(writeOffAmount({ itemId: null, component: 'interest', amount: eur('12.34') }))
        .then([amountWrittenOff({ itemId: null, component: 'interest', amount: eur('12.34') })]);
    });

    it('rejects more than the principal outstanding on the item', () => {
      given([...withAllocation])
        .when(writeOffAmount({ amount: eur('600.01') }))
        .thenThrows('exceeds_outstanding');
    });

    it('rejects more than the case owes on a component', () => {
      given([...opened, invoice, interestAccrued()])
        .when(writeOffAmount({ itemId: null, component: 'interest', amount: eur('12.35') }))
        .thenThrows('exceeds_outstanding');
    });

    it('rejects an unknown item', () => {
      given([...opened, invoice])
        .when(writeOffAmount({ itemId: 'item-404' }))
        .thenThrows('item_not_found');
    });

    it('rejects a principal write-off that names no item', () => {
      given([...opened, invoice])
        .when(writeOffAmount({ itemId: null, component: 'principal' }))
        .thenThrows('invalid_item');
    });

    it('is a no-op when retried after it has cleared the item', () => {
      given([...opened, invoice, amountWrittenOff({ amount: eur('1000.00') })])
        .when(writeOffAmount({ amount: eur('1000.00') }))
        .then([]);
    });

    it('rejects a date that is not a calendar day', () => {
      given([...opened, invoice])
        .when(writeOffAmount({ writtenOffOn: '2026-04-00' }))
        .thenThrows('invalid_date');
    });
  });

  describe('IssueRefund', () => {
    it('gives back unallocated cash', () => {
      given(withAllocation)
        .when(issueRefund({ payee: 'Dupont SPRL' }))
        .then([refundIssued({ payee: 'Dupont SPRL' })]);
    });

    it('gives back all the unallocated cash of the case, over several payments', () => {
      given([...withAllocation, paymentReceived({ paymentId: 'pay-2', amount: eur('50.00') })])
        .when(issueRefund({ amount: eur('250.00') }))
        .then([refundIssued({ amount: eur('250.00') })]);
    });

    it('rejects more than the unallocated cash of the case', () => {
      given(withAllocation)
        .when(issueRefund({ amount: eur('200.01') }))
        .thenThrows('insufficient_unallocated');
    });

    it('takes the most recent payment first', () => {
      const events = [
        ...withPayment,
        paymentReceived({ paymentId: 'pay-2', amount: eur('50.00') }),
        refundIssued({ amount: eur('80.00') }),
      ];
      const state = openState(events);
      expect(state.payments.get('pay-2')?.unallocatedMinor).toBe(0n);
      expect(state.payments.get('pay-1')?.unallocatedMinor).toBe(57000n);
      expect(unallocatedMinor(state)).toBe(57000n);
      given(events)
        .when(allocatePayment({ allocationId: 'alloc-2', paymentId: 'pay-2', amount: eur('0.01') }))
        .thenThrows('insufficient_unallocated');
    });

    it('is a no-op when retried after it has emptied the cash', () => {
      given([...withPayment, refundIssued({ amount: eur('600.00') })])
        .when(issueRefund({ amount: eur('600.00') }))
        .then([]);
    });

    it('rejects a date that is not a calendar day', () => {
      given(withPayment)
        .when(issueRefund({ refundedOn: 'yesterday' }))
        .thenThrows('invalid_date');
    });
  });

  describe('AddFinancialItem and item ids', () => {
    const addItem = (data: Partial<AddFinancialItem['data']>): AddFinancialItem => ({
      type: 'AddFinancialItem',
      data: {
        itemId: 'item-1',
        number: 'INV-1',
        issueDate: '2026-01-10',
        dueDate: '2026-02-09',
        amount: eur('1000.00'),
        ...data,
      },
    });

    it('rejects an item id already used by an item with another number', () => {
      given([...opened, invoice])
        .when(addItem({ number: 'INV-2' }))
        .thenThrows('duplicate_id');
    });

    it('tracks each item principal and the case balance per component', () => {
      const state = openState([...withAllocation, creditNote, feeCharged(), balanceAdjusted()]);
      expect(state.itemOutstanding.get('item-1')).toBe(60000n);
      expect(state.itemOutstanding.get('item-cn')).toBe(-10000n);
      expect(state.balances).toEqual({ principal: 45000n, interest: 0n, fees: 4000n, costs: 0n });
    });
  });
});
