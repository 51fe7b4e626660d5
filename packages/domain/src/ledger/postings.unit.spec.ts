import { describe, expect, it } from 'vitest';
import type { CaseEvent, MoneyJson } from '../cases/case.events';
import { caseAccountSummary } from './case-ledger';
import { isBalanced, postingsFor } from './postings';
import type { JournalEntryDraft, Posting } from './ledger.types';

const eur = (amount: string): MoneyJson => ({ amount, currency: 'EUR' });

/** The entry's lines as `account: signed minor units`, the way an accountant reads them. */
const lines = (entry: JournalEntryDraft | null) =>
  entry?.postings.map((p) => `${p.account} ${p.amountMinor > 0n ? 'D' : 'C'} ${p.amountMinor} ${p.currency}`);

const entryOf = (event: CaseEvent): JournalEntryDraft => {
  const entry = postingsFor(event);
  if (entry === null) throw new Error(`no entry for ${event.type}`);
  expect(isBalanced(entry)).toBe(true);
  return entry;
};

describe('postingsFor', () => {
  it('debits principal and credits revenue for an invoice, both lines on the item', () => {
    const entry = entryOf({
      type: 'FinancialItemAdded',
      data: {
        itemId: 'item-1',
        kind: 'invoice',
        number: 'INV-1',
        issueDate: '2026-01-10',
        dueDate: '2026-02-09',
        amount: eur('1250.00'),
        structuredReference: null,
      },
    });
    expect(lines(entry)).toEqual(['principal D 125000 EUR', 'revenue C -125000 EUR']);
    expect(entry.postings.map((p) => p.itemId)).toEqual(['item-1', 'item-1']);
    expect(entry).toMatchObject({
      eventType: 'FinancialItemAdded',
      entryDate: '2026-01-10',
      label: 'Invoice INV-1',
      sourceKey: 'item-1',
      reverses: null,
    });
  });

  it('debits revenue and credits principal by the magnitude of a credit note', () => {
    const entry = entryOf({
      type: 'FinancialItemAdded',
      data: {
        itemId: 'item-cn',
        kind: 'credit_note',
        number: 'CN-7',
        issueDate: '2026-01-20',
        dueDate: '2026-01-20',
        amount: eur('-80.00'),
        structuredReference: null,
      },
    });
    expect(lines(entry)).toEqual(['revenue D 8000 EUR', 'principal C -8000 EUR']);
    expect(entry).toMatchObject({ label: 'Credit note CN-7', sourceKey: 'item-cn', entryDate: '2026-01-20' });
    expect(entry.postings.every((p) => p.itemId === 'item-cn')).toBe(true);
  });

  it('debits the bank and credits unallocated cash for a payment, in the payment currency', () => {
    const entry = entryOf({
      type: 'PaymentReceived',
      data: {
        paymentId: 'pay-1',
        amount: { amount: '5000', currency: 'JPY' },
        receivedOn: '2026-03-10',
        method: 'bank_transfer',
        payer: null,
        bankReference: 'BR-77',
      },
    });
    expect(lines(entry)).toEqual(['bank D 5000 JPY', 'unallocated C -5000 JPY']);
    expect(entry).toMatchObject({
      entryDate: '2026-03-10',
      sourceKey: 'pay-1',
      label: 'Payment received (BR-77)',
    });
    expect(entry.postings.every((p) => p.itemId === null)).toBe(true);
  });

  it('moves an allocation from unallocated cash to the component, on the item', () => {
    const entry = entryOf({
      type: 'PaymentAllocated',
      data: {
        allocationId: 'alloc-1',
        paymentId: 'pay-1',
        itemId: 'item-1',
        component: 'principal',
        amount: eur('400.00'),
        allocatedOn: '2026-03-11',
      },
    });
    expect(lines(entry)).toEqual(['unallocated D 40000 EUR', 'principal C -40000 EUR']);
    expect(entry).toMatchObject({ sourceKey: 'alloc-1', entryDate: '2026-03-11', reverses: null });
    expect(entry.postings.every((p) => p.itemId === 'item-1')).toBe(true);
  });

  it('reverses a cancelled allocation line for line, linked to the allocation', () => {
    const allocation = entryOf({
      type: 'PaymentAllocated',
      data: {
        allocationId: 'alloc-1',
        paymentId: 'pay-1',
        itemId: null,
        component: 'fees',
        amount: eur('40.00'),
        allocatedOn: '2026-03-11',
      },
    });
    const reversal = entryOf({
      type: 'AllocationCancelled',
      data: {
        allocationId: 'alloc-1',
        paymentId: 'pay-1',
        itemId: null,
        component: 'fees',
        amount: eur('40.00'),
        cancelledOn: '2026-03-12',
        reason: 'wrong case',
      },
    });
    expect(lines(reversal)).toEqual(['fees D 4000 EUR', 'unallocated C -4000 EUR']);
    expect(reversal).toMatchObject({
      reverses: 'alloc-1',
      sourceKey: 'alloc-1:cancel',
      entryDate: '2026-03-12',
      label: 'Allocation cancelled: wrong case',
    });
    const net = new Map<string, bigint>();
    for (const p of [...allocation.postings, ...reversal.postings])
      net.set(p.account, (net.get(p.account) ?? 0n) + p.amountMinor);
    expect([...net.values()]).toEqual([0n, 0n]);
  });

  it.each([
    [
      'FeeCharged',
      {
        type: 'FeeCharged',
        data: { feeId: 'fee-1', amount: eur('40'), chargedOn: '2026-03-05', label: 'Reminder' },
      },
      ['fees D 4000 EUR', 'fee_income C -4000 EUR'],
      { sourceKey: 'fee-1', entryDate: '2026-03-05', label: 'Fee: Reminder' },
    ],
    [
      'RecoveryCostCharged',
      {
        type: 'RecoveryCostCharged',
        data: { costId: 'cost-1', amount: eur('120.00'), chargedOn: '2026-03-06', label: 'Bailiff' },
      },
      ['costs D 12000 EUR', 'cost_recharge C -12000 EUR'],
      { sourceKey: 'cost-1', entryDate: '2026-03-06', label: 'Recovery cost: Bailiff' },
    ],
    [
      'InterestAccrued',
      {
        type: 'InterestAccrued',
        data: {
          accrualId: 'int-1',
          amount: eur('12.34'),
          from: '2026-02-10',
          to: '2026-03-09',
          accruedOn: '2026-03-10',
          label: '8%',
        },
      },
      ['interest D 1234 EUR', 'interest_income C -1234 EUR'],
      { sourceKey: 'int-1', entryDate: '2026-03-10', label: 'Interest 2026-02-10 to 2026-03-09 (8%)' },
    ],
    [
      'AmountWrittenOff',
      {
        type: 'AmountWrittenOff',
        data: {
          writeOffId: 'wo-1',
          itemId: 'item-1',
          component: 'principal',
          amount: eur('200.00'),
          writtenOffOn: '2026-04-01',
          reason: 'insolvency',
        },
      },
      ['written_off D 20000 EUR', 'principal C -20000 EUR'],
      { sourceKey: 'wo-1', entryDate: '2026-04-01', label: 'Write-off of principal: insolvency' },
    ],
    [
      'RefundIssued',
      {
        type: 'RefundIssued',
        data: {
          refundId: 'ref-1',
          amount: eur('100.00'),
          refundedOn: '2026-03-20',
          reason: 'overpaid',
          payee: 'Dupont',
        },
      },
      ['unallocated D 10000 EUR', 'bank C -10000 EUR'],
      { sourceKey: 'ref-1', entryDate: '2026-03-20', label: 'Refund to Dupont: overpaid' },
    ],
  ] as const)('%s', (_, event, expected, fields) => {
    const entry = entryOf(event as CaseEvent);
    expect(lines(entry)).toEqual(expected);
    expect(entry).toMatchObject({ ...fields, eventType: event.type, reverses: null });
  });

  it('keeps the item on a write-off line only when the write-off names one', () => {
    const entry = entryOf({
      type: 'AmountWrittenOff',
      data: {
        writeOffId: 'wo-2',
        itemId: null,
        component: 'costs',
        amount: eur('5.00'),
        writtenOffOn: '2026-04-01',
        reason: 'small balance',
      },
    });
    expect(lines(entry)).toEqual(['written_off D 500 EUR', 'costs C -500 EUR']);
    expect(entry.postings.every((p) => p.itemId === null)).toBe(true);
  });

  describe('BalanceAdjusted', () => {
    const adjusted = (component: 'principal' | 'interest' | 'fees' | 'costs', amount: string): CaseEvent => ({
      type: 'BalanceAdjusted',
      data: {
        adjustmentId: 'adj-1',
        component,
        amount: eur(amount),
        adjustedOn: '2026-03-07',
        reason: 'agreed',
      },
    });

    it.each([
      ['principal', 'revenue'],
      ['interest', 'interest_income'],
      ['fees', 'fee_income'],
      ['costs', 'cost_recharge'],
    ] as const)('raises %s against %s, and lowers it the other way round', (component, counterpart) => {
      expect(lines(entryOf(adjusted(component, '10.00')))).toEqual([
        `${component} D 1000 EUR`,
        `${counterpart} C -1000 EUR`,
      ]);
      expect(lines(entryOf(adjusted(component, '-10.00')))).toEqual([
        `${counterpart} D 1000 EUR`,
        `${component} C -1000 EUR`,
      ]);
    });

    it('is keyed by the adjustment and dated on the adjustment', () => {
      expect(entryOf(adjusted('fees', '-1.00'))).toMatchObject({
        sourceKey: 'adj-1',
        entryDate: '2026-03-07',
        label: 'Adjustment of fees: agreed',
      });
    });
  });

  it('charges a recovery indemnity to costs on its invoice, counted in costsCharged', () => {
    const indemnity: CaseEvent = {
      type: 'RecoveryIndemnityCharged',
      data: {
        indemnityId: 'ri-1',
        itemId: 'item-1',
        amount: eur('40.00'),
        chargedOn: '2026-03-10',
        label: 'INV-1',
        legalBasis: 'Directive 2011/7/EU, art. 6',
      },
    };
    const entry = entryOf(indemnity);
    expect(lines(entry)).toEqual(['costs D 4000 EUR', 'cost_recharge C -4000 EUR']);
    expect(entry.postings.every((p) => p.itemId === 'item-1')).toBe(true);
    expect(entry).toMatchObject({
      sourceKey: 'ri-1',
      entryDate: '2026-03-10',
      label: 'Recovery indemnity: INV-1 (Directive 2011/7/EU, art. 6)',
    });
    const summary = caseAccountSummary([entry])['EUR'];
    expect(summary?.costsCharged.amountMinor).toBe(4000n);
    expect(summary?.outstanding.costs.amountMinor).toBe(4000n);
  });

  it.each([
    { type: 'NoteAdded', data: { noteId: 'n', text: 'hello', noteType: 'general' } },
    { type: 'PhaseChanged', data: { from: 'amicable', to: 'legal', reason: null } },
    { type: 'CaseClosed', data: { reason: null } },
    { type: 'PartyAttached', data: { partyId: 'p', role: 'guarantor', name: 'G', reference: null } },
  ] as const)('records nothing for $type', (event) => {
    expect(postingsFor(event as CaseEvent)).toBeNull();
  });
});

describe('isBalanced', () => {
  const line = (account: Posting['account'], amountMinor: bigint, currency = 'EUR'): Posting => ({
    account,
    amountMinor,
    currency,
    itemId: null,
  });

  it('holds when debits equal credits in each currency', () => {
    expect(
      isBalanced({
        postings: [
          line('bank', 100n),
          line('unallocated', -100n),
          line('bank', 5n, 'USD'),
          line('unallocated', -5n, 'USD'),
        ],
      }),
    ).toBe(true);
  });

  it('fails when one currency is off, even if the grand total is zero', () => {
    expect(isBalanced({ postings: [line('bank', 100n), line('unallocated', -100n, 'USD')] })).toBe(false);
    expect(isBalanced({ postings: [line('bank', 100n), line('unallocated', -99n)] })).toBe(false);
  });
});
