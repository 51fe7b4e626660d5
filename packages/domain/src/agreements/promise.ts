// Promises to pay (PRODUCT D9, C17): whether a promise is kept, still open, or broken. Pure:
// `today` is an argument.
import { addDays, compareDates, parseDate, type PlainDate } from '../calendar/calendar';
import { DomainError } from '../shared/domain-error';

export type PromiseOutcome = 'open' | 'kept' | 'partly_kept' | 'broken';

const parseField = (field: string, text: string): PlainDate => {
  try {
    return parseDate(text);
  } catch (error) {
    if (error instanceof DomainError) {
      throw new DomainError('invalid_date', `${field}: ${error.message}`, { field, text });
    }
    throw error;
  }
};

/**
 * 'kept' as soon as paid >= amount, whatever the date; otherwise 'open' through
 * promisedFor + graceDays (that day included); after it 'partly_kept' when something was paid,
 * else 'broken'.
 */
export const promiseOutcome = (
  promise: { readonly amountMinor: bigint; readonly promisedFor: string; readonly graceDays: number },
  paidMinor: bigint,
  today: string,
): PromiseOutcome => {
  if (promise.amountMinor <= 0n) {
    throw new DomainError('invalid_amount', `amountMinor must be > 0, got ${promise.amountMinor}`, {
      field: 'amountMinor',
    });
  }
  if (paidMinor < 0n) {
    throw new DomainError('invalid_amount', `paidMinor must be >= 0, got ${paidMinor}`, {
      field: 'paidMinor',
    });
  }
  if (!Number.isSafeInteger(promise.graceDays) || promise.graceDays < 0) {
    throw new DomainError(
      'validation_failed',
      `graceDays must be a whole number of days >= 0, got ${promise.graceDays}`,
      {
        field: 'graceDays',
      },
    );
  }
  const deadline = addDays(parseField('promisedFor', promise.promisedFor), promise.graceDays);
  const day = parseField('today', today);
  if (paidMinor >= promise.amountMinor) return 'kept';
  if (compareDates(day, deadline) <= 0) return 'open';
  return paidMinor > 0n ? 'partly_kept' : 'broken';
};
