import { formatMoney, type Money } from '@quittance/domain';
import type { BankEntry, BankStatement, StatementIssue } from './bank-statement.types';

/** The reference of an entry the bank gave none to; see `BankEntry.bankReference`. */
export const fallbackBankReference = (
  statementId: string,
  entry: Pick<BankEntry, 'bookingDate' | 'direction' | 'amount'>,
  index: number,
): string =>
  `auto:${statementId}:${entry.bookingDate}:${entry.direction === 'credit' ? 'C' : 'D'}${formatMoney(entry.amount)}:${index}`;

const amount = (amountMinor: bigint, currency: string): string => formatMoney({ amountMinor, currency });

/**
 * Opening + booked credits − booked debits must give the closing balance; a statement that does
 * not add up has lost or doubled an entry, and nothing of it may be imported. Null when it adds up
 * or when a balance is missing (the parsers report a missing balance themselves).
 */
export const checkStatementBalance = (
  statement: Pick<BankStatement, 'id' | 'openingBalance' | 'closingBalance' | 'entries'>,
  location: string,
): StatementIssue | null => {
  const { openingBalance: opening, closingBalance: closing } = statement;
  if (opening === null || closing === null) return null;
  const booked = statement.entries.filter((entry) => entry.status === 'booked');
  const total = (direction: BankEntry['direction']): bigint =>
    booked
      .filter((entry) => entry.direction === direction)
      .reduce((sum, entry) => sum + entry.amount.amountMinor, 0n);
  const credits = total('credit');
  const debits = total('debit');
  const expected = opening.amountMinor + credits - debits;
  if (expected === closing.amountMinor && opening.currency === closing.currency) return null;
  const currency = opening.currency;
  return {
    location,
    message:
      `statement ${statement.id}: opening ${formatMoney(opening)} + credits ${amount(credits, currency)} ` +
      `− debits ${amount(debits, currency)} = ${amount(expected, currency)}, ` +
      `but the closing balance is ${formatMoney(closing)}${closing.currency === currency ? '' : ` ${closing.currency}`}`,
  };
};

/** Sum of the amounts, all taken to be in `currency`. */
export const sumMinor = (items: readonly Money[]): bigint =>
  items.reduce((sum, item) => sum + item.amountMinor, 0n);
