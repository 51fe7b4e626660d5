import { addDays, formatDate, parseDate } from '../calendar/calendar';
import { parseMoney } from '../money/money';
import type { CaseEvent, MoneyJson } from '../cases/case.events';

/** The principal of one invoice still owed, from each date on. */
export type BalanceChange = { date: string; outstandingMinor: bigint };

export type ItemTimeline = {
  itemId: string;
  number: string;
  dueDate: string;
  currency: string;
  /**
   * Ordered by date, one entry per date on which the balance changes. The first is dated the due
   * date and holds what is owed then (the invoice amount, less anything settled before it).
   */
  changes: BalanceChange[];
};

type Movement = { itemId: string; effective: string; byMinor: bigint; order: number };

/**
 * The principal outstanding on each invoice of the case over time, from its due date on.
 *
 * A movement dated D (payment allocated, allocation cancelled, amount written off, all on
 * principal with an item) changes the balance from D + 1: the engine counts interest "from the
 * day after the due date to the payment date inclusive", so the paid part bears interest through
 * D and the rest from D + 1. Movements before the due date are folded into the first entry.
 * A cancellation is dated by its cancelledOn (not backdated to the allocation): interest on the
 * amount it restores runs again from the day after the cancellation.
 *
 * Credit notes are items of their own, not linked to the invoice they credit (principal is settled
 * item by item and a credit note is not allocated to an invoice), so they do not appear here and
 * do not lower any invoice's interest-bearing balance.
 */
export const itemBalanceTimelines = (events: readonly CaseEvent[]): ItemTimeline[] => {
  const invoices: { itemId: string; number: string; dueDate: string; amount: MoneyJson }[] = [];
  const movements: Movement[] = [];
  const move = (itemId: string, date: string, byMinor: bigint): void => {
    movements.push({
      itemId,
      effective: formatDate(addDays(parseDate(date), 1)),
      byMinor,
      order: movements.length,
    });
  };
  for (const event of events) {
    switch (event.type) {
      case 'FinancialItemAdded':
        if (event.data.kind === 'invoice') invoices.push(event.data);
        break;
      case 'PaymentAllocated':
        if (event.data.component === 'principal' && event.data.itemId !== null) {
          move(event.data.itemId, event.data.allocatedOn, -minor(event.data.amount));
        }
        break;
      case 'AllocationCancelled':
        if (event.data.component === 'principal' && event.data.itemId !== null) {
          move(event.data.itemId, event.data.cancelledOn, minor(event.data.amount));
        }
        break;
      case 'AmountWrittenOff':
        if (event.data.component === 'principal' && event.data.itemId !== null) {
          move(event.data.itemId, event.data.writtenOffOn, -minor(event.data.amount));
        }
        break;
      default:
        break;
    }
  }
  // ISO dates order as strings; ties keep the order of the stream.
  movements.sort((a, b) =>
    a.effective < b.effective ? -1 : a.effective > b.effective ? 1 : a.order - b.order,
  );

  return invoices.map((invoice) => {
    let outstanding = minor(invoice.amount);
    const changes: BalanceChange[] = [{ date: invoice.dueDate, outstandingMinor: outstanding }];
    for (const movement of movements) {
      if (movement.itemId !== invoice.itemId) continue;
      outstanding += movement.byMinor;
      const date = movement.effective < invoice.dueDate ? invoice.dueDate : movement.effective;
      const last = changes[changes.length - 1];
      if (last !== undefined && last.date === date) last.outstandingMinor = outstanding;
      else changes.push({ date, outstandingMinor: outstanding });
    }
    return {
      itemId: invoice.itemId,
      number: invoice.number,
      dueDate: invoice.dueDate,
      currency: invoice.amount.currency,
      // An allocation and its cancellation on the same day leave nothing to show.
      changes: changes.filter(
        (change, index) => index === 0 || change.outstandingMinor !== changes[index - 1]?.outstandingMinor,
      ),
    };
  });
};

const minor = (amount: MoneyJson): bigint => parseMoney(amount.amount, amount.currency).amountMinor;
