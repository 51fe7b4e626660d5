import { describe, expect, it } from 'vitest';
import type { CaseEvent, MoneyJson } from '../cases/case.events';
import { itemBalanceTimelines } from './balance-timeline';

const eur = (amount: string): MoneyJson => ({ amount, currency: 'EUR' });

const invoice = (itemId: string, amount: string, dueDate = '2025-01-31'): CaseEvent => ({
  type: 'FinancialItemAdded',
  data: {
    itemId,
    kind: 'invoice',
    number: itemId.toUpperCase(),
    issueDate: '2025-01-01',
    dueDate,
    amount: eur(amount),
    structuredReference: null,
  },
});
const allocated = (allocationId: string, itemId: string, amount: string, allocatedOn: string): CaseEvent => ({
  type: 'PaymentAllocated',
  data: {
    allocationId,
    paymentId: 'pay-1',
    itemId,
    component: 'principal',
    amount: eur(amount),
    allocatedOn,
  },
});
const cancelled = (allocationId: string, itemId: string, amount: string, cancelledOn: string): CaseEvent => ({
  type: 'AllocationCancelled',
  data: {
    allocationId,
    paymentId: 'pay-1',
    itemId,
    component: 'principal',
    amount: eur(amount),
    cancelledOn,
    reason: 'bounced',
  },
});
const writtenOff = (itemId: string, amount: string, writtenOffOn: string): CaseEvent => ({
  type: 'AmountWrittenOff',
  data: {
    writeOffId: 'wo-1',
    itemId,
    component: 'principal',
    amount: eur(amount),
    writtenOffOn,
    reason: 'settled',
  },
});

describe('itemBalanceTimelines', () => {
  it('starts at the invoice amount on the due date; a partial payment lowers it the day after', () => {
    const [timeline] = itemBalanceTimelines([
      invoice('inv-1', '10000.00'),
      allocated('a1', 'inv-1', '4000.00', '2025-02-15'),
    ]);
    expect(timeline).toEqual({
      itemId: 'inv-1',
      number: 'INV-1',
      dueDate: '2025-01-31',
      currency: 'EUR',
      changes: [
        { date: '2025-01-31', outstandingMinor: 1_000_000n },
        { date: '2025-02-16', outstandingMinor: 600_000n },
      ],
    });
  });

  it('restores the cancelled amount from the day after the cancellation', () => {
    const [timeline] = itemBalanceTimelines([
      invoice('inv-1', '1000.00'),
      allocated('a1', 'inv-1', '1000.00', '2025-02-10'),
      cancelled('a1', 'inv-1', '1000.00', '2025-02-20'),
    ]);
    expect(timeline?.changes).toEqual([
      { date: '2025-01-31', outstandingMinor: 100_000n },
      { date: '2025-02-11', outstandingMinor: 0n },
      { date: '2025-02-21', outstandingMinor: 100_000n },
    ]);
  });

  it('stops at a write-off, and ignores other components and other items', () => {
    const events: CaseEvent[] = [
      invoice('inv-1', '1000.00'),
      invoice('inv-2', '50.00', '2025-03-31'),
      writtenOff('inv-1', '300.00', '2025-03-01'),
      {
        type: 'PaymentAllocated',
        data: {
          allocationId: 'a2',
          paymentId: 'pay-1',
          itemId: 'inv-1',
          component: 'interest',
          amount: eur('5.00'),
          allocatedOn: '2025-02-01',
        },
      },
    ];
    const [first, second] = itemBalanceTimelines(events);
    expect(first?.changes).toEqual([
      { date: '2025-01-31', outstandingMinor: 100_000n },
      { date: '2025-03-02', outstandingMinor: 70_000n },
    ]);
    expect(second?.changes).toEqual([{ date: '2025-03-31', outstandingMinor: 5_000n }]);
  });

  it('folds payments made before the due date into the balance at the due date, in date order', () => {
    const [timeline] = itemBalanceTimelines([
      invoice('inv-1', '1000.00'),
      allocated('a2', 'inv-1', '100.00', '2025-02-05'),
      allocated('a1', 'inv-1', '200.00', '2025-01-20'),
    ]);
    expect(timeline?.changes).toEqual([
      { date: '2025-01-31', outstandingMinor: 80_000n },
      { date: '2025-02-06', outstandingMinor: 70_000n },
    ]);
  });

  it('leaves out credit notes and an allocation cancelled the same day', () => {
    const timelines = itemBalanceTimelines([
      invoice('inv-1', '1000.00'),
      {
        type: 'FinancialItemAdded',
        data: {
          itemId: 'cn-1',
          kind: 'credit_note',
          number: 'CN-1',
          issueDate: '2025-01-05',
          dueDate: '2025-01-05',
          amount: eur('-100.00'),
          structuredReference: null,
        },
      },
      allocated('a1', 'inv-1', '1000.00', '2025-02-10'),
      cancelled('a1', 'inv-1', '1000.00', '2025-02-10'),
    ]);
    expect(timelines.map((t) => t.itemId)).toEqual(['inv-1']);
    expect(timelines[0]?.changes).toEqual([{ date: '2025-01-31', outstandingMinor: 100_000n }]);
  });
});
